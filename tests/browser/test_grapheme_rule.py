"""The browser (Intl.Segmenter in Chromium) and the server (the regex module's \\X) agree on
where one character ends and the next begins, so a selection the browser allows is one the
server accepts, and the reverse."""

from pathlib import Path

import pytest

from annotations.graphemes import boundaries

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TRICKY = [
    "😀😀😀 Merkel",
    "🇩🇪🇺🇸🇫",  # two flags and a lone regional indicator
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿 England",  # a tag sequence
    "👨‍👩‍👧‍👦 Familie, 👩🏽‍💻 Entwicklerin, 🧑‍🤝‍🧑",  # joined emoji with skin tones
    "👍🏽👍🏿 ❤️ 1️⃣ #️⃣ ©️",  # modifiers, variation selectors, keycaps
    "n\u0303 a\u0308\u0301 g\u0303 Z\u0351\u0352\u0353algo",  # stacked combining marks
    "\u1100\u1161\u11a8 각 한국어",  # Hangul as jamo and as syllables
    "क्षत्रिय नमस्ते षि",  # Devanagari conjuncts (Unicode 15.1, GB9c)
    "ภาษาไทย",  # Thai with its vowel marks
    "مَرْحَبًا بالعالم",  # Arabic with harakat, right to left
    "שָׁלוֹם עולם",  # Hebrew with points
    "a\r\nb\u200bc\u200dd\ufeffe",  # CRLF, zero-width space, a lone joiner, BOM
    "\u0600\u0661 prepend",  # a prepended concatenation mark
]


def code_point_boundaries(page, texts: list[str]) -> list[list[int]]:
    return page.evaluate(
        """(texts) => texts.map((text) => {
          const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
          const ends = [0];
          for (const part of segmenter.segment(text)) {
            ends.push(Array.from(text.slice(0, part.index + part.segment.length)).length);
          }
          return ends;
        })""",
        texts,
    )


def test_browser_and_server_find_the_same_grapheme_boundaries(browser):
    texts = TRICKY + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    context = browser.new_context()
    page = context.new_page()
    try:
        in_browser = code_point_boundaries(page, texts)
    finally:
        context.close()
    for text, found in zip(texts, in_browser, strict=True):
        assert sorted(boundaries(text)) == found, text[:40]
