"""Template context shared by every page: what the current user may do, for the navigation."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from annotations import permissions


def user_roles(request: HttpRequest) -> dict:
    # Error pages render for requests refused before AuthenticationMiddleware ran.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "user_can": {
            "manage_team": permissions.can_manage_team(user),
            "import_articles": permissions.can_import_articles(user),
            "export": permissions.can_export(user),
            "annotate": permissions.can_annotate(user),
        }
    }
