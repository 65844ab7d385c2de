"""Reported speech: speech verbs, Konjunktiv forms and attribution cues of one sentence.

German marks reported speech by mood: "Trump habe zugesagt", "es sei gut" (Konjunktiv I). The
rules recognise Konjunktiv I by a list of forms that are never indicative in the 3rd person
(sei, habe, könne, werde, ...), ruled out after "ich" ("ich habe" is indicative), and for any
other verb by its lemma (simplemma; docs/suggestions.md says which candidates were measured).
Konjunktiv II (hätten, würden, könnte) stands in for Konjunktiv I only next to a speech verb
or an attribution cue, since alone it is a conditional ("sie würden gern kommen").
Attribution cues: "laut X", "X zufolge", "nach Angaben von X", "wie X mitteilte", and a
closing ", so X".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import simplemma

from annotations.suggesters.speakers import NameIndex, name_after, name_before, speaker_near
from annotations.suggesters.tokens import Token
from annotations.suggesters.words import (
    DE_DETERMINERS,
    DE_FIRST_PERSON,
    DE_KONJUNKTIV_I,
    DE_KONJUNKTIV_II,
    DE_NOT_VERBS,
    Lexicon,
)

_AUXILIARIES = frozenset(("hat", "hatte", "hatten", "haben", "habe", "hätte", "has", "had", "have"))


class Mood(Enum):
    KONJUNKTIV_I = "Konjunktiv I"
    KONJUNKTIV_II = "Konjunktiv II"
    GUESSED = "Konjunktiv I (guessed)"


@dataclass(frozen=True, slots=True)
class Verb:
    index: int  # token index of the finite verb or participle
    speaker_at: int  # token index next to which the speaker stands (the auxiliary for a participle)
    words: str


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # "laut", "zufolge", "nach Angaben", "wie ... mitteilte", "so", "according to"
    start: int  # code point range of the cue phrase in the sentence
    end: int
    speaker: str
    words: str


def speech_verbs(text: str, tokens: Sequence[Token], lexicon: Lexicon) -> list[Verb]:
    """Speech verbs of the sentence; separable ones only with their particle after them."""
    found: list[Verb] = []
    for i, token in enumerate(tokens):
        lower = token.lower
        if token.capitalised and i:  # a capitalised word inside a sentence is a noun ("Sagen")
            continue
        aux = None
        if lower in lexicon.participles:
            aux = next((j for j in range(i - 1, -1, -1) if tokens[j].lower in _AUXILIARIES), None)
        if aux is not None:
            found.append(Verb(i, aux, f"{tokens[aux].text} … {token.text}"))
        elif lower in lexicon.speech_verbs:
            words = token.text
            if lower in lexicon.needs_particle:
                later = tokens[i + 1 :]
                particle = next(
                    (t for t in later if t.lower in lexicon.particles and not t.capitalised), None
                )
                if particle is None:
                    continue
                words = f"{token.text} … {particle.text}"
            found.append(Verb(i, i, words))
    return found


def konjunktiv(tokens: Sequence[Token], *, german: bool) -> list[tuple[int, Mood]]:
    """Token indices of Konjunktiv forms, with their mood (German only).

    Listed forms (DE_KONJUNKTIV_I: sei, habe, könne, werde, ...) count unless "ich" stands
    next to them. Any other lower-case word in -e is a Konjunktiv I when its lemma is a verb
    whose stem plus -e it is ("kämpfe" from "kämpfen", "koste" from "kosten"): the 3rd person
    singular Konjunktiv I of every verb but "sein" is built so, and no indicative 3rd person is.
    The lemma comes from simplemma (docs/suggestions.md, "Konjunktiv I: candidates"); words
    after an article are adjectives ("die große"), "ich" makes the form indicative.
    """
    if not german:
        return []
    found = []
    for i, token in enumerate(tokens):
        lower = token.lower
        if token.capitalised:  # a noun ("Gewinne"), or rarely a sentence-initial verb
            continue
        neighbours = {tokens[j].lower for j in (i - 1, i + 1) if 0 <= j < len(tokens)}
        if lower in DE_KONJUNKTIV_I:
            if not neighbours & DE_FIRST_PERSON:
                found.append((i, Mood.KONJUNKTIV_I))
        elif lower in DE_KONJUNKTIV_II:
            found.append((i, Mood.KONJUNKTIV_II))
        elif _lemma_konjunktiv(tokens, i) and not neighbours & DE_FIRST_PERSON:
            found.append((i, Mood.GUESSED))
    return found


def _lemma_konjunktiv(tokens: Sequence[Token], i: int) -> bool:
    lower = tokens[i].lower
    if len(lower) < 4 or not lower.endswith("e") or lower in DE_NOT_VERBS:
        return False
    if not lower.isalpha() or (i and tokens[i - 1].lower in DE_DETERMINERS):
        return False
    return is_konjunktiv_i_form(lower)


@lru_cache(maxsize=65536)
def is_konjunktiv_i_form(word: str) -> bool:
    """Whether ``word`` is the stem of its verb lemma plus -e ("plane" from "planen")."""
    lemma = simplemma.lemmatize(word, lang="de").lower()
    if lemma == word:
        return False  # adjectives and adverbs are their own lemma ("gerade", "große" -> "groß")
    for ending in ("en", "n"):
        if lemma.endswith(ending) and lemma[: -len(ending)] + "e" == word:
            return True
    return False


def attribution_cues(
    text: str, tokens: Sequence[Token], lexicon: Lexicon, names: NameIndex, *, german: bool
) -> list[Cue]:
    """ "laut X", "X zufolge", "nach Angaben von X", "wie X mitteilte", ", so X" (German);
    "according to X" (English)."""
    cues: list[Cue] = []
    count = len(tokens)
    for i, token in enumerate(tokens):
        lower = token.lower
        if german and lower == "laut" and i + 1 < count:
            speaker = name_after(text, tokens, i + 1, lexicon, names)
            if speaker:
                cues.append(_cue("laut", text, tokens, i, _phrase_end(tokens, i + 1), speaker))
        elif german and lower == "zufolge" and i:
            speaker = name_before(text, tokens, i - 1, lexicon, names)
            if speaker:
                cues.append(_cue("zufolge", text, tokens, max(0, i - 2), i, speaker))
        elif german and lower == "angaben" and i + 1 < count and _after_nach(tokens, i):
            speaker = name_after(text, tokens, i + 1, lexicon, names)
            if speaker:
                first = i - 1 if tokens[i - 1].lower == "nach" else i - 2
                cues.append(
                    _cue("nach Angaben", text, tokens, first, _phrase_end(tokens, i + 1), speaker)
                )
        elif german and lower == "wie" and i + 2 < count:
            for j in range(i + 2, min(count, i + 8)):
                if tokens[j].lower in lexicon.speech_verbs and not tokens[j].capitalised:
                    speaker = speaker_near(text, tokens, j, lexicon, names)
                    if speaker and "," not in text[tokens[i].end : tokens[j].start]:
                        cues.append(_cue("wie … mitteilte", text, tokens, i, j, speaker))
                    break
        elif german and lower == "so" and i and i + 1 < count:
            before = text[tokens[i - 1].end : token.start]
            if "," in before or any(c in before for c in '«“”"‘’'):
                speaker = name_after(text, tokens, i + 1, lexicon, names)
                rest = text[tokens[i + 1].end :]
                if speaker and tokens[i + 1].capitalised and rest[:1] in ("", ".", ",", " ", "!"):
                    cues.append(_cue("so", text, tokens, i, _phrase_end(tokens, i + 1), speaker))
        elif not german and lower == "according" and i + 2 < count and tokens[i + 1].lower == "to":
            speaker = name_after(text, tokens, i + 2, lexicon, names)
            if speaker:
                cues.append(
                    _cue("according to", text, tokens, i, _phrase_end(tokens, i + 2), speaker)
                )
    return cues


def _after_nach(tokens: Sequence[Token], i: int) -> bool:
    """ "nach Angaben" or "nach den Angaben"."""
    if i and tokens[i - 1].lower == "nach":
        return True
    return i > 1 and tokens[i - 1].lower == "den" and tokens[i - 2].lower == "nach"


def backward_attribution(
    text: str, tokens: Sequence[Token], lexicon: Lexicon, names: NameIndex
) -> tuple[str, str] | None:
    """ "Dies sagte Premierminister Petr Nečas vor der Presse.": (speaker, words) for the
    sentence before, or None."""
    if len(tokens) < 3 or tokens[0].lower not in ("dies", "das", "this"):
        return None
    verb = tokens[1]
    if verb.lower not in lexicon.speech_verbs or verb.lower in lexicon.needs_particle:
        return None
    speaker = speaker_near(text, tokens, 1, lexicon, names)
    return (speaker, f"{tokens[0].text} {verb.text}") if speaker else None


def _phrase_end(tokens: Sequence[Token], i: int) -> int:
    """Index of the last token of the name phrase starting at ``i`` (articles, adjectives)."""
    j = i
    while j + 1 < len(tokens) and j - i < 5 and not tokens[j].capitalised:
        j += 1
    while j + 1 < len(tokens) and tokens[j + 1].capitalised and j - i < 6:
        j += 1
    return j


def _cue(kind: str, text: str, tokens: Sequence[Token], first: int, last: int, speaker: str) -> Cue:
    start, end = tokens[first].start, tokens[last].end
    return Cue(kind, start, end, speaker, text[start:end])
