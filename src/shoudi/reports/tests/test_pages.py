"""Report pages, XLSX, jobs, the appraisal (考核) and the API as a user sees them, with area scoping."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from shoudi.core.models import AuditEntry
from shoudi.reports import services
from shoudi.reports.models import Report
from shoudi.reports.tests.data import build
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(regions):
    return build()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def monthly(user, area: str = COUNTY, period: str = "2026-10", **kw) -> Report:
    return services.report_request(by=user, area_code=area, kind="monthly", period=period, **kw)


def table(report: Report, key: str) -> dict:
    return next(t for t in report.content["tables"] if t["key"] == key)


# --- reports -------------------------------------------------------------------------------------------


def test_monthly_report_by_township_with_totals_equal_to_rows(county, data):
    report = monthly(county)
    assert report.status == Report.Status.DONE
    assert report.data_time is not None
    assert report.indicator_versions["monitored_households"] == 1
    overview = table(report, "overview")
    assert overview["head"][:3] == ["乡镇", "区划代码", "累计纳入监测户数"]
    assert [row[1] for row in overview["rows"]] == [TOWNSHIP_A, TOWNSHIP_C]
    assert overview["total"][2] == 4
    for col in range(2, len(overview["head"])):  # every count column: total = sum of the rows
        assert overview["total"][col] == sum(row[col] for row in overview["rows"])
    leads = table(report, "leads_channel")
    assert leads["total"][1] == sum(row[1] for row in leads["rows"]) == 4
    targets = table(report, "targets")
    assert any(row[0] == "脱贫户收入增速高于农村居民平均" and row[5] == "2026年" for row in targets["rows"])
    assert AuditEntry.objects.filter(object_type__icontains="report", area_code=COUNTY).exists()


def test_report_page_print_page_and_xlsx(county, data):
    report = monthly(county)
    client = login(county)
    page = client.get(f"/reports/list/{report.pk}/").content.decode()
    assert "监测对象总体情况" in page and "盘石镇" in page and "下载 XLSX" in page
    printed = client.get(f"/reports/list/{report.pk}/print/").content.decode()
    assert "reports/print.css" in printed and "2026年10月" in printed
    response = client.get(f"/reports/list/{report.pk}/xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "1.监测对象总体情况"
    assert len(book.sheetnames) == len(report.content["tables"]) + 1  # one sheet per table, and 说明
    sheet = book["1.监测对象总体情况"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "乡镇" and sheet["C1"].value == "累计纳入监测户数（户）"
    assert sheet["A2"].value == "盘石镇" and sheet["C2"].value == 3 and isinstance(sheet["C2"].value, int)
    assert sheet["A4"].value == "合计" and sheet["C4"].value == 4
    shares = book["3.帮扶措施落实情况"]
    assert shares["C4"].value == 50.0  # a number, not text
    info = book["说明"]
    assert any(row[0].value == "指标版本" for row in info.iter_rows())


def test_command_writes_the_monthly_xlsx(data, tmp_path):
    out = tmp_path / "oct.xlsx"
    call_command("report", "monthly", str(out), area=COUNTY, month="2026-10", stdout=io.StringIO())
    book = openpyxl.load_workbook(out)
    assert book["1.监测对象总体情况"]["C4"].value == 4


def test_city_report_runs_as_a_background_job(leader, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = monthly(leader, area="5206")
    report.refresh_from_db()
    assert report.status == Report.Status.DONE  # the immediate task backend ran the job
    overview = table(report, "overview")
    assert overview["head"][0] == "县（市、区）"
    assert overview["total"][2] == 4


def test_report_form_and_bad_period(county, data):
    client = login(county)
    response = client.post("/reports/list/", {"area": COUNTY, "kind": "monthly", "period": "2026-13"})
    html = response.content.decode()
    assert response.status_code == 400 and 'data-field="period"' in html and "报告期“2026-13”格式不对" in html
    assert 'value="2026-13"' in html  # the input is kept
    outside = client.post("/reports/list/", {"area": "520627", "kind": "monthly", "period": "2026-10"})
    assert 'data-field="area"' in outside.content.decode() and "不在您的管辖范围内" in outside.content.decode()
    bad_kind = client.post("/reports/list/", {"area": COUNTY, "kind": "weekly", "period": "2026-10"})
    assert 'data-field="kind"' in bad_kind.content.decode()
    assert not Report.objects.exists()
    response = client.post("/reports/list/", {"area": COUNTY, "kind": "annual", "period": "2026"})
    report = Report.objects.get()
    assert response.url == f"/reports/list/{report.pk}/" and report.period == "2026"
    assert report.job is not None and report.job.status == "done"  # a job, run at once for a county
    assert "已生成报表" in client.get(response.url).content.decode()


def test_a_report_in_the_worker_shows_the_jobs_progress(leader, data):
    from shoudi.jobs.models import Job

    report = monthly(leader, area="5206")  # a city: queued for the worker (never committed in this test)
    Job.objects.filter(pk=report.job_id).update(phase="计算指标", done=0, total=1)
    client = login(leader)
    page = client.get(f"/reports/list/{report.pk}/").content.decode()
    assert f'hx-get="/reports/list/{report.pk}/status/"' in page and "<progress" in page and "计算指标" in page
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DONE)
    status = client.get(f"/reports/list/{report.pk}/status/", headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true" and "<progress" not in status.content.decode()


# --- scoping -------------------------------------------------------------------------------------------


def test_township_sees_only_its_own_area(township, county, data):
    client = login(township)
    assert client.get(f"/reports/dashboard/{TOWNSHIP_A}/").status_code == 200
    assert client.get(f"/reports/dashboard/{VILLAGE_A}/").status_code == 200
    assert client.get(f"/reports/dashboard/{TOWNSHIP_C}/").status_code == 404
    assert client.get(f"/reports/dashboard/{COUNTY}/").status_code == 404
    assert client.get(f"/api/v1/reports/areas/{TOWNSHIP_C}/indicators").status_code == 404
    assert client.get(f"/reports/appraisal/{COUNTY}/").status_code == 404
    other = monthly(county, area=TOWNSHIP_C)
    assert client.get(f"/reports/list/{other.pk}/").status_code == 404
    assert client.get(f"/reports/list/{other.pk}/xlsx/").status_code == 404
    assert client.get(f"/api/v1/reports/reports/{other.pk}").status_code == 404
    listing = client.get("/reports/list/").content.decode()
    assert str(other.pk) not in listing
    api = client.get(f"/api/v1/reports/areas/{TOWNSHIP_A}/indicators?period=2026-10").json()
    assert [r["code"] for r in api["rows"]] == ["520628101203", "520628101204"]
    assert api["total"]["monitored_households"] == 3


def test_village_contact_and_clerk_have_no_reports(village_a, clerk, data):
    for user in (village_a, clerk):
        client = login(user)
        assert client.get("/reports/").status_code == 404
        assert client.get(f"/reports/dashboard/{VILLAGE_A}/").status_code == 404
        assert client.get("/api/v1/reports/indicators").status_code == 404


# --- dashboard -----------------------------------------------------------------------------------------


def test_dashboard_has_local_echarts_charts_tables_and_drill_links(county, data):
    client = login(county)
    assert client.get("/reports/").url == f"/reports/dashboard/{COUNTY}/"
    page = client.get(f"/reports/dashboard/{COUNTY}/?period=2026-10").content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in page
    for chart in ("trend", "risks", "areas", "speed", "leads"):
        assert f'data-chart="{chart}"' in page and f'data-chart-table="{chart}"' in page
    assert f'href="/reports/dashboard/{TOWNSHIP_A}/?period=2026-10"' in page
    assert 'data-summary="monitored">4<' in page
    nav = client.get("/").content.decode()
    assert 'href="/reports/"' in nav and "报表驾驶舱" in nav


def test_dashboard_trend_counts_households_at_risk_at_each_month_end(county, data):
    from shoudi.regions.models import Region
    from shoudi.reports import dashboard
    from shoudi.reports.periods import Period

    charts = dashboard.build(Region.objects.get(pk=COUNTY), Period.parse("2026-10"))["charts"]
    trend = next(c for c in charts if c["id"] == "trend")
    by_month = dict(zip(trend["categories"], trend["series"][0]["data"], strict=True))
    assert [s["name"] for s in trend["series"]] == ["风险未消除户数", "当月帮扶消除户数", "当月自然消除户数"]
    assisted = dict(zip(trend["categories"], trend["series"][1]["data"], strict=True))
    natural = dict(zip(trend["categories"], trend["series"][2]["data"], strict=True))
    assert by_month["2026-01"] == 1 and by_month["2026-09"] == 1 and by_month["2026-10"] == 2
    assert natural["2026-09"] == 1 and assisted["2026-09"] == 0  # b1 went away by itself in September
    assert assisted["2026-10"] == 1 and natural["2026-10"] == 0  # a2 was helped out in October


# --- API -----------------------------------------------------------------------------------------------


def test_api_indicators_and_catalogue(county, data):
    client = login(county)
    catalogue = client.get("/api/v1/reports/indicators").json()
    target = next(i for i in catalogue if i["code"] == "target_welfare_posts_relocated")
    assert target["target"]["value"] == 20 and target["unit"] == "%"
    body = client.get(
        f"/api/v1/reports/areas/{COUNTY}/indicators?period=2026-10&only=at_risk_households,leads_received_by_channel"
    ).json()
    assert body["versions"] == {"at_risk_households": 1, "leads_received_by_channel": 1}
    assert body["total"]["at_risk_households"] == 2
    assert body["total"]["leads_received_by_channel"]["department"] == 2
    assert sum(r["values"]["at_risk_households"] for r in body["rows"]) == 2
    bad = client.get(f"/api/v1/reports/areas/{COUNTY}/indicators?period=2026-99")
    assert bad.status_code == 422 and "报告期“2026-99”格式不对" in bad.json()["detail"]


def test_bad_period_and_year_filters_are_said_and_the_page_still_shows(county, data):
    client = login(county)
    page = client.get(f"/reports/dashboard/{COUNTY}/?period=2026-99").content.decode()
    assert 'data-field="period"' in page and 'data-summary="monitored"' in page
    page = client.get(f"/reports/appraisal/{COUNTY}/?year=abc").content.decode()
    assert 'data-field="year"' in page and "考核等次" in page
    assert 'data-field="year"' in client.get(f"/reports/appraisal/{COUNTY}/?year=1999").content.decode()


def test_a_failed_report_shows_a_reference_never_the_database_text(county, data, monkeypatch, caplog):
    """A database error's context line can quote a row (a name, an ID number): the page shows a Chinese message
    with a reference, the text stays in the log."""
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError('value too long\nCONTEXT: COPY person, line 3: "张三,522628199001011234"')

    monkeypatch.setattr(services, "generate", broken)
    report = monthly(county)
    assert report.status == Report.Status.FAILED
    assert "参考编号" in report.error
    assert "522628199001011234" not in report.error and "张三" not in report.error
    page = login(county).get(f"/reports/list/{report.pk}/")
    assert page.status_code == 200
    assert "参考编号" in page.content.decode() and "522628199001011234" not in page.content.decode()
    assert "522628199001011234" in caplog.text
