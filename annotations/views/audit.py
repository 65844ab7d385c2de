"""Team page for the audit log: who changed which person, role, assignment, label or token."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from annotations.request_types import AuthenticatedRequest
from annotations.selectors.audit import audit_entries, audit_events
from annotations.team_forms import AuditFilterForm
from annotations.views.htmx_rendering import render_list_page
from annotations.views.team_access import team_admin_required

ENTRIES_PER_PAGE = 50


@require_GET
@login_required
@team_admin_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    actor, subject = filters.get("actor"), filters.get("subject")
    events = audit_events(
        kind=filters.get("kind", ""),
        actor_id=actor.pk if actor else None,
        subject_id=subject.pk if subject else None,
    )
    return render_list_page(
        request,
        "annotations/team/audit.html",
        items=events,
        per_page=ENTRIES_PER_PAGE,
        context={"form": form, "rows_of": audit_entries},
    )
