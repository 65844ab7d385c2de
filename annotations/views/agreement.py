"""The agreement page for Admins and Curators: the figures of GET /api/agreement/, as charts."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from annotations import charts, permissions, services
from annotations.forms_gold import AgreementFilterForm
from annotations.selectors.agreement import AgreementFilters, agreement_for
from annotations.selectors.suggestion_quality import suggestion_quality

BOOTSTRAP = 1000


def _day(value: datetime.date | None) -> datetime.datetime | None:
    if value is None:
        return None
    return datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)


@require_GET
@login_required
def agreement_page(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_agreement(request.user):
        raise PermissionDenied(_("The agreement figures are for Admins and Curators."))
    form = AgreementFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    articles = data.get("articles")
    filters = AgreementFilters(
        article_ids=tuple(a.pk for a in articles) if articles else None,
        since=_day(data.get("since")),
        until=_day(data.get("until")),
    )
    services.gold_refresh()
    agreement = agreement_for(filters, bootstrap=BOOTSTRAP)
    report = agreement.report
    names = {
        user.username: (f"{user.first_name} {user.last_name}".strip() or user.username)
        for user in get_user_model().objects.filter(username__in=report.reviewers)
    }
    undefined = _("undefined")
    label_bars = [
        charts.Bar(
            agreement.labels.get(f.label, f.label),
            f.alpha.alpha,
            f.alpha.interval,
            _("%(n)d sentences") % {"n": f.alpha.units},
        )
        for f in report.labels
    ]
    overall_bar = charts.Bar(
        _("All labels (MASI)"),
        report.overall.alpha,
        report.overall.interval,
        _("%(n)d sentences") % {"n": report.overall.units},
    )
    for pair in report.pairs:
        setattr(pair, "names", tuple(names.get(str(r), str(r)) for r in pair.reviewers))  # noqa: B010
    for figures in report.per_reviewer:
        setattr(figures, "name", names.get(str(figures.reviewer), str(figures.reviewer)))  # noqa: B010
    index = {name: i for i, name in enumerate(report.reviewers)}
    cells: dict[tuple[int, int], float | None] = {}
    for pair in report.pairs:
        i, j = index[pair.reviewers[0]], index[pair.reviewers[1]]
        if pair.units:
            cells[(i, j)] = cells[(j, i)] = pair.kappa
    groups = sorted(
        report.groups,
        key=lambda g: (g.alpha.alpha is None, g.alpha.alpha if g.alpha.alpha is not None else 0),
    )
    context = {
        "form": form,
        "report": report,
        "labels": agreement.labels,
        "articles": agreement.articles,
        "names": names,
        "alpha_chart": charts.interval_chart(
            [overall_bar, *label_bars],
            title=_("Krippendorff's α with 95 % bootstrap intervals"),
            undefined=undefined,
        ),
        "heatmap": charts.heatmap(
            [names.get(str(r), str(r)) for r in report.reviewers],
            cells,
            title=_("Cohen's κ per pair of reviewers"),
        )
        if len(report.reviewers) >= 2
        else None,
        "label_rows": [(agreement.labels.get(f.label, f.label), f) for f in report.labels],
        "groups": [(g, agreement.articles.get(int(str(g.group)), "")) for g in groups],
        "pairs": [p for p in report.pairs if p.units],
        "suggestion_quality": suggestion_quality(article_ids=filters.article_ids),
    }
    return render(request, "annotations/agreement.html", context)
