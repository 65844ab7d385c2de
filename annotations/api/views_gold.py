"""The API of agreement and gold: ``/api/agreement/``, ``/api/export/gold.jsonl`` and each
gold claim's Web Annotation at ``/api/gold/claims/<id>/``."""

import json

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import permissions
from annotations.api.exports import (
    JSONL,
    W3C_CONTEXT,
    JsonLdRenderer,
    JsonLinesRenderer,
    _stream,
    gold_claim_iri_prefix,
)
from annotations.api.permissions import _RolePermission
from annotations.api.query_params import (
    ClaimFiltersSerializer,
    NoQuerySerializer,
    StrictQuerySerializer,
    UpdatedSinceField,
    validated_query,
)
from annotations.api.schema import ERRORS
from annotations.models import Article
from annotations.selectors.agreement import AgreementFilters, agreement_for
from annotations.selectors.gold_export import GOLD_STATES, GoldExportFilters, gold_jsonl_query
from annotations.selectors.gold_w3c import gold_claim_w3c
from annotations.services import gold_refresh


class AgreementPermission(_RolePermission):
    read = staticmethod(permissions.can_read_agreement_api)
    read_message = _("Agreement figures need the Admin, Curator or Data user role.")


class GoldExportPermission(_RolePermission):
    read = staticmethod(permissions.can_export_gold)
    read_message = _("The gold export needs the Admin, Curator or Data user role.")


class AgreementQuerySerializer(StrictQuerySerializer):
    articles = serializers.CharField(
        required=False,
        help_text=_("Only these articles: ids separated by commas, e.g. 3,5,8."),
    )
    since = UpdatedSinceField(
        required=False,
        help_text=_("Only reviews last changed at or after this ISO 8601 date or date-time."),
    )
    until = UpdatedSinceField(
        required=False, help_text=_("Only reviews last changed before this date or date-time.")
    )
    bootstrap = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=10000,
        help_text=_("Bootstrap resamples for the 95-percent intervals (default 1000; 0: none)."),
    )

    def validate_articles(self, value: str) -> tuple[int, ...]:
        try:
            ids = tuple(sorted({int(part) for part in value.split(",") if part.strip()}))
        except ValueError:
            raise serializers.ValidationError(_("Give article ids separated by commas.")) from None
        if not ids or any(pk < 1 or pk > 2**63 - 1 for pk in ids):
            raise serializers.ValidationError(_("Give article ids separated by commas."))
        found = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(
                _("No article with id %(ids)s.") % {"ids": ", ".join(missing)}
            )
        return ids

    def validate(self, data):
        if "since" in data and "until" in data and data["since"] >= data["until"]:
            raise serializers.ValidationError({"until": [_("Must be later than since.")]})
        return data


def agreement_json(agreement, *, filters: dict) -> dict:
    """The report as the API and the dataset cards publish it."""
    data = agreement.report.as_dict()
    for group in data["groups"]:
        group["article"] = group.pop("group")
        group["title"] = agreement.articles.get(group["article"], "")
    data["label_names"] = agreement.labels
    data["filters"] = filters
    return data


class AgreementApi(APIView):
    permission_classes = [IsAuthenticated, AgreementPermission]

    @extend_schema(
        operation_id="agreement",
        summary="Agreement between reviewers",
        description=(
            "Every agreement figure, computed from the reviewers' claims and “reviewed – no "
            "claim” marks (a sentence a reviewer has not reviewed is missing data, not “no "
            "claim”). `overall`: Krippendorff's α over each reviewer's set of labels per "
            "sentence with the MASI distance; `labels`: per label α (nominal, “this reviewer put "
            "the label on the sentence”), its prevalence and span F1 (exact: same characters; "
            "relaxed: Dice ≥ 0.5; one-to-one matching); `pairs`: Cohen's κ over the label set, "
            "the share of identical label sets and per label span F1 for every reviewer pair; "
            "`per_reviewer`: how often a reviewer's label set differs from the others' and from "
            "gold; `groups`: α per article. Every α has `units` (sentences with two or more "
            "reviewers), a 95 % bootstrap `interval` over sentences (null when undefined) and "
            "`warnings` (code, English message and the figures in `details`: few_units below "
            "30, prevalent_value above 85 %, undefined; few_shared_units for a pair sharing "
            "fewer than 30 sentences; few_overlapping_units for a reviewer fewer than 30 of "
            "whose sentences another reviewer reviewed, also in `per_reviewer[].warnings` next "
            "to `shared_units`)."
        ),
        parameters=[AgreementQuerySerializer],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                examples=[
                    OpenApiExample(
                        "Figures",
                        value={
                            "units": 158,
                            "pairable_units": 158,
                            "reviewers": ["otto", "rita"],
                            "overall": {
                                "alpha": 0.61,
                                "interval": [0.52, 0.69],
                                "units": 158,
                                "warnings": [],
                            },
                            "labels": ["…"],
                            "pairs": ["…"],
                            "per_reviewer": ["…"],
                            "groups": ["…"],
                            "warnings": [],
                            "label_names": {"opinion": "Opinion"},
                            "filters": {"articles": None, "since": None, "until": None},
                        },
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["agreement"],
    )
    def get(self, request: Request) -> Response:
        query = validated_query(AgreementQuerySerializer, request)
        data = query.validated_data
        gold_refresh()
        filters = AgreementFilters(
            article_ids=data.get("articles"), since=data.get("since"), until=data.get("until")
        )
        agreement = agreement_for(filters, bootstrap=data.get("bootstrap", 1000))
        described = {
            "articles": list(filters.article_ids) if filters.article_ids else None,
            "since": filters.since.isoformat() if filters.since else None,
            "until": filters.until.isoformat() if filters.until else None,
        }
        return Response(agreement_json(agreement, filters=described))


def _ratio(name: str, default: float):
    return serializers.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        help_text=_("Share of articles in the %(split)s split (default %(default)s).")
        % {"split": name, "default": default},
    )


class GoldExportQuerySerializer(ClaimFiltersSerializer):
    state = serializers.CharField(
        required=False,
        help_text=_(
            "Only sentences in these gold states, separated by commas: waiting, agreed, "
            "disputed, adjudicated, stale."
        ),
    )
    train = _ratio("train", 0.8)
    dev = _ratio("dev", 0.1)
    test = _ratio("test", 0.1)
    split_seed = serializers.CharField(
        required=False,
        max_length=100,
        allow_blank=True,
        help_text=_("Another seed gives another (equally deterministic) split."),
    )

    def validate_state(self, value: str) -> tuple[str, ...]:
        states = tuple(sorted({part.strip() for part in value.split(",") if part.strip()}))
        unknown = [s for s in states if s not in GOLD_STATES]
        if not states or unknown:
            raise serializers.ValidationError(
                _("States are: %(states)s.") % {"states": ", ".join(GOLD_STATES)}
            )
        return states

    def validate(self, data):
        given = [name for name in ("train", "dev", "test") if name in data]
        shares = {"train": 0.8, "dev": 0.1, "test": 0.1}
        if given:
            if len(given) < 3:
                missing = [name for name in ("train", "dev", "test") if name not in data]
                remainder = 1 - sum(data[name] for name in given)
                for name in missing:
                    data[name] = max(remainder, 0.0) / len(missing)
            shares = {name: data[name] for name in ("train", "dev", "test")}
            if abs(sum(shares.values()) - 1) > 1e-9:
                raise serializers.ValidationError(
                    {"train": [_("train, dev and test must add up to 1.")]}
                )
        data["shares"] = shares
        return data

    def gold_filters(self) -> GoldExportFilters:
        data = self.validated_data
        return GoldExportFilters(
            article_id=data.get("article"),
            reviewer_id=data.get("reviewer"),
            label_id=data.get("label"),
            updated_since=data.get("updated_since"),
            states=data.get("state"),
            train=data["shares"]["train"],
            dev=data["shares"]["dev"],
            split_seed=data.get("split_seed", ""),
        )


class GoldJsonlExport(APIView):
    permission_classes = [IsAuthenticated, GoldExportPermission]
    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    @extend_schema(
        operation_id="export_gold_jsonl",
        summary="Export gold as JSON Lines",
        description=(
            "One JSON object per sentence in id order: the sentence (id, position, paragraph, "
            "start, end, text; offsets in code points), its article, its `split` (train, dev "
            "or test, by article: every sentence of an article is in the same split, decided "
            "by a hash of the article's content and `split_seed`, so repeats and other "
            "instances agree), its gold `state` (waiting, agreed, disputed, adjudicated, "
            "stale), `gold` (null without a decision; else no_claim, origin – unanimous, "
            "majority, adjudicated or curator –, curator, rationale, error_category, "
            "decided_at, updated_at, version and the gold claims, each with label, "
            "whole_sentence, spans, attributed_to, origin and sources: the reviewers' claims "
            "it was taken from, with their revision), `reviews` (each reviewer's labels, or "
            "no_claim) and `agreement` (reviewers and the mean of 1 − MASI distance over "
            "reviewer pairs). Filters: `article`, `reviewer` (sentences they reviewed), `label` "
            "(sentences whose gold has the label), `updated_since` (gold changed since), "
            "`state`; split shares `train`, `dev`, `test` (default 0.8/0.1/0.1; they must add "
            "up to 1; shares not given split the rest). The same filters on unchanged data give "
            "byte-identical files."
        ),
        parameters=[GoldExportQuerySerializer],
        responses={
            (200, JSONL): OpenApiResponse(
                OpenApiTypes.STR,
                description="The export, streamed.",
                examples=[
                    OpenApiExample(
                        "Export",
                        value='{"id":1,"position":0,"paragraph":0,"start":0,"end":31,'
                        '"text":"…","article":{…},"split":"train","state":"adjudicated",'
                        '"gold":{"no_claim":false,"origin":"adjudicated",…},…}\n',
                    )
                ],
            ),
            **ERRORS.read,
        },
        tags=["exports"],
    )
    def get(self, request: Request):
        filters = validated_query(GoldExportQuerySerializer, request)
        gold_refresh()
        query = gold_jsonl_query(filters.gold_filters())
        return _stream(request, filters, query, "gold", "jsonl", JSONL)


class GoldClaimW3c(APIView):
    permission_classes = [IsAuthenticated, GoldExportPermission]
    renderer_classes = [JSONRenderer, JsonLdRenderer]

    @extend_schema(
        operation_id="gold_claim_w3c",
        summary="A gold claim as a W3C Web Annotation",
        description=(
            "What a gold claim's id in the W3C export names: the same Annotation with its own "
            "`@context`, served as JSON-LD with the Web Annotation profile (for "
            "`application/json` too). Only decided gold has claims; a withdrawn decision's "
            "claims are gone (404)."
        ),
        responses={
            (200, JsonLdRenderer.media_type): OpenApiResponse(
                OpenApiTypes.OBJECT,
                examples=[
                    OpenApiExample(
                        "Gold claim",
                        value={
                            "@context": W3C_CONTEXT,
                            "id": "https://factcheck.example/api/gold/claims/7/",
                            "type": "Annotation",
                            "motivation": "classifying",
                            "creator": {"type": "Person", "nickname": "carla"},
                            "body": [
                                {
                                    "type": "TextualBody",
                                    "purpose": "classifying",
                                    "value": "opinion",
                                },
                                {"type": "TextualBody", "purpose": "tagging", "value": "gold"},
                                {
                                    "type": "TextualBody",
                                    "purpose": "tagging",
                                    "value": "gold:adjudicated",
                                },
                            ],
                            "target": ["…"],
                        },
                    )
                ],
            ),
            **ERRORS.read_one,
        },
        tags=["exports"],
    )
    def get(self, request: Request, gold_claim_id: int) -> HttpResponse:
        validated_query(NoQuerySerializer, request)
        gold_refresh()
        record = gold_claim_w3c(
            gold_claim_id,
            gold_iri=gold_claim_iri_prefix(request),
            annotation_iri=request.build_absolute_uri(reverse("api_annotations")),
            article_iri=request.build_absolute_uri(reverse("api_articles")),
        )
        if record is None:
            raise Http404(_("No decided gold claim with this id."))
        body = json.dumps({"@context": W3C_CONTEXT, **record}, ensure_ascii=False)
        response = HttpResponse(
            body, content_type=f'{JsonLdRenderer.media_type}; profile="{W3C_CONTEXT}"'
        )
        response["Vary"] = "Accept"
        response["Cache-Control"] = "private, no-store"
        return response
