"""Validation of API query strings: filters and paging, with a 400 naming each bad parameter."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.api.pagination import CursorPagination
from annotations.models import Article, Label
from annotations.permissions import can_read_all_claims
from annotations.selectors.exports import ExportFilters


class StrictQuerySerializer(serializers.Serializer):
    """A query string with known parameters only, each given at most once."""

    def to_internal_value(self, data):
        errors: dict[str, list[Any]] = {}
        allowed = ", ".join(self.fields) or _("none")
        for name in data:
            if name not in self.fields:
                errors[name] = [
                    _("Unknown query parameter. Allowed here: %(allowed)s.") % {"allowed": allowed}
                ]
            elif hasattr(data, "getlist") and len(data.getlist(name)) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif data.get(name) == "":
                # DRF would take an empty value as "not given"; say so instead of guessing.
                errors[name] = [_("Give a value, or leave the parameter out.")]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.STR)
class UpdatedSinceField(serializers.Field):
    """An ISO 8601 date or date-time; without a UTC offset it is taken as UTC."""

    default_error_messages = {
        "invalid": _(
            "Not an ISO 8601 date or date-time: use e.g. 2025-08-15 or 2025-08-15T10:30:00Z."
        )
    }

    def to_internal_value(self, data) -> datetime.datetime:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            value = datetime.datetime.fromisoformat(data.strip())
        except ValueError:
            self.fail("invalid")
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)

    def to_representation(self, value: datetime.datetime) -> str:
        return utc_iso(value)


def utc_iso(value: datetime.datetime) -> str:
    """A time as the API writes every time: ISO 8601 in UTC with ``Z``."""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


class ClaimFiltersSerializer(StrictQuerySerializer):
    """The filters shared by the annotation list and every export."""

    article = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Only claims on this article (its id).")
    )
    reviewer = serializers.CharField(
        required=False, max_length=150, help_text=_("Only claims by this reviewer (username).")
    )
    label = serializers.SlugField(  # type: ignore[assignment]  # a field, not Field.label
        required=False, max_length=50, help_text=_("Only claims with this label (its slug).")
    )
    updated_since = UpdatedSinceField(
        required=False,
        help_text=_(
            "Only claims created or changed at or after this time: an ISO 8601 date-time "
            "(2025-08-15T10:30:00Z) or date (2025-08-15); without an offset, UTC."
        ),
    )

    def validate_article(self, value: int) -> int:
        if not Article.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("No article with id %(id)s.") % {"id": value})
        return value

    def validate_reviewer(self, value: str) -> int:
        user = self.context.get("user")
        if user is not None and not can_read_all_claims(user):
            # Reviewers see their own claims only; answering "no such reviewer" for other
            # names would tell them which usernames exist.
            if value != user.get_username():
                raise serializers.ValidationError(
                    _("You see only your own claims; filter by your own username or not at all.")
                )
            return user.pk
        user_id = User.objects.filter(username=value).values_list("pk", flat=True).first()
        if user_id is None:
            raise serializers.ValidationError(
                _("No reviewer named “%(username)s”.") % {"username": value}
            )
        return user_id

    def validate_label(self, value: str) -> int:
        label_id = Label.objects.filter(slug=value).values_list("pk", flat=True).first()
        if label_id is None:
            known = ", ".join(Label.objects.order_by("slug").values_list("slug", flat=True))
            raise serializers.ValidationError(
                _("Unknown label “%(label)s”; labels are: %(known)s.")
                % {"label": value, "known": known}
            )
        return label_id

    def export_filters(self) -> ExportFilters:
        data = self.validated_data
        return ExportFilters(
            article_id=data.get("article"),
            reviewer_id=data.get("reviewer"),
            label_id=data.get("label"),
            updated_since=data.get("updated_since"),
        )


class PageQuerySerializer(StrictQuerySerializer):
    cursor = serializers.CharField(
        required=False, help_text=_("Opaque position from a page's 'next' or 'previous' link.")
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=CursorPagination.max_page_size,
        help_text=_("Items per page (default %(default)d, at most %(max)d).")
        % {"default": CursorPagination.page_size, "max": CursorPagination.max_page_size},
    )


class ClaimListQuerySerializer(ClaimFiltersSerializer, PageQuerySerializer):
    """GET /api/annotations/: filters and paging."""


class NoQuerySerializer(StrictQuerySerializer):
    """Endpoints that take no query parameters still refuse unknown ones."""


def validated_query[QuerySerializer: StrictQuerySerializer](
    serializer_class: type[QuerySerializer], request, context: dict | None = None
) -> QuerySerializer:
    """The request's query string checked by ``serializer_class``; a 400 when it is bad."""
    serializer = serializer_class(data=request.query_params, context=context or {})
    serializer.is_valid(raise_exception=True)
    return serializer


class ChangeFeedQuerySerializer(StrictQuerySerializer):
    """GET /api/export/changes.jsonl: where the last feed ended."""

    since = serializers.RegexField(
        r"^[0-9]{1,19}$",
        required=False,
        help_text=_(
            "The cursor that ended your last feed (its last line, or the X-Change-Cursor header "
            "of any export). Left out: every record, for a first full sync."
        ),
        error_messages={"invalid": _("Give the cursor of an earlier feed or export, e.g. 1234.")},
    )

    def validate_since(self, value: str) -> int:
        from annotations.selectors.change_feed import cursor_is_known

        since = int(value)
        if not cursor_is_known(since):
            raise serializers.ValidationError(
                _("This cursor is ahead of this server; it comes from another database.")
            )
        return since
