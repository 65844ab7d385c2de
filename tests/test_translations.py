"""The German catalogue: complete, compiled from the current .po, and used by the pages."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

GERMAN = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\{\s*\w+\s*\}\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """Parses the subset of the PO format that makemessages writes; obsolete entries are skipped."""
    entries: list[Entry] = []
    key: str | None = None
    entry, index = Entry(), 0

    def finish():
        nonlocal entry, key
        if key is not None:
            entries.append(entry)
        entry, key = Entry(), None

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            finish()
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                entry.msgstr[index] += value
            else:
                assert key is not None, f"{path}:{number}: a string continues no keyword"
                setattr(entry, key, getattr(entry, key) + value)
        else:
            keyword, _, quoted = line.partition(" ")
            value = ast.literal_eval(quoted)
            if keyword.startswith("msgstr"):
                key, index = "msgstr", int(keyword[7:-1]) if "[" in keyword else 0
                entry.msgstr[index] = value
            else:
                if keyword == "msgid":
                    entry.line = number
                key = keyword
                setattr(entry, key, value)
    finish()
    return [entry for entry in entries if entry.msgid]  # the header has an empty msgid


@pytest.fixture(scope="module")
def german_entries() -> list[Entry]:
    return read_po(GERMAN / "django.po")


def test_german_catalogue_translates_every_message_without_fuzzy_guesses(german_entries):
    forms = 2  # Plural-Forms: nplurals=2
    untranslated = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in german_entries
        if "fuzzy" in entry.flags
        or len(entry.msgstr) != (forms if entry.msgid_plural is not None else 1)
        or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert len(german_entries) > 100
    assert untranslated == []


def test_german_catalogue_keeps_every_placeholder_of_the_english_text(german_entries):
    mismatched = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in german_entries
        for form, text in entry.msgstr.items()
        if sorted(PLACEHOLDER.findall(text))
        != sorted(PLACEHOLDER.findall(entry.msgid_plural if form else entry.msgid))
    ]
    assert mismatched == []


def test_german_mo_file_is_compiled_from_the_current_po(german_entries):
    with open(GERMAN / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in german_entries:
        context = f"{entry.msgctxt}\x04" if entry.msgctxt is not None else ""
        if entry.msgid_plural is None:
            found = {0: catalogue.gettext(context + entry.msgid)}
        else:
            found = {
                0: catalogue.ngettext(context + entry.msgid, entry.msgid_plural, 1),
                1: catalogue.ngettext(context + entry.msgid, entry.msgid_plural, 2),
            }
        if found != entry.msgstr:
            stale.append(f"line {entry.line}: {entry.msgid!r}")
    assert stale == [], "run compilemessages -l de"


@pytest.mark.django_db
def test_article_list_speaks_german_to_a_german_browser(client, reviewer, article):
    client.force_login(reviewer)
    html = client.get(reverse("article_list"), headers={"Accept-Language": "de"}).content.decode()
    assert '<html lang="de">' in html
    assert "Artikel" in html
    assert "Ihr Fortschritt" in html
    assert "Your progress" not in html


@pytest.mark.django_db
def test_workspace_counts_reviewed_sentences_in_german(client, reviewer, article):
    client.force_login(reviewer)
    response = client.get(
        reverse("article_detail", args=[article.pk]), headers={"Accept-Language": "de-DE,de;q=0.9"}
    )
    html = response.content.decode()
    assert "0 / 3 überprüft" in html
    assert "Nicht überprüft" in html
    assert "Überprüft – keine Aussage" in html


def test_span_errors_of_the_pure_module_reach_german_users_in_german():
    from django.utils import translation

    from annotations.spans import InvalidSpans, normalise_spans

    with pytest.raises(InvalidSpans) as refused:
        normalise_spans([[0, 9]], text="Satz.")
    with translation.override("de"):
        assert str(refused.value) == (
            "die Textstelle [0, 9] liegt außerhalb des Satzes, der 5 Zeichen "
            "(Unicode-Codepunkte) hat"
        )
    with translation.override("en"):
        assert "lies outside the sentence, which has 5 characters" in str(refused.value)


def test_import_errors_translate_their_nested_parts_too():
    from django.utils import translation

    from annotations.importing import InvalidImport, parse_file

    with pytest.raises(InvalidImport) as refused:
        parse_file("a.jsonl", b'{"text": "x"}\n{"text": 5}\n', max_bytes=1000)
    with translation.override("de"):
        assert str(refused.value) == (
            "Zeile 2: 'text' muss eine Zeichenkette sein, gekommen ist eine Zahl"
        )


def test_input_check_refusals_are_put_together_in_the_language_shown():
    from django.utils import translation

    from annotations import input_checks
    from annotations.translatable import gettext_noop

    with pytest.raises(input_checks.UnsafeInput) as refused:
        input_checks.loads('{"a": [1, "\\udc00"]}', what=gettext_noop("the record"))
    with translation.override("de"):
        assert str(refused.value) == (
            "der Datensatz an der Stelle a[1] enthält an Zeichen 0 ein einzelnes Surrogat "
            "(U+DC00), das kein Zeichen ist und sich nicht speichern lässt"
        )
    with translation.override("en"):
        assert str(refused.value) == (
            "the record at a[1] contains a lone surrogate (U+DC00) at character 0, which is not "
            "a character and cannot be stored"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("de", "Dieses Feld enthält an Zeichen 8 das unsichtbare Richtungszeichen U+202E"),
        ("en", "This field contains the invisible direction control U+202E at character 8"),
    ],
)
def test_the_import_form_refuses_a_spoofing_title_in_the_readers_language(
    client, admin_user, language, reason
):
    from annotations.models import Article

    client.force_login(admin_user)
    response = client.post(
        reverse("article_import"),
        {"text": "Ein Satz.", "language": "de", "title": "Rechnung\u202etxt.exe"},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "reason"),
    [("de", "das NUL-Zeichen (U+0000)"), ("en", "the NUL character (U+0000)")],
)
def test_the_import_form_refuses_a_nul_in_the_title_in_the_readers_language(
    client, admin_user, language, reason
):
    from annotations.models import Article

    client.force_login(admin_user)
    response = client.post(
        reverse("article_import"),
        {"text": "Ein Satz.", "language": "de", "title": "T\x00"},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Article.objects.exists()
