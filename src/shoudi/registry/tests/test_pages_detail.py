"""The household page: facts, members (masked), 12 months of money, history; revealing a full ID."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.registry import services
from shoudi.testing.factories import VILLAGE_A, add_finance, make_user

pytestmark = pytest.mark.django_db


def _detail(household):
    return reverse("registry:detail", args=[household.pk])


def _month(offset):
    """The first day of the month ``offset`` whole months before this one."""
    first = timezone.localdate().replace(day=1)
    for _ in range(offset):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


@pytest.fixture
def committee(regions):
    return make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村委会成员")


def test_detail_shows_facts_and_members_with_masked_ids(client, village_a, household_a):
    client.force_login(village_a)
    html = client.get(_detail(household_a)).content.decode()
    members = list(household_a.members.all())
    head = next(m for m in members if m.relationship == "head")
    assert f"{head.name}户" in html
    assert household_a.number in html and "盘石镇" in html and "当造村" in html
    assert "2018年脱贫" in html
    for m in members:
        assert m.name in html
        assert m.masked_id in html
        assert m.id_number not in html
    assert html.count('data-testid="member-row"') == 3
    assert "查看完整身份证号" in html
    assert "编辑户信息" in html and "添加成员" in html


def test_finance_table_has_items_by_month_and_totals(client, village_a, household_a):
    add_finance(household_a, _month(1).strftime("%Y-%m"), "migrant_work", "3000")
    add_finance(household_a, _month(2).strftime("%Y-%m"), "migrant_work", "2500.50")
    add_finance(household_a, _month(1).strftime("%Y-%m"), "dibao", "400")
    add_finance(household_a, _month(3).strftime("%Y-%m"), "medical", "1200")
    add_finance(household_a, _month(13).strftime("%Y-%m"), "crops", "9999")  # older than 12 months
    add_finance(household_a, _month(0).strftime("%Y-%m"), "crops", "8888")  # this month is not whole yet
    client.force_login(village_a)
    response = client.get(_detail(household_a))
    html = response.content.decode()
    finance = response.context["finance"]
    assert len(finance["months"]) == 12 and finance["months"][-1] == _month(1)
    income = next(g for g in finance["groups"] if g["flow"] == "income")
    assert [r["label"] for r in income["rows"]] == ["务工收入", "低保金"]
    assert str(income["total"]) == "5900.50"
    assert "务工收入" in html and "低保金" in html and "医疗自付" in html
    assert "收入合计" in html and "刚性支出合计" in html
    assert "5500.50" in html  # migrant work over the year
    assert "种植业收入" not in html  # both crop records lie outside the window


def test_finance_table_empty_says_so(client, village_a, household_a):
    client.force_login(village_a)
    assert "近12个月没有收支记录" in client.get(_detail(household_a)).content.decode()


def test_history_shows_who_when_and_before_after(client, village_a, household_a):
    services.household_update(by=village_a, household=household_a, data={"housing_grade": "C"})
    client.force_login(village_a)
    html = client.get(_detail(household_a)).content.decode()
    assert "变更记录" in html
    assert "李明（当造村监测联系人）" in html
    assert "住房安全等级：A级 → C级" in html
    assert timezone.localdate().strftime("%Y-%m-%d") in html


def test_reveal_returns_full_id_and_writes_an_audit_entry(client, village_a, household_a):
    person = household_a.members.get(relationship="spouse")
    client.force_login(village_a)
    url = reverse("registry:reveal_id", args=[person.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert person.id_number in html and "<html" not in html
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.actor == village_a
    assert entry.object_id == str(person.pk)
    assert entry.household_id == household_a.pk
    assert person.id_number not in str(entry.changes)
    # the look shows in the household's history
    assert "查看完整证件号" in client.get(_detail(household_a)).content.decode()


def test_reveal_without_javascript_renders_a_page(client, village_a, household_a):
    person = household_a.members.get(relationship="head")
    client.force_login(village_a)
    html = client.post(reverse("registry:reveal_id", args=[person.pk])).content.decode()
    assert person.id_number in html and "<html" in html and "返回农户详情" in html


def test_reveal_by_get_is_not_allowed(client, village_a, household_a):
    person = household_a.members.first()
    client.force_login(village_a)
    assert client.get(reverse("registry:reveal_id", args=[person.pk])).status_code == 405
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_role_without_reveal_id_gets_404_and_no_button(client, committee, household_a):
    person = household_a.members.first()
    client.force_login(committee)
    html = client.get(_detail(household_a)).content.decode()
    assert person.masked_id in html
    assert "查看完整身份证号" not in html
    assert "编辑户信息" not in html and "添加成员" not in html
    response = client.post(reverse("registry:reveal_id", args=[person.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert person.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_phone_is_masked_for_every_role_until_a_logged_reveal(client, committee, village_a, household_a):
    services.household_update(by=village_a, household=household_a, data={"phone": "13812345678"})
    client.force_login(committee)
    html = client.get(_detail(household_a)).content.decode()
    assert "13812345678" not in html and "138****5678" in html
    client.force_login(village_a)
    html = client.get(_detail(household_a)).content.decode()
    assert "13812345678" not in html and 'data-testid="reveal-phone"' in html  # test_phone_reveal.py reveals it
