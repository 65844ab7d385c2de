"""Reads of claims for the API: which claims a person may see."""

from django.db.models import QuerySet

from annotations.models import Annotation
from annotations.permissions import can_read_all_claims


def annotations_visible_to(user) -> QuerySet[Annotation]:
    """Reviewers work blind: they see their own claims; admins and data users see all."""
    claims = Annotation.objects.select_related("sentence", "label", "reviewer", "suggestion")
    return claims if can_read_all_claims(user) else claims.filter(reviewer=user)
