"""Claims: created once, changed with conflict detection, deleted but kept in history."""

import pytest
from django.db import IntegrityError, connection

from annotations.models import Annotation, NoClaimMark
from annotations.services import (
    ClaimError,
    StaleEdit,
    annotation_create,
    annotation_delete,
    annotation_update,
    sentence_mark_no_claim,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentence(article):
    return article.sentences.get(position=0)  # "Am 15. August traf Trump Putin."


def test_annotation_create_on_the_whole_sentence(sentence, reviewer, labels):
    outcome = annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    assert outcome.created
    assert outcome.annotation.spans == []
    assert outcome.annotation.revision == 1
    assert outcome.annotation.created_at is not None


def test_annotation_create_with_discontinuous_spans_sorts_them(sentence, reviewer, labels):
    outcome = annotation_create(
        sentence=sentence,
        reviewer=reviewer,
        label=labels["editorial_framing"],
        spans=[[19, 24], [0, 2]],
    )
    assert outcome.annotation.spans == [[0, 2], [19, 24]]


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([[3, 3]], "is empty"),
        ([[0, 99]], "outside the sentence"),
        ([[0, 5], [4, 8]], "overlaps"),
        ([[0]], "pair of whole numbers"),
        ("0-5", "list of"),
    ],
)
def test_annotation_create_rejects_invalid_spans(sentence, reviewer, labels, spans, message):
    with pytest.raises(ClaimError, match=message):
        annotation_create(
            sentence=sentence, reviewer=reviewer, label=labels["opinion"], spans=spans
        )
    assert Annotation.objects.count() == 0


def test_annotation_create_twice_stores_one_claim(sentence, reviewer, labels):
    first = annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    second = annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    assert not second.created
    assert second.annotation == first.annotation
    assert Annotation.objects.count() == 1


def test_annotation_create_with_an_inactive_label_is_refused(sentence, reviewer, labels):
    labels["opinion"].is_active = False
    labels["opinion"].save()
    with pytest.raises(ClaimError, match="no longer in use"):
        annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])


def test_annotation_create_removes_the_no_claim_mark(sentence, reviewer, labels):
    sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)
    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    assert not NoClaimMark.objects.exists()


def test_no_claim_mark_is_refused_while_the_reviewer_has_claims(sentence, reviewer, labels):
    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    with pytest.raises(ClaimError, match="has your claims"):
        sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)


def test_annotation_update_bumps_the_revision(sentence, reviewer, labels):
    annotation = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["quoted_fact"]
    ).annotation
    updated = annotation_update(
        annotation=annotation, expected_revision=1, attributed_to=" Donald Trump ", note="n"
    )
    assert updated.attributed_to == "Donald Trump"
    assert updated.revision == 2
    assert updated.updated_at >= updated.created_at


def test_annotation_update_of_a_stale_revision_is_a_conflict(sentence, reviewer, labels):
    annotation = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["quoted_fact"]
    ).annotation
    annotation_update(annotation=annotation, expected_revision=1, note="from tab one")
    stale = Annotation.objects.get(pk=annotation.pk)
    stale.revision = 1
    with pytest.raises(StaleEdit) as conflict:
        annotation_update(annotation=stale, expected_revision=1, note="from tab two")
    assert conflict.value.current.note == "from tab one"
    assert Annotation.objects.get().note == "from tab one"


def test_annotation_delete_keeps_the_history(sentence, reviewer, labels):
    from annotations.models import AnnotationEvent

    annotation = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["opinion"]
    ).annotation
    annotation_update(annotation=annotation, expected_revision=1, note="changed")
    annotation_delete(annotation=annotation, expected_revision=2)
    assert not Annotation.objects.exists()
    events = list(AnnotationEvent.objects.order_by("pgh_id").values_list("pgh_label", "note"))
    assert events == [("insert", ""), ("update", "changed"), ("delete", "changed")]


def test_annotation_history_cannot_be_rewritten(sentence, reviewer, labels):
    from annotations.models import AnnotationEvent

    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    with pytest.raises(Exception, match=r"append_only|Cannot"):
        AnnotationEvent.objects.all().delete()


def test_database_refuses_spans_that_are_not_sorted_pairs(sentence, reviewer, labels):
    with pytest.raises(IntegrityError, match="annotations_annotation_spans_valid"):
        Annotation.objects.create(
            sentence=sentence, reviewer=reviewer, label=labels["opinion"], spans=[[5, 9], [0, 2]]
        )


def test_database_refuses_spans_past_the_end_of_the_sentence(sentence, reviewer, labels):
    Annotation.objects.create(
        sentence=sentence, reviewer=reviewer, label=labels["opinion"], spans=[[0, 500]]
    )
    with (
        pytest.raises(IntegrityError, match="a span ends after its sentence"),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_reviewer_with_claims_cannot_be_deleted(sentence, reviewer, labels):
    from django.db.models import ProtectedError

    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    with pytest.raises(ProtectedError):
        reviewer.delete()
