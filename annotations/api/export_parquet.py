"""Parquet exports and the dataset card that lets Hugging Face ``datasets`` read them as typed."""

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.exports import _describe, export_response, export_schema
from annotations.api.permissions import ExportPermission
from annotations.api.query_params import (
    ClaimFiltersSerializer,
    NoQuerySerializer,
    validated_query,
)
from annotations.api.renderers import ErrorsAsJsonRenderer
from annotations.api.schema import ERRORS
from annotations.api.views_gold import GoldExportPermission, GoldExportQuerySerializer
from annotations.models import Label
from annotations.selectors.dataset_card import dataset_card, dataset_features
from annotations.selectors.parquet_exports import (
    annotations_parquet,
    gold_parquet,
    parquet_chunks,
    sentences_parquet,
)
from annotations.services import gold_refresh

PARQUET = "application/vnd.apache.parquet"


class ParquetRenderer(ErrorsAsJsonRenderer):
    media_type = PARQUET
    format = "parquet"
    charset = None


def label_classes() -> list[tuple[int, str]]:
    """Every label, in id order: a label's class index never changes when labels are added."""
    return list(Label.objects.order_by("id").values_list("id", "slug"))


PARQUET_NOTE = (
    " Typed by a fixed Arrow schema (timestamps in microseconds, UTC; dates as date32; "
    "offsets int32), zstd-compressed, one row group per block of about 5,000 rows. `label` is "
    "a class index: the names, in order, are in the file's Hugging Face features (schema "
    "metadata `huggingface`) and in the dataset card (`/api/export/README.md`), so "
    '`datasets.load_dataset("parquet", data_files=…)` infers nothing.'
)


class AnnotationsParquetExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, ParquetRenderer]

    @export_schema(
        "export_annotations_parquet",
        "Export annotations as Parquet",
        "The annotations.jsonl records as Parquet rows, nested as there (spans, sentence, "
        "article)." + PARQUET_NOTE,
        PARQUET,
        "(binary Parquet)",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        export = annotations_parquet(filters.export_filters(), labels=label_classes())
        return export_response(
            request,
            parquet_chunks(export),
            subject="annotations",
            extension="parquet",
            content_type=PARQUET,
            described=_describe(filters),
        )


class SentencesParquetExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, ParquetRenderer]

    @export_schema(
        "export_sentences_parquet",
        "Export reviewed sentences as Parquet",
        "The sentences.jsonl records as Parquet rows: each reviewed sentence with every "
        "reviewer's claims (`annotations`) and marks (`no_claim`)." + PARQUET_NOTE,
        PARQUET,
        "(binary Parquet)",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(ClaimFiltersSerializer, request)
        export = sentences_parquet(filters.export_filters(), labels=label_classes())
        return export_response(
            request,
            parquet_chunks(export),
            subject="sentences",
            extension="parquet",
            content_type=PARQUET,
            described=_describe(filters),
        )


class GoldParquetExport(APIView):
    permission_classes = [IsAuthenticated, GoldExportPermission]
    renderer_classes = [JSONRenderer, ParquetRenderer]

    @export_schema(
        "export_gold_parquet",
        "Export gold as Parquet",
        "The gold.jsonl records as Parquet rows: one per sentence with its article, split, "
        "gold state, gold (null without a decision) with its claims and their sources, each "
        "reviewer's labels (`reviews[].labels`, class indices like `label`) and the "
        "agreement." + PARQUET_NOTE + " Filters and split shares as for gold.jsonl.",
        PARQUET,
        "(binary Parquet)",
        parameters=[GoldExportQuerySerializer],
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = validated_query(GoldExportQuerySerializer, request)
        gold_refresh()
        export = gold_parquet(filters.gold_filters(), labels=label_classes())
        return export_response(
            request,
            parquet_chunks(export),
            subject="gold",
            extension="parquet",
            content_type=PARQUET,
            described=_describe(filters),
        )


class MarkdownRenderer(ErrorsAsJsonRenderer):
    media_type = "text/markdown"
    format = "md"


class DatasetCardExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]
    renderer_classes = [JSONRenderer, MarkdownRenderer]

    @extend_schema(
        operation_id="export_dataset_card",
        summary="Dataset card (README.md) for the exports",
        description=(
            "A Hugging Face dataset card: YAML metadata (licence from the server's "
            "DATASET_LICENSE, languages, one configuration per export file pattern with its "
            "features, label names as class labels) and a description with the labels' "
            "guideline texts and the agreement figures of `/api/agreement/` (α per label "
            "with its interval and units, overall α, κ per reviewer pair, span F1, "
            "warnings). Save it as README.md next to downloaded exports and "
            "`datasets.load_dataset(folder, 'annotations')` reads them with no inference."
        ),
        responses={
            (200, "text/markdown"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The card.",
                examples=[OpenApiExample("Card", value="---\npretty_name: factcheck claims\n…")],
            ),
            **ERRORS.read,
        },
        tags=["exports"],
    )
    def get(self, request: Request) -> HttpResponse:
        validated_query(NoQuerySerializer, request)
        gold_refresh()
        response = HttpResponse(dataset_card(), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="README.md"'
        response["Cache-Control"] = "private, no-store"
        return response


class DatasetFeaturesExport(APIView):
    permission_classes = [IsAuthenticated, ExportPermission]

    @extend_schema(
        operation_id="export_dataset_features",
        summary="Hugging Face features of every export",
        description=(
            "The `datasets` Features of annotations.parquet, sentences.parquet, "
            "gold.parquet, annotations.jsonl, sentences.jsonl and gold.jsonl, as "
            "`Features.to_dict()` gives them: pass "
            '`Features.from_dict(features["annotations.jsonl"])` to `load_dataset("json", '
            "…, features=…)` and nothing is inferred."
        ),
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                examples=[
                    OpenApiExample(
                        "Features",
                        value={
                            "annotations.jsonl": {
                                "id": {"dtype": "int64", "_type": "Value"},
                                "label": {"dtype": "string", "_type": "Value"},
                            }
                        },
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["exports"],
    )
    def get(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        return Response(dataset_features(), headers={"Cache-Control": "private, no-store"})
