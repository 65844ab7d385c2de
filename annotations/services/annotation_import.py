"""Loading an annotations.jsonl export into this instance: all of it, or nothing.

Each record is one line of the export (see docs/api.md): a claim of annotations.jsonl, a
"reviewed – no claim" mark of no_claim.jsonl (``"no_claim": true``), or a sentence of
sentences.jsonl with its claims and marks; files of the three kinds can be mixed. Articles are
found by ``article.content_hash``, sentences by their article and
``sentence.start``/``sentence.end``, labels by slug and reviewers by username; reviewers
missing here are created deactivated, with the Reviewer role. A claim already stored (same
sentence, reviewer, label and spans) is left as it is, and so is a mark already stored. Times,
revision, speaker and note are kept. Records are checked and written in batches inside one
transaction, so memory stays flat for large files; any bad record rolls everything back and
every bad line is reported.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pghistory
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from annotations import input_checks
from annotations.models import Annotation, Article, Label, NoClaimMark, Sentence
from annotations.permissions import REVIEWER
from annotations.services.team import TeamError, reviewer_create, reviewer_deactivate
from annotations.spans import InvalidSpans, normalise_spans

BATCH_SIZE = 1000
MAX_REPORTED_ERRORS = 100
_TEXT_LIMITS = {"attributed_to": 200, "note": 10_000}


class MalformedLine:
    """A line that is not JSON; stands in for its record so the error keeps its line number."""

    def __init__(self, message: str):
        self.message = message


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str


class AnnotationImportFailed(ValueError):
    """Bad records; nothing was imported. ``errors`` holds the first MAX_REPORTED_ERRORS."""

    def __init__(self, errors: list[ImportProblem], error_count: int):
        self.errors = errors
        self.error_count = error_count
        super().__init__(
            ngettext(
                "%(count)d bad record; nothing was imported",
                "%(count)d bad records; nothing was imported",
                error_count,
            )
            % {"count": error_count}
        )


@dataclass
class AnnotationImportReport:
    created: int = 0
    unchanged: int = 0
    reviewers_created: list[str] = field(default_factory=list)
    no_claim_created: int = 0
    no_claim_unchanged: int = 0


@dataclass(frozen=True)
class _Mark:
    line: int
    sentence: Sentence
    reviewer_id: int
    created_at: datetime.datetime


@dataclass(frozen=True)
class _Claim:
    line: int
    sentence: Sentence
    label: Label
    reviewer_id: int
    spans: list[list[int]]
    attributed_to: str
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    revision: int


class _RecordError(ValueError):
    """Why one record cannot be imported, in the language of whoever imports."""


def json_lines(lines: Iterable[str]) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON) for each non-blank line; malformed ones as MalformedLine."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, input_checks.loads(line, what=_("the record"))
        except input_checks.MalformedJson as error:
            yield (
                number,
                MalformedLine(
                    _("malformed JSON at column %(column)d: %(error)s")
                    % {"column": error.colno, "error": error.msg}
                ),
            )
        except input_checks.UnsafeInput as error:
            yield number, MalformedLine(str(error))


def annotations_import(
    *, records: Iterable[tuple[int, object]], actor: User | None
) -> AnnotationImportReport:
    """Store the claims of an annotations export, or raise AnnotationImportFailed and store none.

    ``records`` are (line number, parsed JSON object) pairs, as json_lines gives them.
    """
    importer = _Importer(actor)
    with transaction.atomic(), pghistory.context(user=actor.pk if actor else None, source="import"):
        batch: list[tuple[int, object]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                importer.process(batch)
                batch = []
        if batch:
            importer.process(batch)
        if importer.seen == 0:
            importer.fail(0, _("no records: the input holds no annotations"))
        if importer.error_count:
            # Leaving the atomic block by an exception rolls back every batch already written.
            raise AnnotationImportFailed(importer.errors, importer.error_count)
    return importer.report


class _Importer:
    def __init__(self, actor: User | None):
        self.actor = actor
        self.report = AnnotationImportReport()
        self.errors: list[ImportProblem] = []
        self.error_count = 0
        self.seen = 0
        self.labels: dict[Any, Label] = {label.slug: label for label in Label.objects.all()}
        self.articles: dict[Any, int | None] = {}
        self.reviewers: dict[str, int] = {}
        self.now = timezone.now()

    def fail(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(ImportProblem(line=line, message=message))

    def process(self, batch: list[tuple[int, object]]) -> None:
        self.seen += len(batch)
        problems: list[tuple[int, str]] = []
        objects = []
        for line, value in batch:
            if isinstance(value, MalformedLine):
                problems.append((line, value.message))
            elif not isinstance(value, dict):
                problems.append((line, _("expected a JSON object (one annotation per line)")))
            elif isinstance(value.get("annotations"), list) or isinstance(
                value.get("no_claim"), list
            ):
                for record in _sentence_records(value):
                    if isinstance(record, dict):
                        objects.append((line, record))
                    else:
                        problems.append((line, _("'annotations' and 'no_claim' must hold objects")))
            else:
                # Records of a JSON array body arrive parsed; NUL or a lone surrogate in a
                # username or hash would fail in the database's lookups, not here.
                try:
                    input_checks.check_json_value(value, what=_("the record"))
                except input_checks.UnsafeInput as error:
                    problems.append((line, str(error)))
                else:
                    objects.append((line, value))
        self._load_articles({_article_hash(value) for _line, value in objects})
        sentences = self._sentences_for(objects)
        claims, marks = [], []
        for line, value in objects:
            try:
                if value.get("no_claim") is True:
                    marks.append(self._mark(line, value, sentences))
                else:
                    claims.append(self._claim(line, value, sentences))
            except _RecordError as error:
                problems.append((line, str(error)))
        for line, message in sorted(problems, key=lambda problem: problem[0]):
            self.fail(line, message)
        if self.error_count:
            return  # nothing will be kept; checking the remaining lines is all that is left
        self._store(claims)
        self._store_marks(marks)

    def _load_articles(self, hashes: set) -> None:
        wanted = {h for h in hashes if isinstance(h, str) and h not in self.articles}
        found = dict(
            Article.objects.filter(content_hash__in=wanted).values_list("content_hash", "pk")
        )
        for content_hash in wanted:
            self.articles[content_hash] = found.get(content_hash)

    def _sentences_for(self, objects) -> dict[tuple[int, int, int], Sentence]:
        found = (self.articles.get(_article_hash(value)) for _line, value in objects)
        article_ids = {article_id for article_id in found if article_id is not None}
        sentences = Sentence.objects.filter(article_id__in=article_ids).only(
            "id", "article_id", "start", "end", "text"
        )
        return {(s.article_id, s.start, s.end): s for s in sentences}

    def _mark(self, line: int, value: dict, sentences) -> _Mark:
        return _Mark(
            line=line,
            sentence=self._sentence(value, sentences),
            reviewer_id=self._reviewer_id(value.get("reviewer")),
            created_at=_time(value, "created_at") or self.now,
        )

    def _store_marks(self, marks: list[_Mark]) -> None:
        """Marks not yet here; a mark where its reviewer has claims contradicts them: refused."""
        if not marks:
            return
        sentence_ids = {mark.sentence.pk for mark in marks}
        stored = set(
            NoClaimMark.objects.filter(sentence_id__in=sentence_ids).values_list(
                "sentence_id", "reviewer_id"
            )
        )
        claimed = set(
            Annotation.objects.filter(sentence_id__in=sentence_ids).values_list(
                "sentence_id", "reviewer_id"
            )
        )
        new = []
        for mark in marks:
            key = (mark.sentence.pk, mark.reviewer_id)
            if key in claimed:
                self.fail(
                    mark.line,
                    _(
                        'a "reviewed – no claim" mark on a sentence where the same reviewer '
                        "has claims"
                    ),
                )
            elif key in stored:
                self.report.no_claim_unchanged += 1
            else:
                stored.add(key)
                new.append(
                    NoClaimMark(
                        sentence=mark.sentence,
                        reviewer_id=mark.reviewer_id,
                        created_at=mark.created_at,
                    )
                )
        if self.error_count:
            return
        NoClaimMark.objects.bulk_create(new)
        self.report.no_claim_created += len(new)

    def _sentence(self, value: dict, sentences) -> Sentence:
        content_hash = _article_hash(value)
        if not isinstance(content_hash, str):
            raise _RecordError(_("'article.content_hash' is missing: it identifies the article"))
        article_id = self.articles.get(content_hash)
        if article_id is None:
            title = str(value["article"].get("title") or content_hash[:12])
            raise _RecordError(
                _(
                    "the article “%(title)s” (content hash %(hash)s…) is not in this instance; "
                    "import the article first"
                )
                % {"title": title, "hash": content_hash[:12]}
            )
        sentence_data = value.get("sentence")
        if not isinstance(sentence_data, dict):
            raise _RecordError(_("'sentence' must be an object with 'start' and 'end'"))
        start, end = _whole_number(sentence_data, "start"), _whole_number(sentence_data, "end")
        sentence = sentences.get((article_id, start, end))
        if sentence is None:
            raise _RecordError(
                _(
                    "the article has no sentence at [%(start)d, %(end)d); was it segmented "
                    "differently?"
                )
                % {"start": start, "end": end}
            )
        if "text" in sentence_data and sentence_data["text"] != sentence.text:
            raise _RecordError(_("'sentence.text' differs from the sentence at these offsets"))
        return sentence

    def _claim(self, line: int, value: dict, sentences) -> _Claim:
        sentence = self._sentence(value, sentences)
        label = self.labels.get(value.get("label"))
        if label is None:
            raise _RecordError(
                _("unknown label %(label)s; labels here: %(known)s")
                % {"label": repr(value.get("label")), "known": ", ".join(sorted(self.labels))}
            )
        created_at = _time(value, "created_at") or self.now
        updated_at = _time(value, "updated_at") or created_at
        if updated_at < created_at:
            raise _RecordError(_("'updated_at' is before 'created_at'"))
        revision = value.get("revision", 1)
        if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
            raise _RecordError(_("'revision' must be a whole number from 1 on"))
        return _Claim(
            line=line,
            sentence=sentence,
            label=label,
            reviewer_id=self._reviewer_id(value.get("reviewer")),
            spans=_spans(value, sentence),
            attributed_to=_text(value, "attributed_to"),
            note=_text(value, "note"),
            created_at=created_at,
            updated_at=updated_at,
            revision=revision,
        )

    def _reviewer_id(self, username: object) -> int:
        if not isinstance(username, str) or not username.strip():
            raise _RecordError(_("'reviewer' must be a username"))
        if username not in self.reviewers:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = self._create_reviewer(username)
            self.reviewers[username] = user.pk
        return self.reviewers[username]

    def _create_reviewer(self, username: str) -> User:
        try:
            user = reviewer_create(username=username, role=REVIEWER, actor=self.actor)
        except TeamError as error:
            raise _RecordError(
                _("cannot create the reviewer %(username)s: %(error)s")
                % {"username": repr(username), "error": error}
            ) from None
        reviewer_deactivate(user=user, actor=self.actor)
        self.report.reviewers_created.append(username)
        return user

    def _store(self, claims: list[_Claim]) -> None:
        sentence_ids = {claim.sentence.pk for claim in claims}
        stored = {
            (sentence_id, reviewer_id, label_id, _key(spans))
            for sentence_id, reviewer_id, label_id, spans in Annotation.objects.filter(
                sentence_id__in=sentence_ids
            ).values_list("sentence_id", "reviewer_id", "label_id", "spans")
        }
        new = []
        for claim in claims:
            key = (claim.sentence.pk, claim.reviewer_id, claim.label.pk, _key(claim.spans))
            if key in stored:
                self.report.unchanged += 1
                continue
            stored.add(key)
            new.append(
                Annotation(
                    sentence=claim.sentence,
                    reviewer_id=claim.reviewer_id,
                    label=claim.label,
                    spans=claim.spans,
                    attributed_to=claim.attributed_to,
                    note=claim.note,
                    revision=claim.revision,
                    created_at=claim.created_at,
                    updated_at=claim.updated_at,
                )
            )
        Annotation.objects.bulk_create(new)
        self.report.created += len(new)
        # As in annotation_create: a reviewer with claims on a sentence has no "no claim" mark.
        pairs = {(a.sentence_id, a.reviewer_id) for a in new}
        if pairs:
            marks = Q()
            for sentence_id, reviewer_id in pairs:
                marks |= Q(sentence_id=sentence_id, reviewer_id=reviewer_id)
            NoClaimMark.objects.filter(marks).delete()


def _sentence_records(value: dict) -> Iterator[dict]:
    """The claims and marks of a sentences.jsonl record, as annotations/no_claim records."""
    sentence = {key: value.get(key) for key in ("start", "end", "text")}
    context = {"sentence": sentence, "article": value.get("article")}
    for claim in value.get("annotations") or []:
        yield {**claim, **context} if isinstance(claim, dict) else claim
    for mark in value.get("no_claim") or []:
        yield {**mark, **context, "no_claim": True} if isinstance(mark, dict) else mark


def _article_hash(value: dict) -> Any:
    article = value.get("article")
    return article.get("content_hash") if isinstance(article, dict) else None


def _whole_number(data: dict, key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _RecordError(_("'sentence.%(key)s' must be a whole number") % {"key": key})
    return value


def _spans(value: dict, sentence: Sentence) -> list[list[int]]:
    """Stored spans from the exported ones; [] for a claim on the whole sentence."""
    raw = value.get("spans", [])
    if not isinstance(raw, list):
        raise _RecordError(_("'spans' must be a list"))
    pairs = []
    for span in raw:
        if not isinstance(span, dict) or "start" not in span or "end" not in span:
            raise _RecordError(_("each span must be an object with 'start' and 'end'"))
        pairs.append([span["start"], span["end"]])
    length = sentence.end - sentence.start
    try:
        spans = normalise_spans(pairs, text=sentence.text)
    except InvalidSpans as error:
        raise _RecordError(str(error)) from None
    for span, (start, end) in zip(raw, pairs, strict=True):
        if "text" in span and span["text"] != sentence.text[start:end]:
            raise _RecordError(
                _("the text of span [%(start)s, %(end)s] differs from the sentence here")
                % {"start": start, "end": end}
            )
    whole = value.get("whole_sentence", not spans)
    if not isinstance(whole, bool):
        raise _RecordError(_("'whole_sentence' must be true or false"))
    if whole:
        if spans not in ([], [[0, length]]):
            raise _RecordError(
                _("'whole_sentence' is true but the spans do not cover the sentence")
            )
        return []
    if not spans:
        raise _RecordError(_("'spans' is empty but 'whole_sentence' is false"))
    return spans


def _text(value: dict, key: str) -> str:
    text = value.get(key) or ""
    if not isinstance(text, str):
        raise _RecordError(_("'%(key)s' must be a string") % {"key": key})
    if len(text) > _TEXT_LIMITS[key]:
        raise _RecordError(
            _("'%(key)s' is longer than %(limit)d characters")
            % {"key": key, "limit": _TEXT_LIMITS[key]}
        )
    if "\x00" in text:
        raise _RecordError(_("'%(key)s' contains a NUL character") % {"key": key})
    return text


def _time(value: dict, key: str) -> datetime.datetime | None:
    raw = value.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _RecordError(_("'%(key)s' must be an ISO 8601 date-time string") % {"key": key})
    try:
        parsed = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise _RecordError(
            _("'%(key)s' is not an ISO 8601 date-time: %(value)s")
            % {"key": key, "value": repr(raw)}
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _key(spans: list) -> tuple:
    return tuple(tuple(span) for span in spans)
