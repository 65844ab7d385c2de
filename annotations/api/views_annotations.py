"""API views for claims: list, make, read, change and delete them."""

import json
import re

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
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
from annotations.api.schema import ERRORS, example_annotation, example_web_annotation
from annotations.api.serializers import (
    AnnotationCreateSerializer,
    AnnotationPageSerializer,
    AnnotationSerializer,
    AnnotationUpdateSerializer,
    ConflictSerializer,
)
from annotations.models import Annotation
from annotations.permissions import can_change_annotation, can_open_article
from annotations.selectors.claims import annotations_visible_to
from annotations.selectors.exports import annotation_w3c
from annotations.services import (
    ClaimError,
    StaleEdit,
    annotation_create,
    annotation_delete,
    annotation_update,
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        'The revision you last saw, e.g. `"3"` (the ETag of the claim). If the claim changed '
        "since, nothing happens and the answer is 409 with the current claim."
    ),
)
CONFLICT = OpenApiResponse(
    ConflictSerializer,
    description="The claim changed since the given revision; 'current' is how it is now.",
    examples=[
        OpenApiExample(
            "Changed meanwhile",
            value={
                "detail": "This claim was changed in the meantime (now revision 3); review the "
                "current version and try again.",
                "current": {**example_annotation, "revision": 3},
            },
        )
    ],
)


class AnnotationsApi(APIView):
    permission_classes = [IsAuthenticated, ClaimPermission]

    @extend_schema(
        operation_id="annotations_list",
        summary="List annotations",
        description=(
            "Claims, newest first, in pages (follow 'next'). Reviewers see only their own "
            "claims; admins and data users see everyone's. For whole datasets use the exports, "
            "which stream everything in one response."
        ),
        parameters=[ClaimListQuerySerializer],
        responses={
            200: OpenApiResponse(
                AnnotationPageSerializer,
                examples=[
                    OpenApiExample(
                        "A page",
                        value={
                            "next": "https://factcheck.example.org/api/annotations/?cursor=cD0x",
                            "previous": None,
                            "results": [example_annotation],
                        },
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["annotations"],
    )
    def get(self, request: Request) -> Response:
        query = validated_query(ClaimListQuerySerializer, request, context={"user": request.user})
        filters = query.export_filters()
        claims = filters.filter_queryset(annotations_visible_to(request.user))
        paginator = CursorPagination()
        page = paginator.paginate_queryset(claims, request, view=self)
        return paginator.get_paginated_response(AnnotationSerializer(page, many=True).data)

    @extend_schema(
        operation_id="annotations_create",
        summary="Make a claim",
        description=(
            "Label a whole sentence, or ranges inside it, as you (the token's or session's "
            "user; never a field). Submitting the same claim again (same sentence, label and "
            "spans) changes nothing and answers 200 with the stored claim, so retries and "
            'double clicks are safe. Your "reviewed – no claim" mark on the sentence goes.'
        ),
        request=AnnotationCreateSerializer,
        examples=[
            OpenApiExample(
                "Whole sentence",
                request_only=True,
                value={"sentence": 101, "label": "opinion"},
            ),
            OpenApiExample(
                "Two ranges of a quote",
                request_only=True,
                value={
                    "sentence": 101,
                    "label": "quoted_fact",
                    "spans": [[0, 2], [19, 24]],
                    "attributed_to": "Donald Trump",
                    "note": "Zitat prüfen",
                },
            ),
        ],
        responses={
            201: OpenApiResponse(
                AnnotationSerializer,
                description="Stored.",
                examples=[OpenApiExample("Stored", value=example_annotation)],
            ),
            200: OpenApiResponse(
                AnnotationSerializer, description="The same claim was already stored."
            ),
            **ERRORS.write,
        },
        tags=["annotations"],
    )
    def post(self, request: Request) -> Response:
        validated_query(NoQuerySerializer, request)
        serializer = AnnotationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sentence = data["sentence"]
        if not can_open_article(request.user, sentence.article):
            raise exceptions.PermissionDenied(
                _("This sentence's article is not open to you (it is not assigned to you).")
            )
        try:
            outcome = annotation_create(
                sentence=sentence,
                reviewer=acting_user(request),
                label=data["label"],
                spans=data.get("spans"),
                attributed_to=data.get("attributed_to", ""),
                note=data.get("note", ""),
            )
        except ClaimError as error:
            raise exceptions.ValidationError({"detail": str(error)}) from None
        annotation = annotations_visible_to(request.user).get(pk=outcome.annotation.pk)
        return _claim_response(
            annotation, status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        )


class AnnotationApi(APIView):
    permission_classes = [IsAuthenticated, ClaimPermission]
    # JSON, or with Accept: application/ld+json (the Web Annotation profile) the claim as a
    # W3C Web Annotation: the W3C export's annotation ids name this resource.
    renderer_classes = [JSONRenderer, JsonLdRenderer]

    @extend_schema(
        operation_id="annotations_read",
        summary="Read a claim",
        description=(
            "One claim. Its ETag is its revision; send it back as If-Match (or 'revision') "
            "when changing or deleting it. Its URL is the id of the claim's Web Annotation in "
            "the W3C export, which this answers with under the Web Annotation profile."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                AnnotationSerializer, examples=[OpenApiExample("A claim", value=example_annotation)]
            ),
            (200, JSONLD): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    f'With `Accept: application/ld+json; profile="{W3C_CONTEXT}"`: the claim as '
                    "the W3C Web Annotation of the W3C export, with its @context."
                ),
                examples=[OpenApiExample("A Web Annotation", value=example_web_annotation)],
            ),
            **ERRORS.read_one,
        },
        tags=["annotations"],
    )
    def get(self, request: Request, annotation_id: int) -> Response | HttpResponse:
        validated_query(NoQuerySerializer, request)
        annotation = get_object_or_404(annotations_visible_to(request.user), pk=annotation_id)
        if request.accepted_renderer.format == "jsonld":
            return _web_annotation_response(request, annotation)
        response = _claim_response(annotation)
        response["Vary"] = "Accept"
        return response

    @extend_schema(
        operation_id="annotations_update",
        summary="Change a claim",
        description=(
            "Change the label, spans, speaker or note of one of your claims. Give 'revision' "
            "(or If-Match) to refuse the change when someone, e.g. you in another tab, changed "
            "the claim since you loaded it: the answer is then 409 with the current claim."
        ),
        parameters=[IF_MATCH],
        request=AnnotationUpdateSerializer,
        examples=[
            OpenApiExample(
                "New note, only if unchanged",
                request_only=True,
                value={"note": "Quelle: Pressekonferenz", "revision": 2},
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                AnnotationSerializer, examples=[OpenApiExample("Changed", value=example_annotation)]
            ),
            409: CONFLICT,
            **ERRORS.write_one,
        },
        tags=["annotations"],
    )
    def patch(self, request: Request, annotation_id: int) -> Response:
        validated_query(NoQuerySerializer, request)
        annotation = self._own_claim(request, annotation_id)
        serializer = AnnotationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        revision = data.pop("revision", None)
        if revision is None:
            revision = _if_match(request)
        try:
            annotation_update(annotation=annotation, expected_revision=revision, **data)
        except StaleEdit as conflict:
            return _conflict(request, conflict)
        except ClaimError as error:
            raise exceptions.ValidationError({"detail": str(error)}) from None
        return _claim_response(annotations_visible_to(request.user).get(pk=annotation.pk))

    @extend_schema(
        operation_id="annotations_delete",
        summary="Delete a claim",
        description=(
            "Remove one of your claims. Its history stays in the audit log. With If-Match, "
            "only when it is still at that revision."
        ),
        parameters=[IF_MATCH],
        responses={
            204: OpenApiResponse(description="Deleted."),
            409: CONFLICT,
            **ERRORS.write_one,
        },
        tags=["annotations"],
    )
    def delete(self, request: Request, annotation_id: int) -> Response:
        validated_query(NoQuerySerializer, request)
        annotation = self._own_claim(request, annotation_id)
        try:
            annotation_delete(annotation=annotation, expected_revision=_if_match(request))
        except StaleEdit as conflict:
            return _conflict(request, conflict)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _own_claim(self, request: Request, annotation_id: int) -> Annotation:
        annotation = get_object_or_404(annotations_visible_to(request.user), pk=annotation_id)
        if not can_change_annotation(request.user, annotation):
            raise exceptions.PermissionDenied(
                _("This claim is %(reviewer)s's; only its reviewer can change or delete it.")
                % {"reviewer": annotation.reviewer.get_username()}
            )
        # The workspace's rule: no changes on an article that is no longer open to you.
        if not can_open_article(request.user, annotation.sentence.article):
            raise exceptions.PermissionDenied(
                _("This claim's article is not open to you (it is not assigned to you).")
            )
        return annotation


def _web_annotation_response(request: Request, annotation: Annotation) -> HttpResponse:
    """The claim as the W3C export gives it, with its own @context: what its id names."""
    record = annotation_w3c(
        annotation.pk,
        annotation_iri=request.build_absolute_uri(reverse("api_annotations")),
        article_iri=request.build_absolute_uri(reverse("api_articles")),
    )
    body = json.dumps({"@context": W3C_CONTEXT, **(record or {})}, ensure_ascii=False)
    response = HttpResponse(body, content_type=f'{JSONLD}; profile="{W3C_CONTEXT}"')
    response["ETag"] = f'"{annotation.revision}"'
    response["Vary"] = "Accept"
    return response


def _claim_response(annotation: Annotation, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(
        AnnotationSerializer(annotation).data,
        status=status_code,
        headers={"ETag": f'"{annotation.revision}"'},
    )


def _conflict(request: Request, conflict: StaleEdit) -> Response:
    current = conflict.current
    if current is not None:
        current = annotations_visible_to(request.user).get(pk=current.pk)
    return Response(
        {
            "detail": str(conflict),
            "current": AnnotationSerializer(current).data if current is not None else None,
        },
        status=status.HTTP_409_CONFLICT,
    )


_REVISION_TAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def _if_match(request: Request) -> int | None:
    """The revision named by If-Match; None when the header is absent or ``*``."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _REVISION_TAG.match(header)
    if match is None:
        raise exceptions.ValidationError(
            {"If-Match": [_('Give the revision as an ETag, e.g. "3".')]}
        )
    return int(match.group(1))
