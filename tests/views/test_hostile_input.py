"""The HTML pages refuse what cannot be stored as sent: a page with the reason, nothing saved.

Django itself would store invalid UTF-8 as U+FFFD, fail in PostgreSQL on NUL (a 500), and show
its raw "request data too big" page for large bodies.
"""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, Article
from annotations.services import annotation_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _form_post(client, path: str, body: bytes):
    return client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")


def test_a_form_field_that_is_not_utf8_is_refused_with_its_position(admin_client):
    body = b"text=" + quote(b"Gr\xfc\xdfe aus K\xf6ln. Zweiter Satz.").encode() + b"&language=de"
    response = _form_post(admin_client, reverse("article_import"), body)
    html = response.content.decode()
    assert response.status_code == 400
    assert "“text” is not valid UTF-8: byte 0xfc at position 2" in html
    assert not Article.objects.exists()


def test_a_multipart_field_that_is_not_utf8_is_refused(admin_client):
    boundary = "XyZ"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="language"\r\n\r\nde\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
        ).encode()
        + b"K\xf6ln\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    response = admin_client.generic(
        "POST",
        reverse("article_import"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert "“title” is not valid UTF-8: byte 0xf6 at position 1" in response.content.decode()


def test_nul_in_a_query_string_is_refused_not_a_server_error(admin_client):
    for path in ("/admin/annotations/label/?q=%00", "/team/reviewers/?q=a%00", "/?q=%00"):
        response = admin_client.get(path)
        assert response.status_code == 400, path
        assert "NUL character (U+0000)" in response.content.decode()


def test_a_body_over_the_limit_gets_413_with_the_limit(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = admin_client.post(
        reverse("article_import"), {"text": "Satz. " * 5000, "language": "de"}
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert "at most 10,000 bytes" in html
    assert "<h1>Too large</h1>" in html
    assert not Article.objects.exists()


def test_three_megabytes_pasted_get_the_import_limit_as_a_form_error(admin_client):
    response = admin_client.post(
        reverse("article_import"), {"text": "Ein Satz. " * 300_000, "language": "de"}
    )
    assert response.status_code == 400
    assert "more than the limit of 2.0 MB" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("url", 'https://example.org/"onmouseover="alert(1)', "quotes"),
        ("url", "https://x/ a", "not an http(s) URL"),
        ("title", "Rechnung\u202etxt.exe", "U+202E"),
        ("source", "a\u2067b", "U+2067"),
    ],
)
def test_import_form_refuses_spoofing_titles_and_unsafe_urls(admin_client, field, value, reason):
    response = admin_client.post(
        reverse("article_import"), {"text": "Ein Satz.", "language": "de", field: value}
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Article.objects.exists()


def test_import_file_with_nul_or_infinite_metadata_is_refused(admin_client):
    upload = SimpleUploadedFile(
        "a.jsonl", b'{"text": "Satz eins."}\n{"text": "Satz.", "metadata": {"n": 1e400}}\n'
    )
    nul = SimpleUploadedFile("b.txt", b"Ein Satz\x00 mit NUL.")
    response = admin_client.post(
        reverse("article_import"), {"language": "de", "files": [upload, nul]}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "a.jsonl: line 2 has the number 1e400, outside the range of a double" in html
    assert "b.txt: the text contains the NUL character (U+0000) at character 8" in html
    assert not Article.objects.exists()


def test_deleting_with_a_revision_that_is_not_a_number_deletes_nothing(
    client, reviewer, article, labels
):
    sentence = article.sentences.first()
    claim = annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_delete", args=[claim.annotation.pk]),
        {"revision": "abc"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "revision is not a whole number" in response.content.decode()
    assert Annotation.objects.filter(pk=claim.annotation.pk).exists()


def test_spans_nested_deeply_are_a_form_error(client, reviewer, article):
    sentence = article.sentences.first()
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_create", args=[sentence.pk]),
        {"label": "opinion", "spans": "[" * 100_000 + "]" * 100_000},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "nested deeper than 64 levels" in response.content.decode()
    assert not Annotation.objects.exists()


def test_admin_article_form_refuses_infinite_and_deep_metadata(admin_client, article):
    path = reverse("admin:annotations_article_change", args=[article.pk])
    fields = {"title": article.title, "source": "", "url": "", "author": "", "language": "de"}
    for metadata, reason in [
        ('{"n": 1e400}', "outside the range of a double"),
        ("[" * 100_000 + "]" * 100_000, "nested deeper"),
        ('{"a": "\\u0000"}', "NUL"),
    ]:
        response = admin_client.post(path, {**fields, "metadata": metadata})
        assert response.status_code == 200
        assert reason in response.content.decode()
    article.refresh_from_db()
    assert article.metadata == {}


def test_the_csrf_failure_page_says_what_to_do(reviewer, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(reverse("claim_create", args=[article.sentences.first().pk]), {})
    assert response.status_code == 403
    assert "security token (CSRF)" in response.content.decode()


def test_ids_beyond_the_databases_range_are_not_found_not_server_errors(admin_client):
    huge = "9" * 30
    for path in (f"/articles/{huge}/", f"/team/reviewers/{huge}/", f"/sentences/{huge}/history/"):
        assert admin_client.get(path).status_code == 404, path
