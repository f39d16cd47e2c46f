"""集中排查 through the pages, as the people who use it: the county opens a round, the village contact visits
and records income and a risk (→ a lead with channel 集中排查 on the village workbench), the township sees
progress, another county sees nothing, a closed round refuses visits, hostile input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shoudi.core.models import AuditEntry
from shoudi.income.models import IncomeSheet
from shoudi.monitoring.models import Lead
from shoudi.rounds.models import Round, RoundHousehold, RoundVisit, VillageResult
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

TODAY = timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


def open_round(client, county, **extra):
    data = {
        "name": "2026年度集中排查",
        "year": str(TODAY.year),
        "starts_on": (TODAY - dt.timedelta(days=5)).isoformat(),
        "ends_on": (TODAY + dt.timedelta(days=20)).isoformat(),
        "area": "520628",
        "warn_days": "7",
        "check_income": "on",
        "check_basic": "on",
        "check_water": "on",
        "check_risks": "on",
        **extra,
    }
    return login(client, county).post("/rounds/new/", data)


@pytest.fixture
def households(regions):
    return [household_with_members(VILLAGE_A, size=2) for _ in range(3)] + [
        household_with_members(VILLAGE_B, size=2),
        household_with_members(VILLAGE_C, size=1),
    ]


@pytest.fixture
def opened(client, county, households):
    response = open_round(client, county)
    assert response.status_code == 302
    client.logout()
    return Round.objects.get()


def visit_data(entry, **extra):
    household = entry.household
    data = {
        "visited_on": TODAY.isoformat(),
        "checked": ["check_income", "check_basic"],
        "housing_grade": "A",
        "water_safe": "1",
        "risk_type": "",
        "risk_note": "",
        "note": "",
        "income-version": "0",
    }
    for person in household.members.all():
        key = f"p{person.pk.hex}"
        data.update({f"{key}_school": "none", f"{key}_medical": "1", f"{key}_pension": "1"})
    data.update(extra)
    return data


def test_county_opens_a_round_that_lists_every_household(client, county, households):
    assert 'href="/rounds/"' in login(client, county).get("/").content.decode()  # the workbench button
    response = open_round(client, county)
    assert response.status_code == 302
    round_ = Round.objects.get()
    assert round_.household_count == 5
    assert set(RoundHousehold.objects.values_list("status", flat=True)) == {"unvisited"}
    assert AuditEntry.objects.filter(object_type="round", action="create").exists()
    page = client.get(f"/rounds/{round_.pk}/")
    assert "纳入户数" in page.content.decode() and page.status_code == 200


def test_visit_records_income_facts_and_a_risk_into_a_round_lead(client, opened, village_a):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).select_related("household").first()
    head = entry.household.members.get(relationship="head")
    key = f"p{head.pk.hex}"
    login(client, village_a)
    page = client.get(f"/rounds/{opened.pk}/visits/{entry.pk}/")
    assert page.status_code == 200 and "收入核算" in page.content.decode()
    data = visit_data(
        entry,
        housing_grade="C",
        water_safe="0",
        risk_type="illness",
        risk_note="户主今年查出慢性肾病，长期透析",
        **{
            f"{key}_pension": "0",
            f"income-{key}_place": "out_province",
            f"income-{key}_months": "10",
            f"income-{key}_amount": "60000",
            "income-crops": "3000",
        },
    )
    response = client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry.refresh_from_db()
    household = entry.household
    household.refresh_from_db()
    head.refresh_from_db()
    assert entry.status == "risk" and entry.lead is not None
    assert entry.lead.channel == "round" and "慢性肾病" in entry.lead.summary
    assert household.housing_grade == "C" and household.water_safe is False
    assert head.pension_insurance is False and head.work_place == "out_province" and head.work_months == 10
    sheet = IncomeSheet.objects.get(household=household, year=opened.year)
    assert sheet.lines.count() == 2
    # saving again does not make a second lead
    client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", {**data, "income-version": str(sheet.version + 0)})
    assert Lead.objects.filter(household=household, channel="round").count() == 1
    workbench = client.get("/").content.decode()
    assert f"{household.number}</a> · 集中排查" in workbench  # the village workbench's leads to check


def test_income_without_risk_is_accounted(client, opened, village_a):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).select_related("household").first()
    head = entry.household.members.get(relationship="head")
    key = f"p{head.pk.hex}"
    login(client, village_a)
    data = visit_data(entry, **{f"income-{key}_place": "in_county", f"income-{key}_amount": "80000"})
    assert client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "accounted" and entry.lead_id is None


def test_a_visit_without_income_raises_no_lead_but_an_accounted_low_income_does(client, opened, village_a):
    entries = list(RoundHousehold.objects.filter(village_id=VILLAGE_A).select_related("household")[:2])
    login(client, village_a)
    # nobody has accounted this household's year: "no income" is not a finding, so no lead
    assert client.post(f"/rounds/{opened.pk}/visits/{entries[0].pk}/", visit_data(entries[0])).status_code == 302
    entries[0].refresh_from_db()
    assert entries[0].status == "visited" and entries[0].lead_id is None
    # an accounted year of 1,200 元 for two people falls in the monitoring range: a 集中排查 lead
    data = visit_data(entries[1], **{"income-crops": "1200"})
    assert client.post(f"/rounds/{opened.pk}/visits/{entries[1].pk}/", data).status_code == 302
    entries[1].refresh_from_db()
    assert entries[1].status == "risk" and entries[1].lead.channel == "round"
    assert "监测范围内" in entries[1].lead.summary


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("visited_on", "", "此项必填"),
        ("visited_on", "2026-02-30", "年-月-日"),
        ("visited_on", "1999-01-01", "不能早于排查开始日期"),
        ("risk_type", "illness", "一句话说明"),
        ("risk_note", "x" * 501, "不能超过"),
        ("income-crops", "abc", "数字"),
        ("income-crops", "-5", ""),
        ("income-crops", "1e30", ""),
        ("note", "\x00", ""),
        ("housing_grade", "Z", "不在可选项中"),
    ],
)
def test_hostile_visit_input_names_the_field_and_writes_nothing(client, opened, village_a, field, value, message):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).select_related("household").first()
    login(client, village_a)
    response = client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", visit_data(entry, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode() and 'class="field-error"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "unvisited"
    assert not RoundVisit.objects.exists() and not IncomeSheet.objects.exists()


def test_township_sees_progress_and_overdue_villages(client, opened, township, village_a):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).first()
    login(client, village_a)
    client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", visit_data(entry))
    client.logout()
    Round.objects.filter(pk=opened.pk).update(ends_on=TODAY + dt.timedelta(days=3))
    login(client, township)
    page = client.get(f"/rounds/{opened.pk}/").content.decode()
    assert "当造村" in page and "响水洞村" in page and "团塘村" not in page
    assert "33.3%" in page and "即将逾期" in page
    workbench = client.get("/").content.decode()
    assert "已走访 1 / 4 户" in workbench
    listing = client.get(f"/rounds/{opened.pk}/villages/{VILLAGE_A}/?status=unvisited").content.decode()
    assert listing.count('data-status="unvisited"') == 2


def test_another_county_and_another_village_see_nothing(client, opened, outsider, village_b):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).first()
    login(client, outsider)
    assert client.get(f"/rounds/{opened.pk}/").status_code == 404
    assert client.get(f"/api/v1/rounds/{opened.pk}/progress").status_code == 404
    client.logout()
    login(client, village_b)
    assert client.get(f"/rounds/{opened.pk}/visits/{entry.pk}/").status_code == 404
    assert client.get(f"/rounds/{opened.pk}/villages/{VILLAGE_A}/").status_code == 404
    assert client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", visit_data(entry)).status_code == 404


def test_closing_freezes_results_and_refuses_visits(client, opened, county, village_a):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).first()
    login(client, village_a)
    client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", visit_data(entry))
    client.logout()
    login(client, county)
    assert client.post(f"/rounds/{opened.pk}/close/", {}).status_code == 302
    opened.refresh_from_db()
    assert opened.status == "closed"
    result = VillageResult.objects.get(round=opened, village_id=VILLAGE_A)
    assert (result.total, result.total - result.unvisited) == (3, 1)
    client.logout()
    login(client, village_a)
    response = client.post(f"/rounds/{opened.pk}/visits/{entry.pk}/", visit_data(entry), follow=True)
    assert "已结束" in response.content.decode()
    assert RoundVisit.objects.count() == 1
    api = client.post(
        f"/api/v1/rounds/{opened.pk}/visits/{entry.pk}",
        {"visited_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 409 and "已结束" in api.json()["detail"]


def test_open_round_refuses_bad_input_and_overlaps(client, county, households, village_a):
    assert open_round(client, county, name="").status_code == 400
    assert open_round(client, county, ends_on="2000-01-01").status_code == 400
    assert open_round(client, county, year="abc").status_code == 400
    assert open_round(client, county, area="520627").status_code == 400  # another county: not in the list
    response = open_round(client, county, check_income="", check_basic="", check_water="", check_risks="")
    assert "至少选择一项" in response.content.decode()
    assert not Round.objects.exists()
    assert open_round(client, county).status_code == 302
    again = open_round(client, county, area="520628101")
    assert again.status_code == 400 and "进行中的集中排查" in again.content.decode()
    client.logout()
    login(client, village_a)
    assert client.get("/rounds/new/").status_code == 404


def test_api_lists_progress_and_records_a_visit(client, opened, village_a):
    entry = RoundHousehold.objects.filter(village_id=VILLAGE_A).first()
    login(client, village_a)
    rounds = client.get("/api/v1/rounds/").json()
    assert rounds[0]["name"] == "2026年度集中排查"
    listing = client.get(f"/api/v1/rounds/{opened.pk}/villages/{VILLAGE_A}").json()
    assert len(listing) == 3
    body = {"visited_on": TODAY.isoformat(), "risk_type": "disaster", "risk_note": "山洪冲毁住房"}
    response = client.post(f"/api/v1/rounds/{opened.pk}/visits/{entry.pk}", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "risk" and response.json()["lead_id"]
    progress = client.get(f"/api/v1/rounds/{opened.pk}/progress").json()
    assert progress["total"]["risk"] == 1 and progress["total"]["leads"] == 1
