"""Input that used to answer 500 (or was stored changed) now gets a 4xx in JSON, a reason, and
changes nothing: NUL, lone surrogates, 1e400, deep nesting, oversized bodies, unknown paths."""

import json

import pytest
from django.test import Client

from annotations.models import Annotation, Article

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def _post_raw(client, path: str, body: str | bytes, content_type="application/json"):
    return client.post(path, body, content_type=content_type)


def _assert_refused(response, status: int, *reasons: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    detail = json.dumps(response.json(), ensure_ascii=False)
    for reason in reasons:
        assert reason in detail


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"text": "Ein Satz.\\u0000"}', "NUL character"),
        ('{"text": "Ein Satz.", "title": "T\\u0000"}', "NUL character"),
        ('{"text": "Ein Satz.", "metadata": {"a": "\\u0000"}}', "NUL character"),
        ('{"text": "Ein Satz.\\udc00"}', "lone surrogate"),
        ('{"text": "Ein Satz.", "title": "\\ud83d"}', "lone surrogate"),
        ('{"text": "Ein Satz.", "metadata": {"\\ud800": 1}}', "lone surrogate"),
        ('{"text": "Ein Satz.", "metadata": {"n": 1e400}}', "outside the range of a double"),
        ('{"text": "Ein Satz.", "metadata": {"n": NaN}}', "not a JSON number"),
        (DEEP, "nested deeper than 64 levels"),
        ('{"text": "Ein Satz.", "metadata": ' + DEEP + "}", "nested deeper"),
        ('{"text": "Ein Satz.", "title": "Rechnung \\u202etxt.exe"}', "U+202E"),
        ('{"text": "Ein Satz.", "url": "https://example.org/\\"onmouseover=\\"x"}', "quotes"),
        ('{"text": "Ein Satz.", "url": "https://example.org/a b"}', "spaces"),
        ('{"text": "Ein Satz.", "url": "https://example.org/<script>"}', "angle brackets"),
    ],
)
def test_article_import_refuses_unstorable_input_with_a_reason(
    client_for, admin_user, body, reason
):
    response = _post_raw(client_for(admin_user), "/api/articles/", body)
    _assert_refused(response, 400, reason)
    assert not Article.objects.exists()


def test_article_import_refuses_invalid_utf8_with_its_position(client_for, admin_user):
    response = _post_raw(client_for(admin_user), "/api/articles/", b'{"text": "Gr\xfc\xdfe"}')
    _assert_refused(response, 400, "not valid UTF-8", "position 12")
    assert not Article.objects.exists()


@pytest.mark.parametrize("field", ["spans", "label", "note"])
def test_claim_create_refuses_deeply_nested_fields(client_for, reviewer, sentences, field):
    body = f'{{"sentence": {sentences[0].pk}, "label": "opinion", "{field}": {DEEP}}}'
    response = _post_raw(client_for(reviewer), "/api/annotations/", body)
    _assert_refused(response, 400, "nested deeper")
    assert not Annotation.objects.exists()


def test_claim_update_refuses_nul_in_the_note(client_for, reviewer, rita_claim):
    response = client_for(reviewer).patch(
        f"/api/annotations/{rita_claim.pk}/",
        '{"note": "a\\u0000"}',
        content_type="application/json",
    )
    _assert_refused(response, 400, "NUL")
    rita_claim.refresh_from_db()
    assert "\x00" not in rita_claim.note


def test_claim_create_refuses_a_direction_override_in_the_speaker(client_for, reviewer, sentences):
    response = client_for(reviewer).post(
        "/api/annotations/",
        {"sentence": sentences[0].pk, "label": "opinion", "attributed_to": "\u202enimajneB"},
        format="json",
    )
    _assert_refused(response, 400, "U+202E")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ('{"reviewer": "ri\\u0000ta", "label": "opinion"}', "NUL character"),
        ('{"reviewer": "\\udfff", "label": "opinion"}', "lone surrogate"),
        ('{"article": {"content_hash": "\\u0000"}}', "NUL character"),
        ('{"note": ' + DEEP + "}", "nested deeper"),
        ('{"revision": 1e400}', "outside the range"),
    ],
)
@pytest.mark.parametrize("media_type", ["application/x-ndjson", "application/json"])
def test_annotation_import_refuses_unstorable_records(
    client_for, admin_user, record, reason, media_type
):
    body = record if media_type != "application/json" else f"[{record}]"
    response = _post_raw(client_for(admin_user), "/api/annotations/import", body, media_type)
    assert response.status_code == 400
    assert reason in json.dumps(response.json())
    assert not Annotation.objects.exists()


def test_an_oversized_api_body_gets_413_with_the_limit(client_for, admin_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _post_raw(client_for(admin_user), "/api/articles/", '{"text": "%s"}' % ("x" * 2000))
    _assert_refused(response, 413, "at most 1,000 bytes")
    assert not Article.objects.exists()


def test_unknown_api_paths_answer_404_in_json(client_for, data_user):
    _assert_refused(client_for(data_user).get("/api/nothing/here"), 404, "/api/docs/")
    _assert_refused(Client().get("/api/articles/x/"), 404, "/api/docs/")


def test_wrong_methods_answer_405_in_json(client_for, data_user, admin_user):
    _assert_refused(client_for(admin_user).put("/api/articles/"), 405, "PUT")
    _assert_refused(client_for(data_user).delete("/api/export/annotations.csv"), 405)


def test_a_server_error_under_the_api_answers_500_in_json(client_for, data_user, monkeypatch):
    from annotations.api import views_articles

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views_articles.LabelSerializer, "to_representation", broken)
    client = client_for(data_user)
    client.raise_request_exception = False
    response = client.get("/api/labels/")
    _assert_refused(response, 500, "Something went wrong on our side")
    assert "boom" not in response.content.decode()


def test_a_query_string_with_nul_is_refused_in_json(client_for, admin_user):
    response = client_for(admin_user).get("/api/annotations/?reviewer=ri%00ta")
    _assert_refused(response, 400, "NUL", "“reviewer”")


def test_a_query_string_that_is_not_utf8_is_refused_with_its_position(client_for, admin_user):
    response = client_for(admin_user).get("/api/annotations/?reviewer=r%C3%FCta")
    _assert_refused(response, 400, "not valid UTF-8", "byte 0xc3 at position 1")


def test_ids_beyond_the_databases_range_answer_404_or_400_in_json(client_for, admin_user):
    huge = "9" * 30
    api = client_for(admin_user)
    for path in (f"/api/articles/{huge}/", f"/api/annotations/{huge}/"):
        _assert_refused(api.get(path), 404)
    _assert_refused(api.get("/api/annotations/", {"article": huge}), 400, "article")
    _assert_refused(
        api.post("/api/annotations/", {"sentence": int(huge), "label": "opinion"}, format="json"),
        400,
        "sentence",
    )
