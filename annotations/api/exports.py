"""The dataset exports: streamed HTTP responses around the COPY queries of selectors.exports.

Each export runs one SQL query when the server starts sending the body, and streams
PostgreSQL's bytes in chunks: memory stays flat for any number of rows. The query starts only
then, after every middleware has seen the response, because the database connection is busy
with the COPY until the last row; a failure midway cuts the chunked response short, which HTTP
clients report as an error rather than a complete file.
Response headers name the file, the filters and the export time; the body of JSON Lines and
CSV holds only data in id order, so the same filters on unchanged data give the same bytes.
"""

import datetime
import json
from collections.abc import Iterator
from urllib.parse import urlencode

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations.api.compression import accepts_gzip, gzip_if_accepted, is_compressible
from annotations.api.permissions import ExportPermission
from annotations.api.query_params import ClaimFiltersSerializer, utc_iso, validated_query
from annotations.api.renderers import ErrorsAsJsonRenderer
from annotations.api.schema import ERRORS
from annotations.selectors.change_feed import changes_cursor
from annotations.selectors.exports import (
    ExportQuery,
    annotations_csv_query,
    annotations_jsonl_query,
    annotations_w3c_query,
    export_chunks,
    export_chunks_of,
    sentences_jsonl_query,
)
from annotations.selectors.gold_w3c import gold_w3c_query
from annotations.selectors.no_claim_w3c import no_claim_w3c_query
from annotations.services import gold_refresh

JSONL = "application/x-ndjson"
CSV = "text/csv"
JSONLD = "application/ld+json"
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


class JsonLinesRenderer(ErrorsAsJsonRenderer):
    media_type = JSONL
    format = "jsonl"


class CsvRenderer(ErrorsAsJsonRenderer):
    media_type = CSV
    format = "csv"


class JsonLdRenderer(ErrorsAsJsonRenderer):
    media_type = JSONLD
    format = "jsonld"


FILTERS_DESCRIPTION = (
    "Filters (all optional, combined with AND): `article` (id), `reviewer` (username), "
    "`label` (slug), `updated_since` (ISO 8601 date-time or date, UTC when without offset). "
    "Unknown parameters and bad values are refused with 400. The response names the file "
    "(Content-Disposition), the filters applied (X-Export-Filters, as a query string, `none` "
    "without filters) and the export time (X-Exported-At). Rows come in id order; the same "
    "filters on unchanged data give byte-identical files."
)


def export_schema(
    operation_id: str,
    summary: str,
    description: str,
    media_type: str,
    example,
    *,
    parameters: list | None = None,
):
    """The OpenAPI description of an export; ``parameters`` replace the claim filters."""
    body_type = OpenApiTypes.OBJECT if media_type.startswith(JSONLD) else OpenApiTypes.STR
    if parameters is None:
        parameters = [ClaimFiltersSerializer]
        description = f"{description}\n\n{FILTERS_DESCRIPTION}"
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=parameters,
        responses={
            (200, media_type): OpenApiResponse(
                body_type,
                description="The export, streamed.",
                examples=[OpenApiExample("Export", value=example)],
            ),
            **ERRORS.read,
        },
        tags=["exports"],
    )


class AnnotationsJsonlExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    @export_schema(
        "export_annotations_jsonl",
        "Export annotations as JSON Lines",
        "One JSON object per claim: id, label, whole_sentence, spans (each with start/end in the "
        "sentence, article_start/article_end in the article and the text; a claim on a whole "
        "sentence has one span covering it), attributed_to, note, reviewer, created_at, "
        "updated_at (UTC), revision (1, plus one per change), from_suggestion (the source of "
        "the machine suggestion the claim began as when a reviewer accepted one, else null), "
        "the sentence and the article "
        "(with content_hash, which lets `import_annotations` find it in another instance).",
        JSONL,
        '{"id":1,"label":"opinion","whole_sentence":true,"spans":[{"start":0,"end":23,'
        '"article_start":32,"article_end":55,"text":"Es gab keine Erklärung."}],...}\n',
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        query = annotations_jsonl_query(filters.export_filters())
        return _stream(request, filters, query, "annotations", "jsonl", JSONL)


class AnnotationsCsvExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, CsvRenderer]

    @export_schema(
        "export_annotations_csv",
        "Export annotations as CSV",
        "The JSON Lines export flattened: one row per claim, a header row, UTF-8 without BOM, "
        "comma-separated, fields quoted only when they must be (RFC 4180 quoting; a quote "
        "inside is doubled; line breaks in notes stay inside quotes), rows ending in LF. "
        "`spans` is a JSON array in one cell; empty text fields are empty cells.",
        f"{CSV}; charset=utf-8; header=present",
        "id,label,whole_sentence,spans,attributed_to,note,reviewer,...\n"
        '1,opinion,true,"[{""start"":0,...}]",,,rita,...\n',
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        query = annotations_csv_query(filters.export_filters())
        return _stream(
            request,
            filters,
            query,
            "annotations",
            "csv",
            f"{CSV}; charset=utf-8; header=present",
            csv_header=True,
        )


class AnnotationsW3cExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, JsonLdRenderer]

    @export_schema(
        "export_annotations_w3c",
        "Export annotations as W3C Web Annotations",
        "A W3C Web Annotation AnnotationCollection (JSON-LD) whose first and only page holds "
        "every claim as an Annotation with motivation `classifying`: a TextualBody with purpose "
        "`classifying` and the label's slug, one with purpose `describing` for attributed_to "
        "(the speaker), one with purpose `commenting` for the note (when given), and one with "
        "purpose `tagging` and value `from-suggestion:<source>` when the claim began as an "
        "accepted machine suggestion; creator "
        "(the reviewer's username as nickname), created and modified; one "
        "SpecificResource target per range on the article's API URL, each with a "
        "TextPositionSelector and a TextQuoteSelector (exact, prefix and suffix of up to 32 "
        "characters). Then every decided gold claim, as an Annotation of the same shape told "
        "apart by its creator (the curator as a Person; `factcheck pre-merge`, a Software "
        "agent, for unanimous and majority gold), `tagging` bodies `gold` and "
        "`gold:<origin>` (and `gold:stale`), the rationale as a `commenting` body, `via` the "
        "reviewers' annotations it was taken from, and an id under /api/gold/claims/. The "
        "`article` and `label` filters apply to gold too, `updated_since` to the gold claim "
        "or its decision; with `reviewer`, no gold. "
        "The page has its own id and `partOf`; an export without annotations has "
        "`total` 0 and no page. `generated` is the export time, `label` names the filters.",
        JSONLD,
        {
            "@context": W3C_CONTEXT,
            "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": ["..."]},
            "total": 1,
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        gold_refresh()
        annotation_iri = request.build_absolute_uri(reverse("api_annotations"))
        article_iri = request.build_absolute_uri(reverse("api_articles"))
        queries = [
            annotations_w3c_query(
                filters.export_filters(), annotation_iri=annotation_iri, article_iri=article_iri
            ),
            gold_w3c_query(
                filters.export_filters(),
                gold_iri=gold_claim_iri_prefix(request),
                annotation_iri=annotation_iri,
                article_iri=article_iri,
            ),
            no_claim_w3c_query(
                filters.export_filters(),
                mark_iri=request.build_absolute_uri(reverse("api_no_claim_marks")),
                article_iri=article_iri,
            ),
        ]
        exported_at = timezone.now().astimezone(datetime.UTC)
        described = _describe(filters)
        return export_response(
            request,
            _annotation_collection(
                export_chunks_of(queries),
                request=request,
                exported_at=exported_at,
                filters=described,
            ),
            subject="annotations",
            extension="w3c.jsonld",
            content_type=f'{JSONLD}; profile="{W3C_CONTEXT}"',
            described=described,
            exported_at=exported_at,
        )


class SentencesJsonlExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    @export_schema(
        "export_sentences_jsonl",
        "Export reviewed sentences as JSON Lines",
        'One JSON object per sentence that has a claim or a "reviewed – no claim" mark: '
        "id, position, paragraph, start, end, text, the article, `annotations` (every "
        "reviewer's claims on it, as in the annotations export without sentence and article) "
        "and `no_claim` (reviewer and time of each mark). Flat enough for "
        '`datasets.load_dataset("json", data_files=...)` and `pandas.read_json(..., '
        "lines=True)`. With `updated_since`, a sentence is included when one of its claims "
        "changed (or a mark was made) since, with all its claims, so the record replaces the "
        "earlier one; `reviewer` keeps that reviewer's claims and marks; `label` keeps claims "
        "with that label, and all marks.",
        JSONL,
        '{"id":101,"position":0,"paragraph":0,"start":0,"end":31,"text":"…","article":{…},'
        '"annotations":[…],"no_claim":[{"reviewer":"otto","created_at":"…"}]}\n',
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        query = sentences_jsonl_query(filters.export_filters())
        return _stream(request, filters, query, "sentences", "jsonl", JSONL)


def gold_claim_iri_prefix(request: Request) -> str:
    """The IRI of gold claims without the id: the detail route has no list beside it."""
    return request.build_absolute_uri(reverse("api_gold_claim", args=[0])).removesuffix("0/")


def _stream(
    request: Request,
    filters: ClaimFiltersSerializer,
    query: ExportQuery,
    subject: str,
    extension: str,
    content_type: str,
    *,
    csv_header: bool = False,
    wrap=None,
) -> StreamingHttpResponse:
    exported_at = timezone.now().astimezone(datetime.UTC)
    described = _describe(filters)
    chunks = export_chunks(query, csv_header=csv_header)
    if wrap is not None:
        chunks = wrap(chunks, request=request, exported_at=exported_at, filters=described)
    return export_response(
        request,
        chunks,
        subject=subject,
        extension=extension,
        content_type=content_type,
        described=described,
        exported_at=exported_at,
    )


def export_response(
    request: Request,
    chunks: Iterator[bytes],
    *,
    subject: str,
    extension: str,
    content_type: str,
    described: str,
    exported_at: datetime.datetime | None = None,
    cursor: int | None = None,
) -> StreamingHttpResponse:
    """The streamed response of an export, with the headers every export has."""
    exported_at = exported_at or timezone.now().astimezone(datetime.UTC)
    stamp = exported_at.strftime("%Y%m%dT%H%M%SZ")
    response = StreamingHttpResponse(
        gzip_if_accepted(request, chunks, content_type), content_type=content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="factcheck-{subject}-{stamp}.{extension}"'
    )
    response["X-Export-Filters"] = described
    response["X-Exported-At"] = utc_iso(exported_at)
    # Where a copy made from this export continues with the change feed.
    response["X-Change-Cursor"] = str(changes_cursor() if cursor is None else cursor)
    # Exports hold reviewers' work: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    if accepts_gzip(request) and is_compressible(content_type):
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept, Accept-Encoding, Authorization, Cookie"
    return response


def _describe(filters: ClaimFiltersSerializer) -> str:
    """The filters as a query string (``none`` without), with updated_since as understood."""
    pairs = [
        (name, str(filters.initial_data[name]))
        for name in ("article", "label", "reviewer")
        if name in filters.initial_data
    ]
    if "updated_since" in filters.validated_data:
        pairs.append(("updated_since", utc_iso(filters.validated_data["updated_since"])))
    return urlencode(sorted(pairs)) or "none"


def _annotation_collection(
    rows: Iterator[bytes], *, request: Request, exported_at, filters: str
) -> Iterator[bytes]:
    """The W3C collection around the streamed annotations, one per line, comma-separated.

    The collection embeds its one page, which has its own IRI (the collection's with
    ``#page-1``) and names the collection as ``partOf``. An export without annotations is a
    collection with ``total`` 0 and no page: the model has no empty pages.
    """
    label = "factcheck annotations" + ("" if filters == "none" else f" ({filters})")
    collection_id = request.build_absolute_uri()
    page_id = f"{collection_id}#page-1"
    head = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "generator": {
            "id": request.build_absolute_uri(reverse("api_schema")),
            "type": "Software",
            "name": "factcheck",
        },
        "generated": utc_iso(exported_at),
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    page = {"id": page_id, "type": "AnnotationPage", "partOf": collection_id, "startIndex": 0}
    total = 0
    pending = b""
    for chunk in rows:
        if total == 0:
            page_head = json.dumps(page, ensure_ascii=False)[:-1]
            yield f'{opening},"first":{page_head},"items":[\n'.encode()
        # JSON text never holds a raw line break, so each one ends an annotation.
        total += chunk.count(b"\n")
        if pending:
            yield pending
        pending = chunk.replace(b"\n", b",\n")
    if total == 0:
        yield f'{opening},"total":0}}\n'.encode()
        return
    yield pending[: -len(b",\n")] + b"\n"
    yield f']}},"last":{json.dumps(page_id)},"total":{total}}}\n'.encode()
