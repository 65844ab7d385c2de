"""The data user's page: their API tokens, the API docs, and every export with its filters."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from annotations import permissions
from annotations.forms import ExportFilterForm
from annotations.request_types import AuthenticatedRequest
from annotations.selectors.team import token_list

EXPORTS = [
    (
        "api_export_annotations_jsonl",
        "annotations.jsonl",
        gettext_lazy("Every claim with its sentence, spans and quotes, one JSON object a line."),
    ),
    (
        "api_export_annotations_csv",
        "annotations.csv",
        gettext_lazy("The same claims as a spreadsheet, one row per claim."),
    ),
    (
        "api_export_annotations_w3c",
        "annotations.w3c.jsonld",
        gettext_lazy("The claims as W3C Web Annotations (JSON-LD), for annotation tools."),
    ),
    (
        "api_export_sentences_jsonl",
        "sentences.jsonl",
        gettext_lazy("Every sentence with the labels reviewers gave it, for training sets."),
    ),
]


@require_GET
@login_required
def data_access(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_export(request.user):
        raise PermissionDenied(_("This page is for data users and admins."))
    form = ExportFilterForm(request.GET or None)
    query = form.query_string() if form.is_valid() else ""
    exports = [
        {
            "name": name,
            "description": description,
            "url": request.build_absolute_uri(reverse(url_name)) + (f"?{query}" if query else ""),
        }
        for url_name, name, description in EXPORTS
    ]
    context = {
        "form": form,
        "exports": exports,
        "tokens": token_list(user=request.user),
        "docs_url": request.build_absolute_uri(reverse("api_docs")),
        "schema_url": request.build_absolute_uri(reverse("api_schema")),
        "example": urlencode({"label": "opinion", "updated_since": "2025-08-15"}),
    }
    return render(request, "annotations/data_access.html", context)
