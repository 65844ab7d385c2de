"""Specification of annotations.segmentation: German news first, English too; no Django."""

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.segmentation import SUPPORTED_LANGUAGES, number_paragraphs, split_sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_3359946a0cda8563.txt"

# The seed article split by hand: the photo caption, then 22 body sentences, one per line.
SEED_SENTENCES = (
    (Path(__file__).parent / "data" / "seed_sentences.txt").read_text(encoding="utf-8").splitlines()
)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic():
    """Replaces conftest's autouse Django settings fixture: these tests run without Django."""


def sentences(text: str, language: str = "de") -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """The segmenter's invariant: ordered, disjoint, stripped, non-empty, covering all ink."""
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(covered[i] or char.isspace() for i, char in enumerate(text))


def seed_text() -> str:
    """The seed file as the importer stores it: date line removed, normalised, stripped."""
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8").replace("\r\n", "\n"))
    return re.sub(r"^date \d{4}-\d{2}-\d{2}\s+", "", text.strip()).strip()


# The seed article


def test_seed_article_splits_into_its_23_sentences():
    assert sentences(seed_text()) == SEED_SENTENCES


def test_seed_article_has_four_body_paragraphs_after_the_caption():
    text = seed_text()
    paragraphs = number_paragraphs(text, split_sentences(text))
    assert paragraphs == [0] + [1] * 3 + [2] * 5 + [3] * 4 + [4] * 10


# Quotations


def test_closing_guillemet_belongs_to_the_sentence_it_closes():
    text = "Er sagte: »Das ist eine große Sache.« Dann ging er."
    assert sentences(text) == ["Er sagte: »Das ist eine große Sache.«", "Dann ging er."]


def test_quotation_of_several_sentences_is_split_inside():
    text = "Merz: »Russland scheint bereit zu sein. Das ist ein Unterschied.« Er schwieg."
    assert sentences(text) == [
        "Merz: »Russland scheint bereit zu sein.",
        "Das ist ein Unterschied.«",
        "Er schwieg.",
    ]


def test_low_high_quotes_close_their_sentence():
    text = "„Wir kommen“, sagte sie. „Morgen früh.“ Dann legte sie auf."
    assert sentences(text) == ["„Wir kommen“, sagte sie.", "„Morgen früh.“", "Dann legte sie auf."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Sie sagte: "Nein." Er lachte.', ['Sie sagte: "Nein."', "Er lachte."]),
        ("Er las ‹Faust›. Dann schlief er.", ["Er las ‹Faust›.", "Dann schlief er."]),
        ("Sie rief: ‚Gut.‘ Das war alles.", ["Sie rief: ‚Gut.‘", "Das war alles."]),
        (
            "Sie sprach von »Regionalmacht«. Er nicht.",
            ["Sie sprach von »Regionalmacht«.", "Er nicht."],
        ),
    ],
)
def test_other_quote_styles_close_their_sentence(text, expected):
    assert sentences(text) == expected


def test_quoted_question_followed_by_comma_continues_the_sentence():
    text = "»Gehst du schon?«, fragte sie. »Ja!«, rief er."
    assert sentences(text) == ["»Gehst du schon?«, fragte sie.", "»Ja!«, rief er."]


def test_tiger_style_quotes_are_read_as_quotes():
    text = "Sie sagte: ``Das hat der Partei genutzt.'' Die Börse reagierte. ``Nie wieder!''"
    assert sentences(text) == [
        "Sie sagte: ``Das hat der Partei genutzt.''",
        "Die Börse reagierte.",
        "``Nie wieder!''",
    ]


# Numbers and dates


@pytest.mark.parametrize(
    "text",
    [
        "Am 15. August empfing Trump seinen Amtskollegen.",
        "Gewählt wird am Sonntag, 5. Oktober, in Berlin.",
        "Das Treffen ist für Freitag, 15. August geplant.",
        "Das Treffen am 15.8.2025 dauerte drei Stunden.",
        "Im 19. Jh. wuchs die Stadt schnell.",
        "Der 3. Platz ging an Norwegen.",
        "Er feierte seinen 80. Geburtstag in Wien.",
        "Sie wohnt in Haus Nr. 5 am Markt.",
        "Das geschah im 1. -3. Jahrhundert nach Christus.",
        "Wir haben 1.000.000 Euro und 3,50 Euro Wechselgeld.",
        "Das Spiel endete 2:1 nach Verlängerung.",
    ],
)
def test_ordinals_dates_and_numbers_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_sentence_ending_with_a_year_is_split():
    text = "Das Ergebnis war 2014. Danach kam nichts mehr."
    assert sentences(text) == ["Das Ergebnis war 2014.", "Danach kam nichts mehr."]


def test_sentence_ending_with_a_rank_is_split_before_a_function_word():
    text = "Sie landeten auf Rang 3. Die Mannschaft war enttäuscht."
    assert sentences(text) == ["Sie landeten auf Rang 3.", "Die Mannschaft war enttäuscht."]


def test_sentence_starting_with_a_number_is_split_off():
    text = "Das Gesetz wurde 1990 beschlossen. 1991 trat es in Kraft."
    assert sentences(text) == ["Das Gesetz wurde 1990 beschlossen.", "1991 trat es in Kraft."]


def test_numbered_list_item_keeps_its_number():
    text = "1. Dies ist eine Punkteliste.\n2. Dies ist der zweite Punkt."
    assert sentences(text) == ["1. Dies ist eine Punkteliste.", "2. Dies ist der zweite Punkt."]


# Abbreviations and initials


@pytest.mark.parametrize(
    "text",
    [
        "Wir brauchen z. B. Wasser und Brot.",
        "Sie kaufte z.B. Brot beim Bäcker.",
        "Er traf Dr. Müller im Rathaus.",
        "Wir trafen Dr. med. Meyer in der Stadt.",
        "Frau Prof. Schulze ist z. Z. nicht da.",
        "Er kam u. a. mit seiner Schwester.",
        "Es kostet ca. 5 Mio. Euro im Jahr.",
        "Die Schulden liegen bei 3 Mrd. Dollar.",
        "Die St. Marien Kirche ist alt.",
        "Sie erhalten ein neues Schreiben bzw. einen Anruf.",
        "Vgl. dazu die Angaben auf S. 225 im Anhang.",
        "Er wohnt in der Hauptstr. 5 in Berlin.",
        "Art. 5 GG schützt die Meinungsfreiheit.",
        "Z. T. ist die Lieferung unvollständig.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_abbreviation_at_sentence_end_is_split_before_a_function_word():
    text = "Wir kauften Brot, Obst usw. Die Preise waren hoch."
    assert sentences(text) == ["Wir kauften Brot, Obst usw.", "Die Preise waren hoch."]


def test_abbreviation_at_sentence_end_before_a_noun_is_kept():
    text = "Es gab Käse, Obst usw. Brot war aus."
    assert sentences(text) == [text]


def test_ordinary_word_that_looks_like_an_abbreviation_ends_a_sentence():
    text = "Das ist eine neue Art. Sie gefällt mir."
    assert sentences(text) == ["Das ist eine neue Art.", "Sie gefällt mir."]


@pytest.mark.parametrize(
    "text",
    [
        "Friedrich W. Murnau drehte Nosferatu.",
        "J. R. R. Tolkien schrieb den Herrn der Ringe.",
    ],
)
def test_initials_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


# Brackets, dashes and ellipses


def test_sentence_inside_parentheses_keeps_its_closing_bracket():
    text = "Sie wartete. (Das tat sie immer.) Dann gingen sie."
    assert sentences(text) == ["Sie wartete.", "(Das tat sie immer.)", "Dann gingen sie."]


def test_exclamation_inside_parentheses_does_not_end_the_sentence():
    text = "Ich kaufe kein Junkfood (ich traue mir selbst nicht!). Es ist komisch."
    assert sentences(text) == [
        "Ich kaufe kein Junkfood (ich traue mir selbst nicht!).",
        "Es ist komisch.",
    ]


def test_dashes_do_not_end_a_sentence():
    text = "Wir sind die Nummer eins – und das ist eine große Sache. Sie sah zu — und lachte."
    assert sentences(text) == [
        "Wir sind die Nummer eins – und das ist eine große Sache.",
        "Sie sah zu — und lachte.",
    ]


@pytest.mark.parametrize("ellipsis", ["…", "..."])
def test_ellipsis_before_a_capital_ends_a_sentence(ellipsis):
    text = f"Er wartete{ellipsis} Dann kam sie."
    assert sentences(text) == [f"Er wartete{ellipsis}", "Dann kam sie."]


def test_ellipsis_before_lower_case_continues_the_sentence():
    text = "Er wartete … und wartete."
    assert sentences(text) == [text]


def test_omission_mark_in_brackets_does_not_end_a_sentence():
    text = "Er sagte, man werde […] Entscheidungen treffen."
    assert sentences(text) == [text]


# Lines and paragraphs


def test_blank_line_always_ends_a_sentence():
    text = (
        "Fit in vier Wochen\n\nDeine Anleitung für ein gesünderes Leben\n \t\nRECHTLICHE HINWEISE"
    )
    assert sentences(text) == [
        "Fit in vier Wochen",
        "Deine Anleitung für ein gesünderes Leben",
        "RECHTLICHE HINWEISE",
    ]


def test_headline_without_stop_ends_at_its_line_break():
    text = "Trump empfängt Putin in Alaska\nDer US-Präsident empfing seinen Amtskollegen."
    assert sentences(text) == [
        "Trump empfängt Putin in Alaska",
        "Der US-Präsident empfing seinen Amtskollegen.",
    ]


def test_bullet_lines_end_at_their_line_breaks():
    text = "Zu meiden sind:\n• einige Sorten Weichkäse  \n• rohes Fleisch\n- ungewaschener Salat"
    assert sentences(text) == [
        "Zu meiden sind:",
        "• einige Sorten Weichkäse",
        "• rohes Fleisch",
        "- ungewaschener Salat",
    ]


def test_hard_wrapped_lines_are_joined_into_sentences():
    text = "Dies ist ein Text, der hart\numbrochen wurde. Der zweite Satz\nfolgt hier."
    assert sentences(text) == [
        "Dies ist ein Text, der hart\numbrochen wurde.",
        "Der zweite Satz\nfolgt hier.",
    ]


def test_line_ending_in_a_comma_continues_on_the_next_line():
    text = "Er kam, sah\nund siegte,\nDann ging er."
    assert sentences(text) == ["Er kam, sah\nund siegte,\nDann ging er."]


def test_colon_does_not_end_a_sentence():
    text = "Ob Sie nur auf der Durchreise sind: Die Hauptstadt hat viele Sehenswürdigkeiten."
    assert sentences(text) == [text]


def test_lower_case_after_a_stop_continues_the_sentence():
    text = "Er kam um 17.45 Uhr an. und ging sofort."
    assert sentences(text) == [text]


def test_spans_are_offsets_stripped_of_surrounding_whitespace():
    text = "  Erster Satz.   Zweiter Satz!\n\n  Dritter Satz?  "
    assert split_sentences(text) == [(2, 14), (17, 30), (34, 47)]


# English


def test_english_text_is_split_with_english_abbreviations():
    text = "Mr. Smith met Dr. Jones at 5 p.m. on Monday. It was e.g. too late. They left."
    assert sentences(text, "en") == [
        "Mr. Smith met Dr. Jones at 5 p.m. on Monday.",
        "It was e.g. too late.",
        "They left.",
    ]


def test_english_number_at_sentence_end_is_split():
    text = 'She arrived in 2014. Then she left. "Really?" he asked.'
    assert sentences(text, "en") == [
        "She arrived in 2014.",
        "Then she left.",
        '"Really?" he asked.',
    ]


def test_english_abbreviation_at_sentence_end_is_split_before_a_function_word():
    text = "The company moved to the U.S. The growth was strong. The U.S. Army helped."
    assert sentences(text, "en") == [
        "The company moved to the U.S.",
        "The growth was strong.",
        "The U.S. Army helped.",
    ]


# Interface


def test_supported_languages_are_german_and_english():
    assert frozenset({"de", "en"}) == SUPPORTED_LANGUAGES


def test_unsupported_language_is_rejected_naming_the_supported_ones():
    with pytest.raises(ValueError, match=r"'fr'.*de, en"):
        split_sentences("Bonjour.", "fr")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []


def test_number_paragraphs_counts_blank_lines_between_spans():
    text = "Eins. Zwei.\nDrei.\n\nVier.\n  \t\nFünf."
    spans = split_sentences(text)
    assert len(spans) == 5
    assert number_paragraphs(text, spans) == [0, 0, 0, 1, 2]


def test_number_paragraphs_ignores_blank_lines_before_the_first_span():
    text = "\n\nEins.\n\n\n\nZwei."
    assert number_paragraphs(text, split_sentences(text)) == [0, 1]


def test_number_paragraphs_of_no_spans_is_empty():
    assert number_paragraphs("", []) == []


# The invariant on random text

PIECES = [
    " ", " ", "  ", "\n", "\n\n", "\n \t\n", "\t", "\u00a0",
    "Haus", "haus", "Der", "die", "Er", "und", "August", "USA", "Ä", "ß", "x", "B",
    ".", ".", "!", "?", "…", "...", "»", "«", "„", "“", "(", ")", "–", ":", ",", ";",
    "''", "``", "•", "-", "15", "2014", "3.50", "15.8.2025", "z. B.", "z.B.", "Dr.",
    "usw.", "Nr.", "u. a.", "Mio.", "St.", "e.g.", "U.S.", "W.",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=60),
    language=st.sampled_from(sorted(SUPPORTED_LANGUAGES)),
)
def test_spans_cover_every_character_of_random_text_once(pieces, language):
    text = "".join(pieces)
    assert_valid_spans(text, split_sentences(text, language))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_spans_cover_every_character_of_arbitrary_unicode_text_once(text):
    assert_valid_spans(text, split_sentences(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Er lebt in der Schweiz. Die Berge sind hoch.",
            ["Er lebt in der Schweiz.", "Die Berge sind hoch."],
        ),
        ("Mein Nachbar heißt Franz. Er ist nett.", ["Mein Nachbar heißt Franz.", "Er ist nett."]),
        ("Das Kind heißt Max. Es ist klein.", ["Das Kind heißt Max.", "Es ist klein."]),
        # At a sentence start the capitalised abbreviation is still one.
        ("Ggf. kommt er später. Dann gehen wir.", ["Ggf. kommt er später.", "Dann gehen wir."]),
    ],
)
def test_names_that_double_as_abbreviations_end_a_sentence_by_case(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Das Haus stammt aus der Zeit des späten 15. Jahrhunderts und steht noch.",
        "Der Verein feiert sein 60. Jubiläumsjahr mit einem Fest.",
        "Im vergangenen 20. Jahrhundert wuchs die Stadt.",
    ],
)
def test_ordinals_after_an_adjective_do_not_end_a_sentence(text):
    assert sentences(text) == [text]
