"""Forms fuzzed with hypothesis: whatever bytes or text a client posts, the answer is a page
with a reason (2xx, 3xx or 4xx), never a server error, and refused input stores nothing."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.models import Annotation, Article, Label

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
# Raw bytes (invalid UTF-8, NUL, anything) and text with the classes that used to break things.
values = st.one_of(
    st.binary(max_size=40),
    st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"\x00", b"\xed\xa0\x80", b"1e400", b"[" * 5000, b"\xe2\x80\xae", b"abc"]),
)


def _post(client, path: str, fields: dict[str, bytes], htmx: bool):
    body = "&".join(f"{name}={quote_from_bytes(value)}" for name, value in fields.items())
    headers = {"HX-Request": "true"} if htmx else {}
    return client.generic(
        "POST", path, body, content_type="application/x-www-form-urlencoded", headers=headers
    )


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


@FUZZ
@given(title=values, text=values, url=values, htmx=st.booleans())
def test_the_import_form_never_fails(staff, title, text, url, htmx):
    before = Article.objects.count()
    response = _post(
        staff,
        "/articles/import/",
        {"title": title, "text": text, "url": url, "language": b"de"},
        htmx,
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert Article.objects.count() == before


@FUZZ
@given(spans=values, note=values, speaker=values, label=values, htmx=st.booleans())
def test_the_claim_form_never_fails(staff, article, spans, note, speaker, label, htmx):
    sentence = article.sentences.first()
    before = Annotation.objects.count()
    response = _post(
        staff,
        f"/sentences/{sentence.pk}/claims/",
        {"label": label, "spans": spans, "note": note, "attributed_to": speaker},
        htmx,
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert Annotation.objects.count() == before


@FUZZ
@given(name=values, shortcut=values, colour=values, description=values)
def test_the_label_form_never_fails(staff, name, shortcut, colour, description):
    before = Label.objects.count()
    response = _post(
        staff,
        "/team/labels/new/",
        {"name": name, "shortcut": shortcut, "colour": colour, "description": description},
        False,
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert Label.objects.count() == before


@FUZZ
@given(username=values, first=values, email=values, password=values)
def test_the_new_person_form_never_fails(staff, username, first, email, password):
    response = _post(
        staff,
        "/team/reviewers/new/",
        {
            "username": username,
            "first_name": first,
            "email": email,
            "role": b"Reviewer",
            "password_choice": b"set",
            "password": password,
        },
        False,
    )
    assert response.status_code < 500


@FUZZ
@given(query=values)
def test_query_strings_never_fail(staff, query):
    encoded = quote_from_bytes(query)
    for path in ("/", "/team/", "/team/audit/", "/admin/annotations/label/", "/api/annotations/"):
        assert staff.get(f"{path}?q={encoded}&reviewer={encoded}").status_code < 500
