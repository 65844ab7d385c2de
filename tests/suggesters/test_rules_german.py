"""Specification of the German rules: what a reviewer is offered for each construction of
reported speech in news text, and what is deliberately left alone."""

from annotations.suggesters.base import ArticleText
from annotations.suggesters.rules import NAME, REASON_CUES, VERSION, RuleSuggester
from tests.suggesters.conftest import claims, suggest


def test_a_direct_quotation_in_guillemets_is_a_quoted_fact_of_its_speaker():
    text = "Merz betonte im ZDF: »Amerika bleibt an Bord, auch für die Zeit danach.«"
    assert claims(text) == [
        (0, "quoted_fact", ["Amerika bleibt an Bord, auch für die Zeit danach."], "Merz")
    ]


def test_a_direct_quotation_in_low_high_quotes_with_the_speaker_after_it():
    text = "„Die Insel liegt 300 Kilometer vor der Küste“, sagte General Robert Brieger."
    [(_, label, words, speaker)] = claims(text)
    assert (label, words) == ("quoted_fact", ["Die Insel liegt 300 Kilometer vor der Küste"])
    assert speaker == "Robert Brieger"


def test_english_curly_and_french_guillemet_quotations_in_german_text_are_found_too():
    for opening, closing in (("“", "”"), ("«", "»"), ("‚", "‘")):
        text = f"{opening}Wir haben die Verhandlungen nicht abgebrochen{closing}, sagte Putin."
        [(_, label, words, speaker)] = claims(text)
        assert (label, words, speaker) == (
            "quoted_fact",
            ["Wir haben die Verhandlungen nicht abgebrochen"],
            "Putin",
        ), opening


def test_a_quotation_running_over_two_sentences_is_offered_in_both_with_one_speaker():
    text = (
        "US-Präsident Donald Trump war in Alaska. Nun erläuterte Trump im TV-Sender Fox News: "
        "»Wir haben lange verhandelt. Die Gespräche dauerten drei Stunden.«"
    )
    assert claims(text) == [
        (1, "quoted_fact", ["Wir haben lange verhandelt."], "Donald Trump"),
        (2, "quoted_fact", ["Die Gespräche dauerten drei Stunden."], "Donald Trump"),
    ]


def test_a_nested_quotation_stays_inside_the_outer_one():
    text = "„Ich habe ‚Nein‘ gesagt und bleibe dabei“, sagte Kessler."
    [(_, _, words, speaker)] = claims(text)
    assert words == ["Ich habe ‚Nein‘ gesagt und bleibe dabei"]
    assert speaker == "Kessler"


def test_a_quoted_value_judgement_is_an_opinion():
    text = "Er bezeichnete dies als »wirklich großen Fortschritt« und »positive Überraschung«."
    assert [(label, words) for _, label, words, _ in claims(text)] == [
        ("opinion", ["wirklich großen Fortschritt"]),
        ("opinion", ["positive Überraschung"]),
    ]


def test_a_few_quoted_words_after_a_characterising_verb_are_the_speakers_judgement():
    text = "CDU-Fraktionschef Martin Kessler nannte den Entwurf „mutlos“."
    assert claims(text) == [(0, "opinion", ["mutlos"], "Martin Kessler")]


def test_konjunktiv_i_after_a_speech_verb_marks_the_reported_clause():
    text = (
        "Am Sonnabend erklärte Merz in verschiedenen Fernsehinterviews, Trump habe in der "
        "Videoschalte Sicherheitsgarantien zugesagt."
    )
    [suggestion] = suggest(text)
    sentence = text
    assert [sentence[a:b] for a, b in suggestion.spans] == [
        "Trump habe in der Videoschalte Sicherheitsgarantien zugesagt"
    ]
    assert suggestion.label == "quoted_fact"
    assert suggestion.speaker == "Merz"
    assert "Konjunktiv I: habe … zugesagt" in suggestion.reason
    assert "speech verb: erklärte" in suggestion.reason


def test_konjunktiv_i_without_a_speech_verb_continues_the_last_speakers_report():
    text = (
        "Merz betonte zudem im ZDF, Russland sei zu Gesprächen bereit. "
        "Trump sei jedenfalls bei der vereinbarten Linie geblieben."
    )
    assert claims(text)[-1] == (1, "quoted_fact", ["<whole>"], "Merz")


def test_the_speaker_is_the_fullest_name_the_article_used_before():
    text = (
        "Noch am Mittwoch hatte Bundeskanzler Friedrich Merz (CDU) in Berlin gesprochen. "
        "Am Sonnabend erklärte Merz, die Waffenruhe sei vereinbart."
    )
    assert claims(text)[-1][3] == "Friedrich Merz"


def test_a_pronoun_speaker_is_the_person_just_introduced_or_the_last_speaker():
    text = (
        "Wikinews-Mitbegründer Erik Möller zeigte sich zuversichtlich. "
        "„Die Gemeinschaft wird Mittel und Wege finden“, sagte er gegenüber „heise online“."
    )
    assert claims(text) == [
        (1, "quoted_fact", ["Die Gemeinschaft wird Mittel und Wege finden"], "Erik Möller")
    ]


def test_laut_zufolge_nach_angaben_and_wie_mitteilte_attribute_a_sentence():
    text = (
        "Im Streit um den Haushalt hat Kämmerer Jonas Brandt am Dienstag vorgetragen. "
        "Laut Brandt fehlen im Plan 12 Millionen Euro. "
        "Dem Bericht des Rechnungshofs zufolge sind die Kosten gestiegen. "
        "Nach Angaben der italienischen Regierungschefin Giorgia Meloni gibt es Garantien. "
        "Wie ein Sprecher der Stadt mitteilte, soll der Rat am 14. Mai abstimmen."
    )
    found = claims(text)
    assert [(s, label, speaker) for s, label, _, speaker in found] == [
        (1, "quoted_fact", "Jonas Brandt"),
        (2, "quoted_fact", "Rechnungshofs"),
        (3, "quoted_fact", "Giorgia Meloni"),
        (4, "quoted_fact", "Sprecher der Stadt"),
    ]
    assert found[3][2] == ["soll der Rat am 14. Mai abstimmen"]


def test_an_organisation_is_a_speaker_too():
    text = (
        "Trump sprach im TV-Sender Fox News über den Gipfel. "
        "Wie Fox News berichtete, soll das Treffen drei Stunden gedauert haben."
    )
    assert claims(text)[-1] == (
        1,
        "quoted_fact",
        ["soll das Treffen drei Stunden gedauert haben"],
        "Fox News",
    )


def test_so_x_after_the_reported_clause_names_the_speaker():
    text = "Der Ausschuss habe die Summe bereits im Frühjahr beziffert, so Kessler."
    assert claims(text) == [
        (
            0,
            "quoted_fact",
            ["Der Ausschuss habe die Summe bereits im Frühjahr beziffert"],
            "Kessler",
        )
    ]


def test_dies_sagte_x_attributes_the_sentence_before():
    text = (
        "Die drei Parteien haben ihren Koalitionsvertrag am Sonntag aufgehoben. "
        "Dies sagte Premierminister Petr Nečas vor der Presse."
    )
    assert claims(text) == [(0, "quoted_fact", ["<whole>"], "Petr Nečas")]


def test_a_name_before_a_colon_speaks_the_quotation():
    text = "Kessler: „Die Stadt hat keine Rücklagen mehr.“"
    assert claims(text) == [(0, "quoted_fact", ["Die Stadt hat keine Rücklagen mehr."], "Kessler")]


def test_a_reported_demand_is_an_opinion():
    text = "Merz hatte gefordert, eine Waffenruhe müsse am Anfang der Verhandlungen stehen."
    [(_, label, words, _)] = claims(text)
    assert label == "opinion"
    assert words == ["eine Waffenruhe müsse am Anfang der Verhandlungen stehen"]


def test_konjunktiv_ii_stands_for_konjunktiv_i_only_next_to_a_speech_verb():
    reported = "Er befand, er und Putin hätten einen Durchbruch erzielt."
    assert claims(reported)[0][2] == ["er und Putin hätten einen Durchbruch erzielt"]
    # Alone, "würden" and "hätten" are conditionals: the article's own statement.
    assert claims("Die Grünen würden dem Entwurf nur mit Änderungen zustimmen.") == []
    assert claims("Viele Bürger hätten sich mehr Beteiligung gewünscht.") == []


def test_indicative_after_a_speech_verb_is_not_offered():
    # Documented in docs/suggestions.md: the guidelines make mood the mark of reported speech;
    # "sagte, dass er kommt" in the indicative is the article's own statement.
    assert claims("Er sagte, dass er morgen kommt.") == []
    assert claims("Albers sagte, dass sie mit einer breiten Mehrheit rechnet.") == []


def test_ich_habe_is_indicative_not_konjunktiv():
    assert claims("Ich habe den Bericht gelesen, und er ist lang.") == []


def test_scare_quotes_titles_and_names_in_quotes_are_left_alone():
    for text in (
        "Die sogenannte „Bürgerwerkstatt“ war im Januar ausgefallen.",
        "Im Stadttheater läuft derzeit das Stück „Der Kaufmann von Venedig“.",
        "Die Schüsse fielen während der Premiere des Films „The Dark Knight Rises“.",
        "Auf seiner Plattform »Truth Social« schrieb er nichts dazu.",
        "Am Sonntag fand eine Videokonferenz der »Koalition der Willigen« statt.",
        "Die Lokalzeitung „Neue Presse“ hatte zuerst über den Entwurf berichtet.",
        "Eine der Personen trat unter den Pseudonymen „Thunder“ und „Pacotron“ auf.",
    ):
        assert claims(text) == [], text


def test_a_speech_verb_in_the_sentence_does_not_turn_a_medium_into_a_quotation():
    text = "„Wir bleiben dabei“, sagte Kessler gegenüber „heise online“."
    assert [words for _, _, words, _ in claims(text)] == [["Wir bleiben dabei"]]


def test_framing_words_of_the_article_are_offered_with_a_low_score():
    [suggestion] = suggest("Die Allianz gab faktisch ihren ersten Krieg verloren.")
    assert suggestion.label == "editorial_framing"
    assert suggestion.reason == "framing word: faktisch"
    assert suggestion.score < 0.5


def test_framing_words_inside_a_quotation_belong_to_the_speaker():
    text = "Merz betonte: »Russland ist faktisch bereit, entlang der Linie zu verhandeln.«"
    assert [label for _, label, _, _ in claims(text)] == ["quoted_fact"]


def test_an_emoji_before_the_quotation_keeps_code_point_offsets_on_grapheme_boundaries():
    flag = "🇩🇪"
    family = "👨‍👩‍👧"
    text = f"{flag}{family} Am Abend versprach Albers: »Die Schwimmbäder bleiben offen.«"
    [suggestion] = suggest(text)
    [(start, end)] = suggestion.spans
    assert text[start:end] == "Die Schwimmbäder bleiben offen."
    # Code points, not UTF-16 units: the flag is 2, the family 5.
    assert start == text.index("Die")


def test_a_quotation_mark_followed_by_a_combining_mark_never_splits_the_cluster():
    text = "Er sagte: »e\u0301tat ist gut und schön.«"
    [suggestion] = suggest(text)
    [(start, end)] = suggestion.spans
    assert text[start:end].startswith("e\u0301")


def test_every_suggestion_names_its_source_version_reason_and_score():
    for s in suggest("„Wir sparen nicht bei den Schulen“, sagte Albers vor dem Stadtrat."):
        assert (s.source, s.version) == (NAME, VERSION)
        assert 0 <= s.score <= 1
        assert s.reason.split(": ")[0] in REASON_CUES


def test_reasons_are_cue_and_words_parts_joined_by_semicolons():
    [s] = suggest("Am Sonnabend erklärte Merz, Trump habe zugesagt, dass Geld fließt.")
    for part in s.reason.split("; "):
        cue, _, words = part.partition(": ")
        assert cue in REASON_CUES and words


def test_unsupported_languages_get_no_suggestions_rather_than_wrong_ones():
    source = ArticleText("", "fr", ("« Nous restons », a dit Macron.",))
    assert RuleSuggester().suggest(source) == []


def test_regional_language_tags_use_the_language_rules():
    source = ArticleText("", "de-AT", ("„Wir bleiben dabei“, sagte Kessler.",))
    assert len(RuleSuggester().suggest(source)) == 1


def test_a_stray_opening_quote_does_not_swallow_the_rest_of_the_article():
    text = (
        "Er sprach von einem »Neuanfang. Das Wetter war gut. Die Sitzung dauerte lange. "
        "Der Rat tagte am Abend. Es gab Kaffee. Die Presse war da. Es regnete. Es wurde spät. "
        "Am Ende sagte Albers: »Wir sind zufrieden mit dem Ergebnis.«"
    )
    found = claims(text)
    assert found[-1][2] == ["Wir sind zufrieden mit dem Ergebnis."]
    assert all(s < 8 for s, _, _, _ in found[:-1])
