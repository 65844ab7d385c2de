"""Who may open the team pages: one decorator shared by every team view."""

import functools
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from annotations.permissions import can_manage_team

View = Callable[..., HttpResponse]


def team_admin_required(view: View) -> View:
    """403 unless the user may manage the team; stack it below ``login_required``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_manage_team(request.user):
            raise PermissionDenied(_("Only admins can manage the team."))
        return view(request, *args, **kwargs)

    return wrapper
