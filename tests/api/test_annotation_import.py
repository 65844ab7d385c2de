"""POST /api/annotations/import: an export's claims as JSON Lines or a JSON array, admins only."""

import json

import pytest

from annotations.models import Annotation
from annotations.selectors.exports import ExportFilters, annotations_jsonl_query, export_chunks

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_body(rita_claim, otto_claim) -> str:
    body = b"".join(export_chunks(annotations_jsonl_query(ExportFilters()))).decode()
    Annotation.objects.all().delete()
    return body


def test_import_endpoint_takes_json_lines(client_for, admin_user, export_body):
    response = client_for(admin_user).post(
        "/api/annotations/import", export_body, content_type="application/x-ndjson"
    )
    assert response.status_code == 200
    assert response.json() == {
        "created": 2,
        "unchanged": 0,
        "reviewers_created": [],
        "no_claim_created": 0,
        "no_claim_unchanged": 0,
    }
    assert Annotation.objects.count() == 2


def test_import_endpoint_takes_a_json_array(client_for, admin_user, export_body):
    records = [json.loads(line) for line in export_body.split("\n") if line]
    response = client_for(admin_user).post("/api/annotations/import", records, format="json")
    assert response.json()["created"] == 2


def test_import_endpoint_answers_bad_lines_with_their_numbers(client_for, admin_user, export_body):
    body = export_body.replace('"label":"quoted_fact"', '"label":"fact"') + "{oops\n"
    response = client_for(admin_user).post(
        "/api/annotations/import", body, content_type="application/jsonl"
    )
    assert response.status_code == 400
    failure = response.json()
    assert failure["detail"] == "2 bad records; nothing was imported"
    assert [error["line"] for error in failure["errors"]] == [2, 3]
    assert "unknown label 'fact'" in failure["errors"][0]["message"]
    assert not Annotation.objects.exists()


def test_import_endpoint_refuses_a_body_over_the_upload_limit(
    client_for, admin_user, export_body, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client_for(admin_user).post(
        "/api/annotations/import", export_body, content_type="application/x-ndjson"
    )
    assert response.status_code == 413
    assert "manage.py import_annotations" in response.json()["detail"]


def test_import_endpoint_refuses_a_json_object(client_for, admin_user):
    response = client_for(admin_user).post("/api/annotations/import", {"a": 1}, format="json")
    assert response.status_code == 400
    assert "JSON Lines, or a JSON array" in response.json()["detail"]


def test_import_endpoint_refuses_other_media_types(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/annotations/import", "a,b", content_type="text/csv"
    )
    assert response.status_code == 415
