"""The register through its pages and API: the 民政 clerk records and ends a layer on a household's page (the
person flags follow, the next verification is set, a second open layer is refused in Chinese), everyone of the
area reads the register with its counts and filters, nobody else sees anything (404)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shoudi.core.models import AuditEntry
from shoudi.lowincome import codes
from shoudi.lowincome.models import Membership
from shoudi.lowincome.testing import membership
from shoudi.monitoring.testing.builders import setup_policy
from shoudi.testing.factories import VILLAGE_B, VILLAGE_C, household_with_members

from .sweep import civil_clerk

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def clerk_civil(regions):
    return civil_clerk()


@pytest.fixture(autouse=True)
def _policy(regions):
    setup_policy()


def _record(client, household, **fields):
    data = {
        "layer": "dibao",
        "started_on": TODAY.isoformat(),
        "deciding_body": "松桃县民政局",
        "document_no": "松民〔2026〕12号",
        "dibao_class": "2",
        "monthly_amount": "450",
        "income_pattern": "irregular",
        **fields,
    }
    return client.post(reverse("lowincome:household_act", args=[household.pk, "record"]), data)


def test_civil_clerk_records_a_layer_and_the_flags_follow(client, clerk_civil, household_a):
    client.force_login(clerk_civil)
    page = client.get(reverse("lowincome:household", args=[household_a.pk])).content.decode()
    assert 'data-form="lowincome.membership_record"' in page and 'data-form="lowincome.refer"' not in page
    response = _record(client, household_a)
    assert response.status_code == 302
    m = Membership.objects.get(household=household_a)
    assert (m.layer, m.status, m.source, m.dibao_class, m.monthly_amount) == ("dibao", "active", "page", "2", 450)
    # 脱贫户 in 低保: a 兜底 household of the poverty-alleviated population, visited quarterly
    assert m.next_due == _months_later(TODAY, 3)
    assert all(p.dibao for p in household_a.members.all())
    assert AuditEntry.objects.filter(object_id=str(m.pk), action="create", actor=clerk_civil).exists()
    page = client.get(response.url).content.decode()
    assert "已纳入台账" in page and 'data-testid="flag-dibao"' in page

    again = _record(client, household_a, document_no="松民〔2026〕13号")  # a held layer is not offered again
    assert again.status_code == 400 and 'data-field="layer"' in again.content.decode()
    assert Membership.objects.filter(household=household_a).count() == 1


def _months_later(day: dt.date, months: int) -> dt.date:
    from shoudi.lowincome.cadence import add_months

    return add_months(day, months)


def test_civil_clerk_ends_a_layer_and_the_flags_are_cleared(client, clerk_civil, household_b):
    household_b.members.update(dibao=True)  # as the registry had it before the register: another layer's flag
    client.force_login(clerk_civil)
    _record(client, household_b, layer="tekun", dibao_class="")
    m = Membership.objects.get(household=household_b)
    assert all(p.tekun and p.dibao for p in household_b.members.all())
    response = client.post(
        reverse("lowincome:household_act", args=[household_b.pk, "end"]),
        {"membership": str(m.pk), "ended_on": TODAY.isoformat(), "end_reason": "家庭收入已超过低保标准"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.ended_on, m.end_reason, m.next_due) == ("ended", TODAY, "家庭收入已超过低保标准", None)
    assert not any(p.tekun for p in household_b.members.all())
    assert all(p.dibao for p in household_b.members.all())  # a write on 特困 leaves the 低保 flags alone
    # the same layer may be recorded again once ended
    assert _record(client, household_b, layer="tekun", dibao_class="").status_code == 302


def test_hostile_input_is_named_and_nothing_is_written(client, clerk_civil, household_a):
    client.force_login(clerk_civil)
    cases = [
        ({"document_no": "松民\x00号"}, "document_no", "空字符"),
        ({"monthly_amount": "四百"}, "monthly_amount", "请填写数字"),
        ({"monthly_amount": "123456789012345"}, "monthly_amount", "数字太长"),
        ({"monthly_amount": "-1"}, "monthly_amount", "不能小于"),
        ({"started_on": (TODAY + dt.timedelta(days=3)).isoformat()}, "started_on", "不能晚于今天"),
        ({"started_on": "2026-02-30"}, "started_on", "年-月-日"),
        ({"layer": "monitoring"}, "layer", "不在可选项中"),
        ({"layer": "dibao_edge", "dibao_class": "1"}, "dibao_class", "只有最低生活保障对象填写低保类别"),
        ({"deciding_body": ""}, "deciding_body", "必填"),
    ]
    for fields, name, text in cases:
        response = _record(client, household_a, **fields)
        page = response.content.decode()
        assert response.status_code == 400, fields
        assert f'data-field="{name}"' in page and text in page, (fields, page[:0])
    assert not Membership.objects.exists()
    assert not any(p.dibao for p in household_a.members.all())


def test_the_register_lists_the_area_with_counts_and_filters(client, clerk_civil, village_a, household_a):
    other = household_with_members(VILLAGE_C, size=2)
    membership(other, codes.StoredLayer.DIBAO_EDGE)
    membership(household_a, codes.StoredLayer.DIBAO)
    household_with_members(VILLAGE_B, size=2)  # an ordinary household holding nothing: not on the register

    client.force_login(clerk_civil)  # the county's 民政 clerk: the whole county
    page = client.get(reverse("lowincome:register")).content.decode()
    assert household_a.number in page and other.number in page
    assert "共 2 户" in page
    assert 'data-testid="count-dibao">1<' in page and 'data-testid="count-former_poor">1<' in page
    page = client.get(reverse("lowincome:register"), {"layer": "dibao_edge"}).content.decode()
    assert other.number in page and household_a.number not in page
    page = client.get(reverse("lowincome:register"), {"q": household_a.members.first().name}).content.decode()
    assert household_a.number in page and other.number not in page
    page = client.get(reverse("lowincome:register"), {"layer": "<script>"}).content.decode()
    assert "不在可选项中" in page and "共 0 户" in page

    client.force_login(village_a)  # the village contact: their own village only
    page = client.get(reverse("lowincome:register")).content.decode()
    assert household_a.number in page and other.number not in page
    assert client.get(reverse("lowincome:household", args=[other.pk])).status_code == 404
    # reading is not deciding: no forms, and a forged post is a 404
    page = client.get(reverse("lowincome:household", args=[household_a.pk])).content.decode()
    assert "data-form=" not in page.split("</header>", 1)[1].replace('data-form="accounts.logout"', "")
    assert _record(client, household_a).status_code == 404


def test_others_see_nothing(client, clerk, township, county, outsider, household_a):
    for user in (clerk, outsider):  # 医保's clerk; another county
        client.force_login(user)
        assert client.get(reverse("lowincome:register")).status_code in (200, 404)
        assert client.get(reverse("lowincome:household", args=[household_a.pk])).status_code == 404
        assert _record(client, household_a).status_code == 404
    client.force_login(clerk)
    assert client.get(reverse("lowincome:register")).status_code == 404
    for user in (township, county):  # they read and refer; only 民政 records
        client.force_login(user)
        assert client.get(reverse("lowincome:household", args=[household_a.pk])).status_code == 200
        assert _record(client, household_a).status_code == 404
    assert not Membership.objects.exists()


def test_the_household_page_of_the_registry_shows_the_layers(client, county, household_a):
    membership(household_a, codes.StoredLayer.DIBAO)
    client.force_login(county)
    page = client.get(reverse("registry:detail", args=[household_a.pk])).content.decode()
    assert 'data-testid="lowincome-panel"' in page and "最低生活保障对象" in page and "脱贫户" in page
    assert reverse("lowincome:household", args=[household_a.pk]) in page


# ---- the API -----------------------------------------------------------------------------------------------------


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_records_lists_and_ends(client, clerk_civil, county, village_b, household_a):
    client.force_login(clerk_civil)
    base = "/api/v1/low-income"
    body = {"household_id": str(household_a.pk), "layer": "dibao", "monthly_amount": "450.00", "dibao_class": "1"}
    response = _post(client, f"{base}/memberships", body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["layer_label"] == "最低生活保障对象" and made["next_due"] is not None
    assert _post(client, f"{base}/memberships", body).status_code == 422  # a second open 低保
    listing = client.get(f"{base}/register", {"layer": "dibao"}).json()
    assert listing["count"] == 1 and listing["items"][0]["layers"] == ["dibao", "former_poor"]
    layers = client.get(f"{base}/households/{household_a.pk}/layers").json()
    assert [x["code"] for x in layers["layers"]] == [*codes.ALL_LAYERS]
    assert next(x for x in layers["layers"] if x["code"] == "dibao")["holds"] is True
    end = _post(client, f"{base}/memberships/{made['id']}/end", {"reason": "死亡"})
    assert end.status_code == 200 and end.json()["status"] == "ended"
    assert _post(client, f"{base}/memberships/{made['id']}/end", {"reason": "死亡"}).status_code == 409

    hostile = [
        {**body, "document_no": "x\x00"},
        {**body, "monthly_amount": "1e40"},
        {**body, "layer": "dibao\x00"},
        {**body, "started_on": "2026-13-40"},
        {**body, "household_id": "not-a-uuid"},
    ]
    for bad in hostile:
        response = _post(client, f"{base}/memberships", bad)
        assert response.status_code in (400, 404, 422), bad
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"]), response.json()

    client.force_login(county)  # reads, does not decide
    assert client.get(f"{base}/register").status_code == 200
    assert _post(client, f"{base}/memberships", body).status_code == 404
    client.force_login(village_b)
    assert client.get(f"{base}/households/{household_a.pk}/layers").status_code == 404
    assert Membership.objects.filter(household=household_a, ended_on__isnull=True).count() == 0
    assert Membership.objects.get().monthly_amount == Decimal("450.00")
