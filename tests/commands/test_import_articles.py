"""`manage.py import_articles`: formats, folders, duplicates and failures."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Article

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_articles_imports_the_seed_with_its_date_and_23_sentences():
    out, _ = run(*SEEDS.glob("*.txt"))
    article = Article.objects.get()
    assert "1 imported, 0 duplicate(s), 0 failed." in out
    assert str(article.published_on) == "2025-08-18"
    assert article.text.startswith("Kevin Lamarque/REUTERS Klare Botschaft der Bilder")
    assert article.sentences.count() == 23


def test_import_articles_twice_reports_duplicates_and_changes_nothing():
    run(SEEDS)
    before = list(Article.objects.values_list("id", "content_hash", "imported_at"))
    out, _ = run(SEEDS)
    assert "duplicate:" in out
    assert "0 imported, 1 duplicate(s), 0 failed." in out
    assert list(Article.objects.values_list("id", "content_hash", "imported_at")) == before


def test_import_articles_walks_folders_recursively_and_reads_every_format(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("Eins.")
    (tmp_path / "sub" / "b.json").write_text(json.dumps([{"text": "Zwei."}, {"text": "Drei."}]))
    (tmp_path / "sub" / "deeper" / "c.jsonl").write_text('{"text": "Vier.", "language": "en"}\n')
    (tmp_path / "notes.md").write_text("not an article")
    out, _ = run(tmp_path)
    assert "4 imported, 0 duplicate(s), 0 failed." in out
    assert sorted(Article.objects.values_list("text", flat=True)) == [
        "Drei.",
        "Eins.",
        "Vier.",
        "Zwei.",
    ]
    assert Article.objects.get(text="Vier.").language == "en"


def test_import_articles_reports_a_bad_file_imports_the_rest_and_exits_non_zero(tmp_path):
    (tmp_path / "good.txt").write_text("Ein guter Text.")
    (tmp_path / "bad.json").write_text('{"text": "unterbrochen"')
    (tmp_path / "latin1.txt").write_bytes(b"B\xe4r.")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=re.escape("1 imported, 0 duplicate(s), 2 failed.")):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    assert "bad.json: malformed JSON at line 1" in err.getvalue()
    assert "latin1.txt: not valid UTF-8" in err.getvalue()
    assert list(Article.objects.values_list("text", flat=True)) == ["Ein guter Text."]


def test_import_articles_a_bad_line_fails_its_whole_file(tmp_path):
    (tmp_path / "mixed.jsonl").write_text('{"text": "Gut."}\n{"text": ""}\n')
    with pytest.raises(CommandError):
        run(tmp_path / "mixed.jsonl")
    assert Article.objects.count() == 0


def test_import_articles_names_a_missing_or_unsupported_file(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(tmp_path / "missing.txt"),
            str(tmp_path / "a.docx"),
            stdout=out,
            stderr=err,
        )
    assert "missing.txt: cannot read" in err.getvalue()
    assert "a.docx: unsupported file type" in err.getvalue()


def test_import_articles_records_the_importing_user(tmp_path, admin_user):
    shutil.copy(next(SEEDS.glob("*.txt")), tmp_path / "seed.txt")
    run(tmp_path, "--user", admin_user.username)
    assert Article.objects.get().imported_by == admin_user


def test_import_articles_unknown_user_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        run(tmp_path, "--user", "nobody")


def test_import_articles_shows_a_progress_bar_for_many_files(tmp_path):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(f"Text Nummer {number}.")
    _, err = run(tmp_path)
    assert "/3 [" in err
