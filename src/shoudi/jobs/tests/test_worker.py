"""``shoudi worker`` runs queued jobs from the database backend (as in production)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shoudi.core.testing.factories import VILLAGE_A, household_with_members
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_create, job_enqueue

# The worker closes its database connection between tasks, as in production; inside a test transaction that
# would end the test's own transaction on PostgreSQL, so this test commits for real (and is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_backend(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_export_waits_for_the_worker_and_then_runs(database_backend, county):
    household_with_members(VILLAGE_A, size=2)
    job = job_create(
        by=county,
        kind=Job.Kind.EXPORT_HOUSEHOLDS,
        area_code=county.area_id,
        params={"area": county.area_id, "format": "xlsx"},
    )
    job_enqueue(job)
    job.refresh_from_db()
    assert job.status == "queued"  # nothing runs until a worker picks it up
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "-v0", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == "done" and job.result["persons"] == 2 and job.result_file
    assert job.started_at <= job.finished_at
