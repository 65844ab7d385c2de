"""Every response carries the headers a current security scanner looks for."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/labels/", "/labels.css", "/nowhere/"])
def test_every_response_has_a_strict_csp_and_the_other_headers(client, path):
    response = client.get(path)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # no third-party origin
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_only_the_api_docs_allow_inline_styles_and_still_no_inline_script(client):
    policy = client.get(reverse("api_docs"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"


def test_the_label_stylesheet_colours_each_label_and_revalidates(client, labels):
    response = client.get(reverse("label_styles"))
    css = response.content.decode()
    opinion = labels["opinion"]
    assert f".label-colour-{opinion.pk} {{ --label: {opinion.colour}; }}" in css
    assert response["Cache-Control"] == "no-cache"
    again = client.get(reverse("label_styles"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
