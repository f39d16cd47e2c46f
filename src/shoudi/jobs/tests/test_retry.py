"""A job whose worker died ends failed with a Chinese message and its owner runs it again from the job page;
a job's failure never shows the database's own text."""

from __future__ import annotations

import logging
import subprocess

import pytest
from django.db import DatabaseError
from django.urls import reverse

from shoudi.jobs import registry
from shoudi.jobs.lifecycle import HOST
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit, jobs_recover
from shoudi.jobs.tests.test_import_jobs import five_rows, login, upload
from shoudi.registry.models import Person
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members, make_user

pytestmark = pytest.mark.django_db
ID_NUMBER = "520628199001011234"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _killed_while_writing(job: Job) -> None:
    """The worker took the apply stage and was killed (kill -9) before it committed, for the last allowed time."""
    Job.objects.filter(pk=job.pk).update(
        stage=Job.Stage.APPLY, status=Job.Status.RUNNING, worker=f"{HOST}:{_dead_pid()}", attempts=2, phase="写入"
    )


def _page(client, job: Job) -> str:
    return client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_an_import_killed_while_writing_fails_in_chinese_and_its_owner_retries_it(client, county, tmp_path):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))
    client.post(reverse("jobs:apply", args=[job.pk]))
    Person.objects.all().delete()  # as if the apply had never committed
    _killed_while_writing(job)
    assert [j.pk for j in jobs_recover()] == [job.pk]
    job.refresh_from_db()
    assert job.status == "failed" and "后台进程意外中止" in job.error and "未写入任何数据" in job.error
    page = _page(client, job)
    assert "任务失败" in page and "可重试" in page and 'data-testid="job-retry"' in page

    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.stage, job.status, job.error) == ("apply", "done", "")
    assert job.result["applied"]["created_persons"] == 5 and Person.objects.count() == 5
    page = _page(client, job)
    assert "已重新排队" in page and 'data-testid="job-retry"' not in page


def test_only_the_owner_may_retry(client, county, village_b, tmp_path):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))
    client.post(reverse("jobs:apply", args=[job.pk]))
    Person.objects.all().delete()
    _killed_while_writing(job)
    jobs_recover()
    colleague = make_user("county2", "county_officer", COUNTY, full_name="同县同事")
    client.logout()
    login(client, colleague)  # sees the job (same county), may not run it again
    assert 'data-testid="job-retry"' not in _page(client, job)
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 403
    client.logout()
    login(client, village_b)  # cannot see it at all
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "failed" and not Person.objects.exists()


def test_a_retry_needs_the_uploaded_file(client, county, tmp_path):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))
    _killed_while_writing(job)
    jobs_recover()
    job.refresh_from_db()
    job.input_file.storage.delete(job.input_file.name)
    assert 'data-testid="job-retry"' not in _page(client, job)
    client.post(reverse("jobs:retry", args=[job.pk]))
    assert "上传的文件已不存在" in _page(client, job)
    job.refresh_from_db()
    assert job.status == "failed"


def test_a_finished_job_cannot_be_retried(client, county, tmp_path):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))
    assert 'data-testid="job-retry"' not in _page(client, job)
    client.post(reverse("jobs:retry", args=[job.pk]))
    assert "只有失败的任务可以重试" in _page(client, job)


def test_a_database_error_reaches_the_user_as_a_reference_not_as_its_text(
    county, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    household_with_members(VILLAGE_A, size=2)

    def broken(job, progress):
        raise DatabaseError(
            'duplicate key value violates unique constraint "registry_person_id_number"\n'
            f"DETAIL:  Key (id_number)=({ID_NUMBER}) already exists.\n"
            f"CONTEXT:  PL/pgSQL function person_check() line 3 at RAISE, person 张三 {ID_NUMBER}"
        )

    key = (Job.Kind.EXPORT_HOUSEHOLDS, Job.Stage.RUN)
    monkeypatch.setitem(registry.RUNNERS, key, registry.Runner(*key, broken))
    with caplog.at_level(logging.ERROR, logger="shoudi.jobs.tasks"), django_capture_on_commit_callbacks(execute=True):
        job = job_submit(by=county, kind=key[0], area_code=county.area_id, params={"area": county.area_id})
    job.refresh_from_db()
    assert job.status == "failed" and "参考编号" in job.error and "已撤销本次所有写入" in job.error
    for raw in (ID_NUMBER, "DETAIL", "CONTEXT", "registry_person", "DatabaseError", "张三"):
        assert raw not in job.error
    reference = job.error.split("参考编号 ")[1].split(" ")[0]
    assert any(reference in record.getMessage() for record in caplog.records)  # the log keeps the detail
    assert any(ID_NUMBER in (record.exc_text or "") for record in caplog.records)
