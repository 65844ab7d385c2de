"""Team page for the workspace settings admins control."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from annotations import services
from annotations.models import WorkspaceSettings
from annotations.request_types import AuthenticatedRequest
from annotations.team_forms import WorkspaceSettingsForm
from annotations.views.htmx_rendering import render_page
from annotations.views.team_access import team_admin_required


@require_http_methods(["GET", "POST"])
@login_required
@team_admin_required
def workspace_settings(request: AuthenticatedRequest) -> HttpResponse:
    current = WorkspaceSettings.load()
    initial = {"reviewers_may_open_unassigned": current.reviewers_may_open_unassigned}
    form = WorkspaceSettingsForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    notice = ""
    if request.method == "POST" and form.is_valid():
        services.workspace_settings_update(actor=request.user, **form.cleaned_data)
        notice = _("Settings saved.")
        if not request.htmx:
            messages.success(request, notice)
            return redirect("team_settings")
    return render_page(
        request,
        "annotations/team/settings.html",
        {"form": form, "notice": notice},
        partial="settings-form",
        status=422 if form.is_bound and form.errors else 200,
    )
