"""Specification of annotations.suggesters.speakers: names resolved to their fullest form."""

from annotations.suggesters.speakers import NameIndex
from annotations.suggesters.words import GERMAN


def index(*sentences: str) -> NameIndex:
    names = NameIndex(GERMAN)
    for sentence in sentences:
        names.add_sentence(sentence)
    return names


def test_a_surname_resolves_to_the_fullest_earlier_name_without_its_title():
    names = index("Noch am Mittwoch hatte Bundeskanzler Friedrich Merz (CDU) gefordert.")
    assert names.resolve("Merz") == "Friedrich Merz"


def test_a_hyphenated_title_is_stripped_too():
    names = index("Am 15. August empfing US-Präsident Donald Trump seinen Amtskollegen.")
    assert names.resolve("Trump") == "Donald Trump"


def test_organisations_keep_their_full_name():
    names = index("Trump erläuterte im TV-Sender Fox News am Sonnabend seine Sicht.")
    assert names.resolve("News") == "Fox News"


def test_a_bare_title_resolves_to_the_person_last_introduced_with_it():
    names = index("Das sagte Vier-Sterne-General Robert Brieger der Zeitung.")
    assert names.resolve_title("general") == "Robert Brieger"


def test_an_unknown_name_resolves_to_itself():
    assert index("Es regnete.").resolve("Meloni") == "Meloni"
