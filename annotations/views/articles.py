"""The article pages: the list, one article in reading order, and the import form."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from annotations import permissions, services
from annotations.forms import ArticleImportForm, ArticleSearchForm
from annotations.request_types import AuthenticatedRequest
from annotations.selectors import articles as selectors
from annotations.services.bulk_import import BulkRecord
from annotations.services.jobs import import_job_create, suggest_job_create
from annotations.views.htmx_rendering import render_list_page

ARTICLES_PER_PAGE = 50


@require_GET
@login_required
def article_list(request: AuthenticatedRequest) -> HttpResponse:
    if permissions.is_curator(request.user) and not permissions.can_annotate(request.user):
        # A curator's work starts at the disagreement queue.
        return redirect("adjudication_queue")
    if not permissions.can_read_articles(request.user):
        raise PermissionDenied(_("Your account has no role yet. Ask an admin to give you one."))
    if not permissions.can_annotate(request.user):
        # Data users read through the API; their start page is the one made for that.
        return redirect("data_access")
    form = ArticleSearchForm(request.GET)
    filters: dict[str, Any] = (
        form.cleaned_data if form.is_valid() else {"q": "", "status": "", "assigned": False}
    )
    everything = permissions.is_admin(request.user) or selectors.reviewers_see_unassigned()
    articles = selectors.article_queue(
        reviewer=request.user,
        query=filters["q"],
        status=filters["status"],
        assigned_only=filters["assigned"],
        everything=everything,
    )
    context = {
        "form": form,
        "query": filters["q"],
        "can_import": permissions.can_import_articles(request.user),
        "everything": everything,
    }
    return render_list_page(
        request,
        "annotations/article_list.html",
        items=articles,
        per_page=ARTICLES_PER_PAGE,
        context=context,
    )


@require_http_methods(["GET", "POST"])
@login_required
def article_import(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_import_articles(request.user):
        raise PermissionDenied(_("Only staff can import articles."))
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        articles = form.cleaned_data["articles"]
        if len(articles) >= settings.IMPORT_QUEUE_MIN_ARTICLES:
            # Thousands of articles are stored by the workers; the admin follows the job.
            job = import_job_create(
                records=[BulkRecord(origin=name, data=data) for name, data in articles],
                created_by=request.user,
            )
            return redirect("job_detail", job_id=job.pk)
        created, duplicates = [], []
        for name, data in articles:
            outcome = services.article_import(data=data, imported_by=request.user)
            if outcome.created:
                created.append(outcome.article)
            else:
                duplicates.append((name, outcome.article))
        suggest_job_create(article_ids=[a.pk for a in created], created_by=request.user)
        if created:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)d article.", "Imported %(count)d articles.", len(created)
                )
                % {"count": len(created)},
            )
        for name, article in duplicates:
            messages.warning(
                request,
                _("%(name)s: already imported as “%(title)s”, nothing changed.")
                % {"name": name, "title": article},
            )
        if len(created) == 1 and not duplicates:
            return redirect("article_detail", article_id=created[0].pk)
        return redirect("article_list")
    status = 400 if form.is_bound else 200
    return render(request, "annotations/article_import.html", {"form": form}, status=status)
