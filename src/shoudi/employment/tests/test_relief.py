"""以工代赈 through the pages and the API: the township enters a project's month sheet (all rows or none, each
error naming its row), a labourer of a monitored household gets one 就业帮扶 measure per project, totals and
the pay-lag warning show on the project page, on the 劳务报酬发放滞后 list and as a workbench task; projects are
marked 以工代赈 on the project form or, once in the library, from the 以工代赈 page; other villages see
nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.assistance.models import Measure
from shoudi.employment.models import ReliefWork
from shoudi.employment.months import month_start as first_of_month
from shoudi.employment.tests.sweep_projects import monitored, relief_project, relief_row
from shoudi.projects.models import Project
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
THIS_MONTH = first_of_month(TODAY)
LAST_MONTH = first_of_month(THIS_MONTH - dt.timedelta(days=1))
LONG_AGO = dt.date(2026, 5, 1)


def login(client, user):
    client.force_login(user)
    return client


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def put_json(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def committee_a(regions):
    from shoudi.testing.projects import make_committee

    return make_committee(VILLAGE_A, "committee_a")


@pytest.fixture
def world(regions):
    """A 以工代赈 road project of village A; a labourer of a monitored household and one of a 脱贫户 in village A;
    someone of village C (outside the project's area)."""
    project = relief_project(VILLAGE_A)
    watched = household_with_members(VILLAGE_A, size=1)
    case = monitored(watched)
    poor = household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2019)
    far = household_with_members(VILLAGE_C, size=1)
    return {
        "project": project,
        "watched": watched.members.get(),
        "case": case,
        "poor": poor.members.get(),
        "far": far.members.get(),
    }


def sheet(month, rows):
    data = {
        "month": f"{month:%Y-%m}",
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data


def test_the_township_enters_a_month_sheet_and_the_project_page_totals_it(client, township, world):
    project, watched, poor = world["project"], world["watched"], world["poor"]
    login(client, township)
    url = f"/employment/relief/{project.pk}/sheet/"
    assert client.get(f"{url}?month={LAST_MONTH:%Y-%m}").status_code == 200
    rows = [
        {
            "id_number": watched.id_number,
            "days": "20",
            "pay_due": "2400",
            "pay_paid": "2400",
            "paid_on": TODAY.isoformat(),
        },
        {"id_number": poor.id_number, "days": "18", "pay_due": "2160", "pay_paid": "0"},
        {},  # an empty row is no row
    ]
    response = client.post(url, sheet(LAST_MONTH, rows), follow=True)
    page = response.content.decode()
    assert "已保存 2 名务工群众的务工记录" in page
    assert ReliefWork.objects.filter(project=project, month=LAST_MONTH).count() == 2
    assert 'data-figure="labourers">2<' in page and 'data-figure="priority">2<' in page
    assert 'data-figure="due">4560.00<' in page and 'data-figure="paid">2400.00<' in page
    assert 'data-figure="share">52.6%<' in page
    assert 'data-lagging="1"' not in page  # last month ended less than 30 days ago
    # the same month again updates the rows (the labourer is now offered by name)
    again = sheet(
        LAST_MONTH,
        [{"person": str(poor.pk), "days": "18", "pay_due": "2160", "pay_paid": "2160", "paid_on": TODAY.isoformat()}],
    )
    assert client.post(url, again).status_code == 302
    assert ReliefWork.objects.get(person=poor).pay_paid == Decimal("2160.00")


def test_a_bad_row_refuses_the_whole_sheet_and_says_its_row(client, township, world):
    project = world["project"]
    login(client, township)
    rows = [
        {"id_number": world["poor"].id_number, "days": "20", "pay_due": "2400"},
        {"id_number": world["far"].id_number, "days": "10", "pay_due": "1200"},
        {
            "id_number": world["watched"].id_number,
            "days": "20",
            "pay_due": "100",
            "pay_paid": "200",
            "paid_on": TODAY.isoformat(),
        },
    ]
    response = client.post(f"/employment/relief/{project.pk}/sheet/", sheet(LAST_MONTH, rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "第2行：身份证号不是本项目所在区域的群众" in page
    assert "第3行：实发劳务报酬不能超过应发" in page
    assert not ReliefWork.objects.exists()
    future = client.post(f"/employment/relief/{project.pk}/sheet/", sheet(dt.date(2099, 1, 1), rows[:1]))
    assert "务工月份不能晚于本月" in future.content.decode() and not ReliefWork.objects.exists()
    nul = client.post(f"/employment/relief/{project.pk}/sheet/", sheet(LAST_MONTH, [{**rows[0], "note": "a\x00"}]))
    assert nul.status_code == 400 and not ReliefWork.objects.exists()


def test_a_labourer_of_a_monitored_household_gets_one_measure_per_project(client, township, world):
    project, watched = world["project"], world["watched"]
    login(client, township)
    url = f"/employment/relief/{project.pk}/sheet/"
    row = {"id_number": watched.id_number, "days": "10", "pay_due": "1200"}
    assert client.post(url, sheet(LAST_MONTH, [row])).status_code == 302
    assert client.post(url, sheet(THIS_MONTH, [{**row, "id_number": "", "person": str(watched.pk)}])).status_code == 302
    found = Measure.objects.filter(case=world["case"], person=watched)
    assert found.count() == 1 and found.get().content == f"以工代赈：{project.name}"
    assert not Measure.objects.filter(person=world["poor"]).exists()


def test_lagging_pay_shows_in_red_on_the_list_and_on_the_workbench(client, township, village_a, world):
    project, poor = world["project"], world["poor"]
    relief_row(project, poor, LONG_AGO, "2400", "1000")
    relief_row(project, world["watched"], LONG_AGO, "2400", "2400", paid_on=dt.date(2026, 6, 10))
    login(client, township)
    page = client.get(f"/employment/relief/{project.pk}/").content.decode()
    assert page.count('data-lagging="1"') == 1 and 'data-figure="lagging">1<' in page
    lagging = client.get("/employment/relief/lagging/").content.decode()
    assert lagging.count('data-testid="lagging-row"') == 1 and poor.name in lagging
    workbench = client.get("/").content.decode()
    assert 'data-testid="task-relief_lagging">1<' in workbench and "劳务报酬发放滞后" in workbench
    listed = client.get("/employment/relief/").content.decode()
    assert "劳务报酬发放滞后 1 条" in listed
    # the village contact records no 以工代赈: no task, but the list is readable
    login(client, village_a)
    assert "task-relief_lagging" not in client.get("/").content.decode()
    assert client.get("/employment/relief/lagging/").status_code == 200


def test_the_api_puts_a_sheet_all_or_nothing_and_lists_lagging_rows(township, village_b, world):
    project, poor, far = world["project"], world["poor"], world["far"]
    client = api(township)
    url = f"/api/v1/employment/relief/projects/{project.pk}/rows"
    bad = put_json(
        client,
        url,
        {
            "month": LAST_MONTH.isoformat(),
            "rows": [
                {"id_number": poor.id_number, "days": 20, "pay_due": "2400"},
                {"id_number": far.id_number, "days": 5, "pay_due": "600"},
            ],
        },
    )
    assert bad.status_code == 422 and "第2行" in json.dumps(bad.json(), ensure_ascii=False)
    assert not ReliefWork.objects.exists()
    ok = put_json(
        client,
        url,
        {"month": LONG_AGO.isoformat(), "rows": [{"id_number": poor.id_number, "days": 20, "pay_due": "2400"}]},
    )
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["totals"]["pay_due"] == "2400.00" and body["items"][0]["lagging"] is True
    assert body["items"][0]["id_number"] == poor.id_number  # the township holds REVEAL_ID
    listed = client.get("/api/v1/employment/relief/lagging").json()
    assert listed["count"] == 1 and listed["lag_days"] == 30
    projects = client.get("/api/v1/employment/relief/projects").json()
    assert projects["count"] == 1 and projects["items"][0]["labourers"] == 1
    assert api(village_b).get(url).status_code == 404
    assert (
        put_json(
            api(village_b),
            url,
            {"month": LONG_AGO.isoformat(), "rows": [{"id_number": poor.id_number, "days": 1, "pay_due": "1"}]},
        ).status_code
        == 404
    )
    huge = put_json(
        client,
        url,
        {"month": LONG_AGO.isoformat(), "rows": [{"id_number": poor.id_number, "days": 1, "pay_due": 1e30}]},
    )
    assert huge.status_code == 422


def test_other_villages_and_leaders_see_nothing(client, village_b, leader, clerk, world):
    project = world["project"]
    relief_row(project, world["poor"], LONG_AGO, "2400")
    for user in (village_b, leader, clerk):
        login(client, user)
        assert client.get(f"/employment/relief/{project.pk}/").status_code == 404
        assert world["poor"].name not in client.get("/employment/relief/lagging/").content.decode()
    login(client, village_b)
    assert project.name not in client.get("/employment/relief/").content.decode()


def test_a_project_is_marked_relief_work_on_its_form_and_shows_it(client, committee_a):
    login(client, committee_a)
    form = {
        "name": "当造村产业路以工代赈",
        "year": "2026",
        "kind": "infrastructure",
        "relief_work": "on",
        "implementing_unit": "当造村股份经济合作社",
        "benefit_households": "40",
        "benefit_people": "150",
        "benefit_poor_households": "20",
        "benefit_mechanism": "务工",
        "fund_central": "500000",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-category": "output",
        "targets-0-direction": "at_least",
        "targets-0-indicator": "道路长度",
        "targets-0-target_value": "3",
        "targets-0-unit": "公里",
    }
    assert client.get("/projects/new/").content.decode().count('name="relief_work"') == 1
    assert client.post("/projects/new/", form).status_code == 302
    project = Project.objects.get(name="当造村产业路以工代赈")
    assert project.relief_work
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="relief-work">是' in detail
    assert client.get("/api/v1/projects/").status_code in (200, 404)


def test_the_county_marks_a_library_project_from_the_relief_page(client, county, village_a, regions):
    project = relief_project(VILLAGE_B, "响水洞村水渠修复", relief_work=False)
    login(client, county)
    page = client.get("/employment/relief/").content.decode()
    assert 'data-form="employment.relief_mark"' in page and "响水洞村水渠修复" not in page
    unknown = client.post("/employment/relief/mark/", {"code": "XM-NONE"})
    assert unknown.status_code == 400 and "没有编号为“XM-NONE”的项目" in unknown.content.decode()
    assert client.post("/employment/relief/mark/", {"code": project.code}).status_code == 302
    project.refresh_from_db()
    assert project.relief_work
    login(client, village_a)
    assert client.post("/employment/relief/mark/", {"code": project.code}).status_code == 404
