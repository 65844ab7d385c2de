"""Quotations across an article's sentences: where each one opens and closes, nested or not.

A quotation may open in one sentence and close in a later one (»Es ist gut ... handelt. Wir
sind ... Sache.«), so the scan runs over the whole article, sentence by sentence, with a stack
of open quotation marks. Which character closes which opener depends on the style the opener
started: »…« and «…», „…“ and „…”, “…”, ‚…‘, ›…‹ and ‹…›, and straight "…". Only outermost
quotations become claims; nested ones stay inside them. An opener that is never closed (a typo,
a quotation cut by the editor) is dropped and the scan resumes after it, so one stray mark does
not swallow the rest of the article.
"""

from dataclasses import dataclass

# Opening mark -> the marks that may close it.
_CLOSERS: dict[str, str] = {
    "»": "«",
    "«": "»",
    "„": "“”",
    "“": "”",
    "‚": "‘’",
    "‘": "’",
    "›": "‹",
    "‹": "›",
    '"': '"',
}
MARKS = frozenset(_CLOSERS) | frozenset("”’")
# A quotation running longer than this many sentences is taken for a stray opener.
MAX_SENTENCES = 8


@dataclass(frozen=True, slots=True)
class Quotation:
    """One outermost quotation: from its opening mark to its closing mark (inclusive)."""

    start_sentence: int
    start: int  # offset of the opening mark in its sentence
    end_sentence: int
    end: int  # offset just after the closing mark in its sentence
    mark: str  # the opening mark

    @property
    def sentences(self) -> range:
        return range(self.start_sentence, self.end_sentence + 1)

    def piece(self, index: int, length: int) -> tuple[int, int]:
        """The [start, end) part of sentence ``index`` (of ``length``) inside the quotation."""
        start = self.start + 1 if index == self.start_sentence else 0
        end = self.end - 1 if index == self.end_sentence else length
        return start, end


def _is_apostrophe(text: str, i: int) -> bool:
    """’ and ' between letters (geht’s, don't) or after one (Merz’) are apostrophes."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or (not after.isspace() and after not in ",.;:!?"))


def _opens(text: str, i: int, mark: str) -> bool:
    """Whether a mark that could open or close, here opens: not after a letter."""
    if mark in "‘'":
        return not (i and text[i - 1].isalnum())
    if mark == '"':
        return not (i and (text[i - 1].isalnum() or text[i - 1] in ".,;:!?"))
    return True


def find_quotations(sentences: tuple[str, ...] | list[str]) -> list[Quotation]:
    """Every outermost quotation of the article, in text order.

    A stray opener is found at most MAX_SENTENCES after it (or at the article's end), and the
    scan resumes right after it, so the work stays linear in the article's length.
    """
    found: list[Quotation] = []
    position = (0, 0)
    while (stray := _scan(sentences, position, found)) is not None:
        position = (stray[0], stray[1] + 1)
    return found


def _scan(
    sentences: tuple[str, ...] | list[str], position: tuple[int, int], found: list[Quotation]
) -> tuple[int, int] | None:
    """Scan from ``position``; return the first stray opener, or None when every one closed.

    Quotations found before a stray opener are complete and kept; those after it are found
    again by the next scan, which starts just after the stray.
    """
    stack: list[tuple[str, int, int]] = []  # (mark, sentence, offset)
    kept = len(found)
    for s in range(position[0], len(sentences)):
        text = sentences[s]
        if stack and s - stack[0][1] >= MAX_SENTENCES:
            del found[kept:]
            return stack[0][1], stack[0][2]
        if not any(c in MARKS for c in text):
            continue
        first = position[1] if s == position[0] else 0
        for i in range(first, len(text)):
            c = text[i]
            if c not in MARKS:
                continue
            if c in "’'" and _is_apostrophe(text, i):
                continue
            if stack and c in _CLOSERS[stack[-1][0]]:
                mark, s0, i0 = stack.pop()
                if not stack:
                    found.append(Quotation(s0, i0, s, i + 1, mark))
                    kept = len(found)
                continue
            if c in _CLOSERS and _opens(text, i, c):
                stack.append((c, s, i))
    if stack:
        del found[kept:]
        return stack[0][1], stack[0][2]
    return None
