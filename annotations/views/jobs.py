"""Background jobs for admins: recent imports and suggestion runs, and one job's live progress."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from annotations import permissions
from annotations.models import BackgroundJob
from annotations.request_types import AuthenticatedRequest
from annotations.selectors.jobs import job_errors, jobs_recent
from annotations.views.htmx_rendering import render_page


def _check(request: AuthenticatedRequest) -> None:
    if not permissions.can_import_articles(request.user):
        raise PermissionDenied(_("Only admins can follow background jobs."))


@require_GET
@login_required
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    _check(request)
    return render(request, "annotations/jobs.html", {"jobs": jobs_recent()})


@require_GET
@login_required
@vary_on_headers("HX-Request")
def job_detail(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """The page polls its progress partial every second (htmx) until the job is finished."""
    _check(request)
    job = get_object_or_404(BackgroundJob.objects.select_related("created_by"), pk=job_id)
    context = {"job": job, "errors": job_errors(job=job)}
    return render_page(request, "annotations/job_detail.html", context, partial="progress")
