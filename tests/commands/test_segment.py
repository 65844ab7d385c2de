"""`manage.py segment`: the command-line contract for segmenting text."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("segment", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_segment_prints_one_sentence_per_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Am 15. August kam Putin. Trump wartete.\n\nDas war alles.", encoding="utf-8")
    out, _ = run(str(path))
    assert out.splitlines() == ["Am 15. August kam Putin.", "Trump wartete.", "Das war alles."]


def test_segment_json_gives_offsets_into_the_text_as_read(tmp_path):
    text = "  Erster Satz. Zweiter Satz.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode())
    out, _ = run(str(path), "--json")
    items = json.loads(out)
    assert [item["text"] for item in items] == ["Erster Satz.", "Zweiter Satz."]
    assert all(text[item["start"] : item["end"]] == item["text"] for item in items)


def test_segment_english(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.")
    out, _ = run(str(path), "--language", "en")
    assert out.splitlines() == ["Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday."]


def test_segment_jsonl_writes_one_line_per_input_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        {"id": "a", "text": "Eins. Zwei."},
        {"id": 7, "text": "One. Two.", "language": "en"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out, _ = run(str(path), "--jsonl")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"id": "a", "sentences": [[0, 5], [6, 11]]},
        {"id": 7, "sentences": [[0, 4], [5, 9]]},
    ]


def test_segment_jsonl_reports_bad_lines_and_exits_non_zero(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": 1, "text": "Gut."}\nkaputt\n{"id": 3, "text": "Auch gut."}\n')
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 line"):
        call_command("segment", str(path), "--jsonl", stdout=out, stderr=err)
    assert "line 2: malformed JSON" in err.getvalue()
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [1, 3]


def test_segment_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nope\.txt"):
        run(str(tmp_path / "nope.txt"))


def test_segment_invalid_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"B\xe4r.")
    with pytest.raises(CommandError, match="not valid UTF-8"):
        run(str(path))


def test_segment_unsupported_language_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Bonjour.")
    with pytest.raises(CommandError, match="unsupported language 'fr'"):
        run(str(path), "--language", "fr")
