"""The API list and the exports select the same claims for every combination of filters."""

import datetime
import itertools
import json

import pytest
from django.db.models.functions import Now

from annotations.models import Annotation, NoClaimMark
from annotations.selectors.claim_filters import ClaimFilters
from annotations.selectors.exports import annotations_jsonl_query, export_chunks
from annotations.selectors.record_exports import no_claim_jsonl_query

pytestmark = pytest.mark.django_db


def exported_ids(query) -> list[int]:
    body = b"".join(export_chunks(query)).decode()
    return [json.loads(line)["id"] for line in body.splitlines()]


def test_list_and_export_filters_agree(rita_claim, otto_claim, otto_no_claim, labels, reviewer):
    Annotation.objects.filter(pk=rita_claim.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    NoClaimMark.objects.update(created_at=Now())
    article_id = rita_claim.sentence.article_id
    choices = itertools.product(
        [None, article_id],
        [None, reviewer.pk, otto_claim.reviewer_id],
        [None, labels["quoted_fact"].pk, labels["opinion"].pk],
        [None, datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)],
    )
    for article, reviewer_id, label, since in choices:
        filters = ClaimFilters(
            article_id=article, reviewer_id=reviewer_id, label_id=label, updated_since=since
        )
        listed = sorted(
            filters.filter_queryset(Annotation.objects.all()).values_list("pk", flat=True)
        )
        assert exported_ids(annotations_jsonl_query(filters)) == listed, filters
        marks = sorted(
            filters.filter_marks_queryset(NoClaimMark.objects.all()).values_list("pk", flat=True)
        )
        assert exported_ids(no_claim_jsonl_query(filters)) == marks, filters
