"""Claim spans: code point offsets that start and end between user-perceived characters."""

import pytest

from annotations.graphemes import boundaries, is_blank
from annotations.spans import InvalidSpans, normalise_spans, span_texts

FLAG = "🇩🇪"  # two regional indicators
FAMILY = "👨‍👩‍👧"  # three people joined by ZWJ
THUMB = "👍🏽"  # thumb and a skin tone modifier
TILDE = "n\u0303"  # n and a combining tilde


def test_offsets_after_emoji_are_code_points():
    text = "😀😀😀 Merkel sagte Nein."
    assert span_texts(text, normalise_spans([[4, 10]], text=text)) == ["Merkel"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (f"Fahne {FLAG} weht", [6, 7]),  # half a flag
        (f"Fahne {FLAG} weht", [7, 9]),
        (f"Familie {FAMILY}!", [8, 9]),  # one person of a joined emoji
        (f"Daumen {THUMB} hoch", [7, 8]),  # the thumb without its skin tone
        (f"Espa{TILDE}a", [0, 5]),  # the n without its tilde
    ],
)
def test_spans_that_cut_a_character_are_refused_with_the_character(text, span):
    with pytest.raises(InvalidSpans, match="cannot be split") as refusal:
        normalise_spans([span], text=text)
    assert "cuts the character" in str(refusal.value)


def test_spans_around_whole_clusters_are_accepted():
    text = f"Fahne {FLAG} und {FAMILY}, {THUMB}, Espa{TILDE}a"
    start = text.index(FLAG)
    assert normalise_spans([[start, start + 2]], text=text) == [[start, start + 2]]
    espana = text.index("Espa")
    assert span_texts(text, normalise_spans([[espana, len(text)]], text=text)) == [f"Espa{TILDE}a"]


@pytest.mark.parametrize("blank", [" ", "  ", "\u00a0", "\u2009", "\u200b"])
def test_spans_of_blank_space_only_are_refused(blank):
    text = f"Ja{blank}Nein"
    with pytest.raises(InvalidSpans, match="only blank space"):
        normalise_spans([[2, 2 + len(blank)]], text=text)


def test_boundaries_follow_extended_grapheme_clusters():
    assert boundaries(f"a{FLAG}{TILDE}") == {0, 1, 3, 5}
    assert is_blank(" \u200b\t") and not is_blank(" x ")


def test_indic_conjuncts_are_one_character():
    # Unicode 15.1's rule GB9c, which Chromium's Intl.Segmenter applies too.
    assert boundaries("क्षि") == {0, 4}
