"""Articles and their sentences: the texts reviewers annotate."""

from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import IntegerRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations.segmentation import SUPPORTED_LANGUAGES


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


assert {choice.value for choice in Language} == set(SUPPORTED_LANGUAGES)


class ArticleQuerySet(models.QuerySet["Article"]):
    def with_sentence_count(self) -> "ArticleQuerySet":
        return self.annotate(sentence_count=models.Count("sentences"))

    def search(self, query: str) -> "ArticleQuerySet":
        return self.filter(title__icontains=query) if query else self


class Article(models.Model):
    title = models.CharField(_("title"), max_length=500, blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Publication the article appeared in.")
    )
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.GERMAN
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Full text as imported, normalised only by: line endings to \\n, Unicode NFC, "
            "surrounding blank space trimmed. Sentence offsets index into it."
        ),
    )
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        editable=False,
        help_text=_("SHA-256 of the normalised text; the same text is never imported twice."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imported_articles",
        help_text=_("Empty for articles imported from the command line or the seeds."),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    metadata = models.JSONField(
        _("metadata"),
        default=dict,
        blank=True,
        help_text=_("Free-form data kept with the article."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-imported_at", "-id"]
        constraints = [
            # Duplicate detection: importing the same text twice finds the existing article.
            models.UniqueConstraint(
                fields=["content_hash"], name="annotations_article_content_hash_unique"
            ),
            # An article without text has nothing to annotate.
            models.CheckConstraint(
                condition=~Q(text=""), name="annotations_article_text_not_empty"
            ),
            # Keeps the language column in step with the segmenter's languages.
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="annotations_article_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="annotations_article_content_hash_is_sha256",
            ),
        ]
        indexes = [
            # The article list's default order.
            models.Index(
                fields=["-published_on", "-imported_at"], name="annotations_article_list_idx"
            ),
            # The reviewer's queue after their assigned articles: newest first, undated last,
            # read page by page along this index (selectors.articles.NEWEST_FIRST).
            models.Index(
                F("published_on").desc(nulls_last=True),
                F("imported_at").desc(),
                F("id").desc(),
                name="annotations_article_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class Sentence(models.Model):
    """A span of an article's text; offsets are ``[start, end)`` in code points."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField(_("position"), help_text=_("0-based reading order."))
    start = models.PositiveIntegerField(_("start"), help_text=_("Offset of the first character."))
    end = models.PositiveIntegerField(_("end"), help_text=_("Offset after the last character."))
    text = models.TextField(_("text"), help_text=_("Equal to article.text[start:end]."))
    paragraph = models.PositiveIntegerField(
        _("paragraph"), help_text=_("0-based paragraph number; blank lines separate paragraphs.")
    )

    class Meta:
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        ordering = ["article", "position"]
        constraints = [
            # Reading order is a sequence; the article page and export read it through this index.
            models.UniqueConstraint(
                fields=["article", "position"], name="annotations_sentence_article_position_unique"
            ),
            # A sentence is never empty.
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="annotations_sentence_start_before_end"
            ),
            # The stored text is exactly as long as its span.
            models.CheckConstraint(
                condition=Q(end=models.F("start") + Length("text")),
                name="annotations_sentence_text_matches_span_length",
            ),
            # Sentences of one article never overlap.
            ExclusionConstraint(
                name="annotations_sentence_no_overlap",
                expressions=[
                    ("article", RangeOperators.EQUAL),
                    (
                        models.Func(
                            "start", "end", function="int4range", output_field=IntegerRangeField()
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return self.text


# Boundary fixes by staff (a split shortens a sentence, a merge lengthens one and deletes the
# next) are history; imports and the renumbering of later sentences are not, so inserts and
# position-only updates are left out. An update keeps the sentence as it was before; the state
# after is the next event's, or the sentence as it is now.
SentenceEvent: Any = pghistory.create_event_model(
    Sentence,
    pghistory.UpdateEvent(condition=pghistory.AnyChange("start", "end", "text"), row="OLD"),
    pghistory.DeleteEvent(),
    model_name="SentenceEvent",
    abstract=False,
    append_only=True,
)
