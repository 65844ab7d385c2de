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
from annotations.agreement import MIN_UNITS, Caveat, Report
from annotations.forms_gold import AgreementFilterForm
from annotations.selectors.agreement import AgreementFilters, agreement_for
from annotations.selectors.suggestion_quality import suggestion_quality

BOOTSTRAP = 1000


def _day(value: datetime.date | None) -> datetime.datetime | None:
    if value is None:
        return None
    return datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)


def _short(code: str) -> str:
    """A caveat's name in a table cell; its full text is the cell's title."""
    return {
        "few_units": _("few sentences"),
        "prevalent_value": _("one value dominates"),
        "undefined": _("undefined"),
        "few_shared_units": _("few shared sentences"),
        "few_overlapping_units": _("few overlapping sentences"),
    }.get(code, code)


def _text(caveat: Caveat, what: str, names: dict[str, str]) -> str:
    """A caveat in the reader's language, from its figures (the module's message is English)."""
    details = caveat.details
    if caveat.code == "few_units":
        return _(
            "%(what)s: only %(units)d sentences judged by two or more reviewers (fewer than "
            "%(min)d); the figure is not reliable."
        ) % {"what": what, "units": details["units"], "min": MIN_UNITS}
    if caveat.code == "prevalent_value":
        return _(
            "%(what)s: one value makes up %(share)d %% of the judgements; α and κ then swing on "
            "a few sentences."
        ) % {"what": what, "share": round(details["share"] * 100)}
    if caveat.code == "undefined":
        return _("%(what)s: every judgement is the same, so α is undefined.") % {"what": what}
    if caveat.code == "few_shared_units":
        first, second = (names.get(str(r), str(r)) for r in details["reviewers"])
        return _("%(a)s and %(b)s share only %(units)d sentences (fewer than %(min)d).") % {
            "a": first,
            "b": second,
            "units": details["units"],
            "min": MIN_UNITS,
        }
    if caveat.code == "few_overlapping_units":
        return _(
            "%(reviewer)s: only %(units)d of their sentences were also reviewed by someone else "
            "(fewer than %(min)d); how often they differ from the others says little."
        ) % {
            "reviewer": names.get(str(details["reviewer"]), str(details["reviewer"])),
            "units": details["units"],
            "min": MIN_UNITS,
        }
    return caveat.message


def _translate_caveats(
    report: Report, labels: dict[str, str], articles: dict, names: dict[str, str]
) -> None:
    """Give every caveat of the report a ``text`` and a ``short`` name for the page."""
    subjects: list[tuple[list[Caveat], str]] = [(report.overall.warnings, _("All labels"))]
    subjects += [(f.alpha.warnings, labels.get(f.label, f.label)) for f in report.labels]
    subjects += [
        (g.alpha.warnings, articles.get(int(str(g.group)), "") or _("(untitled)"))
        for g in report.groups
    ]
    subjects += [(p.warnings, "") for p in report.pairs]
    subjects += [(r.warnings, "") for r in report.per_reviewer]
    for caveats, what in subjects:
        for caveat in caveats:
            setattr(caveat, "text", _text(caveat, what, names))  # noqa: B010
            setattr(caveat, "short", _short(caveat.code))  # noqa: B010


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
    _translate_caveats(report, agreement.labels, agreement.articles, names)
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
