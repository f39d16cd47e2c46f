"""The register's counts on a small known world, as the county officer, the township, a village contact, a leader
and a clerk read them: by layer (households and people), the overlaps (监测对象 ∩ 低保…), entries and exits by
month, 渐退, overdue verifications and 待落实 items — on the report page, in the API, in the monthly report and on
the dashboard."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shoudi.accounts.models import ApiToken
from shoudi.lowincome import counts
from shoudi.lowincome.models import Entitlement
from shoudi.monitoring.models import Case
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A, VILLAGE_B, VILLAGE_C
from shoudi.testing.factories import household_with_members as household

from .entitlement_world import TODAY, YEAR, civil_clerk, holds, login, members

pytestmark = pytest.mark.django_db
ON = dt.date(YEAR, 12, 31)


def case(h, start, end=None, status="monitored"):
    return Case.objects.create(
        household=h,
        village_id=h.village_id,
        status=status,
        is_open=end is None,
        status_on=end or start,
        channel="cadre_visit",
        opened_on=start - dt.timedelta(days=10),
        deadline=start,
        period_start=start,
        period_end=end,
    )


@pytest.fixture
def world(regions):
    """Six households: h1 低保 + 监测对象 + 脱贫户 (3 people), h2 低保 in its 渐退期 (2), h3 特困 + 脱贫户 in
    another township (1), h4 低保边缘 overdue for verification (2), h5 ordinary, h6 a case eliminated and a 低保
    ended in the year (neither counts at the year's end)."""
    h1 = household(VILLAGE_A, size=3, status="former_poor", exit_year=2018)
    h2 = household(VILLAGE_A, size=2)
    h3 = household(VILLAGE_C, size=1, status="former_poor", exit_year=2019)
    h4 = household(VILLAGE_B, size=2)
    household(VILLAGE_A, size=4)
    h6 = household(VILLAGE_B, size=1)
    holds(h1, "dibao", dt.date(YEAR, 3, 5))
    case(h1, dt.date(YEAR, 3, 20))
    holds(h2, "dibao", dt.date(YEAR - 2, 1, 1), status="phasing_out", phase_out_until=dt.date(YEAR + 1, 4, 30))
    holds(h3, "tekun", dt.date(YEAR - 3, 6, 1))
    holds(h4, "dibao_edge", dt.date(YEAR, 7, 1), next_due=dt.date(YEAR, 10, 1))
    case(h6, dt.date(YEAR - 1, 5, 1), end=dt.date(YEAR, 3, 10), status="eliminated")
    holds(h6, "dibao", dt.date(YEAR - 1, 1, 1), ended_on=dt.date(YEAR, 8, 31), status="ended")
    return {"h1": h1, "h2": h2, "h3": h3, "h4": h4, "h6": h6}


def test_households_and_people_by_layer_and_overlap(world):
    h = counts.layer_tally(COUNTY, ON, 9)
    assert h.count("dibao") == 2 and h.count("tekun") == 1 and h.count("dibao_edge") == 1
    assert h.count("monitoring") == 1 and h.count("former_poor") == 2 and h.count("rigid_hardship") == 0
    assert h.count() == 4  # h1–h4, each once (h6 holds nothing at the year's end)
    assert h.count("monitoring", "dibao") == 1 and h.count("dibao", "former_poor") == 1
    assert h.count("tekun", "former_poor") == 1 and h.count("tekun", "dibao") == 0
    assert h.count(group=TOWNSHIP_A) == 3 and h.count(group=TOWNSHIP_C) == 1
    p = counts.layer_tally(COUNTY, ON, 9, people=True)
    assert p.count("dibao") == 5 and p.count("former_poor") == 4 and p.count() == 8
    # in August h6 still held its 低保, and its case had already ended
    assert counts.layer_tally(COUNTY, dt.date(YEAR, 8, 1), 9).count("dibao") == 3


def test_entries_exits_and_follow_up(world):
    months = counts.flows_by_month(COUNTY, YEAR)
    assert months[3] == {"in_dibao": 1, "in_monitoring": 1, "out_monitoring": 1}
    assert months[7] == {"in_dibao_edge": 1} and months[8] == {"out_dibao": 1}
    follow = counts.follow_up_counts(COUNTY, ON, 9)
    assert follow[TOWNSHIP_A] == {"phasing_out": 1, "overdue": 1}  # h2 phasing out, h4 overdue (both 盘石镇)
    assert TOWNSHIP_C not in follow


def test_the_report_page_shows_the_overlap_matrix_and_the_months(world, county):
    page = login(county).get(f"/low-income/report/?year={YEAR}").content.decode()
    assert 'data-table="overlaps"' in page and 'data-table="months"' in page
    assert 'data-summary="households">4<' in page.replace(" ", "")
    overlaps = page.split('data-table="overlaps"', 1)[1].split("</section>", 1)[0]
    row = overlaps.split("<td>低保</td>", 1)[1].split("</tr>", 1)[0]
    assert [c.split(">")[1].split("<")[0] for c in row.split("<td")[1:]] == ["2", "0", "0", "0", "1", "1"]


def test_the_counts_api_and_each_reader_sees_their_area(world, county, township, village_b, leader, clerk):
    _, raw = ApiToken.issue(user=county, name="test")
    from django.test import Client

    data = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"/api/v1/low-income/counts?year={YEAR}").json()
    assert data["households"] == 4 and data["people"] == 8
    pairs = {o["key"]: o["households"] for o in data["overlaps"]}
    assert pairs["dibao+monitoring"] == 1 and pairs["tekun+former_poor"] == 1 and pairs["dibao+tekun"] == 0
    assert data["months"][2]["entries"]["monitoring"] == 1 and data["months"][7]["exits"]["dibao"] == 1
    assert data["phasing_out"] == 1 and data["overdue"] == 1
    assert [r["households"] for r in data["rows"]] == [3, 1]
    village = login(village_b).get(f"/low-income/report/?year={YEAR}").content.decode()
    assert 'data-summary="households">1<' in village.replace(" ", "")  # h4 only (h6 holds nothing by then)
    town = login(township).get(f"/low-income/report/?year={YEAR}&area={TOWNSHIP_C}")
    assert town.status_code == 400  # another township: not in the list
    assert login(leader).get(f"/low-income/report/?year={YEAR}").status_code == 200  # counts only
    assert login(clerk).get("/low-income/report/").status_code == 404  # 医保 reads no register counts
    assert login(civil_clerk()).get("/low-income/report/").status_code == 200


def test_the_monthly_report_and_the_dashboard_carry_the_section(world, county):
    from shoudi.monitoring.testing.builders import setup_policy
    from shoudi.reports import services as report_services

    setup_policy()
    Entitlement.objects.create(
        person=members(world["h1"])[0],
        household=world["h1"],
        village_id=VILLAGE_A,
        kind="premium_subsidy",
        layer="dibao",
        department="medical_insurance",
        year=YEAR,
        expected="低保对象个人缴费资助80%（全额或定额资助）",
        found="本年度未参保",
        found_on=TODAY,
    )
    report = report_services.report_request(
        by=county, area_code=COUNTY, kind="monthly", period=f"{YEAR}-03", background=False
    )
    tables = {t["key"]: t for t in report.content["tables"]}
    layers, follow = tables["lowincome_layers"], tables["lowincome_follow"]
    town = next(r for r in layers["rows"] if r[1] == TOWNSHIP_A)
    assert town[layers["head"].index("户·低保")] == 3  # on 03-31: h1 (from 03-05), h2 and h6 (until August)
    assert layers["total"][layers["head"].index("户·合计（去重）")] == 4  # h4's 低保边缘 starts in July
    assert follow["total"][follow["head"].index("新增·监测对象")] == 1
    assert follow["total"][follow["head"].index("退出·监测对象")] == 1
    assert follow["total"][follow["head"].index("待落实·医保缴费资助")] == 1
    overlaps = tables["lowincome_overlaps"]
    assert overlaps["total"][overlaps["head"].index("低保∩监测对象")] == 1
    dashboard = login(county).get(f"/reports/dashboard/{COUNTY}/?period={YEAR}-12").content.decode()
    assert 'data-lowincome="any">4<' in dashboard and 'data-lowincome="entitlements">1<' in dashboard


def test_a_bad_year_or_area_is_answered_in_chinese(world, county):
    _, raw = ApiToken.issue(user=county, name="test")
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/low-income/counts?year=99999").status_code == 422
    assert api.get("/api/v1/low-income/counts?area=520627").status_code == 404  # another county
    response = api.get(f"/api/v1/low-income/counts?year={TODAY.year + 1}")
    assert response.status_code == 422 and "年度" in json.dumps(response.json(), ensure_ascii=False)
    page = login(county).get("/low-income/report/?year=abc")
    assert page.status_code == 400 and "不在可选项中" in page.content.decode()
