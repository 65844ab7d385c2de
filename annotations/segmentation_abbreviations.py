"""Word lists for annotations.segmentation: abbreviations, months and function words per language.

Everything here is data, no logic. Entries are written as they appear in text without the final
period and without inner spaces ("z.B" stands for "z.B." and "z. B."). A list entry matches its
own spelling and, for a capitalised token, the token's lower-case-initial form ("Vgl" -> "vgl").
"""


def _words(*lines: str) -> frozenset[str]:
    """The space-separated words of lines, as a set (keeps the long lists readable)."""
    return frozenset(" ".join(lines).split())


# Abbreviations that do not end a sentence: titles, references, adverbial abbreviations and
# units that need a following word or number. A period after them is never a boundary.
DE_NON_FINAL = _words(
    # Titles, name parts and forms of address.
    "Dr Prof Hr Hrn Fr Frl Dipl Ing Dipl.-Ing med jur phil rer nat oec dent vet habil h.c Mag",
    "Pfr Sr St Hl geb verh verw gest Gebr Bgm Abg Präs Vors stv stellv Lt Hptm Maj Kpt Adm",
    # References and citations.
    "Hg s Anm lit Bsp bspw vgl ebd a.a.O Aufl Ausg Tel Str Pl Bhf Hbf Kr Lkr Bez Gde Fa Ges Inh",
    "Verf Kfm",
    # Adverbial and connective abbreviations (z. B., d. h., u. a., ...).
    "z.B z.T z.Z z.Zt d.h u.a u.U v.a i.d.R i.A i.V i.W i.S s.o s.u m.E m.W o.g u.g z.Hd bzw",
    "ca evtl ggf ggfs inkl exkl zzgl abzgl sog allg bes eigtl einschl entspr gem insb insbes",
    "jew lt mind max mtl jährl tägl wöchentl näml rd u od o v vs zw zus vllt vlt tlw teilw",
    "urspr vorm nachm ehem ev kath evang röm dt engl franz frz ital span lat griech amerik",
    "österr schweiz europ int intern",
)

# Endings of abbreviated compounds, also non-final: "Hauptstr. 5", "Bahnhofstr. 12".
DE_NON_FINAL_SUFFIXES = ("str",)

# Abbreviations that stand before a number ("Nr. 5", "S. 225", "Art. 3"): not a boundary when
# a number follows; otherwise they are read as ordinary words ("eine neue Art. Sie ...").
DE_BEFORE_NUMBER = _words("Nr No Art Abs S Bd Bde Kap Ziff Tab Abb Fn Az Jg Sp")

# Abbreviations that often close a sentence ("... Saft, Bier usw."): a period after them is a
# boundary only if a capitalised function word follows, since a capitalised noun may continue.
DE_MAYBE_FINAL = _words(
    "usw usf etc u.ä u.Ä o.ä o.Ä u.a.m u.v.m ff f Jh Jhd Jhdt Chr v.Chr n.Chr Hrsg e.V a.D i.R",
    "jun sen d.J d.Ä Inc Ltd",
    # Units, amounts and firms, mostly followed by a noun ("5 Mio. Euro", "Müller & Co. KG").
    "Mio Mrd Tsd Std Min Sek Co",
    # Months, mostly followed by a year ("3. Okt. 2025"); "Jan" is left out, it is a name.
    "Feb Febr Apr Jun Jul Aug Sep Sept Okt Nov Dez",
)

EN_NON_FINAL = _words(
    "Mr Mrs Ms Dr Prof St Mt Ft Gen Gov Sen Rep Rev Sgt Capt Col Lt Maj Cmdr Adm Hon Pres vs v",
    "e.g i.e cf al approx ca Dept Univ Assn Ave Blvd Rd Ph.D est dept govt",
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri",
)

EN_BEFORE_NUMBER = _words("No Nos Vol vol pp p ch fig Fig Art Sec sec")

EN_MAYBE_FINAL = _words(
    "etc Inc Ltd Co Corp Bros Jr Sr U.S U.K U.N U.S.A E.U a.m p.m M.D B.A M.A D.C"
)

# Months: "am 15. August" is a date, not a sentence ending in 15.
DE_MONTHS = _words(
    "Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November",
    "Dezember Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
)

# Words before an ordinal number ("der 3. Platz", "am 5. Tag", "seinen 80. Geburtstag",
# "vom 1. bis 3. Mai").
DE_ORDINAL_CONTEXT = _words(
    "am im vom zum zur beim ins ans bis der die das den dem des ein eine einen einem einer eines",
    "dieser diese dieses diesem diesen jeder jede jedes jedem jeden sein seine seinem seinen",
    "seiner seines ihr ihre ihrem ihren ihrer ihres unser unsere unserem unseren unserer mein",
    "meine meinem meinen meiner dein deine deinem deinen deiner euer eure eurem euren",
)

# Closed-class words that start sentences. Capitalised, they are a strong sign of a sentence
# start: German capitalises nouns, but not articles, pronouns, conjunctions or adverbs mid-way.
DE_SENTENCE_STARTERS = _words(
    "der die das den dem des ein eine einen einem einer eines er sie es ich du wir ihr man",
    "dies diese dieser dieses diesen diesem jene jener jenes und aber doch denn oder sondern",
    "auch dann danach daher deshalb deswegen darum dabei damit dazu dadurch dort da hier heute",
    "gestern morgen jetzt nun noch schon so zudem außerdem allerdings trotzdem dennoch jedoch",
    "zwar immerhin vielleicht wie was wer wo wann warum wieso weshalb welche welcher welches",
    "ob wenn als weil obwohl nachdem bevor während seit seitdem im in am an auf aus bei beim",
    "mit nach von vom vor zu zum zur für gegen ohne um über unter durch bis ab laut trotz",
    "wegen mein meine sein seine ihre unser unsere kein keine keiner alle viele einige mehr",
    "bereits erst nur nicht dass später zuvor anschließend inzwischen mittlerweile",
)

EN_SENTENCE_STARTERS = _words(
    "the a an this that these those he she it i we you they there here his her its our their",
    "my your and but or so yet then however also in on at for from with by after before when",
    "while if as since although though because what who why how where which one no not some",
    "many most all every each today yesterday now later meanwhile",
)
