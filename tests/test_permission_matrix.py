"""Who may open which page and do which action: every role against every team page, action and
Django admin page.

Each row of ROUTES names a URL, a method, the data it sends and the roles allowed; the test runs
it as every role and checks the outcome: allowed roles get through, logged-in others get 403 and
change nothing, anonymous visitors are sent to log in. API endpoints join as rows with
``kind="api"`` (anonymous gets 401/403 instead of a redirect).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import (
    ApiTokenEvent,
    Assignment,
    AssignmentEvent,
    GoldSentenceEvent,
    GoldSettingsEvent,
    LabelEvent,
    UserEvent,
    UserGroupEvent,
    UserPreferencesEvent,
    WorkspaceSettingsEvent,
)
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "data_user", "reviewer", "curator", "admin_user", "superuser")
ADMINS = frozenset({"admin_user", "superuser"})
CURATORS = ADMINS | {"curator"}
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class World:
    """What the routes act on; built fresh for every test."""

    article: Any
    subject: Any  # a reviewer without work, the target of actions on people
    unassigned: Any  # a reviewer not assigned the article
    label: Any
    assignment: Any
    token: Any


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict] = field(default=lambda world: {})
    allowed: frozenset[str] = ADMINS
    kind: str = "page"  # "page": the app's HTML pages; "admin": the Django admin; "api"
    success: frozenset[int] = frozenset({200, 201, 204, 302})


def page(name: str, *args: str) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[getattr(world, arg).pk for arg in args])


def admin_page(name: str, *args: str) -> Callable[[World], str]:
    return page(f"admin:{name}", *args)


def label_form(world: World) -> dict:
    return {"name": "Zahl", "description": "", "shortcut": "", "colour": "#123456"}


ROUTES = [
    # Team pages: reading
    Route("people", "GET", page("team_reviewers")),
    Route("person", "GET", page("team_reviewer_detail", "subject")),
    Route("person form", "GET", page("team_reviewer_create")),
    Route("assignments", "GET", page("team_assignments")),
    Route("bulk assignment form", "GET", page("team_assignments_create")),
    Route("article assignments", "GET", page("team_article_assignments", "article")),
    Route("labels", "GET", page("team_labels")),
    Route("label form", "GET", page("team_label_create")),
    Route("label", "GET", page("team_label_edit", "label")),
    Route("tokens", "GET", page("team_tokens")),
    Route("audit log", "GET", page("team_audit")),
    Route("settings", "GET", page("team_settings")),
    # Team pages: actions
    Route(
        "create person",
        "POST",
        page("team_reviewer_create"),
        lambda w: {"username": "newbie", "role": "Reviewer", "password_choice": "generate"},
    ),
    Route(
        "edit person",
        "POST",
        page("team_reviewer_detail", "subject"),
        lambda w: {"first_name": "X", "last_name": "", "email": "", "language": "de"},
    ),
    Route(
        "change role",
        "POST",
        page("team_reviewer_role", "subject"),
        lambda w: {"role": "Data user"},
    ),
    Route("deactivate", "POST", page("team_reviewer_active", "subject"), lambda w: {"active": "0"}),
    Route(
        "reset password",
        "POST",
        page("team_reviewer_password", "subject"),
        lambda w: {"password_choice": "generate"},
    ),
    Route("unlock", "POST", page("team_reviewer_unlock", "subject")),
    Route("delete person", "POST", page("team_reviewer_delete", "subject")),
    Route(
        "assign in bulk",
        "POST",
        page("team_assignments_create"),
        lambda w: {"articles": [w.article.pk], "reviewers": [w.subject.pk], "mode": "everyone"},
    ),
    Route(
        "assign one",
        "POST",
        page("team_article_assignments", "article"),
        lambda w: {"reviewer": w.unassigned.pk},
    ),
    Route("unassign", "POST", page("team_assignment_delete", "assignment")),
    Route(
        "change due date",
        "POST",
        page("team_assignment_due", "assignment"),
        lambda w: {"due_on": "2040-01-01"},
    ),
    Route("create label", "POST", page("team_label_create"), label_form),
    Route("edit label", "POST", page("team_label_edit", "label"), label_form),
    Route("move label", "POST", page("team_label_move", "label"), lambda w: {"direction": "up"}),
    Route(
        "deactivate label", "POST", page("team_label_active", "label"), lambda w: {"active": "0"}
    ),
    Route("delete label", "POST", page("team_label_delete", "label")),
    Route(
        "create token",
        "POST",
        page("team_tokens"),
        lambda w: {"user": w.subject.pk, "name": "Export"},
    ),
    Route("revoke token", "POST", page("team_token_revoke", "token")),
    Route("change settings", "POST", page("team_settings"), lambda w: {"x": "1"}),
    # The invitation link is public: the link itself is the credential (this one is invalid).
    Route(
        "set password by link",
        "GET",
        lambda w: reverse("team_set_password", args=["MQ", "not-a-token"]),
        allowed=EVERYONE,
        success=frozenset({400}),
    ),
    # Agreement and gold
    Route(
        "agreement api",
        "GET",
        lambda w: "/api/agreement/?bootstrap=0",
        allowed=CURATORS | {"data_user"},
        kind="api",
    ),
    Route(
        "gold export",
        "GET",
        lambda w: "/api/export/gold.jsonl",
        allowed=CURATORS | {"data_user"},
        kind="api",
    ),
    Route("agreement page", "GET", page("agreement"), allowed=CURATORS),
    Route("disagreement queue", "GET", page("adjudication_queue"), allowed=CURATORS),
    Route(
        "adjudication workspace", "GET", page("adjudication_article", "article"), allowed=CURATORS
    ),
    Route(
        "decide gold",
        "POST",
        lambda w: reverse("adjudication_decide", args=[w.article.sentences.first().pk]),
        lambda w: {"action": "no_claim"},
        allowed=CURATORS,
    ),
    # Reviewers compare their claims with gold only where admins allow it (off by default).
    Route("gold next to one's claims", "GET", page("article_gold", "article"), allowed=CURATORS),
    Route("pre-merge settings", "GET", page("gold_settings")),
    Route(
        "change pre-merge settings",
        "POST",
        page("gold_settings"),
        lambda w: {"reviewers_required": "2", "rule": "majority"},
    ),
    # Django admin
    Route("admin index", "GET", admin_page("index"), kind="admin"),
    Route("admin users", "GET", admin_page("auth_user_changelist"), kind="admin"),
    Route("admin user", "GET", admin_page("auth_user_change", "subject"), kind="admin"),
    Route("admin labels", "GET", admin_page("annotations_label_changelist"), kind="admin"),
    Route(
        "admin assignments", "GET", admin_page("annotations_assignment_changelist"), kind="admin"
    ),
    Route("admin tokens", "GET", admin_page("annotations_apitoken_changelist"), kind="admin"),
    Route(
        "admin settings",
        "GET",
        admin_page("annotations_workspacesettings_changelist"),
        kind="admin",
    ),
    Route(
        "admin deactivate",
        "POST",
        admin_page("auth_user_changelist"),
        lambda w: {"action": "deactivate_users", "_selected_action": [w.subject.pk]},
        kind="admin",
    ),
]

AUDITED = (
    GoldSentenceEvent,
    GoldSettingsEvent,
    UserEvent,
    UserGroupEvent,
    UserPreferencesEvent,
    AssignmentEvent,
    LabelEvent,
    ApiTokenEvent,
    WorkspaceSettingsEvent,
)


def history_size() -> int:
    return sum(model.objects.count() for model in AUDITED)


@pytest.fixture
def world(admin_user, article, django_user_model, password) -> World:
    from tests.conftest import make_user

    subject = make_user(django_user_model, "sonja", password, "Reviewer")
    services.assignment_create(article=article, reviewer=subject, actor=admin_user)
    return World(
        article=article,
        subject=subject,
        unassigned=make_user(django_user_model, "fritz", password, "Reviewer"),
        label=services.label_create(name="Unbenutzt", actor=admin_user),
        assignment=Assignment.objects.get(article=article, reviewer=subject),
        token=services.token_create(user=subject, name="Export", actor=admin_user).token,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_permission_matrix(client, request, world, route: Route, role: str):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = route.url(world)
    before = history_size()
    response = getattr(client, route.method.lower())(url, route.data(world))

    if role in route.allowed:
        assert response.status_code in route.success, response.status_code
        if response.status_code == 302:
            assert "login" not in response["Location"]
        return
    if role == "anonymous":
        if route.kind == "api":
            assert response.status_code in (401, 403)
        else:
            login = reverse("admin:login") if route.kind == "admin" else reverse("login")
            assert response.status_code == 302
            assert response["Location"].startswith(login)
    elif route.kind == "admin":
        # Django admin sends logged-in people without staff status to its own login page.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403
    assert history_size() == before, "a refused request changed something"
