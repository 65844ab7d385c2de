"""Parsing of import files and pasted text: formats, normalisation and every bad-input case."""

import datetime
import json

import pytest

from annotations.importing import (
    InvalidImport,
    content_hash,
    normalise_text,
    parse_file,
    parse_plain_text,
)

LIMIT = 2 * 1024 * 1024


def test_normalise_text_unifies_line_endings_composes_unicode_and_trims():
    decomposed = "  Bu\u0308ro\r\nzwei\rdrei \n\n"
    assert normalise_text(decomposed) == "B\u00fcro\nzwei\ndrei"


def test_content_hash_is_the_sha256_of_the_normalised_text():
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_plain_text_date_line_sets_published_date_and_keeps_the_caption():
    content = "date 2025-08-18 Foto/REUTERS Klare Botschaft\n\nAm 15. August empfing Trump Putin."
    data = parse_file("seed.txt", content.encode(), max_bytes=LIMIT)[0]
    assert data.published_on == datetime.date(2025, 8, 18)
    assert data.text == "Foto/REUTERS Klare Botschaft\n\nAm 15. August empfing Trump Putin."
    assert data.title == "Foto/REUTERS Klare Botschaft"


def test_plain_text_without_date_line_has_no_date():
    data = parse_plain_text("Nur ein Satz.", max_bytes=LIMIT)
    assert data.published_on is None
    assert data.text == "Nur ein Satz."


def test_plain_text_with_an_impossible_date_is_rejected():
    with pytest.raises(InvalidImport, match="not a date"):
        parse_plain_text("date 2025-13-45 Text.", max_bytes=LIMIT)


def test_plain_text_strips_a_utf8_byte_order_mark():
    data = parse_file("a.txt", "\ufeffHallo Welt.".encode(), max_bytes=LIMIT)[0]
    assert data.text == "Hallo Welt."


def test_json_file_with_one_object_gives_one_article_with_all_fields():
    obj = {
        "text": "Ein Satz.",
        "title": "T",
        "source": "S",
        "url": "https://example.org/a",
        "author": "A",
        "published_on": "2025-08-18",
        "language": "en",
        "metadata": {"section": "Politik"},
    }
    [data] = parse_file("a.json", json.dumps(obj).encode(), max_bytes=LIMIT)
    assert (data.title, data.source, data.url, data.author) == (
        "T",
        "S",
        "https://example.org/a",
        "A",
    )
    assert data.published_on == datetime.date(2025, 8, 18)
    assert data.language == "en"
    assert data.metadata == {"section": "Politik"}


def test_json_file_with_an_array_gives_one_article_per_item():
    items = [{"text": "Eins."}, {"text": "Zwei."}]
    assert [d.text for d in parse_file("a.json", json.dumps(items).encode(), max_bytes=LIMIT)] == [
        "Eins.",
        "Zwei.",
    ]


def test_jsonl_file_gives_one_article_per_line_and_skips_blank_lines():
    content = '{"text": "Eins."}\n\n{"text": "Zwei.", "language": "de"}\n'
    assert len(parse_file("a.jsonl", content.encode(), max_bytes=LIMIT)) == 2


def test_malformed_json_reports_line_and_column():
    with pytest.raises(InvalidImport, match=r"malformed JSON at line 2, column \d+"):
        parse_file("a.json", b'{\n  "text": oops\n}', max_bytes=LIMIT)


def test_malformed_jsonl_reports_the_line_number():
    content = b'{"text": "Eins."}\n{"text": "Zwei."\n'
    with pytest.raises(InvalidImport, match="malformed JSON at line 2"):
        parse_file("a.jsonl", content, max_bytes=LIMIT)


def test_jsonl_line_without_text_names_the_line():
    with pytest.raises(InvalidImport, match="line 2: missing field 'text'"):
        parse_file("a.jsonl", b'{"text": "x"}\n{"title": "no text"}\n', max_bytes=LIMIT)


def test_unknown_fields_are_rejected_with_the_allowed_ones_listed():
    with pytest.raises(InvalidImport, match=r"unknown field.*colour.*allowed: text"):
        parse_file("a.json", b'{"text": "x", "colour": "red"}', max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"text": 5}, "'text' must be a string, got a number"),
        ({"text": "x", "language": "fr"}, "unsupported language 'fr'"),
        ({"text": "x", "published_on": "18.08.2025"}, "not a date"),
        ({"text": "x", "metadata": [1]}, "'metadata' must be a JSON object, got an array"),
        ({"text": "x", "url": "javascript:alert(1)"}, "not an http"),
        ({"text": "x", "title": "t" * 501}, "longer than 500"),
        ([1, 2], "item 1: expected a JSON object"),
        ([], "the JSON array is empty"),
    ],
)
def test_invalid_json_articles_are_rejected_with_a_reason(obj, message):
    with pytest.raises(InvalidImport, match=message):
        parse_file("a.json", json.dumps(obj).encode(), max_bytes=LIMIT)


@pytest.mark.parametrize("content", [b"", b"   \n\n  ", "\u3000".encode()])
def test_empty_text_is_rejected(content):
    with pytest.raises(InvalidImport, match="the text is empty"):
        parse_file("a.txt", content, max_bytes=LIMIT)


def test_text_over_the_size_limit_is_rejected_with_both_sizes():
    with pytest.raises(InvalidImport, match=r"the file is 3\.0 MB, more than the limit of 2\.0 MB"):
        parse_file("a.txt", b"a" * (3 * 1024 * 1024), max_bytes=LIMIT)


def test_pasted_text_over_the_size_limit_is_rejected():
    with pytest.raises(InvalidImport, match="the text is 11 bytes, more than the limit of 10"):
        parse_plain_text("ä" * 5 + "x", max_bytes=10)


def test_invalid_utf8_names_the_byte_and_position():
    with pytest.raises(InvalidImport, match="not valid UTF-8: byte 0xe4 at position 1"):
        parse_file("a.txt", "Bär".encode("latin-1") + b" ok", max_bytes=LIMIT)


@pytest.mark.parametrize("name", ["article.docx", "article.pdf", "article"])
def test_unsupported_file_types_are_rejected(name):
    with pytest.raises(InvalidImport, match="unsupported file type"):
        parse_file(name, b"text", max_bytes=LIMIT)
