"""Word lists of the rule suggester, by language: speech verbs, Konjunktiv forms, titles, cues.

Kept apart from the rules so a linguist can extend a list without reading the matching code.
Every entry is lower case; the rules compare lower-cased tokens. Why each list exists is said
above it; docs/suggestions.md describes the rules that use them.
"""

from dataclasses import dataclass


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _tuple(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# German ---------------------------------------------------------------------------------------

# Finite forms of verbs that introduce speech or writing (present and preterite, 3rd person, as
# news reports them). Separable verbs are listed by their finite part; their particle is in
# DE_SPEECH_PARTICLES and checked later in the sentence ("kündigte ... an", "teilte ... mit").
DE_SPEECH_VERBS = _set(
    """
    sagte sagten sagt sagen erklärte erklärten erklärt betonte betonten betont warnte warnten
    warnt meinte meinten meint behauptete behaupteten behauptet berichtete berichteten berichtet
    versicherte versicherten versichert bestätigte bestätigten bestätigt unterstrich
    unterstrichen unterstreicht kritisierte kritisierten kritisiert lobte lobten lobt erläuterte
    erläuterten erläutert schrieb schrieben schreibt verkündete verkündeten verkündet
    argumentierte argumentierten argumentiert forderte forderten fordert mahnte mahnten mahnt
    nannte nannten nennt sprach sprachen spricht räumte räumten räumt fügte fügten fügt
    kündigte kündigten kündigt
    teilte teilten teilt wies wiesen weist gab gaben gibt stellte stellten stellt hob hoben hebt
    bekräftigte bekräftigten bekräftigt beklagte beklagten beklagt befand befanden befindet
    bezeichnete bezeichneten bezeichnet formulierte formulierten formuliert zitierte zitierten
    zitiert antwortete antworteten antwortet entgegnete entgegneten entgegnet verwies
    verwiesen verweist ergänzte ergänzten ergänzt bekannte bekannten bekennt gestand gestanden
    gesteht sicherte sicherten sichert drohte drohten droht verlangte verlangten verlangt
    kommentierte kommentierten kommentiert twitterte twitterten postete posteten
    verkündet versprach versprachen verspricht bestritt bestritten bestreitet dementierte
    dementierten dementiert vermutete vermuteten vermutet glaubt glaubte glaubten hieß heißt
    rief riefen ruft resümierte resümierten bilanzierte bilanzierten prognostizierte
    prognostizierten schätzte schätzten schätzt
    mitteilte mitteilten mitteilt ankündigte ankündigten ankündigt hinzufügte hinzufügten
    einräumte einräumten angab klarstellte feststellte hinwies bekanntgab zusicherte zusagte
    zusagten
    """
)
# Verbs that characterise rather than report ("als »letzte Chance« bezeichnet", "nannte den
# Entwurf »mutlos«", "sprach von einem »Haushalt der leeren Versprechen«"): a few quoted words
# after them are the speaker's judgement, an opinion.
DE_CHARACTERISING = _set(
    """
    bezeichnete bezeichneten bezeichnet nannte nannten nennt sprach sprachen spricht
    eingestuft einstufte stufte stuften kritisierte kritisierten kritisiert lobte lobten lobt
    """
)
# Phrases that mark a quotation or reported clause as the speaker's assessment.
DE_OPINION_PHRASES = (
    "ich gehe davon aus",
    "eine große sache",
    "von großer bedeutung",
    "ich glaube",
    "ich hoffe",
    "ich denke",
    "ich finde",
    "ich bin sicher",
    "meiner meinung",
    "aus meiner sicht",
    "meines erachtens",
    "wir hoffen",
    "wir glauben",
)
# Modal verbs of obligation: a reported demand ("eine Waffenruhe müsse am Anfang stehen")
# cannot be true or false, so it is an opinion.
DE_NORMATIVE = _set("müsse müssen müssten solle sollten sollte")
# Hedged predictions inside a quotation (»könnte das Ende der Welt sein«) are assessments.
DE_PREDICTIONS = _set("könnte könnten dürfte dürften würde würden wohl vermutlich")
# Particles of separable speech verbs; with one of the verbs above they confirm the reading
# ("gab ... an", "stellte ... klar", "wies ... hin"). Verbs such as "gab" or "stellte" count as
# speech verbs only with their particle.
DE_SPEECH_PARTICLES = _set("an mit ein hinzu klar fest hin zu bekannt aus vor")
DE_NEEDS_PARTICLE = _set(
    "gab gaben gibt stellte stellten stellt wies wiesen weist hob hoben hebt räumte räumten räumt "
    "fügte fügten fügt kündigte kündigten kündigt teilte teilten teilt sicherte sicherten sichert "
    "rief riefen ruft"
)
# Participles of speech verbs, for the perfect ("hatte ... gefordert", "hat ... erklärt").
DE_SPEECH_PARTICIPLES = _set(
    """
    gesagt erklärt betont gewarnt gemeint behauptet berichtet versichert bestätigt
    unterstrichen kritisiert gelobt erläutert geschrieben verkündet argumentiert gefordert
    gemahnt gesprochen angekündigt mitgeteilt eingeräumt hinzugefügt angegeben klargestellt
    festgestellt hingewiesen bekräftigt beklagt bezeichnet formuliert zitiert geantwortet
    entgegnet verwiesen ergänzt zugesagt zugesichert verlangt kommentiert versprochen bestritten
    dementiert
    """
)

# Konjunktiv I forms that are never indicative (irregular or of modal verbs), 3rd person.
DE_KONJUNKTIV_I = _set(
    """
    sei seien seist seiest seiet habe könne müsse dürfe solle wolle möge werde wisse gebe komme
    stehe liege gehe bleibe fehle brauche gelte lasse sehe halte trage führe plane arbeite
    handle handele bestehe gehöre verfüge erwarte verwende befinde zeige biete diene drohe
    sorge spiele folge laufe hoffe glaube denke kenne nenne sende wende finde bringe nehme
    treffe treibe schaffe schließe entscheide erreiche verliere gewinne beginne lehne unterstütze
    verstehe verlange prüfe lebe liefere ändere wachse falle steige sinke
    """
)
# The -e forms above are also 1st person indicative ("ich habe"); these subjects rule them out.
DE_FIRST_PERSON = _set("ich")
# Konjunktiv II forms: in reported speech they stand in for Konjunktiv I where that equals the
# indicative ("sie hätten", "sie würden"), but alone they are conditionals. They count only in a
# sentence with a speech verb or an attribution cue.
DE_KONJUNKTIV_II = _set(
    """
    hätte hätten wäre wären würde würden könnte könnten müsste müssten dürfte dürften sollte
    sollten wollte wollten käme kämen gäbe gäben stünde stünden läge lägen ginge gingen bliebe
    blieben verfügten
    """
)
# Lower-case words ending in -e that a generic Konjunktiv I guess must never take for a verb.
DE_NOT_VERBS = _set(
    """
    die eine keine seine ihre meine deine unsere eure jene diese welche solche manche einige
    andere beide alle viele wenige mehrere gerne gern heute ohne ende lange bitte leise alte
    große kleine neue gute erste letzte zweite dritte beste nächste eigene ganze halbe volle
    hohe tiefe weite breite enge starke schwache frühe späte reiche arme junge rote grüne
    schwarze weiße blaue gelbe deutsche russische ukrainische amerikanische europäische
    französische britische chinesische westliche östliche politische militärische
    wirtschaftliche soziale öffentliche private offene klare gleiche direkte einzige wichtige
    heiße kalte böse hiesige damalige jetzige heutige gestrige morgige bisherige weitere
    sogenannte genannte gemeinsame jährliche monatliche tägliche zusätzliche erhebliche
    mögliche nötige notwendige gewisse bestimmte gesamte lediglich gerade daher dabei dafür
    alleine eher ebenfalls gegenüber zunächst außerhalb innerhalb oberhalb unterhalb bitte
    danke
    """
)
# Words before a noun that make a following -e word an adjective ("die große", "eine neue").
DE_DETERMINERS = _set(
    """
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
    sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere diese dieser dieses
    diesen diesem jede jeder jedes jeden jedem alle allen aller viele vielen beiden beide am im
    zum zur vom beim ins ans aufs
    """
)

# Attribution cues. "laut X", "nach Angaben von X" come before the source; "X zufolge" after.
DE_LAUT = _set("laut")
DE_ZUFOLGE = _set("zufolge")
# Subject pronouns that point back to the last speaker.
DE_PRONOUNS = _set("er sie")
# Words that introduce a clause after a speech verb ("sagte, dass ..."); indicative there.
DE_COMPLEMENTISERS = _set("dass ob wie weil")

# Words that show a quotation is a name or title, not speech: »Truth Social« after "Plattform".
DE_TITLE_NOUNS = _set(
    """
    buch buches roman film films filme serie sendung show album lied song titel motto
    plattform zeitung zeitschrift magazin blatt sender kanal app programm projekt kampagne
    operation initiative gesetz verordnung bündnis koalition partei bewegung verein gruppe
    organisation firma unternehmen marke slogan schlagzeile überschrift stichwort begriff wort
    worte ausdruck formel aktion festival ausstellung stück theaterstück oper podcast portal
    netzwerk dokumentation reihe studie bericht papier
    """
)
# Scare quotes: a quoted term after these words is the author's distance, not speech.
DE_SCARE_CUES = _set(
    "sogenannt sogenannte sogenannten sogenannter sogenanntes sogenanntem angeblich angebliche "
    "angeblichen angeblicher angebliches vermeintlich vermeintliche vermeintlichen"
)

# Evaluative words: a quotation or reported clause containing one is a quoted opinion. Matched
# as word prefixes (so "großartig" covers "großartigen"); see docs/suggestions.md.
DE_EVALUATIVE_PREFIXES = _tuple(
    "großartig gewaltig gut besser beste schlecht schlimm schlimmer schlimmste positiv negativ "
    "fantastisch phantastisch hervorragend exzellent wunderbar schrecklich furchtbar katastroph "
    "enttäusch überrasch erfreulich bedauerlich inakzeptabel unerträglich skandal absurd lächerl "
    "richtig falsch fortschritt durchbruch erfolg misserfolg versagen desaster schande "
    "peinlich mutig feige klug dumm unverantwortlich verantwortungslos wichtig unwichtig "
    "lausig schmieren unwürdig großherzig enorm riesig sinnvoll unsinn vernünftig kompetent "
    "beeindruck bewunder begrüß hoffnung hoffe sorge befürcht angst gefährlich "
    "zuversicht "
    "unterschied wahnsinn schön hässlich toll super stark schwach traurig glücklich "
    "ungerecht gerecht fair unfair dringend besorgniserregend alarmierend"
)

# Titles and roles before a name: stripped when a speaker's fullest name is looked up
# ("Bundeskanzler Friedrich Merz" -> "Friedrich Merz"). Matched as word endings so compounds
# ("US-Präsident", "Regierungschefin", "Vier-Sterne-General") are covered.
DE_TITLE_ENDINGS = _tuple(
    """
    präsident präsidentin präsidenten kanzler kanzlerin kanzlers minister ministerin ministers
    chef chefin chefs sprecher sprecherin sprechers vorsitzende vorsitzender vorsitzenden
    general generals kollege kollegen kollegin abgeordnete abgeordneter abgeordneten politiker
    politikerin kandidat kandidatin kandidaten bürgermeister bürgermeisterin direktor
    direktorin leiter leiterin experte experten expertin professor professorin autor autorin
    trainer trainerin sekretär sekretärin senator senatorin gouverneur gouverneurin könig
    königin papst richter richterin anwalt anwältin botschafter botschafterin beauftragte
    beauftragter beauftragten vize admiral oberst kommandeur funktionär funktionärin
    regierungschef regierungschefin premier premierminister premierministerin
    ökonom ökonomin forscher forscherin wissenschaftler wissenschaftlerin analyst analystin
    sänger sängerin schauspieler schauspielerin regisseur regisseurin journalist journalistin
    aktivist aktivistin gründer gründerin manager managerin berater beraterin staatssekretär
    staatssekretärin fraktionschef fraktionschefin parteichef parteichefin landrat landrätin
    dr prof herr frau kämmerer kämmerin dezernent dezernentin intendant intendantin
    sender senders zeitung nachrichtenagentur agentur plattform magazin portal konzern
    unternehmen partei fraktion regierung ministerium behörde gericht verband institut
    """
)
# Capitalised words that are never part of a name (sentence starts, common nouns of reports).
DE_NOT_NAMES = _set(
    """
    der die das den dem des ein eine einen einem einer eines er sie es wir ihr ich man am im
    auf aus bei mit nach seit von vor zu zum zur in an als auch aber und oder doch noch nun
    so dies diese dieser dieses deren dessen wie wo was wer wenn weil dass ob laut zudem
    jedoch trotzdem dennoch denn damit dabei dazu danach davor darüber insgesamt letztlich
    zuletzt zunächst später früher heute gestern morgen montag dienstag mittwoch donnerstag
    freitag samstag sonnabend sonntag januar februar märz april mai juni juli august september
    oktober november dezember tatsache regierung ministerium polizei sprecher sprecherin
    """
)

# English ----------------------------------------------------------------------------------------

EN_SPEECH_VERBS = _set(
    """
    said says say told tells added explained stressed warned claimed stated announced insisted
    argued wrote noted replied asked declared confirmed denied admitted acknowledged suggested
    predicted promised urged tweeted posted reported commented called described
    """
)
EN_ACCORDING = ("according to",)
EN_CHARACTERISING = _set("called calls call described describes labelled labeled branded")
EN_OPINION_PHRASES = ("i think", "i believe", "i hope", "in my view", "in my opinion", "we hope")
EN_NORMATIVE = _set("must should")
EN_PREDICTIONS = _set("could might would probably")
EN_PRONOUNS = _set("he she they")
EN_COMPLEMENTISERS = _set("that")
EN_TITLE_NOUNS = _set(
    "book novel film movie series show album song title slogan platform newspaper magazine "
    "channel app programme program project campaign operation initiative act bill term word "
    "phrase podcast"
)
EN_SCARE_CUES = _set("so-called alleged supposed")
EN_EVALUATIVE_PREFIXES = _tuple(
    "great good better best bad worse worst terrible horrible wonderful fantastic excellent "
    "amazing awful disappoint surpris outrage unacceptable absurd ridiculous shame disgrace "
    "brave stupid smart wise irresponsible important huge tremendous disaster success failure "
    "progress breakthrough dangerous beautiful ugly sad happy unfair fair wrong right"
)
EN_TITLE_ENDINGS = _tuple(
    "president chancellor minister secretary spokesman spokeswoman spokesperson chief "
    "director senator governor mayor general admiral professor dr mr mrs ms sir lord king queen "
    "ceo chairman chairwoman leader representative rep sen gov judge ambassador"
)
EN_NOT_NAMES = _set(
    """
    the a an he she it we they i you on in at by for from of to with as and or but so this
    that these those there here when where what who which if because according on monday
    tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    """
)

# Framing words (editorial_framing): the article's own choice of word that colours a fact.
# Deliberately short: each one is a framing device in almost every use.
DE_FRAMING_WORDS = _set(
    "faktisch demonstrativ ausgerechnet angeblich angebliche angeblichen vermeintlich "
    "vermeintliche vermeintlichen selbsternannte selbsternannten"
)
EN_FRAMING_WORDS = _set("self-proclaimed supposedly purported")


# The lists of one language, as the rules take them ------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech_verbs: frozenset[str]
    needs_particle: frozenset[str]
    particles: frozenset[str]
    participles: frozenset[str]
    pronouns: frozenset[str]
    complementisers: frozenset[str]
    title_nouns: frozenset[str]
    scare_cues: frozenset[str]
    evaluative_prefixes: tuple[str, ...]
    title_endings: tuple[str, ...]
    not_names: frozenset[str]
    framing_words: frozenset[str]
    name_particles: frozenset[str]
    # lower-case words a title or name may contain (»Welt am Sonntag«)
    function_words: frozenset[str]
    characterising: frozenset[str]
    opinion_phrases: tuple[str, ...]
    normative: frozenset[str]
    predictions: frozenset[str]
    # adverbs that may stand between a speaker and the speech verb ("wo Albers erneut versprach")
    adverbs: frozenset[str]


GERMAN = Lexicon(
    speech_verbs=DE_SPEECH_VERBS,
    needs_particle=DE_NEEDS_PARTICLE,
    particles=DE_SPEECH_PARTICLES,
    participles=DE_SPEECH_PARTICIPLES,
    pronouns=DE_PRONOUNS,
    complementisers=DE_COMPLEMENTISERS,
    title_nouns=DE_TITLE_NOUNS,
    scare_cues=DE_SCARE_CUES,
    evaluative_prefixes=DE_EVALUATIVE_PREFIXES,
    title_endings=DE_TITLE_ENDINGS,
    not_names=DE_NOT_NAMES,
    framing_words=DE_FRAMING_WORDS,
    name_particles=_set("von van de da di zu bin al el"),
    function_words=_set("am im der die das den dem des von und für zu zum zur in an auf"),
    characterising=DE_CHARACTERISING,
    opinion_phrases=DE_OPINION_PHRASES,
    normative=DE_NORMATIVE,
    predictions=DE_PREDICTIONS,
    adverbs=_set(
        "erneut zudem auch noch bereits jedoch dann später nun weiter ebenfalls außerdem "
        "zuletzt schon gestern heute ausdrücklich"
    ),
)
ENGLISH = Lexicon(
    speech_verbs=EN_SPEECH_VERBS,
    needs_particle=frozenset(),
    particles=frozenset(),
    participles=frozenset(),
    pronouns=EN_PRONOUNS,
    complementisers=EN_COMPLEMENTISERS,
    title_nouns=EN_TITLE_NOUNS,
    scare_cues=EN_SCARE_CUES,
    evaluative_prefixes=EN_EVALUATIVE_PREFIXES,
    title_endings=EN_TITLE_ENDINGS,
    not_names=EN_NOT_NAMES,
    framing_words=EN_FRAMING_WORDS,
    name_particles=_set("van de da di von bin al el"),
    function_words=_set("of the and in on for a an to at"),
    characterising=EN_CHARACTERISING,
    opinion_phrases=EN_OPINION_PHRASES,
    normative=EN_NORMATIVE,
    predictions=EN_PREDICTIONS,
    adverbs=_set("also again later then repeatedly"),
)
