"""The labels' colours as a stylesheet, so that pages need no inline style attributes.

The Content-Security-Policy allows styles from this site only (no 'unsafe-inline'); a
label's admin-chosen colour reaches the page as the class ``label-colour-<id>`` defined
here. Browsers revalidate it on each page (no-cache) and get a 304 while nothing changed.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import condition, require_safe

from annotations.models import Label
from annotations.services.labels import check_colour


def _colours() -> list[tuple[int, str]]:
    return list(Label.objects.order_by("pk").values_list("pk", "colour"))


def _etag(request: HttpRequest) -> str:
    return hashlib.sha256(repr(_colours()).encode()).hexdigest()[:32]


@require_safe
@condition(etag_func=_etag)
def label_stylesheet(request: HttpRequest) -> HttpResponse:
    rules = []
    for pk, colour in _colours():
        # Colours are checked when saved; checking again keeps this file CSS whatever is stored.
        try:
            safe = check_colour(colour)
        except ValueError:
            continue
        rules.append(f".label-colour-{pk} {{ --label: {safe}; }}")
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
