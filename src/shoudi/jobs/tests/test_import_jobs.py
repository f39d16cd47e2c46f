"""Imports and exports through the pages: upload → job page (progress, report) → apply → download."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from shoudi.core.models import AuditEntry
from shoudi.jobs import lifecycle
from shoudi.jobs.models import Job
from shoudi.registry.io.testing import household_rows, ids, write_rows
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_B, household_with_members, make_user

pytestmark = pytest.mark.django_db
BAD_ID = "520628196001011235"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    client.force_login(user)
    return client


def five_rows(bad=True):
    p = ids(5, sequence=701)
    return [
        *household_rows(f"{VILLAGE_A}0001", VILLAGE_A, p[0:2]),
        *household_rows(f"{VILLAGE_A}0002", VILLAGE_A, p[2:4]),
        *household_rows(f"{VILLAGE_B}0003", VILLAGE_B, [BAD_ID if bad else p[4]]),
    ]


def upload(client, tmp_path, rows, mode="all", name="台账.xlsx"):
    path = write_rows(tmp_path / name, rows)
    file = SimpleUploadedFile(name, path.read_bytes())
    response = client.post(reverse("registry_io:import"), {"file": file, "mode": mode})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Job.objects.latest("created_at"), response


def test_upload_validate_report_then_apply(client, county, tmp_path):
    login(client, county)
    job, response = upload(client, tmp_path, five_rows(bad=False))
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.stage, job.status) == ("validate", "done")
    assert Person.objects.count() == 0  # validation writes nothing
    page = client.get(response.url).content.decode()
    assert "确认导入 3 户" in page
    client.post(reverse("jobs:apply", args=[job.pk]))
    job.refresh_from_db()
    assert (job.stage, job.status) == ("apply", "done")
    assert job.result["applied"]["created_persons"] == 5
    assert Person.objects.count() == 5
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "新增 <strong>3</strong> 户、<strong>5</strong> 人" in page
    assert 'hx-trigger="every 1s"' not in page  # finished jobs stop polling


def test_default_mode_with_a_bad_row_reports_it_and_cannot_apply(client, county, tmp_path):
    login(client, county)
    job, response = upload(client, tmp_path, five_rows())
    page = client.get(response.url).content.decode()
    assert "第6行" in page and "身份证号" in page and "校验位错误" in page
    assert "确认导入" not in page
    client.post(reverse("jobs:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.stage == "validate" and Person.objects.count() == 0


def test_valid_only_applies_the_good_and_returns_the_bad_rows(client, county, tmp_path):
    login(client, county)
    job, response = upload(client, tmp_path, five_rows(), mode="valid_only")
    assert "导入无误的 2 户（有错的 1 户不导入）" in client.get(response.url).content.decode()
    client.post(reverse("jobs:apply", args=[job.pk]))
    assert Person.objects.count() == 4
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    rows = list(
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(download.streaming_content)))
        .get_sheet_by_index(0)
        .iter_rows()
    )
    assert rows[0][0] == "错误说明" and len(rows) == 2 and "校验位错误" in rows[1][0]


def test_refused_upload_shows_the_reason_and_writes_nothing(client, county):
    login(client, county)
    empty = SimpleUploadedFile("空.xlsx", b"")
    response = client.post(reverse("registry_io:import"), {"file": empty, "mode": "all"})
    assert response.status_code == 400 and "文件是空的" in response.content.decode()
    picture = SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    response = client.post(reverse("registry_io:import"), {"file": picture, "mode": "all"})
    assert "文件不是电子表格" in response.content.decode()
    assert not Job.objects.exists() and not Household.objects.exists()


def test_refusals_found_by_the_job_are_shown_on_its_page(client, county, tmp_path):
    login(client, county)
    rows = household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(1))
    path = write_rows(tmp_path / "cols.csv", rows, headers=["户编号", "村代码", "姓名"])
    response = client.post(
        reverse("registry_io:import"), {"file": SimpleUploadedFile("cols.csv", path.read_bytes()), "mode": "all"}
    )
    job = Job.objects.get()
    assert job.status == "failed" and "缺少必填列：身份证号、与户主关系" in job.error
    assert "缺少必填列" in client.get(response.url).content.decode()


def test_progress_advances_on_the_job_row(client, county, tmp_path, monkeypatch):
    seen: list[tuple[str, int, int]] = []
    original = lifecycle.job_set_progress

    def spy(job_id, **kwargs):
        original(job_id, **kwargs)
        row = Job.objects.get(pk=job_id)  # what the polling page would read
        seen.append((row.phase, row.done, row.total))

    monkeypatch.setattr(lifecycle, "job_set_progress", spy)
    monkeypatch.setattr(lifecycle.JobProgress, "interval", 0)
    monkeypatch.setattr("shoudi.registry.io.validate.PROGRESS_EVERY", 2)
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))
    reading = [done for phase, done, total in seen if phase == "读取并校验每一行"]
    assert reading[0] == 0 and reading[-1] == 5 and len(set(reading)) >= 3
    assert reading == sorted(reading)
    client.post(reverse("jobs:apply", args=[job.pk]))
    assert any(phase.startswith("写入数据库") for phase, _, _ in seen)
    assert seen[-1][1] == seen[-1][2] == 3  # three households written


def test_a_failing_job_rolls_back_and_says_why(client, county, tmp_path, monkeypatch):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(bad=False))

    def boom(self):
        raise RuntimeError("磁盘已满")

    # fails after every household and person has been written, inside the transaction
    monkeypatch.setattr("shoudi.registry.io.apply.Applier._summary_entry", boom)
    client.post(reverse("jobs:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and "已撤销本次所有写入" in job.error and "参考编号" in job.error
    assert "磁盘已满" not in job.error  # the exception's text goes to the log, not to the user
    assert Household.objects.count() == 0 and Person.objects.count() == 0 and AuditEntry.objects.count() == 0
    assert "任务失败" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_export_job_and_its_download(client, township, tmp_path):
    household = household_with_members(VILLAGE_A, size=2)
    login(client, township)
    response = client.post(reverse("registry_io:export"), {"area": township.area_id, "format": "csv"})
    job = Job.objects.get()
    assert job.status == "done" and job.result["households"] == 1
    assert "下载 农户和成员-520628101.csv" in client.get(response.url).content.decode()
    content = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content).decode("utf-8-sig")
    assert household.members.first().id_number in content  # township reviewers may see full IDs


def test_export_of_an_area_outside_is_not_offered(client, township):
    login(client, township)
    response = client.post(reverse("registry_io:export"), {"area": COUNTY, "format": "xlsx"})
    assert response.status_code == 400 and not Job.objects.exists()


def test_job_pages_are_404_for_others(client, county, village_b, township, leader, tmp_path):
    login(client, county)
    job, _ = upload(client, tmp_path, five_rows(), mode="valid_only")
    urls = [reverse(name, args=[job.pk]) for name in ("jobs:detail", "jobs:status", "jobs:download")]
    for url in urls:
        assert client.get(url).status_code == 200
    colleague = make_user("county2", "county_officer", COUNTY, full_name="同县同事")
    for user in (village_b, township, leader):  # their areas do not contain the county, or no household rights
        client.logout()
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.post(reverse("jobs:apply", args=[job.pk])).status_code == 404
        assert str(job.pk) not in client.get(reverse("jobs:index")).content.decode()
    client.logout()
    login(client, colleague)
    assert client.get(urls[0]).status_code == 200
    client.post(reverse("jobs:apply", args=[job.pk]))  # only the uploader may apply
    job.refresh_from_db()
    assert job.stage == "validate" and not Person.objects.exists()


def test_io_page_and_template_downloads(client, county, village_a):
    login(client, county)
    page = client.get(reverse("registry_io:index")).content.decode()
    assert "上传并校验" in page and "开始导出" in page and "导入导出" in page
    xlsx = client.get(reverse("registry_io:template", args=["xlsx"]))
    assert CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).sheet_names[:2] == ["农户成员", "填写说明"]
    assert client.get(reverse("registry_io:template", args=["csv"])).content.startswith(b"\xef\xbb\xbf\xe6\x88\xb7")
    client.logout()
    login(client, village_a)  # no import or export right
    assert client.get(reverse("registry_io:index")).status_code == 404
    assert client.get(reverse("registry_io:template", args=["xlsx"])).status_code == 404
    assert "导入导出" not in client.get(reverse("core:workbench")).content.decode()
