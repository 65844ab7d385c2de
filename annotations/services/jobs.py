"""Writes for background jobs: cutting bulk imports and suggestion runs into units, running a
unit, and handing out again the units whose worker died.

A unit runs in one transaction that locks its row, does the work and marks it done, so it is
either applied whole or not at all; its row lock is also the sign that a worker is on it. A unit
still pending whose task the queue reports as running, while nobody holds its row, belonged to
a worker that was killed: :func:`jobs_recover` enqueues it again (up to TASKS_MAX_ATTEMPTS, then
reports it failed). Storing articles is idempotent by text hash and suggestions by their unique
key, so a unit done twice changes nothing the second time.
"""

import datetime
import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations.importing import ArticleData
from annotations.models import BackgroundJob, JobUnit, Label
from annotations.services.bulk_import import BulkRecord, articles_import_bulk
from annotations.services.suggestions import suggestions_compute

logger = logging.getLogger(__name__)

IMPORT_UNIT_SIZE = 500
SUGGEST_UNIT_SIZE = 500


def import_job_create(
    *,
    records: Sequence[BulkRecord],
    created_by: User | None,
    failed: Sequence[tuple[str, str]] = (),
) -> BackgroundJob:
    """A queued import of ``records``; ``failed`` are items refused before (origin, reason)."""
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=BackgroundJob.Kind.IMPORT,
            created_by=created_by,
            total=len(records) + len(failed),
            done=len(failed),
            failed=len(failed),
        )
        payloads = [
            [{"origin": r.origin, "data": _article_json(r.data)} for r in records[i : i + size]]
            for size in [IMPORT_UNIT_SIZE]
            for i in range(0, len(records), size)
        ]
        units = _units_create(job, payloads)
        if failed:
            # The refused items are a unit of their own, done from the start, so that the
            # job's error list is read from one place.
            JobUnit.objects.create(
                job=job,
                position=len(units),
                payload=[],
                size=len(failed),
                state=JobUnit.State.DONE,
                errors=[{"origin": o, "detail": d} for o, d in failed],
                finished_at=timezone.now(),
            )
        _finish_if_done(job.pk)
    return job


def suggest_job_create(
    *, article_ids: Sequence[int], created_by: User | None = None
) -> BackgroundJob | None:
    """Queued suggestions for the articles; None when no source or label wants any."""
    if not article_ids or not settings.SUGGESTION_SOURCES:
        return None
    if not Label.objects.filter(is_active=True, suggestions_enabled=True).exists():
        return None
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=BackgroundJob.Kind.SUGGEST, created_by=created_by, total=len(article_ids)
        )
        ids = list(article_ids)
        _units_create(
            job, [ids[i : i + SUGGEST_UNIT_SIZE] for i in range(0, len(ids), SUGGEST_UNIT_SIZE)]
        )
    return job


def _units_create(job: BackgroundJob, payloads: list[list]) -> list[JobUnit]:
    now = timezone.now()
    units = JobUnit.objects.bulk_create(
        JobUnit(job=job, position=i, payload=p, size=len(p), enqueued_at=now)
        for i, p in enumerate(payloads)
    )
    ids = [unit.pk for unit in units]
    # After commit: a worker must find the rows; with a queue outside PostgreSQL the task could
    # otherwise run before they exist. A process that dies between commit and enqueue leaves
    # units without a task, which jobs_recover enqueues.
    transaction.on_commit(lambda: _enqueue(ids))
    return units


def _enqueue(unit_ids: Sequence[int]) -> None:
    from annotations.tasks import run_job_unit

    for unit_id in unit_ids:
        result = run_job_unit.enqueue(unit_id)
        JobUnit.objects.filter(pk=unit_id, state=JobUnit.State.PENDING).update(
            task_id=str(result.id), attempts=F("attempts") + 1, enqueued_at=timezone.now()
        )


def unit_run(*, unit_id: int) -> None:
    """Do one unit in one transaction; a unit already done (a repeated task) is left alone."""
    follow_up: list[int] = []
    with transaction.atomic():
        unit = JobUnit.objects.select_for_update().select_related("job").filter(pk=unit_id).first()
        if unit is None or unit.state != JobUnit.State.PENDING:
            return
        job = unit.job
        counts = {"done": F("done") + unit.size}
        if job.kind == BackgroundJob.Kind.IMPORT:
            records = [
                BulkRecord(item["origin"], _article_data(item["data"])) for item in unit.payload
            ]
            report = articles_import_bulk(
                records=records, imported_by=job.created_by, batch_size=len(records) or 1
            )
            unit.errors = [{"origin": o.origin, "detail": o.error} for o in report.failed]
            counts.update(
                imported=F("imported") + len(report.imported),
                duplicates=F("duplicates") + len(report.duplicates),
                failed=F("failed") + len(report.failed),
            )
            follow_up = [o.article_id for o in report.imported if o.article_id is not None]
        else:
            result = suggestions_compute(article_ids=unit.payload)
            unit.errors = [
                {"origin": _("article %(id)d") % {"id": article_id}, "detail": message}
                for article_id, message in result.errors
            ]
            counts["failed"] = F("failed") + len({article_id for article_id, _ in result.errors})
        unit.state = JobUnit.State.DONE
        unit.finished_at = timezone.now()
        unit.save(update_fields=["state", "errors", "finished_at"])
        BackgroundJob.objects.filter(pk=job.pk).update(**counts)
        _finish_if_done(job.pk)
        if follow_up:
            suggest_job_create(article_ids=follow_up, created_by=job.created_by)


def _finish_if_done(job_id: int) -> None:
    BackgroundJob.objects.filter(pk=job_id, done=F("total"), finished_at__isnull=True).update(
        finished_at=timezone.now()
    )


def jobs_recover(*, stale_seconds: int | None = None, max_attempts: int | None = None) -> int:
    """Enqueue again the pending units whose worker died or whose task was never enqueued.

    Returns how many units were handed out again or given up. Safe to run anywhere, any number
    of times at once: units a worker holds are skipped, others are locked while looked at.
    """
    stale = timedelta(seconds=stale_seconds or settings.TASKS_STALE_SECONDS)
    attempts_allowed = max_attempts or settings.TASKS_MAX_ATTEMPTS
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        units = list(
            JobUnit.objects.select_for_update(skip_locked=True)
            .filter(state=JobUnit.State.PENDING, enqueued_at__lt=now - stale)
            .order_by("enqueued_at")[:1000]
        )
        lost = [unit for unit in units if _is_lost(unit, now - stale)]
        for unit in lost:
            changed += 1
            if unit.attempts >= attempts_allowed:
                _give_up(unit, attempts_allowed)
        retry = [unit.pk for unit in lost if unit.attempts < attempts_allowed]
        if retry:
            transaction.on_commit(lambda: _enqueue(retry))
    return changed


def _is_lost(unit: JobUnit, started_before: datetime.datetime) -> bool:
    """No task, or a task that ended or runs with nobody holding the unit (a dead worker)."""
    if not unit.task_id:
        return True
    from annotations.tasks import run_job_unit

    try:
        result = run_job_unit.get_result(unit.task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return True
    if result.status == TaskResultStatus.READY:
        return False  # still waiting for a worker
    if result.status == TaskResultStatus.RUNNING:
        return result.started_at is None or result.started_at < started_before
    return True  # failed, or finished without marking the unit (it raised before the commit)


def _give_up(unit: JobUnit, attempts: int) -> None:
    detail = _(
        "Not done after %(attempts)d attempts (the worker stopped or the work failed each time)."
    ) % {"attempts": attempts}
    unit.state = JobUnit.State.FAILED
    unit.finished_at = timezone.now()
    unit.errors = [{"origin": _("unit %(n)d") % {"n": unit.position + 1}, "detail": detail}]
    unit.save(update_fields=["state", "finished_at", "errors"])
    BackgroundJob.objects.filter(pk=unit.job_id).update(
        done=F("done") + unit.size, failed=F("failed") + unit.size
    )
    _finish_if_done(unit.job_id)
    logger.error("job unit %s given up: %s", unit.pk, detail)


def _article_json(data: ArticleData) -> dict:
    values = asdict(data)
    values["published_on"] = data.published_on.isoformat() if data.published_on else None
    return values


def _article_data(values: dict) -> ArticleData:
    published = values.get("published_on")
    return ArticleData(
        **{**values, "published_on": datetime.date.fromisoformat(published) if published else None}
    )
