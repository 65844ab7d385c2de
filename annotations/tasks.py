"""The background tasks (django.tasks): each runs one unit of a job, by its id."""

from django.tasks import task

from annotations.services import jobs


@task()
def run_job_unit(unit_id: int) -> None:
    jobs.unit_run(unit_id=unit_id)
