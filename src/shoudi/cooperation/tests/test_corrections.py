"""Correcting a pairing's records, as the county officer who typed them wrong: edit (refused when someone saved
the row since), 撤销 with a reason (kept in the audit log) on the page and over the API; readers, other
villages and rows of another pairing get 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from shoudi.cooperation.models import Fund, LabourTransfer, Meeting, Pairing, PairingMember, PairingProject
from shoudi.cooperation.testing import buyer_with_purchase, pairing, project
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import COUNTY, VILLAGE_A

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
API = "/api/v1/cooperation/pairings"


def _fund(p, code=None, amount="600000"):
    found = project(VILLAGE_A, code) if code else None
    fund = Fund.objects.create(
        pairing=p, received_on=TODAY, year=TODAY.year, amount=amount, source="fiscal", project=found
    )
    if found is not None:
        PairingProject.objects.create(pairing=p, project=found, year=TODAY.year, note="随资金计入")
    return fund


def _edit(fund, **changes):
    data = {
        "received_on": fund.received_on.isoformat(),
        "amount": "60000",
        "source": fund.source,
        "project_code": "",
        "note": "",
        "seen": fund.updated_at.isoformat(),
    }
    return {**data, **changes}


def test_county_corrects_a_fund_on_the_page_and_a_stale_edit_is_refused(client, county):
    p = pairing()
    fund = _fund(p, "XM-WRONG")
    project(VILLAGE_A, "XM-RIGHT")
    client.force_login(county)
    page = client.get(f"/cooperation/{p.pk}/").content.decode()
    assert f"/cooperation/{p.pk}/funds/{fund.pk}/edit/" in page and 'data-form="cooperation.fund_withdraw"' in page
    url = f"/cooperation/{p.pk}/funds/{fund.pk}/edit/"
    assert 'value="XM-WRONG"' in client.get(url).content.decode()  # the form opens with what was recorded
    first = _edit(fund, project_code="XM-RIGHT")
    done = client.post(url, first)
    assert done.status_code == 302
    fund.refresh_from_db()
    assert (fund.amount, fund.project.code) == (60000, "XM-RIGHT")
    # the wrong project, counted only because of this fund, is no longer counted; the right one is
    assert list(PairingProject.objects.filter(pairing=p).values_list("project__code", flat=True)) == ["XM-RIGHT"]
    stale = client.post(url, {**first, "amount": "1"})  # another editor's form, opened before the save
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    assert 'value="1"' in stale.content.decode()  # what was typed is kept
    fund.refresh_from_db()
    assert fund.amount == 60000
    entry = AuditEntry.objects.filter(object_type="fund", action="update").get()
    assert entry.changes["金额（元）"] == ["600000.00", "60000.00"] and entry.changes["安排项目"] == [
        "XM-WRONG",
        "XM-RIGHT",
    ]


def test_withdraw_needs_a_reason_and_a_confirmation_and_logs_the_reason(client, county, household_a):
    p = pairing()
    fund = _fund(p, "XM-1")
    person = household_a.members.first()
    transfer = LabourTransfer.objects.create(
        pairing=p, person=person, village_id=VILLAGE_A, destination="东莞", started_on=TODAY
    )
    meeting = Meeting.objects.create(pairing=p, held_on=TODAY, kind="joint", place="东莞", leader_level="city")
    client.force_login(county)
    base = f"/cooperation/{p.pk}"
    blank = client.post(f"{base}/funds/{fund.pk}/withdraw/", {"reason": "", "confirm": "on"})
    assert blank.status_code == 400 and 'data-field="reason"' in blank.content.decode()
    unconfirmed = client.post(f"{base}/funds/{fund.pk}/withdraw/", {"reason": "重复登记"})
    assert unconfirmed.status_code == 400 and "请勾选确认" in unconfirmed.content.decode()
    assert 'value="重复登记"' in unconfirmed.content.decode()
    link = PairingProject.objects.get(pairing=p)
    refused = client.post(f"{base}/projects/{link.pk}/withdraw/", {"reason": "项目选错", "confirm": "on"})
    assert refused.status_code == 400 and "仍有资金安排到该项目" in refused.content.decode()
    assert Fund.objects.filter(pk=fund.pk).exists() and PairingProject.objects.filter(pk=link.pk).exists()

    ok = {"reason": "金额录入错误，重复登记", "confirm": "on"}
    assert client.post(f"{base}/funds/{fund.pk}/withdraw/", ok).status_code == 302
    assert not Fund.objects.filter(pk=fund.pk).exists() and not PairingProject.objects.filter(pairing=p).exists()
    assert client.post(f"{base}/transfers/{transfer.pk}/withdraw/", ok).status_code == 302
    assert client.post(f"{base}/meetings/{meeting.pk}/withdraw/", ok).status_code == 302
    gone = AuditEntry.objects.filter(action="delete", reason=ok["reason"])
    assert {e.object_type for e in gone} == {"fund", "labourtransfer", "meeting"}
    assert gone.get(object_type="labourtransfer").changes["务工人员"] == [person.name, None]
    assert person.id_number not in json.dumps(gone.get(object_type="labourtransfer").changes, ensure_ascii=False)
    page = client.get(f"{base}/").content.decode()
    assert "已撤销" in page or 'data-testid="fund-row"' not in page
    assert client.post(f"{base}/funds/{fund.pk}/withdraw/", ok).status_code == 404  # already gone


def test_buyer_unlink_and_pairing_delete(client, county):
    p = pairing()
    buyer = buyer_with_purchase(COUNTY, "东莞市长安镇机关食堂", "100.00", TODAY)
    p.buyers.add(buyer)
    client.force_login(county)
    ok = {"reason": "采购单位关联错误", "confirm": "on"}
    assert client.post(f"/cooperation/{p.pk}/delete/", ok).status_code == 400  # it has a buyer: end it instead
    assert "已结束" in client.get(f"/cooperation/{p.pk}/edit/").content.decode()
    assert client.post(f"/cooperation/{p.pk}/buyers/{buyer.pk}/withdraw/", ok).status_code == 302
    assert not p.buyers.exists()
    assert AuditEntry.objects.filter(object_type="pairing", reason=ok["reason"]).exists()
    assert client.post(f"/cooperation/{p.pk}/buyers/{buyer.pk}/withdraw/", ok).status_code == 404
    assert client.post(f"/cooperation/{p.pk}/delete/", {"reason": "重复登记"}).status_code == 400  # unconfirmed
    response = client.post(f"/cooperation/{p.pk}/delete/", {"reason": "重复登记", "confirm": "on"})
    assert response.status_code == 302 and not Pairing.objects.filter(pk=p.pk).exists()
    assert AuditEntry.objects.filter(object_type="pairing", action="delete", reason="重复登记").exists()


def test_readers_other_villages_and_rows_of_another_pairing_get_404(client, leader, village_b, county):
    team = pairing(VILLAGE_A, "当造村驻村工作队", kind="village_team", partner="县财政局")
    other = pairing()
    member = PairingMember.objects.create(pairing=team, name="杨书记", role="first_secretary", from_date=TODAY)
    ok = {"reason": "录入错误", "confirm": "on"}
    for user in (leader, village_b):
        client.force_login(user)
        assert client.get(f"/cooperation/{team.pk}/members/{member.pk}/edit/").status_code == 404
        assert client.post(f"/cooperation/{team.pk}/members/{member.pk}/withdraw/", ok).status_code == 404
        assert client.delete(f"{API}/{team.pk}/members/{member.pk}?reason=x").status_code == 404
    client.force_login(county)
    assert client.get(f"/cooperation/{other.pk}/members/{member.pk}/edit/").status_code == 404
    assert client.post(f"/cooperation/{other.pk}/members/{member.pk}/withdraw/", ok).status_code == 404
    assert client.delete(f"{API}/{other.pk}/members/{member.pk}?reason=x").status_code == 404
    assert PairingMember.objects.filter(pk=member.pk).exists()


def test_api_put_and_delete(client, county):
    p = pairing()
    client.force_login(county)
    meeting = {"held_on": TODAY.isoformat(), "kind": "joint", "place": "东莞", "leader_level": "city"}
    created = client.post(f"{API}/{p.pk}/meetings", meeting, content_type="application/json").json()
    row = client.get(f"{API}/{p.pk}/flows").json()["meetings"][0]
    url = f"{API}/{p.pk}/meetings/{created['id']}"
    body = {**meeting, "place": "铜仁", "minutes": "商定2026年协作计划", "updated_at": row["updated_at"]}
    put = client.put(url, body, content_type="application/json")
    assert put.status_code == 200 and put.json()["place"] == "铜仁"
    stale = client.put(url, {**body, "place": "松桃"}, content_type="application/json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    future = (TODAY + dt.timedelta(days=5)).isoformat()
    bad = client.put(
        url, {**body, "held_on": future, "updated_at": put.json()["updated_at"]}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "held_on"
    assert client.put(url, {**body, "updated_at": "x"}, content_type="application/json").status_code == 422
    assert client.delete(url).status_code == 422  # no reason
    assert client.delete(f"{url}?reason=%00").status_code == 400  # the request guard: a NUL in the query string
    assert client.delete(f"{url}?reason=" + "长" * 501).status_code == 422
    assert client.delete(f"{API}/{p.pk}/meetings/not-a-uuid?reason=x").status_code in (404, 422)
    assert client.delete(f"{API}/{p.pk}?reason=误登记").status_code == 422  # it has a meeting
    assert client.delete(f"{url}?reason=会议日期录入错误").status_code == 204
    assert not Meeting.objects.exists()
    assert AuditEntry.objects.filter(object_type="meeting", action="delete", reason="会议日期录入错误").exists()
    assert client.delete(f"{API}/{p.pk}?reason=误登记").status_code == 204
    assert not Pairing.objects.exists()
