"""就业帮扶车间 through the pages and the API, as the roles that keep them: the county (and its 人社 clerk)
recognises a workshop — relocation-site workshops list first —, sees who it employs with their 脱贫 / 监测
status (IDs masked for the clerk), records subsidies and the yearly review, which proposes from the year's work
spells and withdraws the recognition of a workshop that no longer qualifies. Village contacts read their own
village's workshops; other villages, the 医保 clerk and leaders get a 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.employment import codes
from shoudi.employment.models import Employer, Workshop, WorkshopReview, WorkshopSubsidy
from shoudi.employment.testing import work
from shoudi.employment.tests.sweep_projects import monitored, workshop
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


NEW = {
    "employer": "",
    "employer_name": "松桃苗绣坊",
    "credit_code": "",
    "contact": "吴秀",
    "phone": "",
    "name": "当造村苗绣帮扶车间",
    "village": VILLAGE_A,
    "at_relocation_site": "on",
    "relocation_site": "当造安置点",
    "industry": "苗绣加工",
    "jobs": "40",
    "recognised_on": "2025-03-01",
    "recognised_by": "县人力资源和社会保障局",
}


@pytest.fixture
def staffed(regions):
    """A workshop of village A employing three people: one of a 脱贫户, one of a monitored household, one of an
    ordinary household."""
    shop = workshop(VILLAGE_A)
    poor = household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2019).members.get()
    watched_household = household_with_members(VILLAGE_A, size=1)
    monitored(watched_household)
    watched = watched_household.members.get()
    plain = household_with_members(VILLAGE_B, size=1).members.get()
    for person in (poor, watched, plain):
        work(person, started_on=dt.date(2026, 2, 1), employer=shop.employer, employer_name=shop.name, place="in_county")
    return shop, poor, watched, plain


def test_the_county_recognises_a_workshop_with_a_new_operator_and_site_workshops_list_first(client, county):
    workshop(VILLAGE_C, "团塘村竹编车间")
    login(client, county)
    assert client.get("/employment/workshops/new/").status_code == 200
    response = client.post("/employment/workshops/new/", NEW, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已认定就业帮扶车间“当造村苗绣帮扶车间”" in page
    shop = Workshop.objects.get(name="当造村苗绣帮扶车间")
    assert shop.employer.kind == codes.EmployerKind.WORKSHOP and shop.employer.area_id == VILLAGE_A
    assert shop.at_relocation_site and shop.relocation_site == "当造安置点"
    listed = client.get("/employment/workshops/").content.decode()
    assert listed.index("当造村苗绣帮扶车间") < listed.index("团塘村竹编车间")  # the relocation site first
    only_sites = client.get("/employment/workshops/?site=yes").content.decode()
    assert "团塘村竹编车间" not in only_sites and 'data-testid="at-site">当造安置点' in only_sites


def test_an_existing_employer_becomes_a_workshop_once(client, hr_clerk):
    employer = Employer.objects.create(name="松桃电子厂", kind=codes.EmployerKind.ENTERPRISE, area_id=VILLAGE_B)
    login(client, hr_clerk)
    body = {**NEW, "employer": str(employer.pk), "employer_name": "", "name": "响水洞电子车间", "village": VILLAGE_B}
    body.pop("at_relocation_site")
    assert client.post("/employment/workshops/new/", body).status_code == 302
    assert Workshop.objects.get(name="响水洞电子车间").employer == employer
    again = client.post("/employment/workshops/new/", {**body, "name": "再次认定"})
    assert again.status_code == 400  # the employer is no longer offered
    assert "不在可选项中" in again.content.decode()


def test_bad_input_is_said_next_to_its_field_and_nothing_is_written(client, county):
    login(client, county)
    no_site = {**NEW, "relocation_site": ""}
    page = client.post("/employment/workshops/new/", no_site).content.decode()
    assert "位于易地搬迁安置点的车间请填写安置点名称" in page
    nul = client.post("/employment/workshops/new/", {**NEW, "name": "车间\x00"})
    assert nul.status_code == 400 and "空字符" in nul.content.decode()
    future = client.post("/employment/workshops/new/", {**NEW, "recognised_on": "2099-01-01"})
    assert "认定日期不能晚于今天" in future.content.decode()
    other = client.post("/employment/workshops/new/", {**NEW, "village": "520627100200"})
    assert other.status_code == 400
    assert not Workshop.objects.exists() and not Employer.objects.exists()


def test_the_page_shows_who_is_employed_with_priority_counts_and_masked_ids(client, hr_clerk, staffed):
    shop, poor, _watched, plain = staffed
    login(client, hr_clerk)
    page = client.get(f"/employment/workshops/{shop.pk}/").content.decode()
    assert 'data-figure="employed">3<' in page
    assert 'data-figure="former_poor">1<' in page and 'data-figure="monitored">1<' in page
    assert 'data-figure="priority">2<' in page
    assert poor.name in page and plain.name in page
    assert poor.id_number not in page and poor.masked_id in page  # the 人社 clerk holds no REVEAL_ID


def test_the_yearly_review_proposes_from_the_years_spells_and_withdraws_recognition(client, county, staffed):
    shop, *_ = staffed
    login(client, county)
    page = client.get(f"/employment/workshops/{shop.pk}/").content.decode()
    assert "吸纳就业 <strong>3</strong> 人" in page and 'data-testid="proposal-no"' in page
    assert "吸纳就业不少于10人，其中脱贫人口和监测对象不少于5人" in page
    url = f"/employment/workshops/{shop.pk}/review/"
    against = client.post(url, {"year": TODAY.year, "qualifies": "yes", "note": ""})
    assert against.status_code == 400 and "请在说明中写明理由" in against.content.decode()
    assert not WorkshopReview.objects.exists()
    done = client.post(url, {"year": TODAY.year, "qualifies": "no", "note": ""}, follow=True)
    assert f"已完成{TODAY.year}年度复核：不再符合条件，已取消认定" in done.content.decode()
    review = WorkshopReview.objects.get()
    assert (review.employed, review.employed_priority, review.qualifies) == (3, 2, False)
    assert "不少于10人" in review.criteria
    shop.refresh_from_db()
    assert shop.status == codes.WorkshopStatus.WITHDRAWN
    twice = client.post(url, {"year": TODAY.year, "qualifies": "no", "note": "再次"})
    assert twice.status_code == 400 and f"该车间{TODAY.year}年度已复核" in twice.content.decode()
    last_year = client.get(f"/employment/workshops/{shop.pk}/?year={TODAY.year - 1}").content.decode()
    assert "吸纳就业 <strong>0</strong> 人" in last_year  # the spells began this year


def test_a_subsidy_is_recorded_and_a_bad_amount_is_refused(client, county, staffed):
    shop, *_ = staffed
    login(client, county)
    url = f"/employment/workshops/{shop.pk}/subsidies/"
    bad = client.post(url, {"kind": "rent", "amount": "-5", "received_on": "2026-05-01"})
    assert bad.status_code == 400 and not WorkshopSubsidy.objects.exists()
    ok = client.post(
        url, {"kind": "rent", "amount": "12000", "received_on": "2026-05-01", "document_no": "松人社〔2026〕8号"}
    )
    assert ok.status_code == 302
    page = client.get(f"/employment/workshops/{shop.pk}/").content.decode()
    assert "场地租金减免" in page and "12000.00" in page


def test_editing_checks_the_version(client, county, staffed):
    shop, *_ = staffed
    login(client, county)
    form = {
        "name": "当造村苗绣车间（扩建）",
        "village": VILLAGE_A,
        "relocation_site": "",
        "industry": "苗绣加工",
        "jobs": "60",
        "recognised_on": "2024-03-01",
        "recognised_by": "县人力资源和社会保障局",
        "version": shop.version,
    }
    assert client.post(f"/employment/workshops/{shop.pk}/edit/", form).status_code == 302
    shop.refresh_from_db()
    assert shop.jobs == 60 and shop.version == 2
    stale = client.post(f"/employment/workshops/{shop.pk}/edit/", {**form, "jobs": "70"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()


def test_who_sees_what(client, village_a, village_b, clerk, leader, staffed):
    shop, *_ = staffed
    login(client, village_a)
    assert client.get(f"/employment/workshops/{shop.pk}/").status_code == 200
    assert client.get(f"/employment/workshops/{shop.pk}/edit/").status_code == 404  # reads, does not manage
    assert 'data-testid="edit-workshop"' not in client.get(f"/employment/workshops/{shop.pk}/").content.decode()
    for user in (village_b, clerk, leader):
        login(client, user)
        assert client.get(f"/employment/workshops/{shop.pk}/").status_code == 404
        assert (
            client.post(f"/employment/workshops/{shop.pk}/review/", {"year": 2026, "qualifies": "no"}).status_code
            == 404
        )
    login(client, village_b)
    assert shop.name not in client.get("/employment/workshops/").content.decode()
    assert api(village_b).get(f"/api/v1/employment/workshops/{shop.pk}").status_code == 404
    assert api(leader).get("/api/v1/employment/workshops").status_code == 404


def test_the_api_creates_lists_updates_and_reviews(county, staffed):
    shop, *_ = staffed
    client = api(county)
    body = {
        "name": "团塘村竹编车间",
        "village_code": VILLAGE_C,
        "industry": "竹编",
        "jobs": 12,
        "recognised_on": "2025-06-01",
        "employer_name": "团塘竹编合作社",
    }
    created = send(client, "post", "/api/v1/employment/workshops", body)
    assert created.status_code == 201, created.content
    made = created.json()
    assert made["village_code"] == VILLAGE_C and made["status"] == "active"
    listed = client.get("/api/v1/employment/workshops?limit=10").json()
    assert listed["count"] == 2
    update = {**{k: v for k, v in body.items() if k != "employer_name"}, "jobs": 20, "version": made["version"]}
    assert send(client, "put", f"/api/v1/employment/workshops/{made['id']}", update).json()["jobs"] == 20
    stale = send(client, "put", f"/api/v1/employment/workshops/{made['id']}", {**update, "jobs": 25})
    assert stale.status_code == 409
    subsidy = {"kind": "construction", "amount": "50000.00", "received_on": "2025-07-01"}
    assert send(client, "post", f"/api/v1/employment/workshops/{shop.pk}/subsidies", subsidy).status_code == 201
    detail = client.get(f"/api/v1/employment/workshops/{shop.pk}").json()
    assert detail["employed_now"] == 3 and detail["priority_now"] == 2 and detail["proposal"]["qualifies"] is False
    review = send(client, "post", f"/api/v1/employment/workshops/{shop.pk}/reviews", {"year": 2026, "qualifies": False})
    assert review.status_code == 201 and review.json()["employed"] == 3
    nul = send(client, "post", "/api/v1/employment/workshops", {**body, "name": "车间\x00"})
    assert nul.status_code == 422 and "空字符" in nul.json()["detail"]
    huge = send(client, "post", f"/api/v1/employment/workshops/{shop.pk}/subsidies", {**subsidy, "amount": 1e30})
    assert huge.status_code == 422
