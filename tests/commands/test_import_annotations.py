"""`manage.py import_annotations`: loading an export file, and refusing a bad one whole."""

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Annotation
from annotations.selectors.exports import ExportFilters, annotations_jsonl_query, export_chunks
from annotations.services import annotation_create
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db


def run(*args, stdin: str | None = None, monkeypatch=None) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("import_annotations", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def export_file(tmp_path, article, reviewer, other_reviewer, labels):
    """An export of two claims, after which the claims and Otto are gone from this instance."""
    sentences = list(article.sentences.order_by("position"))
    annotation_create(
        sentence=sentences[0], reviewer=reviewer, label=labels["opinion"], spans=[[0, 2]]
    )
    annotation_create(sentence=sentences[1], reviewer=other_reviewer, label=labels["quoted_fact"])
    path = tmp_path / "annotations.jsonl"
    path.write_bytes(b"".join(export_chunks(annotations_jsonl_query(ExportFilters()))))
    Annotation.objects.all().delete()
    other_reviewer.delete()
    return path


def test_import_annotations_loads_an_export_and_reports_what_it_did(export_file, admin_user):
    out, err = run(export_file, "--user", admin_user.username)
    assert out == "2 imported, 0 already present. Created deactivated reviewers: otto\n"
    assert err == ""
    assert sorted(Annotation.objects.values_list("reviewer__username", flat=True)) == [
        "otto",
        "rita",
    ]


def test_import_annotations_reads_standard_input(export_file, monkeypatch):
    out, _ = run("-", stdin=export_file.read_text(), monkeypatch=monkeypatch)
    assert out.startswith("2 imported")


def test_import_annotations_accepts_a_byte_order_mark(export_file):
    export_file.write_bytes(b"\xef\xbb\xbf" + export_file.read_bytes())
    out, _ = run(export_file)
    assert out.startswith("2 imported")


def test_import_annotations_reports_bad_lines_by_number_and_imports_nothing(export_file):
    good, second = export_file.read_text().split("\n")[:2]
    broken = json.loads(second)
    broken["label"] = "fact"
    export_file.write_text(f"{good}\n\n{json.dumps(broken)}\n{{oops\n")
    with pytest.raises(CommandError, match=r"^2 bad lines; nothing was imported\.$"):
        run(export_file)
    assert not Annotation.objects.exists()


def test_import_annotations_prints_each_bad_line_to_stderr(export_file):
    export_file.write_text("{oops\n[]\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_annotations", str(export_file), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "line 1: malformed JSON at column 2: Expecting property name enclosed in double quotes",
        "line 2: expected a JSON object (one annotation per line)",
    ]


def test_import_annotations_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match=r"nope\.jsonl: cannot read: No such file"):
        run(tmp_path / "nope.jsonl")


def test_import_annotations_of_a_file_that_is_not_utf8_fails_clearly(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"note": "Größe"}'.encode("latin-1"))
    with pytest.raises(CommandError, match=r"not UTF-8 \(byte 0xf6\)"):
        run(path)


def test_import_annotations_with_an_unknown_user_fails(export_file):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        run(export_file, "--user", "nobody")
