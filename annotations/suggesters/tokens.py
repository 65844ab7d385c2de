"""Words of a sentence with their code point offsets, as the rules see them."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# A word: letters and digits, with inner hyphens or apostrophes (US-Präsident, Strack-Zimmermann,
# geht’s). Punctuation and quotation marks are not tokens; the rules read them from the gaps.
_WORD = re.compile(r"\w+(?:[-‐’'.]\w+)*")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int
    capitalised: bool


# Several rules read the same sentence; its words are found once (the rules never change them).
@lru_cache(maxsize=1024)
def tokenize(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(word, word.lower(), m.start(), m.end(), word[0].isupper())
        for m in _WORD.finditer(text)
        for word in (m.group(),)
    )


def gap(text: str, tokens: Sequence[Token], i: int) -> str:
    """The characters between token ``i`` and token ``i + 1`` (or the sentence's end)."""
    end = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
    return text[tokens[i].end : end]
