"""Template context shared by every page: what the current user may do, for the navigation."""

from django.http import HttpRequest

from annotations import permissions


def user_roles(request: HttpRequest) -> dict:
    user = request.user
    return {
        "user_can": {
            "manage_team": permissions.can_manage_team(user),
            "import_articles": permissions.can_import_articles(user),
            "export": permissions.can_export(user),
            "annotate": permissions.can_annotate(user),
            "adjudicate": permissions.can_adjudicate(user),
        }
    }
