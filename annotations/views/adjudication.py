"""The curators' pages: the disagreement queue, an article's adjudication workspace, decisions.

Every decision is a POST that works as a plain form (redirect back to the sentence) and, under
htmx, answers with the sentence's partial; the page's script then moves on to the next open
sentence. Gold is refreshed before each page is read, so the queue is always current.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from annotations import permissions, services
from annotations.forms_gold import DecisionForm, GoldSettingsForm, QueueFilterForm
from annotations.models import (
    Annotation,
    Article,
    GoldClaim,
    GoldSentence,
    GoldSettings,
    Label,
    NoClaimMark,
    Sentence,
)
from annotations.selectors import adjudication as selectors
from annotations.services.gold import GoldClaimInput
from annotations.views.adjudication_html import page_parts, sentence_html

TEMPLATE = "annotations/adjudication.html"
QUEUE_PER_PAGE = 50
HIDE_NAMES = "adjudication_hide_names"


def _check(request: HttpRequest) -> None:
    if not permissions.can_adjudicate(request.user):
        raise PermissionDenied(_("Adjudication needs the Curator or Admin role."))


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _check(request)
    services.gold_refresh()
    form = QueueFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    state = data.get("state") or "open"
    filters = selectors.QueueFilters(
        article_id=data["article"].pk if data.get("article") else None,
        label_id=data["label"].pk if data.get("label") else None,
        reviewer_id=data["reviewer"].pk if data.get("reviewer") else None,
        states=selectors.OPEN_STATES if state == "open" else (state,),
    )
    page = Paginator(selectors.gold_queue(filters), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "counts": selectors.gold_state_counts(),
        "articles": selectors.queue_articles()[:20],
        "filters": query.urlencode(),
        "can_change_settings": permissions.can_change_gold_settings(request.user),
    }
    return render(request, "annotations/adjudication_queue.html", context)


@require_GET
@login_required
@vary_on_headers("HX-Request")
def article_adjudication(request: HttpRequest, article_id: int) -> HttpResponse:
    _check(request)
    article = get_object_or_404(Article, pk=article_id)
    services.gold_refresh()
    if "hide_names" in request.GET:
        request.session[HIDE_NAMES] = request.GET["hide_names"] == "1"
    hide = bool(request.session.get(HIDE_NAMES, False))
    only_open = request.GET.get("all") != "1"
    shown = selectors.adjudication_sentence_ids(article=article, only_open=only_open)
    start = _whole_number(request.GET.get("start"))
    if "start" in request.GET and start is None:
        return HttpResponseBadRequest(_("'start' must be a sentence position (0, 1, 2, ...)."))
    if start is not None:
        # The next chunk, fetched by the page's sentinel as the curator reaches the end.
        stop = start + selectors.CHUNK_SIZE
        chunk = {**_chunk(request, article, shown, start, stop, hide, only_open)}
        return render(request, TEMPLATE + "#chunk", chunk)
    # Without JavaScript, "show more" asks for a longer page; a link to a sentence (#adj-ID from
    # the queue) opens a page long enough to hold it.
    upto = max(selectors.CHUNK_SIZE, _whole_number(request.GET.get("upto")) or 0)
    wanted = _whole_number(request.GET.get("sentence"))
    if wanted in shown:
        upto = max(upto, shown.index(wanted) + 1)
    stop = -(-upto // selectors.CHUNK_SIZE) * selectors.CHUNK_SIZE
    counts = selectors.gold_state_counts(article_id=article.pk)
    context = {
        "article": article,
        **_chunk(request, article, shown, 0, stop, hide, only_open),
        "total": article.sentences.count(),
        "open_count": sum(counts[state] for state in selectors.OPEN_STATES),
        "labels": list(Label.objects.active()),
        "hide_names": hide,
        "only_open": only_open,
        "counts": counts,
    }
    return render(request, TEMPLATE, context)


def _chunk(request, article, shown: list[int], start: int, stop: int, hide: bool, only_open):
    """Sentences ``shown[start:stop]`` as HTML, and the URLs that fetch what follows."""
    rows, _reviewers = selectors.adjudication_rows(
        article=article, sentence_ids=shown[start:stop], hide_names=hide
    )
    parts = page_parts(
        labels=Label.objects.active(),
        error_categories=GoldSentence.ErrorCategory.choices,
        csrf_token=get_token(request),
    )
    more = stop < len(shown)
    which = "0" if only_open else "1"
    return {
        "sentences": [sentence_html(row, parts) for row in rows],
        "next_chunk_url": f"?all={which}&start={stop}" if more else "",
        "show_more_url": f"?all={which}&upto={stop + selectors.CHUNK_SIZE}" if more else "",
    }


def _whole_number(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


@require_POST
@login_required
def decide(request: HttpRequest, sentence_id: int) -> HttpResponse:
    _check(request)
    sentence = get_object_or_404(Sentence.objects.select_related("article"), pk=sentence_id)
    gold = GoldSentence.objects.filter(sentence=sentence).first()
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _answer(request, sentence, error=_form_error(form), status=422)
    data = form.cleaned_data
    try:
        _apply(request, sentence, gold, data)
    except services.StaleDecision as error:
        return _answer(request, sentence, error=str(error), status=409)
    except services.GoldError as error:
        return _answer(request, sentence, error=str(error), status=422)
    return _answer(request, sentence, decided=True)


def _apply(request, sentence, gold, data) -> None:
    action = data["action"]
    version = data.get("version")
    common = {
        "sentence": sentence,
        "curator": request.user,
        "rationale": data.get("rationale", ""),
        "error_category": data.get("error_category", ""),
        "expected_version": version,
    }
    # An old page is refused before anything else is judged (the services check again, locked).
    if version is not None and version != (gold.version if gold is not None else 1):
        raise services.StaleDecision()
    current = _current_inputs(gold)
    if action == "reopen":
        services.gold_reopen(sentence=sentence, curator=request.user, expected_version=version)
        return
    if action == "no_claim":
        services.gold_decide(**common, no_claim=True)
        return
    if action == "take_reviewer":
        claims = list(Annotation.objects.filter(sentence=sentence, reviewer_id=data["reviewer"]))
        if claims:
            services.gold_decide(**common, claims=[_from_claim(c) for c in claims])
            return
        if NoClaimMark.objects.filter(sentence=sentence, reviewer_id=data["reviewer"]).exists():
            services.gold_decide(**common, no_claim=True)
            return
        raise services.GoldError(_("That reviewer has not reviewed this sentence."))
    if action == "take_claim":
        claim = Annotation.objects.filter(sentence=sentence, pk=data["claim"]).first()
        if claim is None:
            raise services.GoldError(_("That claim no longer exists; reload the page."))
        services.gold_decide(**common, claims=[*current, _from_claim(claim)])
        return
    if action == "proposal":
        rows, _reviewers = selectors.adjudication_rows(
            article=sentence.article, sentence_ids=[sentence.pk]
        )
        proposal = rows[0].proposal
        if proposal.no_claim:
            services.gold_decide(**common, no_claim=True)
            return
        if not proposal.claims:
            raise services.GoldError(_("There is no proposal for this sentence to accept."))
        labels = {label.pk: label for label in Label.objects.all()}
        services.gold_decide(
            **common,
            claims=[
                GoldClaimInput(
                    labels[c.label_id],
                    [list(s) for s in c.spans],
                    c.attributed_to,
                    [s.annotation_id for s in c.sources],
                )
                for c in proposal.claims
            ],
        )
        return
    if action == "add":
        replaced = data.get("gold_claim")
        pairs = _current_pairs(gold)
        kept = [c for pk, c in pairs if pk != replaced]
        taken = [data["claim"]] if data.get("claim") else []
        if replaced:
            old = [c for pk, c in pairs if pk == replaced]
            if not old:
                raise services.GoldError(_("That gold claim no longer exists; reload the page."))
            # An edited gold claim was edited from the reviewers' claims the old one came from.
            taken += list(old[0].taken_from)
        new = GoldClaimInput(data["label"], data["spans"], data.get("attributed_to", ""), taken)
        services.gold_decide(**common, claims=[*kept, new])
        return
    if action == "remove":
        kept = [c for pk, c in _current_pairs(gold) if pk != data["gold_claim"]]
        services.gold_decide(**common, claims=kept)
        return
    if action == "confirm":
        if gold is None or not gold.is_decided:
            raise services.GoldError(_("There is no gold to confirm yet."))
        if gold.no_claim:
            services.gold_decide(**common, no_claim=True)
        else:
            services.gold_decide(**common, claims=current)


def _from_claim(claim: Annotation) -> GoldClaimInput:
    return GoldClaimInput(claim.label, claim.spans, claim.attributed_to, [claim.pk])


def _current_pairs(gold: GoldSentence | None) -> list[tuple[int, GoldClaimInput]]:
    if gold is None or not gold.is_decided:
        return []
    return [
        (
            c.pk,
            GoldClaimInput(c.label, c.spans, c.attributed_to, [s["annotation"] for s in c.sources]),
        )
        for c in GoldClaim.objects.filter(gold=gold).select_related("label").order_by("id")
    ]


def _current_inputs(gold: GoldSentence | None) -> list[GoldClaimInput]:
    return [claim for _pk, claim in _current_pairs(gold)]


def _answer(request, sentence, *, error: str = "", status: int = 200, decided: bool = False):
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif decided:
            messages.success(request, _("Gold saved."))
        url = reverse("adjudication_article", args=[sentence.article_id])
        return redirect(f"{url}?sentence={sentence.pk}#adj-{sentence.pk}")
    hide = bool(request.session.get(HIDE_NAMES, False))
    rows, _reviewers = selectors.adjudication_rows(
        article=sentence.article, sentence_ids=[sentence.pk], hide_names=hide
    )
    parts = page_parts(
        labels=Label.objects.active(),
        error_categories=GoldSentence.ErrorCategory.choices,
        csrf_token=get_token(request),
    )
    context = {"html": sentence_html(rows[0], parts, error=error)}
    response = render(request, f"{TEMPLATE}#sentence", context, status=status)
    if decided:
        # The page's counters listen for it (static/js/adjudication.js).
        return trigger_client_event(response, "gold-decided")
    return response


@require_http_methods(["GET", "POST"])
@login_required
def gold_settings(request: HttpRequest) -> HttpResponse:
    if not permissions.can_change_gold_settings(request.user):
        raise PermissionDenied(_("Pre-merge settings are changed by admins."))
    row = GoldSettings.load()
    form = GoldSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.gold_settings_update(
            reviewers_required=data["reviewers_required"],
            rule=data["rule"],
            reviewers_see_gold=data["reviewers_see_gold"],
        )
        messages.success(request, _("Pre-merge settings saved; gold is being brought up to date."))
        return redirect("gold_settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "annotations/gold_settings.html", {"form": form}, status=status)


@require_GET
@login_required
def article_gold(request: HttpRequest, article_id: int) -> HttpResponse:
    """A reviewer's own claims next to the gold, where admins allow it."""
    article = get_object_or_404(Article, pk=article_id)
    settings_row = GoldSettings.load()
    if not permissions.can_see_gold_as_reviewer(request.user, settings_row):
        raise PermissionDenied(_("Gold is not shown to reviewers here; an admin can allow it."))
    if not permissions.can_adjudicate(request.user) and not permissions.can_open_article(
        request.user, article
    ):
        raise PermissionDenied(_("This article is not open to you. Ask an admin to assign it."))
    services.gold_refresh()
    context = {
        "article": article,
        "rows": selectors.reviewer_gold_rows(article=article, reviewer=request.user),
        "withheld": selectors.reviewer_gold_withheld(article=article, reviewer=request.user),
    }
    return render(request, "annotations/article_gold.html", context)


def _form_error(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
