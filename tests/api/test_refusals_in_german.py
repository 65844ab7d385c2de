"""Refusals reach each sender in their own language: input_checks' reasons through the API's
JSON parser and the annotation import's record errors, German for a German client, English
for an English one."""

import pytest

from annotations.models import Annotation, Article
from annotations.selectors.exports import ExportFilters, annotations_jsonl_query, export_chunks

pytestmark = pytest.mark.django_db

NUL_TITLE = '{"text": "Ein Satz.", "title": "T\\u0000"}'


def test_a_nul_in_an_article_title_is_refused_in_german_for_a_german_client(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/articles/", NUL_TITLE, content_type="application/json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Fehler beim Lesen des JSON: der Anfragetext an der Stelle title enthält an Zeichen 1 "
        "das NUL-Zeichen (U+0000), das sich nicht speichern lässt"
    )
    assert not Article.objects.exists()


def test_a_nul_in_an_article_title_is_refused_in_english_for_an_english_client(
    client_for, admin_user
):
    response = client_for(admin_user).post(
        "/api/articles/", NUL_TITLE, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["detail"] == (
        "JSON parse error: the body at title contains the NUL character (U+0000) at character "
        "1, which cannot be stored"
    )


def test_an_out_of_range_number_is_refused_in_german(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/articles/",
        '{"text": "Ein Satz.", "metadata": {"n": 1e400}}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert "der Anfragetext enthält die Zahl 1e400, die außerhalb" in response.json()["detail"]


@pytest.fixture
def bad_export(rita_claim, otto_claim) -> str:
    """An export whose second record names a label this instance lacks, and a broken line."""
    body = b"".join(export_chunks(annotations_jsonl_query(ExportFilters()))).decode()
    Annotation.objects.all().delete()
    return body.replace('"label":"quoted_fact"', '"label":"fact"') + "{oops\n"


def _import(client, body: str, language: str):
    return client.post(
        "/api/annotations/import",
        body,
        content_type="application/x-ndjson",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_import_record_errors_reach_a_german_client_in_german(client_for, admin_user, bad_export):
    failure = _import(client_for(admin_user), bad_export, "de").json()
    assert failure["detail"] == "2 fehlerhafte Datensätze; nichts wurde importiert"
    assert failure["errors"][0]["message"] == (
        "unbekanntes Label 'fact'; Labels hier: editorial_framing, opinion, quoted_fact"
    )
    assert failure["errors"][1]["message"].startswith("fehlerhaftes JSON in Spalte 2: ")
    assert not Annotation.objects.exists()


def test_import_record_errors_reach_an_english_client_in_english(
    client_for, admin_user, bad_export
):
    failure = _import(client_for(admin_user), bad_export, "en").json()
    assert failure["detail"] == "2 bad records; nothing was imported"
    assert failure["errors"][0]["message"] == (
        "unknown label 'fact'; labels here: editorial_framing, opinion, quoted_fact"
    )
    assert failure["errors"][1]["message"].startswith("malformed JSON at column 2: ")
