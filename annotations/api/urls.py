"""URLs of the REST API under /api/; they are public contracts, so names and shapes stay stable."""

from django.conf import settings
from django.urls import path, re_path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from annotations.api import (
    export_parquet,
    export_records,
    exports,
    views_annotation_import,
    views_annotations,
    views_article_bulk,
    views_articles,
    views_gold,
    views_no_claim,
)

urlpatterns = [
    path("articles/", views_articles.ArticlesApi.as_view(), name="api_articles"),
    path("articles/bulk/", views_article_bulk.ArticlesBulkApi.as_view(), name="api_articles_bulk"),
    path("articles/<int:article_id>/", views_articles.ArticleApi.as_view(), name="api_article"),
    path("labels/", views_articles.LabelsApi.as_view(), name="api_labels"),
    path("annotations/", views_annotations.AnnotationsApi.as_view(), name="api_annotations"),
    path(
        "annotations/<int:annotation_id>/",
        views_annotations.AnnotationApi.as_view(),
        name="api_annotation",
    ),
    path("no-claim-marks/", views_no_claim.NoClaimMarksApi.as_view(), name="api_no_claim_marks"),
    path(
        "no-claim-marks/<int:mark_id>/",
        views_no_claim.NoClaimMarkApi.as_view(),
        name="api_no_claim_mark",
    ),
    path(
        "annotations/import",
        views_annotation_import.AnnotationImportApi.as_view(),
        name="api_annotations_import",
    ),
    path(
        "export/annotations.jsonl",
        exports.AnnotationsJsonlExport.as_view(),
        name="api_export_annotations_jsonl",
    ),
    path(
        "export/annotations.csv",
        exports.AnnotationsCsvExport.as_view(),
        name="api_export_annotations_csv",
    ),
    path(
        "export/annotations.w3c.jsonld",
        exports.AnnotationsW3cExport.as_view(),
        name="api_export_annotations_w3c",
    ),
    path(
        "export/sentences.jsonl",
        exports.SentencesJsonlExport.as_view(),
        name="api_export_sentences_jsonl",
    ),
    path("agreement/", views_gold.AgreementApi.as_view(), name="api_agreement"),
    path("export/gold.jsonl", views_gold.GoldJsonlExport.as_view(), name="api_export_gold_jsonl"),
    path(
        "gold/claims/<int:gold_claim_id>/",
        views_gold.GoldClaimW3c.as_view(),
        name="api_gold_claim",
    ),
    path(
        "export/no_claim.jsonl",
        export_records.NoClaimJsonlExport.as_view(),
        name="api_export_no_claim_jsonl",
    ),
    path(
        "export/no_claim.csv",
        export_records.NoClaimCsvExport.as_view(),
        name="api_export_no_claim_csv",
    ),
    path(
        "export/articles.jsonl",
        export_records.ArticlesJsonlExport.as_view(),
        name="api_export_articles_jsonl",
    ),
    path(
        "export/changes.jsonl",
        export_records.ChangesJsonlExport.as_view(),
        name="api_export_changes_jsonl",
    ),
    path(
        "export/annotations.parquet",
        export_parquet.AnnotationsParquetExport.as_view(),
        name="api_export_annotations_parquet",
    ),
    path(
        "export/sentences.parquet",
        export_parquet.SentencesParquetExport.as_view(),
        name="api_export_sentences_parquet",
    ),
    path(
        "export/gold.parquet",
        export_parquet.GoldParquetExport.as_view(),
        name="api_export_gold_parquet",
    ),
    path(
        "export/README.md",
        export_parquet.DatasetCardExport.as_view(),
        name="api_export_dataset_card",
    ),
    path(
        "export/features.json",
        export_parquet.DatasetFeaturesExport.as_view(),
        name="api_export_dataset_features",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP forbids inline ones.
    path(
        "docs/",
        csp_override(settings.API_DOCS_CSP)(  # type: ignore[arg-type]  # lists of sources
            SpectacularSwaggerSplitView.as_view(url_name="api_schema")
        ),
        name="api_docs",
    ),
    # Anything else under /api/ answers like the API, in JSON, not with the site's 404 page.
    re_path(r"^.*$", views_articles.not_found, name="api_not_found"),
]
