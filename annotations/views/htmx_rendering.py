"""How views answer htmx and plain requests from one URL: the page or one of its partials, toasts,
and the filtered, paginated lists of the list pages."""

from collections.abc import Sequence
from typing import Any, Protocol, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import trigger_client_event

from annotations.request_types import HtmxRequest

# The partial a list page swaps when its filters or page change.
RESULTS = "results"


class Pageable(Protocol):
    """What Django's Paginator reads besides querysets and lists: a count and slices."""

    def count(self) -> int: ...

    def __len__(self) -> int: ...

    def __getitem__(self, key: slice) -> Sequence[Any]: ...


def render_page(
    request: HtmxRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    htmx_template: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """``template`` in full, or for htmx only its ``partial`` (or another ``htmx_template``).

    With neither, htmx gets the full page too. The response varies on HX-Request, so a cache
    never hands a partial to a page load.
    """
    name = template
    if request.htmx and partial:
        name = f"{template}#{partial}"
    elif request.htmx and htmx_template:
        name = htmx_template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_list_page(
    request: HtmxRequest,
    template: str,
    *,
    items: QuerySet | Sequence | Pageable,
    per_page: int,
    context: dict[str, Any],
) -> HttpResponse:
    """A list page: one page of ``items`` as ``page``, the filters for its links as
    ``page_query``, and only the ``results`` partial for htmx."""
    page = Paginator(cast(Any, items), per_page).get_page(request.GET.get("page"))
    context = {"page": page, "page_query": query_without_page(request), **context}
    rows = context.pop("rows_of", None)
    if rows is not None:
        context["rows"] = rows(page.object_list)
    return render_page(request, template, context, partial=RESULTS)


def query_without_page(request: HtmxRequest) -> str:
    """The current filters as a query string, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def with_toast(response: HttpResponse, message: str) -> HttpResponse:
    """Ask the page to show ``message`` as a toast (static/js/workspace.js listens)."""
    return trigger_client_event(response, "toast", {"value": message})


def toast_only(message: str) -> HttpResponse:
    """Nothing to swap, only ``message`` to show."""
    return with_toast(HttpResponse(status=204), message)
