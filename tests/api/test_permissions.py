"""Who may do what through the API: every endpoint against every kind of caller."""

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

EXPORTS = (
    "annotations.jsonl",
    "annotations.csv",
    "annotations.w3c.jsonld",
    "sentences.jsonl",
)

# (action, method, path, body); {article}, {sentence} and {claim} are filled in per test.
ACTIONS: dict[str, tuple[str, str, Any]] = {
    "list articles": ("get", "/api/articles/", None),
    "read article": ("get", "/api/articles/{article}/", None),
    "import article": ("post", "/api/articles/", {"text": "Ein ganz neuer Text."}),
    "list labels": ("get", "/api/labels/", None),
    "list annotations": ("get", "/api/annotations/", None),
    "make claim": ("post", "/api/annotations/", {"sentence": "{sentence}", "label": "opinion"}),
    "read rita's claim": ("get", "/api/annotations/{claim}/", None),
    "change rita's claim": ("patch", "/api/annotations/{claim}/", {"note": "geändert"}),
    "delete rita's claim": ("delete", "/api/annotations/{claim}/", None),
    "import claims": ("post", "/api/annotations/import", []),
    **{f"export {name}": ("get", f"/api/export/{name}", None) for name in EXPORTS},
}

EVERYTHING_REFUSED = {
    "anonymous": 401,
    "outsider": 403,
    "inactive user's token": 401,
    "revoked token": 401,
}
ALLOWED = {
    "reviewer": {
        "list articles": 200,
        "read article": 200,
        "import article": 403,
        "list labels": 200,
        "list annotations": 200,
        "make claim": 201,
        "read rita's claim": 200,
        "change rita's claim": 200,
        "delete rita's claim": 204,
        "import claims": 403,
        **{f"export {name}": 403 for name in EXPORTS},
    },
    "other reviewer": {
        "list articles": 200,
        "read article": 200,
        "import article": 403,
        "list labels": 200,
        "list annotations": 200,
        "make claim": 201,
        "read rita's claim": 404,
        "change rita's claim": 404,
        "delete rita's claim": 404,
        "import claims": 403,
        **{f"export {name}": 403 for name in EXPORTS},
    },
    "data user": {
        "list articles": 200,
        "read article": 200,
        "import article": 403,
        "list labels": 200,
        "list annotations": 200,
        "make claim": 403,
        "read rita's claim": 200,
        "change rita's claim": 403,
        "delete rita's claim": 403,
        "import claims": 403,
        **{f"export {name}": 200 for name in EXPORTS},
    },
    "admin": {
        "list articles": 200,
        "read article": 200,
        "import article": 201,
        "list labels": 200,
        "list annotations": 200,
        "make claim": 201,
        "read rita's claim": 200,
        "change rita's claim": 403,
        "delete rita's claim": 403,
        # Passed the permission check; an empty array has no records to import.
        "import claims": 400,
        **{f"export {name}": 200 for name in EXPORTS},
    },
}
MATRIX = [
    (caller, action, status) for caller, status in EVERYTHING_REFUSED.items() for action in ACTIONS
] + [(caller, action, status) for caller, row in ALLOWED.items() for action, status in row.items()]


def test_matrix_covers_every_action_for_every_caller():
    for row in ALLOWED.values():
        assert set(row) == set(ACTIONS)


@pytest.fixture
def caller_client(request, client_for, reviewer, admin_user):
    def make(caller: str) -> APIClient:
        if caller == "anonymous":
            return APIClient()
        if caller == "outsider":
            # The token service refuses tokens for people without a role; they log in instead.
            client = APIClient()
            client.force_login(request.getfixturevalue("outsider"))
            return client
        if caller == "inactive user's token":
            from annotations.services import reviewer_deactivate

            client = client_for(reviewer)
            reviewer_deactivate(user=reviewer, actor=admin_user)
            return client
        if caller == "revoked token":
            from annotations.models import ApiToken
            from annotations.services import token_revoke

            data_user = request.getfixturevalue("data_user")
            client = client_for(data_user)
            token_revoke(token=ApiToken.objects.get(user=data_user), actor=admin_user)
            return client
        fixture = {
            "reviewer": "reviewer",
            "other reviewer": "other_reviewer",
            "data user": "data_user",
            "admin": "admin_user",
        }[caller]
        return client_for(request.getfixturevalue(fixture))

    return make


@pytest.mark.parametrize(("caller", "action", "expected"), MATRIX)
def test_api_answers_each_caller_by_role(
    caller_client, article, sentences, rita_claim, caller, action, expected
):
    method, path, body = ACTIONS[action]
    values = {"article": article.pk, "sentence": sentences[2].pk, "claim": rita_claim.pk}
    path = path.format(**values)
    if isinstance(body, dict):
        body = {k: v.format(**values) if isinstance(v, str) else v for k, v in body.items()}
        body = {k: int(v) if k == "sentence" else v for k, v in body.items()}
    response = getattr(caller_client(caller), method)(path, body, format="json")
    if response.streaming:
        b"".join(response.streaming_content)  # finishes the export's COPY
    assert response.status_code == expected, getattr(response, "data", response)
    if expected in (401, 403):
        assert response.json()["detail"]


def test_refusal_names_the_role_an_export_needs(client_for, reviewer):
    response = client_for(reviewer).get("/api/export/annotations.jsonl")
    assert response.status_code == 403
    assert response.json() == {"detail": "Exports need the Admin or Data user role."}


def test_revoked_token_is_told_so(client_for, data_user, admin_user):
    from annotations.models import ApiToken
    from annotations.services import token_revoke

    client = client_for(data_user)
    token_revoke(token=ApiToken.objects.get(user=data_user), actor=admin_user)
    response = client.get("/api/labels/")
    assert response.status_code == 401
    assert response.json() == {"detail": "This token has been revoked."}
    assert response["WWW-Authenticate"] == "Token"


def test_unknown_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get("/api/labels/").status_code == 401


def test_session_login_works_for_reads_in_the_browser(data_user):
    client = APIClient()
    client.force_login(data_user)
    assert client.get("/api/labels/").status_code == 200


def test_session_writes_need_the_csrf_token(reviewer, sentences):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(
        "/api/annotations/", {"sentence": sentences[0].pk, "label": "opinion"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_reviewer_cannot_read_or_claim_in_an_unassigned_article_when_the_workspace_forbids(
    client_for, reviewer, admin_user, article, sentences
):
    from annotations.services import workspace_settings_update

    workspace_settings_update(actor=admin_user, reviewers_may_open_unassigned=False)
    client = client_for(reviewer)
    assert client.get("/api/articles/").json()["results"] == []
    assert client.get(f"/api/articles/{article.pk}/").status_code == 404
    response = client.post(
        "/api/annotations/", {"sentence": sentences[0].pk, "label": "opinion"}, format="json"
    )
    assert response.status_code == 403
    assert "not open to you" in response.json()["detail"]


def test_reviewer_reads_and_claims_in_an_assigned_article_when_the_workspace_restricts(
    client_for, reviewer, admin_user, article, sentences
):
    from annotations.services import assignment_create, workspace_settings_update

    workspace_settings_update(actor=admin_user, reviewers_may_open_unassigned=False)
    assignment_create(article=article, reviewer=reviewer, actor=admin_user)
    client = client_for(reviewer)
    assert [a["id"] for a in client.get("/api/articles/").json()["results"]] == [article.pk]
    assert client.get(f"/api/articles/{article.pk}/").status_code == 200
    response = client.post(
        "/api/annotations/", {"sentence": sentences[0].pk, "label": "opinion"}, format="json"
    )
    assert response.status_code == 201


def test_reviewer_cannot_change_or_delete_a_claim_once_the_article_is_closed_to_them(
    client_for, reviewer, admin_user, rita_claim
):
    from annotations.models import Annotation
    from annotations.services import workspace_settings_update

    workspace_settings_update(actor=admin_user, reviewers_may_open_unassigned=False)
    client = client_for(reviewer)
    url = f"/api/annotations/{rita_claim.pk}/"
    patched = client.patch(url, {"note": "später geändert"}, format="json")
    assert patched.status_code == 403
    assert "not open to you" in patched.json()["detail"]
    assert client.delete(url).status_code == 403
    stored = Annotation.objects.get(pk=rita_claim.pk)
    assert (stored.note, stored.revision) == (rita_claim.note, rita_claim.revision)


def test_reviewer_filter_answers_alike_for_existing_and_made_up_names(
    client_for, reviewer, rita_claim, otto_claim
):
    client = client_for(reviewer)
    existing = client.get("/api/annotations/", {"reviewer": "otto"})
    made_up = client.get("/api/annotations/", {"reviewer": "nobody-here"})
    assert existing.status_code == made_up.status_code == 400
    assert existing.json() == made_up.json()
    own = client.get("/api/annotations/", {"reviewer": "rita"}).json()["results"]
    assert [claim["id"] for claim in own] == [rita_claim.pk]
