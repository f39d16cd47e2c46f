"""Pages and API: run a screening (in the worker; immediate in tests), run history, scope."""

from __future__ import annotations

import pytest

from shoudi.screening.models import ScreeningRun
from shoudi.screening.tests.world import AS_OF

pytestmark = pytest.mark.django_db


def test_a_county_officer_runs_a_screening_from_the_page(world, county, client, django_capture_on_commit_callbacks):
    client.force_login(county)
    assert "运行筛查" in client.get("/screening/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/screening/", {"area": "520628", "as_of": AS_OF.isoformat(), "engine": "duckdb"})
    run = ScreeningRun.objects.get()
    assert response.status_code == 302 and response.url == f"/screening/runs/{run.pk}/"
    assert run.job is not None and run.job.status == "done"  # the run is a job; the test backend ran it
    detail = client.get(f"/screening/runs/{run.pk}/").content.decode()
    assert "大额医疗自付" in detail and "盘石镇" in detail
    assert f'href="/jobs/{run.job_id}/"' in detail  # the job page, for the one who started it
    history = client.get("/screening/").content.decode()
    assert "已完成" in history


def test_the_run_page_follows_the_jobs_progress(world, county, client):
    from shoudi.jobs.models import Job
    from shoudi.screening.services import run_create

    client.force_login(county)
    run = run_create(by=county, area_code="520628", as_of=AS_OF)  # queued: the test's transaction never commits
    Job.objects.filter(pk=run.job_id).update(phase="读取数据并运行筛查规则", done=1, total=2)
    detail = client.get(f"/screening/runs/{run.pk}/").content.decode()
    assert f'hx-get="/screening/runs/{run.pk}/status/"' in detail and 'value="1" max="2"' in detail
    assert "大额医疗自付" not in detail  # no results before the run has finished
    ScreeningRun.objects.filter(pk=run.pk).update(status="done")
    status = client.get(f"/screening/runs/{run.pk}/status/", headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true" and "hx-get" not in status.content.decode()


def test_a_bad_run_form_says_what_is_wrong_next_to_the_field(world, county, client):
    client.force_login(county)
    response = client.post("/screening/", {"area": "520628", "as_of": "2021-13-45", "engine": "duckdb"})
    html = response.content.decode()
    assert response.status_code == 400 and 'data-field="as_of"' in html and "请按“年-月-日”填写日期" in html
    assert 'value="2021-13-45"' in html  # the input is kept
    response = client.post("/screening/", {"area": "520628", "as_of": AS_OF.isoformat(), "engine": "oracle"})
    assert 'data-field="engine"' in response.content.decode()
    assert not ScreeningRun.objects.exists()


def test_the_township_sees_runs_but_cannot_start_one(world, township, client):
    client.force_login(township)
    page = client.get("/screening/").content.decode()
    assert "运行筛查" not in page
    assert client.post("/screening/", {"area": "520628101", "as_of": AS_OF.isoformat()}).status_code == 404


def test_a_run_outside_the_area_is_refused(world, county, client):
    client.force_login(county)
    response = client.post("/screening/", {"area": "520627", "as_of": AS_OF.isoformat(), "engine": "duckdb"})
    assert 'data-field="area"' in response.content.decode() and "不在您的管辖范围内" in response.content.decode()
    assert not ScreeningRun.objects.exists()


def test_api_run_and_history(world, county, client, django_capture_on_commit_callbacks):
    client.force_login(county)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/screening/runs",
            {"area": "520628", "as_of": AS_OF.isoformat(), "engine": "duckdb"},
            content_type="application/json",
        )
    assert response.status_code == 202
    run_id = response.json()["id"]
    body = client.get(f"/api/v1/screening/runs/{run_id}").json()
    assert body["status"] == "done" and body["counts_by_rule"]["medical_oop"] == 3
    assert body["parameters"]["520628"]["rural_disposable_income"] == "11642"
    assert [r["id"] for r in client.get("/api/v1/screening/runs").json()] == [run_id]
    bad = client.post(
        "/api/v1/screening/runs", {"area": "520627", "as_of": AS_OF.isoformat()}, content_type="application/json"
    )
    assert bad.status_code == 422 and "不在您的管辖范围内" in bad.json()["detail"]


def test_a_village_contact_cannot_see_runs(world, village_a, client):
    client.force_login(village_a)
    assert client.get("/screening/").status_code == 404
    assert client.get("/api/v1/screening/runs").status_code == 404
