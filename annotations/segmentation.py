"""Sentence segmentation of German-first news text: text in, [start, end) sentence spans out.

Pure Python (standard library only, no Django), so the importer, management commands, tests and
benchmarks share one implementation. One compiled regex finds every candidate boundary (a run of
. ! ? … with its closing quotes and brackets, a single line break, a blank line); a few cheap
rules then decide each candidate. The rules and their measured accuracy are described in
docs/segmentation.md; the word lists live in annotations/segmentation_abbreviations.py.
"""

import bisect
import re
from dataclasses import dataclass

from annotations import segmentation_abbreviations as lists

SUPPORTED_LANGUAGES: frozenset[str] = frozenset({"de", "en"})

_TERMINALS = ".!?…"
# Characters that close a quotation or bracket. Right after a terminal and before whitespace they
# can only be closing, whatever the quote style (»…«, «…», „…“, “…”, "…", ‹…›, ``…'').
_CLOSERS = "»«“”\"'’‘›‹)]}"
# Characters that may open the next sentence; `` and ,, are typewriter forms of “ and „.
_OPENERS = "»«„“”‚‘’‹›\"'([{`"
_BULLETS = "•·‣◦▪▸►*-–—"
# A line ending in one of these continues on the next line.
_CONTINUATIONS = ",;:-–—/&+(„»"

_T = re.escape(_TERMINALS)
_C = re.escape(_CLOSERS)
_O = re.escape(_OPENERS)

# Candidate boundaries, in text order.
_CANDIDATE = re.compile(
    rf"(?P<blank>\n[^\S\n]*\n)|(?P<line>\n)"
    # A whole run of stops and closers, matched without backtracking (one closer per repetition)
    # so long runs stay linear; whether whitespace follows is checked in _stop_ends_sentence.
    rf"|(?P<stop>[{_T}]+(?:[{_C}][{_T}]*)*)"
)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# The word that follows a candidate, past whitespace and opening quotes or brackets. A letter
# with a period is kept whole: the "A." of "J. A. Smith" is an initial, not the word "A".
_NEXT_WORD = re.compile(rf"\s*(?:,,|[{_O}])*(\w\.|\w*)")
_NEXT_LINE_START = re.compile(rf"[^\S\n]*((?:,,|[{_O}])*)(\S?)")
_LINE_START_WORD = re.compile(r"\n[^\S\n]*(\w)")
# Unlisted abbreviations written with inner periods ("U.S", "e.g", "u.s.w") and day-month dates
# ("am 3.10. feierten"): like abbreviations that may close a sentence.
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}|\d{1,2}\.\d{1,2}")

_ORDINAL = re.compile(r"\d{1,3}\.")
# A lower-case word with a German adjective ending ("späten", "ersten", "neues").
_INFLECTED_ADJECTIVE = re.compile(r"[a-zäöüß]{2,}(?:en|em|er|es|e)")
_NON_FINAL, _BEFORE_NUMBER, _MAYBE_FINAL = "non-final", "before-number", "maybe-final"
_LOOKBEHIND = 40  # chars before a period searched for its token and an abbreviation's parts


@dataclass(frozen=True, slots=True)
class _Rules:
    abbreviations: dict[str, str]  # abbreviation -> one of the three kinds above
    starters: frozenset[str]  # lower-case function words that start sentences
    months: frozenset[str]
    ordinal_context: frozenset[str]  # lower-case words before an ordinal ("der 3. Platz")
    ordinal_numbers: bool  # whether "3." can be an ordinal number (German) or not (English)
    non_final_suffixes: tuple[str, ...] = ()  # endings of abbreviated compounds ("Hauptstr")


def _abbreviation_table(
    non_final: frozenset[str], before_number: frozenset[str], maybe_final: frozenset[str]
) -> dict[str, str]:
    table = dict.fromkeys(maybe_final, _MAYBE_FINAL)
    table.update(dict.fromkeys(before_number, _BEFORE_NUMBER))
    table.update(dict.fromkeys(non_final, _NON_FINAL))
    return table


_RULES = {
    "de": _Rules(
        abbreviations=_abbreviation_table(
            lists.DE_NON_FINAL, lists.DE_BEFORE_NUMBER, lists.DE_MAYBE_FINAL
        ),
        starters=lists.DE_SENTENCE_STARTERS,
        months=lists.DE_MONTHS,
        ordinal_context=lists.DE_ORDINAL_CONTEXT,
        ordinal_numbers=True,
        non_final_suffixes=lists.DE_NON_FINAL_SUFFIXES,
    ),
    "en": _Rules(
        abbreviations=_abbreviation_table(
            lists.EN_NON_FINAL, lists.EN_BEFORE_NUMBER, lists.EN_MAYBE_FINAL
        ),
        starters=lists.EN_SENTENCE_STARTERS,
        months=frozenset(),
        ordinal_context=frozenset(),
        ordinal_numbers=False,
    ),
}


def split_sentences(text: str, language: str = "de") -> list[tuple[int, int]]:
    """Split text into sentences; return their [start, end) code-point offsets, in order.

    Each span is stripped of surrounding whitespace and non-empty; spans do not overlap and
    together cover every non-whitespace character of text. A blank line always ends a sentence.
    Raises ValueError for a language outside SUPPORTED_LANGUAGES.
    """
    rules = _RULES.get(language)
    if rules is None:
        supported = ", ".join(sorted(SUPPORTED_LANGUAGES))
        raise ValueError(f"Unsupported language {language!r}; supported languages: {supported}")
    return _spans_between(text, _cut_positions(text, rules))


def number_paragraphs(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Return a 0-based paragraph number per span of text.

    The number goes up by one whenever the gap between two consecutive spans holds a blank line
    (a line break, optional whitespace other than line breaks, another line break).
    """
    numbers: list[int] = []
    paragraph = 0
    previous_end = None
    for start, end in spans:
        if previous_end is not None and _BLANK_LINE.search(text, previous_end, start):
            paragraph += 1
        numbers.append(paragraph)
        previous_end = end
    return numbers


def _cut_positions(text: str, rules: _Rules) -> list[int]:
    """Offsets where one sentence ends and the next may begin, ascending."""
    cuts: list[int] = []
    last_cut = 0
    layout: _Layout | None = None  # built only for texts with unpunctuated line ends
    for match in _CANDIDATE.finditer(text):
        kind = match.lastgroup
        if kind == "stop":
            if not _stop_ends_sentence(text, match.start(), match.end(), last_cut, rules):
                continue
            cut = match.end()
        elif kind == "line":
            verdict = _line_break_verdict(text, match.start())
            if verdict is None:  # a boundary unless the paragraph is hard-wrapped
                layout = layout or _Layout(text)
                verdict = not layout.is_wrapped(match.start())
            if not verdict:
                continue
            cut = match.start()
        else:
            cut = match.start()
        cuts.append(cut)
        last_cut = cut
    return cuts


def _spans_between(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for end in [*cuts, len(text)]:
        piece = text[start:end]
        left = start + len(piece) - len(piece.lstrip())
        right = start + len(piece.rstrip())
        if left < right:
            spans.append((left, right))
        start = end
    return spans


def _stop_ends_sentence(text: str, start: int, end: int, last_cut: int, rules: _Rules) -> bool:
    """Decide a run of terminal punctuation (with its closers) at text[start:end]."""
    if end == len(text) or not text[end].isspace():
        return False  # the text's end, or inside a token: "z.B.", "15.8.2025", "3.50", "».«,"
    next_word = _NEXT_WORD.match(text, end)
    assert next_word is not None  # every part of the pattern is optional
    word = next_word.group(1)
    if next_word.end() == len(text):
        return False  # the text's last sentence ends anyway
    if word[:1].islower():
        return False  # a lower-case continuation: "z. B. bei", "»Ja!«, sagte er" never splits
    if start and text[start - 1] in "([":
        return False  # an omission mark "[…]" or "(...)" inside a sentence
    stop = text[start:end]
    if "!" in stop or "?" in stop or stop[0] == "…" or stop.startswith(".."):
        return True
    if len(stop) > 1:
        return True  # a period with closers: "große Sache.«", "(… bleibt.)"
    return _period_ends_sentence(text, start, word, last_cut, rules)


def _period_ends_sentence(text: str, start: int, word: str, last_cut: int, rules: _Rules) -> bool:
    """Decide a lone period followed by a word that is not lower-case (or by a digit or sign)."""
    if not start or text[start - 1].isspace():
        return True
    tokens = text[max(0, start - _LOOKBEHIND) : start].split()
    token = tokens[-1]
    core = token.lstrip(_OPENERS + ",").rstrip(_CLOSERS)
    at_sentence_start = not text[last_cut : start - len(token)].strip()
    kind = _abbreviation_kind(tokens, core, rules, at_sentence_start=at_sentence_start)
    if kind is None and core.endswith(rules.non_final_suffixes):
        kind = _NON_FINAL  # a compound abbreviation: "Hauptstr. 5"
    if kind == _NON_FINAL:
        return False
    if kind == _BEFORE_NUMBER and word[:1].isdigit():
        return False
    if kind == _MAYBE_FINAL or (len(core) == 1 and core.isalpha()) or _DOTTED.fullmatch(core):
        # Abbreviations that may close a sentence and initials ("Friedrich W. Murnau"): only a
        # capitalised function word shows that a new sentence starts.
        return _starts_sentence(word, rules)
    if token.lstrip("-–").isdigit():  # "3." or the "-3." of "1. -3. Jahrhundert"
        return _number_ends_sentence(text, start - len(token), tokens, word, last_cut, rules)
    return True


def _abbreviation_kind(
    tokens: list[str], core: str, rules: _Rules, *, at_sentence_start: bool
) -> str | None:
    """Look the period's token up, joined to short period-ended tokens before it ("z. B").

    A capitalised token matches a lower-case abbreviation only where a sentence starts ("Vgl.",
    "Ggf."): mid-sentence, capitals mean a name or noun, and "Schweiz.", "Franz." or "Max." are
    not "schweiz.", "franz." or "max.".
    """
    keys = [core]
    for previous in reversed(tokens[-3:-1]):
        if not previous.endswith(".") or len(previous) > 5:
            break
        keys.append(previous.lstrip(_OPENERS) + keys[-1])
    for key in reversed(keys):  # longest first: "v.Chr" before "Chr"
        kind = rules.abbreviations.get(key)
        if kind is None and key[:1].isupper() and (at_sentence_start or key != core):
            kind = rules.abbreviations.get(key[0].lower() + key[1:])  # "Vgl." at sentence start
        if kind is not None:
            return kind
    return None


def _starts_sentence(word: str, rules: _Rules) -> bool:
    """A capitalised closed-class word ("Die", "Er", "Danach") that starts a sentence."""
    return word[:1].isupper() and word.lower() in rules.starters


def _number_ends_sentence(
    text: str, token_start: int, tokens: list[str], word: str, last_cut: int, rules: _Rules
) -> bool:
    """Decide "N." followed by a capitalised word, a digit or a sign."""
    if _is_list_marker(text, token_start, last_cut):
        return False  # "1. Dies ist eine Punkteliste.", "• 3. Seien Sie achtsam!"
    if not rules.ordinal_numbers:
        return True
    if len(tokens[-1].lstrip("-–")) > 3:
        return True  # a year ("Das war 2014. Danach"); ordinals have at most three digits
    if not word[:1].isupper():
        return False  # a date or range: "15. 8. 2025", "1. -3. Jahrhundert"
    if word in rules.months:
        return False  # "Am 15. August"
    if _starts_sentence(word, rules):
        return True  # "Sie landeten auf Rang 3. Die Mannschaft ..."
    previous = tokens[-2] if len(tokens) > 1 else ""
    # Ordinal after "der 3. Platz", "seinen 80. Geburtstag", "1. -3. Jahrhundert", and after an
    # inflected adjective, which only an ordinal and its noun can follow: "des späten 15.
    # Jahrhunderts", "im vergangenen 20. Jahr".
    return (
        previous.lower() not in rules.ordinal_context
        and not _ORDINAL.fullmatch(previous)
        and not _INFLECTED_ADJECTIVE.fullmatch(previous)
    )


def _is_list_marker(text: str, token_start: int, last_cut: int) -> bool:
    """A number that opens its line or sentence, alone or after a bullet."""
    low = max(last_cut, token_start - 16)
    lead = text[low:token_start].rstrip(" \t\u00a0" + _BULLETS)
    return lead.endswith("\n") or (not lead and low == last_cut)


def _line_break_verdict(text: str, position: int) -> bool | None:
    """Whether a single line break ends a sentence; None: yes, unless the block is hard-wrapped.

    A line break ends a bullet line, and a heading or caption that has no final stop.
    """
    before = text[max(0, position - _LOOKBEHIND) : position].rstrip()
    after = _NEXT_LINE_START.match(text, position + 1)
    assert after is not None  # every part of the pattern is optional
    first = after.group(2)
    if not before or not first:
        return False  # at the text's start or end
    if first in _BULLETS:
        return True
    unquoted = before.rstrip(_CLOSERS)
    if unquoted and unquoted[-1] in _TERMINALS:
        return False  # a stop that has been decided already
    if before[-1] in _CONTINUATIONS:
        return False
    if after.group(1) or first.isupper() or first.isdigit():
        return None
    return False


class _Layout:
    """Paragraph blocks of a text and whether each is hard-wrapped.

    A block in which some line starts in lower case is wrapped mid-sentence (e-mail or PDF
    text); its single line breaks are then not boundaries, unless a bullet follows.
    """

    def __init__(self, text: str) -> None:
        self._length = len(text)
        blanks = list(_BLANK_LINE.finditer(text))
        self._blank_starts = [blank.start() for blank in blanks]
        self._blank_ends = [blank.end() for blank in blanks]
        self._wrap_points = [
            match.start() for match in _LINE_START_WORD.finditer(text) if match[1].islower()
        ]

    def is_wrapped(self, position: int) -> bool:
        index = bisect.bisect_left(self._blank_starts, position)
        block_start = self._blank_ends[index - 1] if index else 0
        block_end = self._blank_starts[index] if index < len(self._blank_starts) else self._length
        wrap = bisect.bisect_left(self._wrap_points, block_start)
        return wrap < len(self._wrap_points) and self._wrap_points[wrap] < block_end
