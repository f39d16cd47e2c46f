"""The cooperation pages as the people who use them: the county records a pairing and what flows through it and
sees targets against results; others read within their area or get 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from shoudi.cooperation.models import Fund, Pairing, PairingProject
from shoudi.cooperation.testing import buyer_with_purchase, pairing, project
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import COUNTY, VILLAGE_A

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def _login(client, user):
    client.force_login(user)
    return client


def _figure(html: str, indicator: str, figure: str) -> str:
    row = re.search(rf'data-indicator="{indicator}">(.*?)</tr>', html, re.S)
    assert row, indicator
    cell = re.search(rf'data-figure="{figure}">(.*?)</td>', row.group(1), re.S)
    return re.sub(r"<[^>]+>", "", cell.group(1)).strip()


def test_county_records_a_pairing_and_its_flows_and_sees_targets_against_results(client, county, household_a):
    _login(client, county)
    bad = client.post(
        "/cooperation/new/",
        {
            "kind": "village_team",
            "area": COUNTY,
            "name": "错误",
            "partner": "某局",
            "agreement_from": "2024-01-01",
            "status": "active",
        },
    )
    assert bad.status_code == 400 and "驻村帮扶、万企兴万村的本地区域应为村" in bad.content.decode()
    assert 'value="某局"' in bad.content.decode()  # input kept
    response = client.post(
        "/cooperation/new/",
        {
            "kind": "east_west",
            "area": COUNTY,
            "name": "松桃县—东莞市长安镇东西部协作",
            "partner": "东莞市长安镇",
            "partner_location": "广东省东莞市",
            "agreement_from": "2021-03-01",
            "status": "active",
        },
    )
    p = Pairing.objects.get(name="松桃县—东莞市长安镇东西部协作")
    assert response.status_code == 302 and response.url == f"/cooperation/{p.pk}/"
    base = f"/cooperation/{p.pk}"
    targets = {"year": YEAR, "funds": "1000000", "projects": "2", "labour": "1", "meetings": "2", "consumption": ""}
    assert client.post(f"{base}/targets/", targets).status_code == 302
    project(VILLAGE_A, "XM-COOP-1")
    fund = {"received_on": TODAY.isoformat(), "amount": "600000", "source": "fiscal", "project_code": "XM-COOP-1"}
    assert client.post(f"{base}/funds/", fund).status_code == 302
    missing = client.post(f"{base}/funds/", {**fund, "project_code": "XM-NONE"})
    assert missing.status_code == 400 and "项目库中没有" in missing.content.decode()
    person = household_a.members.order_by("id_number").first()
    transfer = {"id_number": person.id_number, "destination": "广东省东莞市长安镇", "started_on": TODAY.isoformat()}
    assert client.post(f"{base}/transfers/", transfer).status_code == 302
    meeting = {"held_on": TODAY.isoformat(), "kind": "joint", "place": "东莞", "leader_level": "city"}
    assert client.post(f"{base}/meetings/", meeting).status_code == 302
    future = client.post(f"{base}/meetings/", {**meeting, "held_on": (TODAY + dt.timedelta(days=3)).isoformat()})
    assert future.status_code == 400 and "日期不能晚于今天" in future.content.decode()
    buyer = buyer_with_purchase(COUNTY, "东莞市长安镇机关食堂", "12345.60", TODAY)
    assert client.post(f"{base}/buyers/", {"buyers": [str(buyer.pk)]}).status_code == 302

    page = client.get(f"{base}/?year={YEAR}").content.decode()
    assert _figure(page, "funds", "result") == "600,000" or _figure(page, "funds", "result") == "600000"
    assert _figure(page, "funds", "share") == "60.0%"
    assert _figure(page, "projects", "result") == "1"  # the fund's project counts for its year
    assert _figure(page, "labour", "share") == "100.0%"
    assert _figure(page, "meetings", "share") == "50.0%"
    assert _figure(page, "consumption", "target") == "—"
    assert "12345.6" in _figure(page, "consumption", "result").replace(",", "")
    assert Fund.objects.filter(pairing=p).count() == 1 and PairingProject.objects.filter(pairing=p).count() == 1
    assert AuditEntry.objects.filter(object_type="fund", area_code=COUNTY).exists()


def test_edit_checks_the_version_the_editor_saw(client, county):
    p = pairing()
    _login(client, county)
    form = {
        "kind": "east_west",
        "area": COUNTY,
        "name": "改名后的协作",
        "partner": p.partner,
        "agreement_from": "2021-01-01",
        "status": "ended",
        "version": str(p.version),
    }
    assert client.post(f"/cooperation/{p.pk}/edit/", form).status_code == 302
    stale = client.post(f"/cooperation/{p.pk}/edit/", {**form, "name": "又改一次"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    p.refresh_from_db()
    assert (p.name, p.status, p.version) == ("改名后的协作", "ended", 2)


def test_who_sees_what(client, village_b, committee_a, township, leader, clerk, outsider, county):
    team = pairing(VILLAGE_A, "当造村驻村工作队", kind="village_team", partner="松桃县财政局")
    east = pairing()
    for user, allowed in [
        (committee_a, [team]),
        (township, [team]),
        (leader, [team, east]),
        (county, [team, east]),
        (village_b, []),
        (outsider, []),
    ]:
        c = _login(type(client)(), user)
        for p in (team, east):
            status = c.get(f"/cooperation/{p.pk}/").status_code
            expected = 200 if p in allowed else 404
            if user in (village_b,):
                expected = 404
            assert status == expected, (user.username, p.name, status)
    c = _login(type(client)(), clerk)
    assert c.get("/cooperation/").status_code == 404
    reader = _login(type(client)(), leader)
    page = reader.get(f"/cooperation/{east.pk}/").content.decode()
    assert 'data-form="cooperation.fund"' not in page and "edit-pairing" not in page
    fund = {"received_on": TODAY.isoformat(), "amount": "1", "source": "fiscal"}
    assert reader.post(f"/cooperation/{east.pk}/funds/", fund).status_code == 404
    assert reader.get(f"/cooperation/{east.pk}/edit/").status_code == 404
    assert not Fund.objects.exists()
    listing = _login(type(client)(), committee_a).get("/cooperation/").content.decode()
    assert "当造村驻村工作队" in listing and "东莞市长安镇东西部协作" not in listing
    assert "协作帮扶" in listing  # the menu entry


def test_summary_totals_by_kind_and_exports(client, county):
    east = pairing()
    team = pairing(VILLAGE_A, "当造村驻村工作队", kind="village_team", partner="松桃县财政局")
    Fund.objects.create(pairing=east, received_on=dt.date(YEAR, 1, 5), year=YEAR, amount=300, source="fiscal")
    Fund.objects.create(pairing=team, received_on=dt.date(YEAR, 1, 5), year=YEAR, amount=50, source="unit")
    buyer = buyer_with_purchase(COUNTY, "东莞市某工会", "1000.00", dt.date(YEAR, 1, 2))
    east.buyers.add(buyer)
    team.buyers.add(buyer)  # one buyer on two pairings counts once in the total
    _login(client, county)
    page = client.get(f"/cooperation/summary/?year={YEAR}").content.decode()
    total = re.search(r'data-testid="total-row">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'data-figure="funds">350 /', total)
    assert re.search(r'data-figure="consumption">1,?000 /', total)
    assert page.count('data-testid="kind-row"') == 2
    export = client.get(f"/cooperation/summary/export/?year={YEAR}")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/cooperation/summary/?year=99999").status_code == 200  # a bad year falls back to this year
