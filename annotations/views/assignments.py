"""Team pages for assignments: the filtered list, bulk and balanced assigning, one article."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import services
from annotations.models import Article, Assignment
from annotations.request_types import AuthenticatedRequest
from annotations.selectors.assignments import (
    AssignmentProgress,
    articles_for_assignment,
    assignment_list,
    assignments_for_article,
    progress_of,
    with_progress,
)
from annotations.team_forms import (
    ArticleAssignForm,
    ArticlePickerForm,
    AssignmentDueForm,
    AssignmentFilterForm,
    AssignMode,
    BulkAssignForm,
    add_team_error,
)
from annotations.views.htmx_rendering import render_list_page, render_page
from annotations.views.team_access import team_admin_required

ASSIGNMENTS_PER_PAGE = 50
ARTICLES_PER_PAGE = 50


@require_GET
@login_required
@team_admin_required
def assignment_index(request: AuthenticatedRequest) -> HttpResponse:
    form = AssignmentFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    assignments = assignment_list(
        reviewer=filters.get("reviewer"),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
        due_before=filters.get("due_before"),
    )
    return render_list_page(
        request,
        "annotations/team/assignment_list.html",
        items=assignments,
        per_page=ASSIGNMENTS_PER_PAGE,
        context={"form": form, "rows_of": progress_of},
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_admin_required
def assignment_bulk(request: AuthenticatedRequest) -> HttpResponse:
    """Pick articles (ticked, or all matching a search) and reviewers, then assign."""
    picker = ArticlePickerForm(request.POST if request.method == "POST" else request.GET)
    picker.is_valid()
    query, unassigned = picker.cleaned_data.get("q", ""), picker.cleaned_data.get("unassigned")
    if request.method == "POST":
        form = BulkAssignForm(request.POST)
        if form.is_valid():
            response = _assign(request, form, query=query, unassigned=bool(unassigned))
            if response is not None:
                return response
    else:
        # The search button submits the whole form by GET; keep what was already chosen.
        form = BulkAssignForm(
            initial={
                "reviewers": request.GET.getlist("reviewers"),
                "mode": request.GET.get("mode", AssignMode.EVERYONE),
                "per_article": request.GET.get("per_article", 2),
                "due_on": request.GET.get("due_on"),
            }
        )
    articles = articles_for_assignment(query=query, unassigned_only=bool(unassigned))
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    chosen = request.POST.getlist("articles") or request.GET.getlist("articles")
    context = {
        "form": form,
        "picker": picker,
        "page": page,
        # The article search's pages; what else was chosen travels in the form, not the links.
        "page_query": urlencode({"q": query, **({"unassigned": "on"} if unassigned else {})}),
        "chosen": {value for value in chosen if value.isdigit()},
    }
    return render_page(
        request,
        "annotations/team/assignment_bulk.html",
        context,
        partial="picker" if request.method == "GET" else None,
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_admin_required
def article_assignments(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    """One article's assignment panel: who has it, how far they are, assign one more."""
    article = get_object_or_404(Article, pk=article_id)
    form = ArticleAssignForm(request.POST if request.method == "POST" else None, article=article)
    notice = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            reviewer = form.cleaned_data["reviewer"]
            try:
                services.assignment_create(
                    article=article,
                    reviewer=reviewer,
                    due_on=form.cleaned_data["due_on"],
                    actor=request.user,
                )
            except services.TeamError as error:
                add_team_error(form, error)
                status = 422
            else:
                notice = _("Assigned to %(user)s.") % {"user": reviewer.get_username()}
                if not request.htmx:
                    messages.success(request, notice)
                    return redirect(_next_url(request, article))
                form = ArticleAssignForm(article=article)
        else:
            status = 422
    return _article_panel(request, article, form=form, notice=notice, status=status)


@require_POST
@login_required
@team_admin_required
def assignment_delete(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    """Unassign; the reviewer's claims on the article stay."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("article", "reviewer"), pk=assignment_id
    )
    article = assignment.article
    services.assignment_delete(assignment=assignment, actor=request.user)
    notice = _("%(user)s is no longer assigned “%(article)s”.") % {
        "user": assignment.reviewer.get_username(),
        "article": article,
    }
    if request.htmx:
        if request.POST.get("panel") == "article":
            return _article_panel(request, article, notice=notice)
        # The list row disappears.
        return HttpResponse("")
    messages.success(request, notice)
    return redirect(_next_url(request, article))


@require_POST
@login_required
@team_admin_required
def assignment_due(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment, pk=assignment_id)
    form = AssignmentDueForm(request.POST)
    if form.is_valid():
        services.assignment_set_due(
            assignment=assignment, due_on=form.cleaned_data["due_on"], actor=request.user
        )
        if not request.htmx:
            messages.success(request, _("Due date saved."))
            return redirect(_next_url(request, assignment.article))
    elif not request.htmx:
        messages.error(request, _("Enter a valid date."))
        return redirect(_next_url(request, assignment.article))
    row = with_progress(
        Assignment.objects.select_related("article", "reviewer", "assigned_by").filter(
            pk=assignment.pk
        )
    )
    context = {"row": progress_of(row)[0], "due_form_errors": form.errors}
    return render(
        request,
        "annotations/team/assignment_list.html#row",
        context,
        status=200 if form.is_valid() else 422,
    )


def _assign(request: AuthenticatedRequest, form: BulkAssignForm, *, query: str, unassigned: bool):
    data = form.cleaned_data
    if data["all_matching"]:
        articles = list(articles_for_assignment(query=query, unassigned_only=unassigned))
    else:
        articles = list(data["articles"])
    reviewers = list(data["reviewers"])
    try:
        if data["mode"] == AssignMode.BALANCED:
            outcome = services.assignments_balance(
                articles=articles,
                reviewers=reviewers,
                per_article=data["per_article"],
                due_on=data["due_on"],
                actor=request.user,
            )
        else:
            outcome = services.assignment_create_bulk(
                articles=articles, reviewers=reviewers, due_on=data["due_on"], actor=request.user
            )
    except services.TeamError as error:
        add_team_error(form, error)
        return None
    created = len(outcome.created)
    message = ngettext("Made %(count)d assignment.", "Made %(count)d assignments.", created) % {
        "count": created
    }
    if outcome.already_assigned:
        message += " " + ngettext(
            "%(count)d already existed and was kept as it was.",
            "%(count)d already existed and were kept as they were.",
            outcome.already_assigned,
        ) % {"count": outcome.already_assigned}
    messages.success(request, message)
    return redirect("team_assignments")


def _article_panel(
    request: AuthenticatedRequest,
    article: Article,
    *,
    form: ArticleAssignForm | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    assignments: list[AssignmentProgress] = assignments_for_article(article=article)
    context = {
        "article": article,
        "assignments": assignments,
        "assign_form": form or ArticleAssignForm(article=article),
        "notice": notice,
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render_page(
        request,
        "annotations/team/article_assignments.html",
        context,
        htmx_template="annotations/team/_article_assignments.html",
        status=status,
    )


def _next_url(request: AuthenticatedRequest, article: Article) -> str:
    """Back to the page the plain form was posted from, if it is ours."""
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("team_article_assignments", kwargs={"article_id": article.pk})
