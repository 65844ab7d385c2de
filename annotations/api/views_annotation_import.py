"""API view for loading another instance's annotations export (Admins)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.parsers import StrictJSONParser
from annotations.api.permissions import ClaimImportPermission, acting_user
from annotations.api.query_params import NoQuerySerializer, validated_query
from annotations.api.schema import ERRORS
from annotations.api.serializers import (
    AnnotationImportFailureSerializer,
    AnnotationImportReportSerializer,
)
from annotations.services import AnnotationImportFailed, annotations_import
from annotations.services.annotation_import import json_lines


class JsonLinesParser(BaseParser):
    """JSON Lines bodies, handed over as text: the import reads and reports them line by line."""

    media_type = "application/x-ndjson"

    # Text, not a mapping: the import parses it line by line to report each bad line.
    def parse(self, stream, media_type=None, parser_context=None) -> str:  # type: ignore[override]
        try:
            return stream.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(
                _("The body is not UTF-8 (byte %(position)d).") % {"position": error.start}
            ) from None


class JsonLinesAliasParser(JsonLinesParser):
    media_type = "application/jsonl"


class AnnotationImportApi(APIView):
    permission_classes = [IsAuthenticated, ClaimImportPermission]
    parser_classes = [JsonLinesParser, JsonLinesAliasParser, StrictJSONParser]

    @extend_schema(
        operation_id="annotations_import",
        summary="Import an annotations export",
        description=(
            "Load the claims of an `annotations.jsonl` export from another instance (Admins). "
            "Send the export as JSON Lines (`Content-Type: application/x-ndjson` or "
            "`application/jsonl`) or its records as a JSON array (`application/json`). "
            "Articles are matched by `article.content_hash` (import them first), sentences by "
            "their offsets, labels by slug, reviewers by username (missing ones are created "
            "deactivated). Claims already here are left alone. All or nothing: with any bad "
            "record nothing is stored and the answer lists the bad lines. Bodies are limited to "
            "the upload size limit; use `manage.py import_annotations` for larger files."
        ),
        request={
            "application/x-ndjson": OpenApiTypes.STR,
            "application/jsonl": OpenApiTypes.STR,
            "application/json": {"type": "array", "items": {"type": "object"}},
        },
        responses={
            200: OpenApiResponse(
                AnnotationImportReportSerializer,
                examples=[
                    OpenApiExample(
                        "Imported",
                        value={
                            "created": 1840,
                            "unchanged": 12,
                            "reviewers_created": ["otto"],
                            "no_claim_created": 210,
                            "no_claim_unchanged": 0,
                        },
                    )
                ],
            ),
            400: OpenApiResponse(
                AnnotationImportFailureSerializer,
                description="Bad records or body; nothing was imported.",
                examples=[
                    OpenApiExample(
                        "Bad lines",
                        value={
                            "detail": "2 bad records; nothing was imported",
                            "error_count": 2,
                            "errors": [
                                {"line": 3, "message": "unknown label 'fact'; labels here: …"},
                                {"line": 9, "message": "malformed JSON at column 18: …"},
                            ],
                        },
                    )
                ],
            ),
            401: ERRORS.write[401],
            403: ERRORS.write[403],
            413: ERRORS.write[413],
        },
        tags=["annotations"],
    )
    def post(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        body = request.data
        if isinstance(body, str):
            # Not splitlines(): JSON strings may hold U+2028 and other breaks it splits on.
            records = json_lines(body.split("\n"))
        elif isinstance(body, list):
            records = enumerate(body, start=1)
        else:
            return _import_failure(
                _("Send JSON Lines, or a JSON array of annotation records."),
                status.HTTP_400_BAD_REQUEST,
            )
        try:
            report = annotations_import(records=records, actor=acting_user(request))
        except AnnotationImportFailed as failure:
            return Response(
                {
                    "detail": str(failure),
                    "error_count": failure.error_count,
                    "errors": [
                        {"line": error.line, "message": error.message} for error in failure.errors
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(AnnotationImportReportSerializer(report).data)


def _import_failure(message: str, status_code: int) -> Response:
    return Response({"detail": message, "error_count": 1, "errors": []}, status=status_code)
