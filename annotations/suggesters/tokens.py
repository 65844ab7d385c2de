"""Words of a sentence with their code point offsets, as the rules see them."""

import re
from dataclasses import dataclass

# A word: letters and digits, with inner hyphens or apostrophes (US-Präsident, Strack-Zimmermann,
# geht’s). Punctuation and quotation marks are not tokens; the rules read them from the gaps.
_WORD = re.compile(r"\w+(?:[-‐’'.]\w+)*")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def gap(text: str, tokens: list[Token], i: int) -> str:
    """The characters between token ``i`` and token ``i + 1`` (or the sentence's end)."""
    end = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
    return text[tokens[i].end : end]
