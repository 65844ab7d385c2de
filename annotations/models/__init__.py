"""The app's models, one module per idea; import them from here."""

from annotations.models.articles import (
    Article,
    ArticleQuerySet,
    Language,
    Sentence,
    SentenceEvent,
)
from annotations.models.assignments import (
    Assignment,
    AssignmentEvent,
    WorkspaceSettings,
    WorkspaceSettingsEvent,
)
from annotations.models.audit import PASSWORD_EVENT, UserEvent, UserGroupEvent
from annotations.models.changes import ExportChange
from annotations.models.claims import Annotation, AnnotationEvent, NoClaimMark, NoClaimMarkEvent
from annotations.models.gold import (
    AUTOMATIC_ORIGINS,
    GoldClaim,
    GoldClaimEvent,
    GoldOrigin,
    GoldPending,
    GoldSentence,
    GoldSentenceEvent,
    GoldSettings,
    GoldSettingsEvent,
)
from annotations.models.jobs import BackgroundJob, JobUnit
from annotations.models.labels import RESERVED_SHORTCUTS, Label, LabelEvent
from annotations.models.preferences import UserPreferences, UserPreferencesEvent
from annotations.models.suggestions import (
    Suggestion,
    SuggestionDecision,
    SuggestionDecisionEvent,
)
from annotations.models.tokens import ApiToken, ApiTokenEvent, hash_token
from annotations.models.undo import WorkspaceAction

__all__ = [
    "AUTOMATIC_ORIGINS",
    "PASSWORD_EVENT",
    "RESERVED_SHORTCUTS",
    "Annotation",
    "AnnotationEvent",
    "ApiToken",
    "ApiTokenEvent",
    "Article",
    "ArticleQuerySet",
    "Assignment",
    "AssignmentEvent",
    "BackgroundJob",
    "ExportChange",
    "GoldClaim",
    "GoldClaimEvent",
    "GoldOrigin",
    "GoldPending",
    "GoldSentence",
    "GoldSentenceEvent",
    "GoldSettings",
    "GoldSettingsEvent",
    "JobUnit",
    "Label",
    "LabelEvent",
    "Language",
    "NoClaimMark",
    "NoClaimMarkEvent",
    "Sentence",
    "SentenceEvent",
    "Suggestion",
    "SuggestionDecision",
    "SuggestionDecisionEvent",
    "UserEvent",
    "UserGroupEvent",
    "UserPreferences",
    "UserPreferencesEvent",
    "WorkspaceAction",
    "WorkspaceSettings",
    "WorkspaceSettingsEvent",
    "hash_token",
]
