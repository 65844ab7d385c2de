"""Specification of the English rules, selected by the article's language "en"."""

from tests.suggesters.conftest import claims


def test_straight_and_curly_quotations_with_x_said():
    for opening, closing in (('"', '"'), ("“", "”")):
        text = f"{opening}We will not cut school funding,{closing} Albers told the council."
        assert claims(text, "en") == [
            (0, "quoted_fact", ["We will not cut school funding,"], "Albers")
        ], opening


def test_said_x_and_x_said_name_the_speaker():
    assert claims('"The plan is ready," said Jonas Brandt.', "en")[0][3] == "Jonas Brandt"
    assert claims('"The plan is ready," Brandt said.', "en")[0][3] == "Brandt"


def test_reported_speech_after_said_is_the_clause_after_it():
    text = "Mayor Katrin Albers spoke on Tuesday. She said the renovation money had been set aside."
    assert claims(text, "en") == [
        (1, "quoted_fact", ["the renovation money had been set aside"], "Katrin Albers")
    ]


def test_said_that_starts_the_clause_after_that():
    text = "Brandt said that the reserves will last until the end of the year."
    assert claims(text, "en")[0][2] == ["the reserves will last until the end of the year"]


def test_according_to_x_attributes_the_sentence():
    text = "According to council treasurer Jonas Brandt, the reserves will last until December."
    assert claims(text, "en") == [(0, "quoted_fact", ["<whole>"], "Jonas Brandt")]


def test_a_quoted_word_after_called_is_an_opinion():
    text = 'Opposition leader Martin Kessler called the plan "timid".'
    assert claims(text, "en") == [(0, "opinion", ["timid"], "Martin Kessler")]


def test_an_object_after_a_speech_verb_is_not_a_reported_clause():
    assert claims("The local paper first reported the draft.", "en") == []
    assert claims("She told the council.", "en") == []


def test_scare_quotes_and_titles_are_left_alone():
    assert claims('The so-called "citizens\' workshop" was cancelled in January.', "en") == []
    assert claims('The local paper "New Press" first reported the draft.', "en") == []


def test_apostrophes_are_not_quotation_marks():
    assert claims("The council's vote isn't until May, and Albers' plan is ready.", "en") == []
