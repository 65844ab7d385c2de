"""API views for "reviewed – no claim" marks: list, make, read and delete them.

A mark says a reviewer read the sentence and found nothing to label; it has the same
permissions as a claim (reviewers see and change their own, admins and data users read all),
the same filters, and its history is recorded by the same triggers.
"""

import json

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.exports import JSONLD, W3C_CONTEXT, JsonLdRenderer
from annotations.api.pagination import CursorPagination
from annotations.api.permissions import ClaimPermission, acting_user
from annotations.api.query_params import (
    ClaimListQuerySerializer,
    NoQuerySerializer,
    validated_query,
)
from annotations.api.schema import ERRORS, DetailSerializer
from annotations.models import NoClaimMark, Sentence
from annotations.permissions import can_annotate, can_open_article, can_read_all_claims
from annotations.selectors.no_claim_w3c import NO_CLAIM_VALUE, no_claim_w3c
from annotations.services import ClaimError, sentence_mark_no_claim, sentence_unmark_no_claim

example_mark = {
    "id": 77,
    "sentence": 102,
    "article": 12,
    "reviewer": "otto",
    "created_at": "2025-08-16T08:00:00.000000Z",
}

example_mark_annotation = {
    "@context": W3C_CONTEXT,
    "id": "https://factcheck.example.org/api/no-claim-marks/77/",
    "type": "Annotation",
    "motivation": "assessing",
    "created": "2025-08-16T08:00:00.000000Z",
    "creator": {"type": "Person", "nickname": "otto"},
    "body": [{"type": "TextualBody", "purpose": "assessing", "value": NO_CLAIM_VALUE}],
    "target": [
        {
            "type": "SpecificResource",
            "source": "https://factcheck.example.org/api/articles/12/",
            "selector": [
                {"type": "TextPositionSelector", "start": 120, "end": 158},
                {
                    "type": "TextQuoteSelector",
                    "exact": "Es gab keine Erklärung.",
                    "prefix": "… Putin. ",
                    "suffix": " Am Montag …",
                },
            ],
        }
    ],
}


class NoClaimMarkSerializer(serializers.ModelSerializer):
    """A "reviewed – no claim" mark as the API shows it."""

    article = serializers.IntegerField(source="sentence.article_id", read_only=True)
    reviewer: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = NoClaimMark
        fields = ["id", "sentence", "article", "reviewer", "created_at"]


class NoClaimMarkCreateSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(
        min_value=1, help_text="Id of the sentence you read and found nothing to label in."
    )

    def validate_sentence(self, value: int) -> Sentence:
        sentence = Sentence.objects.select_related("article").filter(pk=value).first()
        if sentence is None:
            raise serializers.ValidationError(_("No sentence with id %(id)s.") % {"id": value})
        return sentence


class NoClaimMarkPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NoClaimMarkSerializer(many=True)


CONFLICT = OpenApiResponse(
    DetailSerializer,
    description="You have claims on this sentence; delete them before marking it.",
    examples=[
        OpenApiExample(
            "Has claims",
            value={
                "detail": "This sentence has your claims; delete them before marking it as "
                "having none."
            },
        )
    ],
)


def marks_visible_to(user) -> QuerySet[NoClaimMark]:
    """As with claims: reviewers see their own marks; admins and data users see all."""
    marks = NoClaimMark.objects.select_related("sentence", "reviewer")
    return marks if can_read_all_claims(user) else marks.filter(reviewer=user)


class NoClaimMarksApi(APIView):
    permission_classes = [IsAuthenticated, ClaimPermission]

    @extend_schema(
        operation_id="no_claim_marks_list",
        summary='List "reviewed – no claim" marks',
        description=(
            "Marks, newest first, in pages (follow 'next'). The same filters as claims: "
            "`label` keeps every mark (a mark means no claim of any label) and "
            "`updated_since` compares with the mark's creation. Reviewers see their own marks."
        ),
        parameters=[ClaimListQuerySerializer],
        responses={
            200: OpenApiResponse(
                NoClaimMarkPageSerializer,
                examples=[
                    OpenApiExample(
                        "A page", value={"next": None, "previous": None, "results": [example_mark]}
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["no-claim marks"],
    )
    def get(self, request: Request) -> Response:
        query = validated_query(ClaimListQuerySerializer, request)
        marks = query.export_filters().filter_marks_queryset(marks_visible_to(request.user))
        paginator = CursorPagination()
        page = paginator.paginate_queryset(marks, request, view=self)
        return paginator.get_paginated_response(NoClaimMarkSerializer(page, many=True).data)

    @extend_schema(
        operation_id="no_claim_marks_create",
        summary='Mark a sentence "reviewed – no claim"',
        description=(
            "Record that you read the sentence and found nothing to label. Marking it again "
            "answers 200 with the stored mark. Refused with 409 while you have claims on it."
        ),
        request=NoClaimMarkCreateSerializer,
        examples=[OpenApiExample("Mark", request_only=True, value={"sentence": 102})],
        responses={
            201: OpenApiResponse(
                NoClaimMarkSerializer,
                description="Stored.",
                examples=[OpenApiExample("Stored", value=example_mark)],
            ),
            200: OpenApiResponse(NoClaimMarkSerializer, description="Already marked."),
            409: CONFLICT,
            **ERRORS.write,
        },
        tags=["no-claim marks"],
    )
    def post(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        serializer = NoClaimMarkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sentence = serializer.validated_data["sentence"]
        if not can_open_article(request.user, sentence.article):
            raise exceptions.PermissionDenied(
                _("This sentence's article is not open to you (it is not assigned to you).")
            )
        reviewer = acting_user(request)
        existed = NoClaimMark.objects.filter(sentence=sentence, reviewer=reviewer).exists()
        try:
            mark = sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)
        except ClaimError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        mark = marks_visible_to(request.user).get(pk=mark.pk)
        return Response(
            NoClaimMarkSerializer(mark).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class NoClaimMarkApi(APIView):
    permission_classes = [IsAuthenticated, ClaimPermission]
    # JSON, or under the Web Annotation profile the mark as the W3C export gives it: the
    # export's ids for marks name this resource.
    renderer_classes = [JSONRenderer, JsonLdRenderer]

    @extend_schema(
        operation_id="no_claim_marks_read",
        summary='Read a "reviewed – no claim" mark',
        description=(
            "One mark: who read the sentence and found nothing to label, and when. Reviewers "
            "read their own marks; admins and data users everyone's. Its URL is the id of the "
            "mark's Web Annotation (motivation 'assessing') in the W3C export, which this "
            "answers with under the Web Annotation profile."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                NoClaimMarkSerializer, examples=[OpenApiExample("A mark", value=example_mark)]
            ),
            (200, JSONLD): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    f'With `Accept: application/ld+json; profile="{W3C_CONTEXT}"`: the mark as '
                    "the W3C Web Annotation of the W3C export, with its @context."
                ),
                examples=[OpenApiExample("A Web Annotation", value=example_mark_annotation)],
            ),
            **ERRORS.read_one,
        },
        tags=["no-claim marks"],
    )
    def get(self, request: Request, mark_id: int) -> Response | HttpResponse:
        validated_query(NoQuerySerializer, request)
        mark = get_object_or_404(marks_visible_to(request.user), pk=mark_id)
        if request.accepted_renderer.format == "jsonld":
            record = no_claim_w3c(
                mark.pk,
                mark_iri=request.build_absolute_uri(reverse("api_no_claim_marks")),
                article_iri=request.build_absolute_uri(reverse("api_articles")),
            )
            body = json.dumps({"@context": W3C_CONTEXT, **(record or {})}, ensure_ascii=False)
            answer = HttpResponse(body, content_type=f'{JSONLD}; profile="{W3C_CONTEXT}"')
        else:
            answer = Response(NoClaimMarkSerializer(mark).data)
        answer["Vary"] = "Accept"
        return answer

    @extend_schema(
        operation_id="no_claim_marks_delete",
        summary='Delete a "reviewed – no claim" mark',
        description=(
            "Remove one of your marks (you found something to label after all); its history "
            "stays in the audit log."
        ),
        responses={204: OpenApiResponse(description="Deleted."), **ERRORS.write_one},
        tags=["no-claim marks"],
    )
    def delete(self, request: Request, mark_id: int) -> Response:
        validated_query(NoQuerySerializer, request)
        mark = get_object_or_404(marks_visible_to(request.user), pk=mark_id)
        if mark.reviewer_id != request.user.pk or not can_annotate(request.user):
            raise exceptions.PermissionDenied(
                _("This mark is %(reviewer)s's; only its reviewer can delete it.")
                % {"reviewer": mark.reviewer.get_username()}
            )
        sentence_unmark_no_claim(sentence=mark.sentence, reviewer=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
