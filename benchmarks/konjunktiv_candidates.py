"""Comparison of ways to recognise Konjunktiv I, the mark of German reported speech.

Each case is a sentence of news phrasing with one word in question: a 3rd person Konjunktiv I
form ("Die Regierung plane keine Steuererhöhung") or a look-alike that is not one (1st person
"ich plane", adjectives "die große", adverbs "gerne", preterites "sagte"). Candidates:

- hand rules: the listed forms, and a guess from the ending and the word before (no package);
- ours: annotations.suggesters.reported_speech.konjunktiv (listed forms, then simplemma);
- simplemma (MIT, dictionaries inside the wheel): a word in -e whose lemma is a verb in -en
  with the same stem, not after "ich" (simplemma gives lemmas, not mood, so the mood is ours);
- HanTa (LGPL-3.0, model inside the wheel): a finite verb tag (V?FIN) with the same ending rule;
- pattern3 (BSD, lexicon inside the sdist): pattern.de's tenses() containing a subjunctive.

None is a dependency of the project; run this in a separate venv:

    python3 -m venv ../kicmp
    ../kicmp/bin/pip install simplemma hanta pattern3
    ../kicmp/bin/python benchmarks/konjunktiv_candidates.py

A candidate that is not installed (or does not import) is reported as such. The output is the
markdown table in docs/suggestions.md.
"""

import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotations.suggesters.reported_speech import Mood, konjunktiv
from annotations.suggesters.tokens import Token, tokenize

# (sentence, the word in question, whether it is a 3rd person Konjunktiv I)
CASES: list[tuple[str, str, bool]] = [
    ("Er sei bereit, über alles zu reden.", "sei", True),
    ("Die Regierung plane keine Steuererhöhung.", "plane", True),
    ("Es fehle an Geld für die Sanierung.", "fehle", True),
    ("Man wisse noch nichts über die Ursache.", "wisse", True),
    ("Der Minister komme am Montag nach Berlin.", "komme", True),
    ("Sie arbeite an einem neuen Entwurf.", "arbeite", True),
    ("Das gelte für alle Beschäftigten.", "gelte", True),
    ("Er nehme das Urteil an.", "nehme", True),
    ("Sie trage keine Schuld an dem Unfall.", "trage", True),
    ("Die Partei lehne den Vorschlag ab.", "lehne", True),
    ("Er habe nichts davon gewusst.", "habe", True),
    ("Der Konzern stehe vor dem Aus.", "stehe", True),
    ("Sie könne dazu nichts sagen.", "könne", True),
    ("Er müsse zurücktreten.", "müsse", True),
    ("Die Lage bleibe angespannt.", "bleibe", True),
    ("Es gebe keine Alternative.", "gebe", True),
    ("Der Streik treffe vor allem Pendler.", "treffe", True),
    ("Das Unternehmen prüfe rechtliche Schritte.", "prüfe", True),
    ("Er sehe keinen Grund für einen Rücktritt.", "sehe", True),
    ("Die Stadt verfüge über ausreichende Reserven.", "verfüge", True),
    ("Der Plan sorge für Unruhe in der Partei.", "sorge", True),
    ("Sie erwarte eine schnelle Einigung.", "erwarte", True),
    ("Er halte das für falsch.", "halte", True),
    ("Die Polizei suche weiter nach Zeugen.", "suche", True),
    ("Der Verband fordere Nachbesserungen am Gesetz.", "fordere", True),
    ("Die Bahn rechne mit Verspätungen.", "rechne", True),
    ("Er wolle im Herbst kandidieren.", "wolle", True),
    ("Das Projekt koste zwölf Millionen Euro.", "koste", True),
    ("Der Kanzler unterstütze den Plan ausdrücklich.", "unterstütze", True),
    ("Die Firma beschäftige 300 Menschen.", "beschäftige", True),
    ("Es liege kein Antrag vor.", "liege", True),
    ("Er kenne den Mann nicht.", "kenne", True),
    ("Die Kommission untersuche den Fall.", "untersuche", True),
    ("Der Bürgermeister begrüße die Entscheidung.", "begrüße", True),
    ("Seine Regierung kämpfe gegen die Fehler der Vergangenheit.", "kämpfe", True),
    ("Der Weg bestehe darin, direkt zu verhandeln.", "bestehe", True),
    ("Die Gewerkschaft drohe mit weiteren Streiks.", "drohe", True),
    ("Der Verein zähle inzwischen 500 Mitglieder.", "zähle", True),
    ("Ich komme morgen wieder.", "komme", False),
    ("Ich habe das Protokoll gelesen.", "habe", False),
    ("Ich plane eine Reise nach Rom.", "plane", False),
    ("Ich sehe das anders.", "sehe", False),
    ("Ich bleibe dabei.", "bleibe", False),
    ("Ich gehe davon aus, dass es klappt.", "gehe", False),
    ("Ich hoffe auf eine Einigung.", "hoffe", False),
    ("Die große Mehrheit stimmte zu.", "große", False),
    ("Eine neue Regierung ist nicht in Sicht.", "neue", False),
    ("Die letzte Sitzung fiel aus.", "letzte", False),
    ("Er kam gerne nach Berlin.", "gerne", False),
    ("Heute Abend tagt der Rat ohne Pause.", "ohne", False),
    ("Er sagte nichts zu den Vorwürfen.", "sagte", False),
    ("Sie wollte im Herbst kommen.", "wollte", False),
    ("Er erklärte den Plan in einer Rede.", "erklärte", False),
    ("Die ehemalige Ministerin schwieg.", "ehemalige", False),
    ("Sie zeigte Fotos vom Einsatz.", "zeigte", False),
    ("Das ist eine lange Debatte.", "lange", False),
    ("Sie kaufte keine Aktien.", "keine", False),
    ("Weitere Schritte sollen folgen.", "sollen", False),
    ("Er nannte mehrere Zahlen.", "mehrere", False),
    ("Die private Vorsorge wird teurer.", "private", False),
    ("Der Streik dauerte die ganze Nacht.", "ganze", False),
    ("Die frühe Abstimmung überraschte alle.", "frühe", False),
    ("Die Debatte dauerte lange.", "lange", False),
    ("Die Gemeinde erreichte ihr bestes Ergebnis.", "erreichte", False),
    ("Die Polizei korrigierte die Zahl.", "korrigierte", False),
    ("Er arbeitete bis spät in die Nacht.", "arbeitete", False),
    ("Die oppositionelle Partei gewann.", "oppositionelle", False),
    ("Das war die größte Demonstration seit 1989.", "größte", False),
    ("Sie kamen beide zu spät.", "beide", False),
    ("Die Sitzung war insbesondere für die Opposition wichtig.", "insbesondere", False),
    ("Er sagte bitte nicht.", "bitte", False),
    ("Die Antwort kam gerade rechtzeitig.", "gerade", False),
    ("Der Verein melde sich später.", "melde", True),
    ("Sie leiste gute Arbeit.", "leiste", True),
    ("Zudem teste die Firma neue Geräte.", "teste", True),
    ("Die Behörde warte noch auf Unterlagen.", "warte", True),
    ("Er rate allen zur Vorsicht.", "rate", True),
    ("Er weise die Vorwürfe zurück.", "weise", True),
    ("Er handelte auf eigene Faust.", "eigene", False),
    ("Sie spielte die ganze Saison.", "spielte", False),
]


def _target(tokens: Sequence[Token], word: str) -> int:
    return next(i for i, t in enumerate(tokens) if t.lower == word.lower())


def ours(sentence: str, word: str) -> bool:
    tokens = tokenize(sentence)
    i = _target(tokens, word)
    return any(
        index == i and mood is not Mood.KONJUNKTIV_II
        for index, mood in konjunktiv(tokens, german=True)
    )


def hand_rules(sentence: str, word: str) -> bool:
    """The first version, without a lemmatiser: the listed forms, or a lower-case word in -e
    (not -te) right after a subject-like word, not after an article."""
    from annotations.suggesters.words import (
        DE_DETERMINERS,
        DE_FIRST_PERSON,
        DE_KONJUNKTIV_I,
        DE_NOT_VERBS,
    )

    tokens = tokenize(sentence)
    i = _target(tokens, word)
    lower = tokens[i].lower
    if _after_ich(sentence, word) or tokens[i].capitalised:
        return False
    if lower in DE_KONJUNKTIV_I:
        return True
    if len(lower) < 4 or not lower.endswith("e") or lower.endswith("te") or lower in DE_NOT_VERBS:
        return False
    before = tokens[i - 1] if i else None
    if before is None or before.lower in DE_DETERMINERS or before.lower in DE_FIRST_PERSON:
        return False
    return before.capitalised or before.lower in ("er", "sie", "es", "man")


def _ending_rule(word: str, lemma: str) -> bool:
    """A 3rd person singular Konjunktiv I is the infinitive's stem plus -e."""
    word, lemma = word.lower(), lemma.lower()
    if lemma in ("sein",):
        return word == "sei"
    for infinitive_ending in ("en", "n"):
        if lemma.endswith(infinitive_ending) and word == lemma[: -len(infinitive_ending)] + "e":
            return lemma != word  # an adjective's lemma is itself
    return False


def _after_ich(sentence: str, word: str) -> bool:
    tokens = tokenize(sentence)
    i = _target(tokens, word)
    return any(tokens[j].lower == "ich" for j in (i - 1, i + 1) if 0 <= j < len(tokens))


def simplemma_candidate() -> Callable[[str, str], bool] | None:
    if importlib.util.find_spec("simplemma") is None:
        return None
    import simplemma

    def decide(sentence: str, word: str) -> bool:
        lemma = simplemma.lemmatize(word, lang="de")
        return _ending_rule(word, lemma) and not _after_ich(sentence, word)

    return decide


def hanta_candidate() -> Callable[[str, str], bool] | None:
    if importlib.util.find_spec("HanTa") is None:
        return None
    from HanTa import HanoverTagger as ht

    tagger = ht.HanoverTagger("morphmodel_ger.pgz")

    def decide(sentence: str, word: str) -> bool:
        words = [t.text for t in tokenize(sentence)]
        for form, lemma, tag in tagger.tag_sent(words, taglevel=1):
            if form.lower() == word.lower():
                finite = "FIN" in tag  # "VV(FIN)", "VA(FIN)"
                return finite and _ending_rule(word, lemma) and not _after_ich(sentence, word)
        return False

    return decide


def pattern_candidate() -> Callable[[str, str], bool] | None:
    if importlib.util.find_spec("pattern3") is None and importlib.util.find_spec("pattern") is None:
        return None
    try:
        from pattern3.text.de import SUBJUNCTIVE, tenses
    except Exception as error:  # an unmaintained package that may not import on Python 3.12+
        NOTES["pattern3 tenses()"] = f"does not import ({type(error).__name__})"
        return None

    def decide(sentence: str, word: str) -> bool:
        return any(SUBJUNCTIVE in t for t in tenses(word)) and not _after_ich(sentence, word)

    return decide


NOTES: dict[str, str] = {}


def main() -> int:
    candidates: dict[str, Callable[[str, str], bool] | None] = {
        "hand rules (listed forms + guess)": hand_rules,
        "ours (listed forms + simplemma lemma)": ours,
        "simplemma lemma + ending rule": simplemma_candidate(),
        "HanTa tag + ending rule": hanta_candidate(),
        "pattern3 tenses()": pattern_candidate(),
    }
    print("| candidate | precision | recall | F1 | cases/s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, decide in candidates.items():
        if decide is None:
            print(f"| {name} | {NOTES.get(name, 'not installed')} | | | |")
            continue
        decide("Der Verein zähle inzwischen 500 Mitglieder.", "zähle")  # load data before timing
        started = time.perf_counter()
        verdicts = [(decide(sentence, word), truth) for sentence, word, truth in CASES]
        elapsed = time.perf_counter() - started
        tp = sum(1 for got, truth in verdicts if got and truth)
        fp = sum(1 for got, truth in verdicts if got and not truth)
        fn = sum(1 for got, truth in verdicts if not got and truth)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        rate = len(CASES) / elapsed if elapsed else float("inf")
        print(f"| {name} | {precision:.2f} | {recall:.2f} | {f1:.2f} | {rate:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
