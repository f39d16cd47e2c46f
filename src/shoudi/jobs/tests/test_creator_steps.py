"""The job page's two buttons that only the job's creator has — 确认导入 and 重试 — answer a colleague who sees
the job (same county) the same way: 403, nothing queued or written; the creator is taken back to the job page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shoudi.jobs.models import Job
from shoudi.jobs.tests.test_import_jobs import five_rows, login, upload
from shoudi.registry.models import Person
from shoudi.testing.factories import COUNTY, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_colleague_who_sees_the_job_may_not_confirm_the_import(client, county, tmp_path):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))
    colleague = make_user("county2", "county_officer", COUNTY, full_name="同县同事")
    client.logout()
    login(client, colleague)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:apply", args=[job.pk]) not in page and "只有上传文件的用户可以确认导入" in page
    refused = client.post(reverse("jobs:apply", args=[job.pk]))
    assert refused.status_code == 403 and "只有上传该文件的用户可以确认导入" in refused.content.decode()
    job.refresh_from_db()
    assert (job.stage, job.status) == ("validate", "done") and not Person.objects.exists()

    client.logout()
    login(client, county)
    answer = client.post(reverse("jobs:apply", args=[job.pk]))
    assert answer.status_code == 302 and answer.url == reverse("jobs:detail", args=[job.pk])
    assert Job.objects.get(pk=job.pk).stage == "apply" and Person.objects.count() == 5
