"""Team pages for labels: the ordered list, create, edit with guideline, reorder, deactivate."""

from typing import Literal, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import services
from annotations.models import Label
from annotations.request_types import AuthenticatedRequest
from annotations.selectors.team import labels_with_usage
from annotations.team_forms import LabelForm, add_team_error
from annotations.views.htmx_rendering import render_page
from annotations.views.team_access import team_admin_required


@require_GET
@login_required
@team_admin_required
def label_list(request: AuthenticatedRequest) -> HttpResponse:
    return _list(request)


@require_http_methods(["GET", "POST"])
@login_required
@team_admin_required
def label_create(request: AuthenticatedRequest) -> HttpResponse:
    form = LabelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            label = services.label_create(actor=request.user, **form.cleaned_data)
        except services.TeamError as error:
            add_team_error(form, error)
        else:
            messages.success(request, _("Label “%(label)s” added.") % {"label": label.shown_name})
            return redirect("team_labels")
    status = 422 if form.is_bound else 200
    return render(request, "annotations/team/label_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@team_admin_required
def label_edit(request: AuthenticatedRequest, label_id: int) -> HttpResponse:
    label = get_object_or_404(Label, pk=label_id)
    initial = {
        "name": label.name,
        "description": label.description,
        "shortcut": label.shortcut,
        "colour": label.colour,
        "suggestions_enabled": label.suggestions_enabled,
        "suggestions_after_review": label.suggestions_after_review,
    }
    form = LabelForm(
        request.POST if request.method == "POST" else None, initial=initial, label=label
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.label_update(label=label, actor=request.user, **form.cleaned_data)
        except services.TeamError as error:
            add_team_error(form, error)
        else:
            messages.success(request, _("Label “%(label)s” saved.") % {"label": label.shown_name})
            return redirect("team_labels")
    status = 422 if form.is_bound else 200
    context = {"form": form, "label": label}
    return render(request, "annotations/team/label_form.html", context, status=status)


@require_POST
@login_required
@team_admin_required
def label_move(request: AuthenticatedRequest, label_id: int) -> HttpResponse:
    label = get_object_or_404(Label, pk=label_id)
    direction = request.POST.get("direction")
    if direction == "up" or direction == "down":
        services.label_move(
            label=label, direction=cast(Literal["up", "down"], direction), actor=request.user
        )
        return _after(request, notice="")
    return _after(request, problem=_("Say whether to move the label up or down."))


@require_POST
@login_required
@team_admin_required
def label_active(request: AuthenticatedRequest, label_id: int) -> HttpResponse:
    """Deactivate (``active=0``) or reactivate (``active=1``) a label."""
    label = get_object_or_404(Label, pk=label_id)
    try:
        if request.POST.get("active") == "1":
            services.label_reactivate(label=label, actor=request.user)
            notice = _("“%(label)s” is offered to reviewers again.")
        else:
            services.label_deactivate(label=label, actor=request.user)
            notice = _("“%(label)s” is no longer offered to reviewers; existing claims keep it.")
    except services.TeamError as error:
        return _after(request, problem=str(error))
    return _after(request, notice=notice % {"label": label.shown_name})


@require_POST
@login_required
@team_admin_required
def label_delete(request: AuthenticatedRequest, label_id: int) -> HttpResponse:
    label = get_object_or_404(Label, pk=label_id)
    name = label.shown_name
    try:
        services.label_delete(label=label, actor=request.user)
    except services.TeamError as error:
        return _after(request, problem=str(error))
    return _after(request, notice=_("Label “%(label)s” deleted.") % {"label": name})


def _list(request: AuthenticatedRequest, *, status: int = 200, **extra) -> HttpResponse:
    context = {"labels": labels_with_usage(), **extra}
    return render_page(
        request, "annotations/team/label_list.html", context, partial="labels", status=status
    )


def _after(request: AuthenticatedRequest, *, notice: str = "", problem: str = "") -> HttpResponse:
    """htmx gets the refreshed list; a plain form post goes back to it (POST/redirect/GET)."""
    if request.htmx:
        return _list(request, status=422 if problem else 200, notice=notice, problem=problem)
    if problem:
        messages.error(request, problem)
    elif notice:
        messages.success(request, notice)
    return redirect("team_labels")
