"""The annotation workspace: an article's sentences, labelled by keyboard or mouse via htmx.

Every action is a POST that works as a plain form (redirect back to the sentence) and, under
htmx, answers with the updated sentence partial and the progress counter out of band.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget

from annotations import permissions, services
from annotations.forms import BoundaryForm, ClaimDeleteForm, ClaimEditForm, ClaimForm
from annotations.models import Annotation, Article, GoldSettings, Label, Sentence
from annotations.request_types import AuthenticatedRequest
from annotations.selectors import workspace as selectors
from annotations.selectors.history import sentence_history
from annotations.services.segmentation_fixes import (
    SegmentationFixError,
    sentence_merge_with_next,
    sentence_split,
)
from annotations.services.undo import UndoConflict, action_undo, workspace_action
from annotations.views.htmx_rendering import render_page, toast_only, with_toast

TEMPLATE = "annotations/workspace.html"
SHOWN_REVIEWERS = "workspace_shown_reviewers"


@require_GET
@login_required
def article_workspace(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    _check_article(request, article)
    staff = permissions.can_see_all_reviewers(request.user)
    candidates = selectors.reviewers_with_work(article=article) if staff else []
    others = _shown_reviewers(request, article, candidates=candidates, update=True)
    context = {
        "article": article,
        **_body(request, article, others, upto=_shown_upto(request)),
        "labels": _labels(request),
        "others": others,
        "staff": staff,
        "all_reviewers": candidates,
        "can_fix": permissions.can_fix_segmentation(request.user),
        # Where admins allow it, reviewers learn from the gold of sentences they reviewed.
        "gold_compare": permissions.can_see_gold_as_reviewer(request.user, GoldSettings.load()),
    }
    return render(request, TEMPLATE, context)


@require_GET
@login_required
def article_chunk(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    """The next chunk of a long article's sentences, loaded as the reviewer reaches its end."""
    article = get_object_or_404(Article, pk=article_id)
    _check_article(request, article)
    start = _whole_number(request.GET.get("start"))
    if start is None:
        return HttpResponseBadRequest(_("'start' must be a sentence position (0, 1, 2, ...)."))
    others = _shown_reviewers(request, article)
    stop = start + selectors.CHUNK_SIZE
    context = {
        "article": article,
        "paragraphs": selectors.workspace_rows(
            article=article, viewer=request.user, others=others, start=start, stop=stop
        ),
        **_next_chunk(article, stop, Sentence.objects.filter(article=article).count()),
        "labels": _labels(request),
        "others": others,
        "can_fix": permissions.can_fix_segmentation(request.user),
    }
    return render(request, TEMPLATE + "#article-chunk", context)


def _body(request: HttpRequest, article: Article, others, *, upto: int) -> dict:
    """Context for the article body: sentences up to ``upto`` (whole chunks), and progress."""
    progress = selectors.article_progress(article=article, viewer=request.user)
    stop = -(-max(upto, 1) // selectors.CHUNK_SIZE) * selectors.CHUNK_SIZE
    paragraphs = selectors.workspace_rows(
        article=article, viewer=request.user, others=others, stop=stop
    )
    return {
        "paragraphs": paragraphs,
        "progress": progress,
        **_next_chunk(article, stop, progress.total),
    }


def _next_chunk(article: Article, stop: int, total: int) -> dict:
    if stop >= total:
        return {"next_chunk_url": "", "show_more_url": ""}
    chunk_url = reverse("article_chunk", args=[article.pk])
    page_url = reverse("article_detail", args=[article.pk])
    return {
        "next_chunk_url": f"{chunk_url}?start={stop}",
        "show_more_url": f"{page_url}?upto={stop + selectors.CHUNK_SIZE}#s{stop}",
    }


def _shown_upto(request: HttpRequest) -> int:
    """How many sentences the page opens with: one chunk, or enough to show the focus."""
    focus = _whole_number(request.GET.get("focus"))
    upto = _whole_number(request.GET.get("upto"))
    return max(selectors.CHUNK_SIZE, (focus or 0) + 1, upto or 0)


def _whole_number(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


@require_GET
@login_required
def next_unreviewed(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    """Jump to the reviewer's first sentence without a claim or "no claim" mark."""
    article = get_object_or_404(Article, pk=article_id)
    _check_article(request, article)
    position = selectors.first_unreviewed_position(article=article, reviewer=request.user)
    url = reverse("article_detail", args=[article.pk])
    if position is None:
        messages.info(request, _("You have reviewed every sentence of this article."))
        return redirect(url)
    return redirect(f"{url}?focus={position}#s{position}")


@require_GET
@login_required
def sentence_detail(request: AuthenticatedRequest, sentence_id: int) -> HttpResponse:
    sentence = _sentence(request, sentence_id)
    return _sentence_response(request, sentence)


@require_POST
@login_required
def claim_create(request: AuthenticatedRequest, sentence_id: int) -> HttpResponse:
    sentence = _sentence(request, sentence_id)
    form = ClaimForm(request.POST, labels=_labels(request))
    if not form.is_valid():
        return _sentence_response(request, sentence, error=_form_error(form), status=422)
    try:
        with workspace_action(
            "claim.create", article_id=sentence.article_id, reviewer=request.user
        ):
            services.annotation_create(
                sentence=sentence, reviewer=request.user, **form.cleaned_data
            )
    except services.ClaimError as error:
        return _sentence_response(request, sentence, error=str(error), status=422)
    return _sentence_response(request, sentence)


@require_POST
@login_required
def no_claim_mark(request: AuthenticatedRequest, sentence_id: int) -> HttpResponse:
    sentence = _sentence(request, sentence_id)
    try:
        with workspace_action(
            "no_claim.mark", article_id=sentence.article_id, reviewer=request.user
        ):
            services.sentence_mark_no_claim(sentence=sentence, reviewer=request.user)
    except services.ClaimError as error:
        return _sentence_response(request, sentence, error=str(error), status=422)
    return _sentence_response(request, sentence)


@require_POST
@login_required
def no_claim_unmark(request: AuthenticatedRequest, sentence_id: int) -> HttpResponse:
    sentence = _sentence(request, sentence_id)
    with workspace_action("no_claim.unmark", article_id=sentence.article_id, reviewer=request.user):
        services.sentence_unmark_no_claim(sentence=sentence, reviewer=request.user)
    return _sentence_response(request, sentence)


@login_required
def claim_edit(request: AuthenticatedRequest, claim_id: int) -> HttpResponse:
    claim = _own_claim(request, claim_id)
    if request.method == "GET":
        form = ClaimEditForm(
            labels=_labels(request),
            initial={
                "label": claim.label.slug,
                "attributed_to": claim.attributed_to,
                "note": claim.note,
                "revision": claim.revision,
            },
        )
        return _edit_response(request, claim, form)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    form = ClaimEditForm(request.POST, labels=_labels(request))
    if not form.is_valid():
        return _edit_response(request, claim, form, status=422)
    data = form.cleaned_data
    try:
        with workspace_action(
            "claim.update", article_id=claim.sentence.article_id, reviewer=request.user
        ):
            services.annotation_update(
                annotation=claim,
                expected_revision=data["revision"],
                label=data["label"],
                attributed_to=data["attributed_to"],
                note=data["note"],
            )
    except services.StaleEdit as conflict:
        return _sentence_response(request, claim.sentence, error=str(conflict), status=409)
    except services.ClaimError as error:
        return _edit_response(request, claim, form, error=str(error), status=422)
    return _sentence_response(request, claim.sentence)


@require_POST
@login_required
def claim_delete(request: AuthenticatedRequest, claim_id: int) -> HttpResponse:
    claim = _own_claim(request, claim_id)
    form = ClaimDeleteForm(request.POST)
    if not form.is_valid():
        # A revision that is not a number must not turn into "delete whatever is there".
        error = _("The claim's revision is not a whole number; reload the page and try again.")
        return _sentence_response(request, claim.sentence, error=error, status=422)
    revision = form.cleaned_data.get("revision")
    try:
        with workspace_action(
            "claim.delete", article_id=claim.sentence.article_id, reviewer=request.user
        ):
            services.annotation_delete(annotation=claim, expected_revision=revision)
    except services.StaleEdit as conflict:
        return _sentence_response(request, claim.sentence, error=str(conflict), status=409)
    return _sentence_response(request, claim.sentence)


@require_POST
@login_required
def undo(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    _check_article(request, article)
    try:
        outcome = action_undo(article=article, reviewer=request.user)
    except UndoConflict as conflict:
        sentence, message, status = conflict.sentence, str(conflict), 409
    else:
        sentence, message, status = outcome.sentence, outcome.message, 200
    if sentence is None:
        if request.htmx:
            return toast_only(message)
        messages.info(request, message)
        return redirect("article_detail", article_id=article.pk)
    if not request.htmx:
        (messages.error if status == 409 else messages.success)(request, message)
        return _sentence_response(request, sentence)
    response = _sentence_response(request, sentence, error=message if status == 409 else "")
    response.status_code = status
    return retarget(with_toast(response, message), f"#s-{sentence.pk}")


@require_GET
@login_required
def history(request: AuthenticatedRequest, sentence_id: int) -> HttpResponse:
    sentence = _sentence(request, sentence_id)
    everyone = permissions.can_see_all_reviewers(request.user)
    events = sentence_history(sentence=sentence, reviewer=None if everyone else request.user)
    return render_page(
        request,
        "annotations/sentence_history.html",
        {"sentence": sentence, "events": events},
        htmx_template=TEMPLATE + "#history",
    )


@require_POST
@login_required
def boundaries(request: AuthenticatedRequest, article_id: int) -> HttpResponse:
    """Staff split a sentence at a character or merge it with the next one."""
    article = get_object_or_404(Article, pk=article_id)
    if not permissions.can_fix_segmentation(request.user):
        raise PermissionDenied(_("Only staff can change sentence boundaries."))
    form = BoundaryForm(request.POST)
    if not form.is_valid():
        return _boundary_error(request, article, _form_error(form))
    data = form.cleaned_data
    sentence = Sentence.objects.filter(article=article, position=data["number"] - 1).first()
    if sentence is None:
        return _boundary_error(
            request, article, _("There is no sentence %(n)d.") % {"n": data["number"]}
        )
    try:
        if data["action"] == "split":
            sentence_split(sentence=sentence, offset=data["offset"])
            message = _("Sentence %(n)d split.") % {"n": data["number"]}
        else:
            sentence_merge_with_next(sentence=sentence)
            message = _("Sentences %(n)d and %(m)d merged.") % {
                "n": data["number"],
                "m": data["number"] + 1,
            }
    except SegmentationFixError as error:
        return _boundary_error(request, article, str(error))
    return _article_body_response(request, article, message)


def _check_article(request: AuthenticatedRequest, article: Article) -> None:
    if not permissions.can_open_article(request.user, article):
        raise PermissionDenied(_("This article is not open to you. Ask an admin to assign it."))


def _sentence(request: AuthenticatedRequest, sentence_id: int) -> Sentence:
    sentence = get_object_or_404(Sentence.objects.select_related("article"), pk=sentence_id)
    if not permissions.can_annotate(request.user):
        raise PermissionDenied(_("Your account cannot annotate."))
    _check_article(request, sentence.article)
    return sentence


def _own_claim(request: AuthenticatedRequest, claim_id: int) -> Annotation:
    """A claim of the requesting reviewer; other reviewers' claims do not exist for them."""
    claim = (
        Annotation.objects.select_related("sentence__article", "label").filter(pk=claim_id).first()
    )
    if claim is None or not permissions.can_change_annotation(request.user, claim):
        raise Http404(_("No such claim of yours."))
    _check_article(request, claim.sentence.article)
    return claim


def _shown_reviewers(
    request: AuthenticatedRequest,
    article: Article,
    *,
    candidates: list | None = None,
    update: bool = False,
) -> list:
    """Staff choose whose claims appear beside their own; reviewers work blind.

    ``candidates`` are the people with work in the article, when the caller has them already.
    """
    if not permissions.can_see_all_reviewers(request.user):
        return []
    chosen = request.session.get(SHOWN_REVIEWERS, {})
    key = str(article.pk)
    if update and "show" in request.GET:
        chosen[key] = [int(pk) for pk in request.GET.getlist("reviewer") if pk.isdigit()]
        request.session[SHOWN_REVIEWERS] = chosen
    if candidates is None:
        candidates = selectors.reviewers_with_work(article=article)
    others = [user for user in candidates if user != request.user]
    if key in chosen:
        return [user for user in others if user.pk in chosen[key]]
    return others


def _sentence_response(
    request: AuthenticatedRequest, sentence: Sentence, *, error: str = "", status: int = 200
) -> HttpResponse:
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = reverse("article_detail", args=[sentence.article_id])
        return redirect(f"{url}?focus={sentence.position}#s{sentence.position}")
    row, progress = selectors.sentence_row_and_progress(
        sentence=sentence,
        viewer=request.user,
        others=_shown_reviewers(request, sentence.article),
    )
    row.error = error
    context = {
        "row": row,
        "labels": _labels(request),
        "article": sentence.article,
        "progress": progress,
        "oob_progress": True,
        "can_fix": permissions.can_fix_segmentation(request.user),
    }
    return render_page(request, TEMPLATE + "#sentence-response", context, status=status)


def _edit_response(request, claim, form, *, error: str = "", status: int = 200) -> HttpResponse:
    if not request.htmx and status >= 400:
        messages.error(request, error or _form_error(form))
        url = reverse("article_detail", args=[claim.sentence.article_id])
        return redirect(f"{url}?focus={claim.sentence.position}#s{claim.sentence.position}")
    context = {
        "claim": claim,
        "form": form,
        "error": error,
        "article": claim.sentence.article,
        "speakers": selectors.speaker_suggestions(article=claim.sentence.article),
    }
    return render_page(
        request,
        "annotations/claim_edit.html",
        context,
        htmx_template=TEMPLATE + "#claim-edit",
        status=status,
    )


def _article_body_response(
    request: AuthenticatedRequest, article: Article, message: str
) -> HttpResponse:
    if not request.htmx:
        messages.success(request, message)
        return redirect("article_detail", article_id=article.pk)
    others = _shown_reviewers(request, article)
    context = {
        "article": article,
        **_body(request, article, others, upto=selectors.CHUNK_SIZE),
        "labels": _labels(request),
        "others": others,
        "staff": True,
        "can_fix": True,
        "oob_progress": True,
    }
    return with_toast(render_page(request, TEMPLATE + "#article-body-response", context), message)


def _labels(request: AuthenticatedRequest) -> list[Label]:
    """The active labels, read once per request for both validation and the buttons."""
    labels: list[Label] | None = getattr(request, "_active_labels", None)
    if labels is None:
        labels = list(Label.objects.active())
        request._active_labels = labels  # type: ignore[attr-defined]  # a per-request cache
    return labels


def _boundary_error(request: AuthenticatedRequest, article: Article, message: str) -> HttpResponse:
    if request.htmx:
        return toast_only(message)
    messages.error(request, message)
    return redirect("article_detail", article_id=article.pk)


def _form_error(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
