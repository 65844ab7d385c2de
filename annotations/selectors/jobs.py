"""Reads for background jobs: a job's progress and errors, and an admin's recent jobs."""

from annotations.models import BackgroundJob


def job_errors(*, job: BackgroundJob, limit: int = 200) -> list[dict]:
    """The job's per-article errors ({origin, detail}), in unit order, at most ``limit``."""
    errors: list[dict] = []
    for unit_errors in (
        job.units.exclude(errors=[]).order_by("position").values_list("errors", flat=True)
    ):
        errors.extend(unit_errors)
        if len(errors) >= limit:
            break
    return errors[:limit]


def jobs_recent(*, limit: int = 50) -> list[BackgroundJob]:
    return list(BackgroundJob.objects.select_related("created_by").order_by("-created_at")[:limit])
