"""Exports of articles and "reviewed – no claim" marks, and the change feed for copies."""

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations.api.exports import (
    CSV,
    JSONL,
    CsvRenderer,
    JsonLinesRenderer,
    _stream,
    export_response,
    export_schema,
)
from annotations.api.permissions import ExportPermission
from annotations.api.query_params import (
    ChangeFeedQuerySerializer,
    ClaimFiltersSerializer,
    StrictQuerySerializer,
    validated_query,
)
from annotations.models import Article
from annotations.selectors.change_feed import change_feed_chunks, changes_cursor
from annotations.selectors.exports import export_chunks
from annotations.selectors.record_exports import (
    articles_jsonl_query,
    no_claim_csv_query,
    no_claim_jsonl_query,
)
from annotations.services import gold_refresh


class ArticleExportQuerySerializer(StrictQuerySerializer):
    article = serializers.IntegerField(
        required=False, min_value=1, help_text="Only this article (its id)."
    )

    def validate_article(self, value: int) -> int:
        if not Article.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("No article with id %(id)s.") % {"id": value})
        return value


class ArticlesJsonlExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    @export_schema(
        "export_articles_jsonl",
        "Export articles as JSON Lines",
        "One JSON object per article, in id order: id, title, source, url, author, "
        "published_on, language, content_hash (SHA-256 of the text), imported_at (UTC), "
        "metadata (as imported), text (the normalised text every offset indexes) and sentences "
        "(id, position, paragraph, start, end, text, in reading order). Optional filter: "
        "`article` (id).",
        JSONL,
        '{"id":12,"title":"Gipfel in Alaska","source":"Beispielzeitung","url":"…","author":"",'
        '"published_on":"2025-08-16","language":"de","content_hash":"5f2b…",'
        '"imported_at":"2025-08-16T07:12:44.123456Z","metadata":{},"text":"…",'
        '"sentences":[{"id":101,"position":0,"paragraph":0,"start":0,"end":31,"text":"…"}]}\n',
        parameters=[ArticleExportQuerySerializer],
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        query = validated_query(ArticleExportQuerySerializer, request)
        article_id = query.validated_data.get("article")
        return export_response(
            request,
            export_chunks(articles_jsonl_query(article_id=article_id)),
            subject="articles",
            extension="jsonl",
            content_type=JSONL,
            described=f"article={article_id}" if article_id else "none",
        )


class NoClaimJsonlExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    @export_schema(
        "export_no_claim_jsonl",
        'Export "reviewed – no claim" marks as JSON Lines',
        'One JSON object per "reviewed – no claim" mark (a reviewer read the sentence and found '
        "nothing to label: the negatives of a classifier), in id order: id, no_claim (true), "
        "reviewer, created_at (UTC), the sentence and the article as in the annotations export. "
        "`import_annotations` and `POST /api/annotations/import` read these records too, mixed "
        "with claims. `label` keeps every mark (a mark means no claim of any label); "
        "`updated_since` compares with the mark's creation.",
        JSONL,
        '{"id":7,"no_claim":true,"reviewer":"otto","created_at":"2025-08-16T09:00:00.000000Z",'
        '"sentence":{"id":102,"position":1,"start":32,"end":55,"text":"…"},"article":{…}}\n',
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        query = no_claim_jsonl_query(filters.export_filters())
        return _stream(request, filters, query, "no-claim", "jsonl", JSONL)


class NoClaimCsvExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, CsvRenderer]

    @export_schema(
        "export_no_claim_csv",
        'Export "reviewed – no claim" marks as CSV',
        "no_claim.jsonl flattened, as annotations.csv is: one row per mark in id order, a header "
        "row (id, reviewer, created_at, then the sentence and article columns of "
        "annotations.csv), UTF-8 without BOM, fields quoted only when they must be. The same "
        "filters as no_claim.jsonl.",
        f"{CSV}; charset=utf-8; header=present",
        "id,reviewer,created_at,sentence_id,sentence_position,...\n"
        "7,otto,2025-08-16T09:00:00.000000Z,102,1,...\n",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        query = no_claim_csv_query(filters.export_filters())
        return _stream(
            request,
            filters,
            query,
            "no-claim",
            "csv",
            f"{CSV}; charset=utf-8; header=present",
            csv_header=True,
        )


class ChangesJsonlExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    @export_schema(
        "export_changes_jsonl",
        "Changes since a cursor (sync feed)",
        (
            "Every exported record changed since `since`, whole, and a tombstone for every "
            "one deleted, so a copy applied from it equals a fresh full export. One JSON object "
            'per line: `{"kind", "id", "deleted": false, "record"}` with kind `article` '
            "(as articles.jsonl without `sentences`), `sentence` (id, article_id, position, "
            "paragraph, start, end, text), `annotation` (as annotations.jsonl), `no_claim` "
            "(as no_claim.jsonl) or `gold` (the sentence's record of gold.jsonl with the "
            "default split, id: the sentence's); then "
            '`{"kind", "id", "deleted": true}` per deletion (a deleted sentence also has a '
            "`gold` tombstone); the last "
            'line is `{"kind": "cursor", "cursor": "…"}`: pass it as `since` next time (also '
            "in the X-Change-Cursor header). A record is sent when it or anything it shows "
            "changed: an edit, a sentence split or merge (which moves claims, marks and later "
            "sentences), a renamed label or reviewer, a changed article, any change of gold "
            "(a decision, its withdrawal, pre-merge). Without `since`, "
            "every record (a first sync). A record may come twice across feeds, never not at "
            "all: apply lines by (kind, id), replacing what you have."
        ),
        JSONL,
        '{"kind":"annotation","id":5021,"deleted":false,"record":{"id":5021,…}}\n'
        '{"kind":"sentence","id":103,"deleted":true}\n'
        '{"kind":"cursor","cursor":"48213"}\n',
        parameters=[ChangeFeedQuerySerializer],
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        query = validated_query(ChangeFeedQuerySerializer, request)
        since = query.validated_data.get("since")
        # Gold records must be current before the cursor is taken, like gold.jsonl's.
        gold_refresh()
        cursor = changes_cursor()
        return export_response(
            request,
            change_feed_chunks(since=since, cursor=cursor),
            subject="changes",
            extension="jsonl",
            content_type=JSONL,
            described="none" if since is None else f"since={since}",
            cursor=cursor,
        )
