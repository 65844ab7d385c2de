"""Background job pages: progress for the admin who started the job, polled by htmx."""

import pytest
from django.urls import reverse

from annotations.importing import ArticleData
from annotations.services import BulkRecord
from annotations.services.jobs import import_job_create, unit_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(admin_user):
    records = [BulkRecord(f"item {i}", ArticleData(text=f"Text {i}.")) for i in range(3)]
    return import_job_create(
        records=records, created_by=admin_user, failed=[("item 3", "missing field 'text'")]
    )


def test_job_page_shows_done_total_errors_and_polls_while_running(client, admin_user, job):
    client.force_login(admin_user)
    html = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "1 / 4 articles done" in html
    assert "missing field &#x27;text&#x27;" in html or "missing field 'text'" in html
    assert 'hx-trigger="every 1s"' in html and "<progress" in html


def test_job_partial_for_htmx_stops_polling_when_finished(client, admin_user, job):
    for unit in job.units.filter(state="pending"):
        unit_run(unit_id=unit.pk)
    client.force_login(admin_user)
    response = client.get(reverse("job_detail", args=[job.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Finished." in html and "4 / 4 articles done" in html
    assert "every 1s" not in html
    assert "HX-Request" in response["Vary"]


def test_job_pages_are_for_admins(client, reviewer, job):
    client.force_login(reviewer)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("job_list")).status_code == 403


def test_web_import_of_many_articles_goes_through_the_queue(client, admin_user, settings):
    settings.IMPORT_QUEUE_MIN_ARTICLES = 2
    client.force_login(admin_user)
    body = '[{"text": "Eins."}, {"text": "Zwei."}]'
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("article_import"),
        {
            "language": "de",
            "files": [SimpleUploadedFile("two.json", body.encode(), "application/json")],
        },
    )
    assert response.status_code == 302 and "/jobs/" in response["Location"]
