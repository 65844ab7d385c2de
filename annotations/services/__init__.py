"""Every write to the database, one module per idea; import the functions from here."""

from annotations.services.articles import ImportOutcome, article_import
from annotations.services.claims import (
    ClaimError,
    ClaimOutcome,
    StaleEdit,
    annotation_create,
    annotation_delete,
    annotation_update,
    sentence_mark_no_claim,
    sentence_unmark_no_claim,
)

__all__ = [
    "ClaimError",
    "ClaimOutcome",
    "ImportOutcome",
    "StaleEdit",
    "annotation_create",
    "annotation_delete",
    "annotation_update",
    "article_import",
    "sentence_mark_no_claim",
    "sentence_unmark_no_claim",
]
