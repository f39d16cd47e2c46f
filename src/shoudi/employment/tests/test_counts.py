"""The jobs ledgers' counts on a small known world, as the home page, the API, the monthly report's 就业帮扶
table, the dashboard tiles and the 公益岗位用于搬迁群众占比 target show them; the number of queries does not grow
with the number of rows; leaders read the report, not the ledgers.

The world (松桃县, today 2026-12-07 or whenever the tests run — ages are relative to today):
- 当造村 (township A): H1 relocated 脱贫户 — a1 30 working 省外, a2 40 working in the workshop (县内), a3 a
  child at school; H2 — b1 35 not working, b2 70; H3 relocated — c1 45 not working, c2 50 丧失劳动力.
- 团塘村 (township C): H4 under monitoring — d1 25 working in the partner city, d2 55 in 当造村's workshop;
  H5 — e1 20 at university.
Labour force 6 (A 4, C 2), employed 4, households with labour and no one employed 2 (1 relocated). Posts: two in
A (one held by a relocated labourer since March), one in C (held since May) — 50% of the year's holdings went to
relocated labourers. The workshop of A employs a2 and d2, both 脱贫/监测. 以工代赈 in A: a1 this month 2,000 due,
1,500 paid; b1 in May 1,000 due, nothing paid (lagging)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.employment import codes
from shoudi.employment.counts import area_counts
from shoudi.employment.testing import holding, post, work
from shoudi.employment.tests.sweep_projects import monitored, relief_project, relief_row, workshop
from shoudi.regions.models import Region
from shoudi.reports import dashboard
from shoudi.reports.generator import generate
from shoudi.reports.periods import Period
from shoudi.reports.testing import report
from shoudi.testing.factories import (
    COUNTY,
    TOWNSHIP_A,
    TOWNSHIP_C,
    VILLAGE_A,
    VILLAGE_C,
    HouseholdFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)


def aged(household, years, **fields):
    born = TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=10)
    return PersonFactory(household=household, birth_date=born, **fields)


@pytest.fixture
def world(regions):
    h1 = HouseholdFactory(village_id=VILLAGE_A, status="former_poor", exit_year=2019, relocated=True)
    a1, a2 = aged(h1, 30), aged(h1, 40, relationship="spouse")
    aged(h1, 10, relationship="son", school_stage="primary")
    h2 = HouseholdFactory(village_id=VILLAGE_A)
    b1 = aged(h2, 35)
    aged(h2, 70, relationship="father")
    h3 = HouseholdFactory(village_id=VILLAGE_A, relocated=True)
    c1 = aged(h3, 45)
    c2 = aged(h3, 50, relationship="spouse", labor="lost")
    h4 = HouseholdFactory(village_id=VILLAGE_C)
    monitored(h4)
    d1, d2 = aged(h4, 25), aged(h4, 55, relationship="spouse", labor="weak")
    h5 = HouseholdFactory(village_id=VILLAGE_C)
    e1 = aged(h5, 20, school_stage="undergraduate")
    shop = workshop(VILLAGE_A)
    withdrawn = workshop(VILLAGE_C, "团塘村竹编车间", status=codes.WorkshopStatus.WITHDRAWN)
    work(a1, place="out_province")
    work(a2, place="in_county", employer=shop.employer)
    work(d1, place="partner_city")
    work(d2, place="in_county", employer=shop.employer)
    work(b1, started_on=dt.date(2025, 1, 1), ended_on=dt.date(2025, 12, 31), employer=withdrawn.employer)
    holding(post(VILLAGE_A), c2, started_on=dt.date(TODAY.year, 3, 1), relocated=True)
    post(VILLAGE_A, "村级护路员", kind="road")
    holding(post(VILLAGE_C), e1, started_on=dt.date(TODAY.year, 5, 1), relocated=False)
    project = relief_project(VILLAGE_A)
    relief_row(project, a1, MONTH, "2000", "1500", paid_on=TODAY)
    relief_row(project, b1, dt.date(TODAY.year, 5, 1), "1000", "0")
    return {"a1": a1, "b1": b1, "c1": c1, "shop": shop}


def test_the_counts_of_the_known_world(world):
    c = area_counts(COUNTY, TODAY, today=TODAY)
    assert c.groups == [TOWNSHIP_A, TOWNSHIP_C]
    assert (c.get("labour", TOWNSHIP_A), c.get("labour", TOWNSHIP_C), c.get("labour")) == (4, 2, 6)
    assert (c.get("employed"), c.get("unemployed"), c.get("unemployed", TOWNSHIP_C)) == (4, 2, 0)
    assert c.share("employed", "labour") == 66.7
    places = {p: c.get(f"place_{p}") for p in ("in_county", "in_province", "out_province", "partner_city")}
    assert places == {"in_county": 2, "in_province": 0, "out_province": 1, "partner_city": 1}
    assert (c.get("households_able"), c.get("households_none")) == (4, 2)
    assert (c.get("relocated_able"), c.get("relocated_none")) == (2, 1)
    assert (c.get("posts"), c.get("posts_filled"), c.get("posts", TOWNSHIP_A)) == (3, 2, 2)
    assert (c.get("holdings_new"), c.get("holdings_relocated")) == (2, 1)
    assert (c.get("workshops"), c.get("workshop_employed"), c.get("workshop_priority")) == (1, 2, 2)
    assert c.get("workshop_employed", TOWNSHIP_C) == 0  # by the workshop's village, not the worker's
    assert (c.get("relief_due"), c.get("relief_paid")) == (Decimal("3000.00"), Decimal("1500.00"))
    assert (c.get("relief_labourers"), c.get("relief_priority"), c.get("relief_lagging")) == (2, 1, 1)


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    with CaptureQueriesContext(connection) as by_township:
        area_counts(COUNTY, TODAY, 9)
    with CaptureQueriesContext(connection) as by_village:
        area_counts(COUNTY, TODAY, 12)
    assert len(by_township) == len(by_village) <= 16


def test_the_home_page_and_the_api_show_the_users_area(client, county, township, village_a, world):
    client.force_login(county)
    page = client.get("/employment/").content.decode()
    assert 'data-figure="labour">6<' in page and 'data-figure="households_none">2<' in page
    assert 'data-figure="relocated_share">50.0%<' in page and 'data-figure="relief_lagging">1<' in page
    assert 'data-testid="ledger-workshops"' in page and 'data-testid="ledger-relief"' in page
    assert page.count('data-testid="employment-area-row"') == 2
    client.force_login(village_a)
    mine = client.get("/employment/").content.decode()
    assert 'data-figure="labour">4<' in mine and 'data-figure="workshops">1<' in mine
    _, raw = ApiToken.issue(user=township, name="t")
    found = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/employment/counts").json()
    assert found["area_code"] == TOWNSHIP_A and found["total"]["labour"] == "4"
    assert [g["code"] for g in found["groups"]] == [VILLAGE_A]
    outside = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"/api/v1/employment/counts?area={TOWNSHIP_C}")
    assert outside.status_code == 404


def _row(table, code):
    row = next(r for r in table["rows"] if r[1] == code)
    return dict(zip(table["head"], row, strict=True))


def test_the_monthly_report_has_the_employment_table_with_the_worlds_numbers(county, world):
    done = report(county, COUNTY, f"{TODAY:%Y-%m}")
    table = next(t for t in done.content["tables"] if t["key"] == "employment")
    a, c = _row(table, TOWNSHIP_A), _row(table, TOWNSHIP_C)
    assert (a["劳动力"], a["已就业·省外"], a["已就业·合计"], a["未就业"]) == (4, 1, 2, 2)
    assert (c["已就业·东部协作城市"], c["已就业·县内"], c["就业率"]) == (1, 1, 100.0)
    assert (a["无人就业户·全部"], a["无人就业户·其中易地搬迁户"]) == (2, 1)
    assert (a["公益性岗位·岗位数"], a["公益性岗位·在岗"], a["在岗率"]) == (2, 1, 50.0)
    assert (a["帮扶车间"], a["车间·吸纳就业"], a["车间·其中脱贫人口和监测对象"]) == (1, 2, 2)
    assert (a["以工代赈·应发"], a["以工代赈·实发"], a["以工代赈发放率"]) == (2000.0, 1500.0, 75.0)  # this month only
    total = dict(zip(table["head"], table["total"], strict=True))
    assert (total["劳动力"], total["就业率"], total["新聘用于搬迁群众占比"]) == (6, 66.7, 50.0)


def test_the_dashboard_tiles_and_the_relocation_target_read_the_ledgers(world):
    county = Region.objects.get(code=COUNTY)
    tiles = {t["key"]: t for t in dashboard.build(county, Period.month(MONTH))["employment"]}
    assert tiles["labour"]["value"] == 6 and tiles["employed"]["value"] == 4 and tiles["rate"]["value"] == "66.7%"
    assert tiles["households_none"]["value"] == 2 and tiles["occupancy"]["value"] == "66.7%"
    assert tiles["relocated_share"]["value"] == "50.0%" and tiles["relocated_share"]["warn"] is False
    assert tiles["relief_paid"]["value"] == "75.0%"
    target = generate(county, Period.month(MONTH), codes=["target_welfare_posts_relocated"])
    assert target.value("target_welfare_posts_relocated") == 50.0
    assert target.versions["target_welfare_posts_relocated"] == 2


def test_leaders_read_the_report_not_the_ledgers(client, leader, world):
    done = report(leader, COUNTY, f"{TODAY:%Y-%m}")
    assert any(t["key"] == "employment" for t in done.content["tables"])
    client.force_login(leader)
    for url in (
        "/employment/",
        "/employment/workshops/",
        f"/employment/workshops/{world['shop'].pk}/",
        "/employment/relief/",
    ):
        assert client.get(url).status_code == 404
    _, raw = ApiToken.issue(user=leader, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(f"/api/v1/employment/counts?area={COUNTY}").json()["total"]["labour"] == "6"
    assert api.get("/api/v1/employment/relief/lagging").status_code == 404
    assert world["a1"].name not in api.get(f"/api/v1/employment/counts?area={COUNTY}").content.decode()
