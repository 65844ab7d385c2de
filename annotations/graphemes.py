"""What a reader sees as one character: Unicode extended grapheme clusters (UAX #29).

Offsets everywhere are code points, but a claim may only start and end where a reader could put
the cursor: between grapheme clusters, never inside a flag, a skin-toned or joined emoji, or a
letter and its combining marks. The browser applies the same rule with ``Intl.Segmenter``.
The ``regex`` module implements UAX #29 for the current Unicode version (including the Indic
conjunct rule of Unicode 15.1), as Chromium's ICU does; the standard library has no segmenter.
"""

import unicodedata
from functools import lru_cache

import regex

CLUSTER = regex.compile(r"\X")
# Space, separators, and invisible controls or format characters (ZWSP, ZWJ, BOM, ...).
BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


@lru_cache(maxsize=256)
def boundaries(text: str) -> frozenset[int]:
    """Code point offsets between grapheme clusters, 0 and ``len(text)`` included."""
    return frozenset({0} | {match.end() for match in CLUSTER.finditer(text)})


def cluster_at(text: str, offset: int) -> str:
    """The grapheme cluster that contains code point ``offset``."""
    for match in CLUSTER.finditer(text):
        if match.start() <= offset < match.end():
            return match.group()
    return ""


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing a reader could mean: only space or invisible marks."""
    return all(char.isspace() or unicodedata.category(char) in BLANK_CATEGORIES for char in text)
