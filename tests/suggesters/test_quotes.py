"""Specification of annotations.suggesters.quotes: where quotations open and close."""

from annotations.suggesters.quotes import MAX_SENTENCES, find_quotations


def pieces(*sentences: str) -> list[list[tuple[int, str]]]:
    """Each quotation as (sentence, quoted text) pieces."""
    return [
        [(i, sentences[i][slice(*q.piece(i, len(sentences[i])))]) for i in q.sentences]
        for q in find_quotations(sentences)
    ]


def test_german_quote_styles_pair_with_their_own_closers():
    assert pieces('»eins« „zwei“ „drei” ‚vier‘ ›fünf‹ «sechs» “sieben” "acht"') == [
        [(0, "eins")],
        [(0, "zwei")],
        [(0, "drei")],
        [(0, "vier")],
        [(0, "fünf")],
        [(0, "sechs")],
        [(0, "sieben")],
        [(0, "acht")],
    ]


def test_only_the_outermost_quotation_is_returned():
    assert pieces("„Ich habe ‚Nein‘ gesagt“, sagte er.") == [[(0, "Ich habe ‚Nein‘ gesagt")]]


def test_a_quotation_may_run_over_sentences():
    assert pieces("Er sagte: »Eins.", "Zwei.", "Drei.«") == [
        [(0, "Eins."), (1, "Zwei."), (2, "Drei.")]
    ]


def test_a_stray_opener_is_dropped_and_the_scan_goes_on_after_it():
    sentences = ["Ein »Anfang."] + ["Nichts."] * MAX_SENTENCES + ["Dann „Schluss“."]
    assert pieces(*sentences) == [[(MAX_SENTENCES + 1, "Schluss")]]


def test_an_opener_never_closed_at_the_end_of_the_article_is_dropped():
    assert pieces("Er sagte: »Das ist", "noch nicht alles.") == []


def test_apostrophes_inside_and_after_words_are_not_marks():
    assert pieces("Geht’s? Merz’ Plan, Albers' Rede, don't.") == []
