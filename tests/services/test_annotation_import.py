"""Loading an annotations export: the round trip, matching, and all-or-nothing failures."""

import json

import pytest
from django.contrib.auth.models import User

from annotations.models import Annotation, AnnotationEvent, Article, NoClaimMark
from annotations.selectors.exports import ExportFilters, annotations_jsonl_query, export_chunks
from annotations.services import (
    AnnotationImportFailed,
    annotation_create,
    annotations_import,
    article_import,
    sentence_mark_no_claim,
)
from annotations.services import annotation_import as module
from annotations.services.annotation_import import json_lines
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db


def export_lines() -> list[str]:
    data = b"".join(export_chunks(annotations_jsonl_query(ExportFilters()))).decode()
    return data.split("\n")[:-1]


def without_ids(line: str) -> dict:
    record = json.loads(line)
    del record["id"], record["sentence"]["id"], record["article"]["id"]
    return record


@pytest.fixture
def sentences(article):
    return list(article.sentences.order_by("position"))


@pytest.fixture
def exported(sentences, reviewer, other_reviewer, labels):
    """Three claims of two reviewers exported, one discontinuous, one changed twice."""
    from annotations.services import annotation_update

    annotation_create(
        sentence=sentences[0],
        reviewer=reviewer,
        label=labels["editorial_framing"],
        spans=[[0, 2], [19, 24]],
        note="Zeile 1\nZeile 2 „zitiert“",
    )
    whole = annotation_create(
        sentence=sentences[1], reviewer=other_reviewer, label=labels["quoted_fact"]
    ).annotation
    annotation_update(annotation=whole, expected_revision=1, attributed_to="Wladimir Putin")
    annotation_update(annotation=whole, expected_revision=2, note="geprüft")
    # A claim spanning the whole sentence explicitly is a different claim from a whole one.
    length = sentences[2].end - sentences[2].start
    annotation_create(
        sentence=sentences[2], reviewer=reviewer, label=labels["opinion"], spans=[[0, length]]
    )
    return export_lines()


def start_afresh(article_data, admin_user) -> Article:
    """Empty the claims, people and article, and import the article again (new ids)."""
    Annotation.objects.all().delete()
    NoClaimMark.objects.all().delete()
    User.objects.filter(username__in=["rita", "otto"]).delete()
    Article.objects.all().delete()
    return article_import(data=article_data, imported_by=admin_user).article


def test_round_trip_gives_the_same_records(exported, article, article_data, admin_user):
    fresh = start_afresh(article_data, admin_user)
    assert fresh.pk != article.pk
    report = annotations_import(records=json_lines(exported), actor=admin_user)
    assert (report.created, report.unchanged) == (3, 0)
    assert sorted(report.reviewers_created) == ["otto", "rita"]
    again = export_lines()
    assert [without_ids(line) for line in again] == [without_ids(line) for line in exported]
    whole = json.loads(again[1])
    assert (whole["revision"], whole["note"], whole["attributed_to"]) == (
        3,
        "geprüft",
        "Wladimir Putin",
    )


def test_import_creates_missing_reviewers_deactivated_with_the_reviewer_role(
    exported, article_data, admin_user
):
    start_afresh(article_data, admin_user)
    annotations_import(records=json_lines(exported), actor=admin_user)
    rita = User.objects.get(username="rita")
    assert not rita.is_active
    assert list(rita.groups.values_list("name", flat=True)) == ["Reviewer"]
    assert not rita.has_usable_password()


def test_import_records_the_actor_and_source_in_the_history(exported, article_data, admin_user):
    start_afresh(article_data, admin_user)
    annotations_import(records=json_lines(exported), actor=admin_user)
    inserts = AnnotationEvent.objects.filter(
        pgh_label="insert", pgh_obj_id__in=Annotation.objects.values("pk")
    )
    metadata = [event.pgh_context.metadata for event in inserts]
    assert len(metadata) == 3
    assert all(m["source"] == "import" and m["user"] == admin_user.pk for m in metadata)


def test_import_twice_leaves_claims_alone(exported, admin_user):
    report = annotations_import(records=json_lines(exported), actor=admin_user)
    assert (report.created, report.unchanged, report.reviewers_created) == (0, 3, [])
    assert Annotation.objects.count() == 3


def test_import_removes_the_no_claim_mark_of_a_reviewer_who_now_has_claims(
    exported, sentences, reviewer, admin_user
):
    Annotation.objects.filter(reviewer=reviewer, sentence=sentences[0]).delete()
    sentence_mark_no_claim(sentence=sentences[0], reviewer=reviewer)
    annotations_import(records=json_lines(exported), actor=admin_user)
    assert not NoClaimMark.objects.exists()


def test_import_reports_every_bad_line_and_imports_nothing(exported, article_data, admin_user):
    start_afresh(article_data, admin_user)
    rita, otto, third = exported
    bad_label = rita.replace('"editorial_framing"', '"framing"')
    bad_sentence = otto.replace('"start":32,"end":55,"text"', '"start":33,"end":55,"text"')
    lines = [third, "", bad_label, "{not json", "[1, 2]", bad_sentence]
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=json_lines(lines), actor=admin_user)
    assert [(e.line, e.message) for e in failure.value.errors] == [
        (3, "unknown label 'framing'; labels here: editorial_framing, opinion, quoted_fact"),
        (4, "malformed JSON at column 2: Expecting property name enclosed in double quotes"),
        (5, "expected a JSON object (one annotation per line)"),
        (6, "the article has no sentence at [33, 55); was it segmented differently?"),
    ]
    assert failure.value.error_count == 4
    assert not Annotation.objects.exists()
    assert not User.objects.filter(username="rita").exists()


def test_import_of_a_claim_on_a_missing_article_names_the_article(exported, admin_user):
    line = json.loads(exported[0])
    line["article"]["content_hash"] = "0" * 64
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=[(7, line)], actor=admin_user)
    [error] = failure.value.errors
    assert error.line == 7
    assert "the article “Gipfel in Alaska” (content hash 000000000000…) is not in this" in (
        error.message
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"spans": [{"start": 0, "end": 99}]}, "outside the sentence"),
        ({"spans": [[0, 2]]}, "each span must be an object with 'start' and 'end'"),
        ({"spans": [{"start": 0, "end": 2, "text": "Xy"}]}, "differs from the sentence"),
        ({"whole_sentence": True}, "do not cover the sentence"),
        ({"whole_sentence": False, "spans": []}, "'spans' is empty"),
        ({"revision": 0}, "'revision' must be a whole number from 1 on"),
        ({"created_at": "gestern"}, "'created_at' is not an ISO 8601 date-time"),
        ({"updated_at": "2000-01-01T00:00:00Z"}, "'updated_at' is before 'created_at'"),
        ({"reviewer": ""}, "'reviewer' must be a username"),
        ({"note": 5}, "'note' must be a string"),
        ({"article": {}}, "'article.content_hash' is missing"),
        ({"sentence": {"start": "0", "end": 31}}, "'sentence.start' must be a whole number"),
    ],
)
def test_import_refuses_inconsistent_records(exported, admin_user, change, message):
    Annotation.objects.all().delete()
    record = {**json.loads(exported[0]), **change}
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=[(1, record)], actor=admin_user)
    assert message in failure.value.errors[0].message
    assert not Annotation.objects.exists()


def test_import_rolls_back_earlier_batches_when_a_later_one_fails(
    exported, article_data, admin_user, monkeypatch
):
    monkeypatch.setattr(module, "BATCH_SIZE", 1)
    start_afresh(article_data, admin_user)
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=json_lines([*exported, "oops"]), actor=admin_user)
    assert failure.value.errors[0].line == 4
    assert not Annotation.objects.exists()


def test_import_counts_errors_past_the_reported_ones(exported, admin_user, monkeypatch):
    monkeypatch.setattr(module, "MAX_REPORTED_ERRORS", 2)
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=json_lines(["x"] * 5), actor=admin_user)
    assert failure.value.error_count == 5
    assert [e.line for e in failure.value.errors] == [1, 2]


def test_import_of_nothing_is_an_error(admin_user):
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=json_lines(["", "  "]), actor=admin_user)
    assert "no records" in failure.value.errors[0].message


def _lines_of(query) -> list[str]:
    return b"".join(export_chunks(query)).decode().split("\n")[:-1]


def _without_mark_ids(line: str) -> dict:
    record = json.loads(line)
    del record["id"], record["sentence"]["id"], record["article"]["id"]
    return record


def test_round_trip_carries_no_claim_marks(
    sentences, other_reviewer, reviewer, article_data, admin_user
):
    from annotations.selectors.record_exports import no_claim_jsonl_query

    sentence_mark_no_claim(sentence=sentences[0], reviewer=other_reviewer)
    sentence_mark_no_claim(sentence=sentences[2], reviewer=reviewer)
    marks = _lines_of(no_claim_jsonl_query(ExportFilters()))
    start_afresh(article_data, admin_user)
    report = annotations_import(records=json_lines(marks), actor=admin_user)
    assert (report.no_claim_created, report.no_claim_unchanged) == (2, 0)
    again = _lines_of(no_claim_jsonl_query(ExportFilters()))
    assert [_without_mark_ids(line) for line in again] == [
        _without_mark_ids(line) for line in marks
    ]
    report = annotations_import(records=json_lines(marks), actor=admin_user)
    assert (report.no_claim_created, report.no_claim_unchanged) == (0, 2)


def test_round_trip_through_the_sentences_export_carries_claims_and_marks(
    exported, sentences, other_reviewer, article_data, admin_user
):
    from annotations.selectors.exports import sentences_jsonl_query

    sentence_mark_no_claim(sentence=sentences[0], reviewer=other_reviewer)

    def records() -> list[dict]:
        rows = [json.loads(line) for line in _lines_of(sentences_jsonl_query(ExportFilters()))]
        for row in rows:
            del row["id"], row["article"]["id"]
            for claim in row["annotations"]:
                del claim["id"]
        return rows

    before = records()
    lines = _lines_of(sentences_jsonl_query(ExportFilters()))
    start_afresh(article_data, admin_user)
    report = annotations_import(records=json_lines(lines), actor=admin_user)
    assert (report.created, report.no_claim_created) == (3, 1)
    assert records() == before


def test_import_refuses_a_mark_where_its_reviewer_has_claims(exported, admin_user):
    claim = json.loads(exported[0])
    mark = {
        "no_claim": True,
        "reviewer": claim["reviewer"],
        "created_at": claim["created_at"],
        "sentence": claim["sentence"],
        "article": claim["article"],
    }
    with pytest.raises(AnnotationImportFailed) as failure:
        annotations_import(records=json_lines([json.dumps(mark)]), actor=admin_user)
    assert "has claims" in failure.value.errors[0].message
    assert not NoClaimMark.objects.exists()
