"""Properties of every suggestion, for any text: what the workspace may rely on."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.graphemes import boundaries, is_blank
from annotations.suggesters.base import ArticleText
from annotations.suggesters.rules import RuleSuggester
from annotations.suggesters.words import GERMAN

# Text that exercises the rules: quotation marks of every style, speech words, names, emoji,
# combining marks, flags and joiners, next to arbitrary characters (lone surrogates excluded:
# sentences are stored as valid UTF-8).
PIECES = st.sampled_from(
    [
        *"»«„“”‚‘’›‹\"',.:;!? -",
        "sagte",
        "habe",
        "sei",
        "laut",
        "zufolge",
        " so ",
        "Merz",
        "Friedrich Merz",
        "Dies sagte",
        "Nach Angaben von",
        "er",
        "ich",
        "said",
        "according to",
        "🇩🇪",
        "👨‍👩‍👧",
        "e\u0301",
        "\u200d",
        "\ufe0f",
        "\u0308",
        "\n",
        "\t",
        "\x00",
    ]
)
TEXT = st.lists(
    st.one_of(PIECES, st.text(st.characters(exclude_categories=["Cs"]), max_size=6)),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=TEXT,
    sentences=st.lists(TEXT, max_size=6),
    language=st.sampled_from(["de", "en", "de-CH", "fr", ""]),
)
def test_suggestions_are_always_valid_claims(title, sentences, language):
    article = ArticleText(title, language, tuple(sentences))
    for suggestion in RuleSuggester().suggest(article):
        text = sentences[suggestion.sentence]
        allowed = boundaries(text)
        assert 0 <= suggestion.score <= 1
        assert suggestion.reason
        assert not is_blank(text)
        previous_end = 0
        for start, end in suggestion.spans:
            assert 0 <= start < end <= len(text)
            assert start in allowed and end in allowed
            assert not is_blank(text[start:end])
            assert start >= previous_end  # sorted and not overlapping
            previous_end = end


def test_the_lexicon_is_lower_case_as_the_rules_compare_it():
    for words in (GERMAN.speech_verbs, GERMAN.title_nouns, GERMAN.not_names, GERMAN.normative):
        assert all(word == word.lower() for word in words)
