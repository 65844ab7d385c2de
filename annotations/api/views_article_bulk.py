"""API view for importing many articles in one request, at the bulk importer's speed."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.permissions import ArticlePermission, acting_user
from annotations.api.query_params import NoQuerySerializer, validated_query
from annotations.api.schema import ERRORS
from annotations.importing import InvalidImport, parse_article_object
from annotations.services import BulkRecord, articles_import_bulk
from annotations.services.jobs import suggest_job_create

MAX_ARTICLES = 10_000


class _Imported(serializers.Serializer):
    index = serializers.IntegerField(help_text=_("Position in the request array, from 0."))
    id = serializers.IntegerField()
    sentences = serializers.IntegerField()


class _Duplicate(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.IntegerField(help_text=_("The article already holding this text."))


class _Failed(serializers.Serializer):
    index = serializers.IntegerField()
    detail = serializers.CharField()


class BulkImportReportSerializer(serializers.Serializer):
    imported = _Imported(many=True)
    duplicates = _Duplicate(many=True)
    failed = _Failed(many=True)


class ArticlesBulkApi(APIView):
    permission_classes = [IsAuthenticated, ArticlePermission]

    @extend_schema(
        operation_id="articles_import_bulk",
        summary="Import many articles",
        description=(
            "Store up to 10,000 articles in one request (Admins): an array of objects in the "
            "format of 'Import an article'. Each item is validated and stored on its own terms: "
            "a bad item is listed under 'failed' with its index and the reason while the others "
            "are stored; a text already stored (or given twice) is listed under 'duplicates' "
            "with the id of the article holding it. Articles are stored in batches, one "
            "transaction each."
        ),
        # Items are checked one by one and a bad one is reported under 'failed', so the schema
        # promises objects only; each item's fields are those of 'Import an article'.
        request={
            "application/json": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_ARTICLES,
                "items": {
                    "type": "object",
                    "description": "An article, as for 'Import an article'.",
                },
            }
        },
        responses={
            200: OpenApiResponse(
                BulkImportReportSerializer,
                examples=[
                    OpenApiExample(
                        "Two stored, one duplicate, one bad",
                        value={
                            "imported": [
                                {"index": 0, "id": 41, "sentences": 12},
                                {"index": 3, "id": 42, "sentences": 7},
                            ],
                            "duplicates": [{"index": 1, "id": 12}],
                            "failed": [{"index": 2, "detail": "missing field 'text'"}],
                        },
                    )
                ],
            ),
            **ERRORS.write,
        },
        tags=["articles"],
    )
    def post(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        items = request.data
        if not isinstance(items, list):
            raise exceptions.ValidationError({"detail": _("Send a JSON array of article objects.")})
        if not items:
            raise exceptions.ValidationError({"detail": _("The array is empty.")})
        if len(items) > MAX_ARTICLES:
            raise exceptions.ValidationError(
                {
                    "detail": _("At most %(max)d articles per request; send the rest in another.")
                    % {"max": MAX_ARTICLES}
                }
            )
        not_objects = [index for index, item in enumerate(items) if not isinstance(item, dict)]
        if not_objects:
            # The array's shape is the request's; only an object's contents are the item's own.
            raise exceptions.ValidationError(
                {
                    "detail": _("Every item must be a JSON object; item %(index)d is not.")
                    % {"index": not_objects[0]}
                }
            )
        records, failed = [], []
        for index, item in enumerate(items):
            try:
                data = parse_article_object(item, max_bytes=settings.IMPORT_MAX_BYTES)
            except InvalidImport as error:
                failed.append({"index": index, "detail": str(error)})
                continue
            records.append(BulkRecord(origin=str(index), data=data))
        report = articles_import_bulk(records=records, imported_by=acting_user(request))
        # Suggestions for the new articles come later, from the workers.
        suggest_job_create(
            article_ids=[o.article_id for o in report.imported if o.article_id is not None],
            created_by=acting_user(request),
        )
        failed.extend({"index": int(o.origin), "detail": o.error} for o in report.failed)
        return Response(
            {
                "imported": [
                    {"index": int(o.origin), "id": o.article_id, "sentences": o.sentence_count}
                    for o in report.imported
                ],
                "duplicates": [
                    {"index": int(o.origin), "id": o.article_id} for o in report.duplicates
                ],
                "failed": sorted(failed, key=lambda f: f["index"]),
            }
        )
