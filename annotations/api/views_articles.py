"""API views for articles (list, import, read), labels, and the API's own 404."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.pagination import CursorPagination
from annotations.api.permissions import ArticlePermission, LabelPermission, acting_user
from annotations.api.query_params import NoQuerySerializer, PageQuerySerializer, validated_query
from annotations.api.renderers import ErrorsAsJsonRenderer
from annotations.api.schema import ERRORS, example_article, example_article_summary
from annotations.api.serializers import (
    ArticleImportSerializer,
    ArticlePageSerializer,
    ArticleSerializer,
    ArticleSummarySerializer,
    LabelSerializer,
)
from annotations.models import Article, Label, Sentence
from annotations.permissions import articles_readable_by
from annotations.services import article_import
from annotations.services.jobs import suggest_job_create


class ArticlesApi(APIView):
    permission_classes = [IsAuthenticated, ArticlePermission]

    @extend_schema(
        operation_id="articles_list",
        summary="List articles",
        description=(
            "Articles you may read, newest import first, without their text. Reviewers see the "
            "articles they may open (all of them, or only those assigned to them when the "
            "workspace says so); admins and data users see all."
        ),
        parameters=[PageQuerySerializer],
        responses={
            200: OpenApiResponse(
                ArticlePageSerializer,
                examples=[
                    OpenApiExample(
                        "A page",
                        value={
                            "next": None,
                            "previous": None,
                            "results": [example_article_summary],
                        },
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["articles"],
    )
    def get(self, request: Request) -> Response:
        validated_query(PageQuerySerializer, request)
        articles = articles_readable_by(request.user, Article.objects.with_sentence_count())
        paginator = CursorPagination()
        page: list | None = paginator.paginate_queryset(articles, request, view=self)
        return paginator.get_paginated_response(ArticleSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="articles_import",
        summary="Import an article",
        description=(
            "Store an article and split it into sentences (Admins). The same text imported "
            "again (after normalising line endings, Unicode form and outer space) is not "
            "stored twice: the answer is 409 with the id of the article that holds it."
        ),
        request=ArticleImportSerializer,
        examples=[
            OpenApiExample(
                "An article",
                request_only=True,
                value={
                    "text": "Am 15. August traf Trump Putin. Es gab keine Erklärung.",
                    "title": "Gipfel in Alaska",
                    "source": "Beispielzeitung",
                    "url": "https://example.org/gipfel",
                    "published_on": "2025-08-16",
                    "language": "de",
                    "metadata": {"section": "Politik"},
                },
            )
        ],
        responses={
            201: OpenApiResponse(
                ArticleSerializer,
                description=_("Stored, with its sentences."),
                examples=[OpenApiExample("Stored", value=example_article)],
            ),
            409: OpenApiResponse(
                ERRORS.duplicate_article,
                description=_("This text is already stored; 'id' names its article."),
                examples=[
                    OpenApiExample(
                        "Duplicate",
                        value={"detail": "This text is already article 12.", "id": 12},
                    )
                ],
            ),
            **ERRORS.write,
        },
        tags=["articles"],
    )
    def post(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        serializer = ArticleImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = article_import(data=serializer.validated_data, imported_by=acting_user(request))
        if outcome.created:
            suggest_job_create(article_ids=[outcome.article.pk], created_by=acting_user(request))
        if not outcome.created:
            return Response(
                {
                    "detail": _("This text is already article %(id)d.")
                    % {"id": outcome.article.pk},
                    "id": outcome.article.pk,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            ArticleSerializer(_with_sentences(outcome.article.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PlainTextRenderer(ErrorsAsJsonRenderer):
    """Accept: text/plain gives an article's text."""

    media_type = "text/plain"
    format = "txt"


class ArticleApi(APIView):
    permission_classes = [IsAuthenticated, ArticlePermission]
    # With Accept: text/plain, the text itself: the resource the W3C export's selectors index.
    renderer_classes = [JSONRenderer, PlainTextRenderer]

    @extend_schema(
        operation_id="articles_read",
        summary="Read an article",
        description=(
            "One article with its full text and its sentences in reading order. Sentence "
            "offsets are Unicode code points into 'text', end exclusive."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                ArticleSerializer, examples=[OpenApiExample("An article", value=example_article)]
            ),
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR,
                description=(
                    "With `Accept: text/plain`: the text alone, the resource the W3C export's "
                    "selectors index (UTF-8)."
                ),
                examples=[OpenApiExample("The text", value=example_article["text"])],
            ),
            **ERRORS.read_one,
        },
        tags=["articles"],
    )
    def get(self, request: Request, article_id: int) -> HttpResponse:
        validated_query(NoQuerySerializer, request)
        readable = articles_readable_by(request.user, Article.objects.all())
        article = get_object_or_404(readable, pk=article_id)
        response: HttpResponse
        if request.accepted_renderer.format == "txt":
            response = HttpResponse(article.text, content_type="text/plain; charset=utf-8")
        else:
            response = Response(ArticleSerializer(_with_sentences(article.pk)).data)
        response["Vary"] = "Accept"
        return response


class LabelsApi(APIView):
    permission_classes = [IsAuthenticated, LabelPermission]
    pagination_class = None

    @extend_schema(
        operation_id="labels_list",
        summary="List labels",
        description=(
            "Every label in the workspace's order, inactive ones included (they stay on old "
            "claims). Annotations name their label by 'slug'."
        ),
        responses={
            200: OpenApiResponse(
                LabelSerializer(many=True),
                examples=[
                    # drf-spectacular wraps the example of a many=True serializer in a list.
                    OpenApiExample(
                        "Labels",
                        value={
                            "slug": "opinion",
                            "name": "Opinion",
                            "description": "An evaluative judgement …",
                            "translations": {
                                "de": {"name": "Meinung", "description": "Ein wertendes Urteil …"}
                            },
                            "shortcut": "2",
                            "colour": "#b35c00",
                            "order": 2,
                            "is_active": True,
                        },
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["labels"],
    )
    def get(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        return Response(LabelSerializer(Label.objects.order_by("order", "name"), many=True).data)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@authentication_classes([])
def not_found(request: Request) -> Response:
    """No API endpoint at this address."""
    raise exceptions.NotFound(_("No API endpoint at this address; see /api/docs/."))


def _with_sentences(article_id: int) -> Article:
    return Article.objects.prefetch_related(
        Prefetch("sentences", queryset=Sentence.objects.order_by("position"))
    ).get(pk=article_id)
