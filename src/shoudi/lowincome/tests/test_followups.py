"""跟踪核查 through the pages and the API, as the roles that do it: the village contact and the township keep a
household (继续保留) and the next verification moves; only the 民政 clerk adjusts, phases out or stops; a stop
needs the 民主评议 and the written notice, ends the layer, clears the registry flag and puts the household under
early warning; the printed notice shows no ID number or phone; 渐退期满 ends once; overdue verifications show on
the workbench; other departments and other areas get a 404."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.accounts.roles import Department, Role
from shoudi.lowincome import cadence
from shoudi.lowincome.codes import IncomePattern, MembershipStatus, StoredLayer
from shoudi.lowincome.models import FollowUp, Membership
from shoudi.lowincome.testing import membership
from shoudi.monitoring.models import Lead
from shoudi.registry.models import Person
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members, make_user

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def civil_clerk(regions):
    return make_user(
        "civil_clerk", Role.DEPT_CLERK, COUNTY, full_name="县民政局数据员", department=Department.CIVIL_AFFAIRS
    )


@pytest.fixture
def family(regions):
    """An ordinary household of village A on 低保 (400 元/月), its members flagged, phones on file."""
    household = household_with_members(VILLAGE_A, size=3, phone="13800001111")
    Person.objects.filter(household=household).update(dibao=True, phone="13900002222")
    return household


@pytest.fixture
def dibao(family):
    return membership(
        family,
        StoredLayer.DIBAO,
        started_on=TODAY - dt.timedelta(days=400),
        next_due=TODAY - dt.timedelta(days=3),
        income_pattern=IncomePattern.IRREGULAR,
    )


def page(m):
    return f"/low-income/memberships/{m.pk}/follow-up/"


def login(client, user):
    client.force_login(user)
    return client


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


STOP = {
    "visited_on": TODAY.isoformat(),
    "findings": "户主在县城务工，月收入 4000 元，家庭人均收入超过低保标准",
    "outcome": "stop",
    "new_amount": "",
    "review_note": "2026年村民主评议：一致同意停止",
    "notice_no": "松民告〔2026〕15号",
    "notified_on": TODAY.isoformat(),
}


# ---- keep ------------------------------------------------------------------------------------------------------


def test_the_village_contact_keeps_a_household_and_the_next_verification_moves(client, village_a, dibao):
    login(client, village_a)
    form = client.get(page(dibao)).content.decode()
    assert 'data-form="lowincome.followup"' in form
    assert 'value="keep"' in form and 'value="stop"' not in form and 'value="phase_out"' not in form
    assert 'name="notice_no"' not in form and 'name="new_amount"' not in form
    assert "每半年核查一次" in form  # 低保, irregular income; the parameter and its source follow
    response = client.post(
        page(dibao),
        {"visited_on": TODAY.isoformat(), "findings": "家庭收入无明显变化", "outcome": "keep", "review_note": ""},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    expected = cadence.add_months(TODAY, 6)
    assert f"已记录核查：继续保留；下次核查 {expected.isoformat()}" in html
    assert Membership.objects.get(pk=dibao.pk).next_due == expected
    assert FollowUp.objects.get(membership=dibao).created_by == village_a


def test_the_township_keeps_too(client, township, dibao):
    login(client, township)
    response = client.post(
        page(dibao), {"visited_on": YESTERDAY.isoformat(), "findings": "无变化", "outcome": "keep"}, follow=True
    )
    assert "已记录核查" in response.content.decode()
    assert Membership.objects.get(pk=dibao.pk).next_due == cadence.add_months(YESTERDAY, 6)


def test_a_visit_in_the_future_or_before_the_start_is_refused(client, village_a, dibao):
    login(client, village_a)
    tomorrow = TODAY + dt.timedelta(days=1)
    response = client.post(page(dibao), {"visited_on": tomorrow.isoformat(), "findings": "无变化", "outcome": "keep"})
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    before = dibao.started_on - dt.timedelta(days=1)
    response = client.post(page(dibao), {"visited_on": before.isoformat(), "findings": "无变化", "outcome": "keep"})
    assert response.status_code == 400 and "早于该户纳入最低生活保障对象的日期" in response.content.decode()
    assert not FollowUp.objects.exists()


# ---- who decides ---------------------------------------------------------------------------------------------


def test_a_village_contact_cannot_stop_even_with_a_forged_post(client, village_a, dibao):
    login(client, village_a)
    response = client.post(page(dibao), STOP)
    assert response.status_code == 400
    assert "不在可选项中" in response.content.decode()
    forged = post_json(
        api(village_a), f"/api/v1/low-income/memberships/{dibao.pk}/follow-ups", STOP | {"new_amount": None}
    )
    assert forged.status_code == 422 and "由县民政部门决定" in forged.json()["detail"]
    assert not FollowUp.objects.exists() and Membership.objects.get(pk=dibao.pk).is_open
    assert not Lead.objects.exists()


def test_a_stop_needs_the_review_note_and_the_written_notice(client, civil_clerk, dibao):
    login(client, civil_clerk)
    assert 'value="stop"' in client.get(page(dibao)).content.decode()
    response = client.post(page(dibao), STOP | {"review_note": "", "notice_no": "", "notified_on": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "请填写民主评议情况" in html
    response = client.post(page(dibao), STOP | {"notice_no": ""})
    assert response.status_code == 400 and "请填写书面告知编号" in response.content.decode()
    response = client.post(page(dibao), STOP | {"notified_on": ""})
    assert response.status_code == 400 and "请填写告知日期" in response.content.decode()
    assert not FollowUp.objects.exists() and Membership.objects.get(pk=dibao.pk).is_open


def test_the_civil_clerk_stops_the_household_goes_under_early_warning_and_gets_a_notice(client, civil_clerk, dibao):
    login(client, civil_clerk)
    response = client.post(page(dibao), STOP, follow=True)
    assert response.status_code == 200
    assert "已停止保障，该户已纳入监测预警" in response.content.decode()
    ended = Membership.objects.get(pk=dibao.pk)
    assert ended.ended_on == TODAY and ended.status == MembershipStatus.ENDED and ended.next_due is None
    assert not Person.objects.filter(household=dibao.household, dibao=True).exists()  # the flag follows
    follow = FollowUp.objects.get(membership=dibao)
    lead = Lead.objects.get(household=dibao.household)
    assert follow.lead == lead and lead.channel == "department" and lead.summary == "停止低保后纳入监测预警"
    assert lead.status == "open" and lead.village_id == VILLAGE_A  # the village checks it at home
    notice = client.get(f"/low-income/follow-ups/{follow.pk}/notice/")
    html = notice.content.decode()
    head = Person.objects.get(household=dibao.household, relationship="head")
    assert notice.status_code == 200 and "停止保障告知书" in html
    assert head.name in html and "最低生活保障对象" in html and "松民告〔2026〕15号" in html
    assert "一致同意停止" in html and "松桃苗族自治县民政局申请复核" in html and "60 日内" in html
    for person in Person.objects.filter(household=dibao.household):
        assert person.id_number not in html and person.id_number[-4:] + "<" not in html
    assert "13900002222" not in html and "13800001111" not in html
    data = api(civil_clerk).get(f"/api/v1/low-income/follow-ups/{follow.pk}/notice").json()
    assert data["head_name"] == head.name and data["notice_no"] == "松民告〔2026〕15号"
    assert not {"id_number", "phone"} & set(data) and "13900002222" not in json.dumps(data, ensure_ascii=False)
    # an ended layer takes no more visits
    again = client.post(page(dibao), STOP, follow=True)
    assert "已退出，不能再记录核查" in again.content.decode() and FollowUp.objects.count() == 1


def test_stopping_tekun_keeps_the_dibao_flag_of_a_household_that_still_has_dibao(civil_clerk, dibao):
    tekun = membership(dibao.household, StoredLayer.TEKUN, started_on=dibao.started_on, monthly_amount=Decimal("600"))
    Person.objects.filter(household=dibao.household).update(tekun=True)
    response = post_json(
        api(civil_clerk), f"/api/v1/low-income/memberships/{tekun.pk}/follow-ups", STOP | {"new_amount": None}
    )
    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "stop" and response.json()["lead_id"]
    members = Person.objects.filter(household=dibao.household)
    assert all(p.dibao and not p.tekun for p in members)
    assert Lead.objects.get().summary == "停止特困供养后纳入监测预警"


def test_only_a_stop_has_a_notice(client, civil_clerk, dibao):
    login(client, civil_clerk)
    client.post(page(dibao), {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "keep"})
    follow = FollowUp.objects.get()
    assert client.get(f"/low-income/follow-ups/{follow.pk}/notice/").status_code == 404


# ---- adjust and phase out -----------------------------------------------------------------------------------


def test_adjust_needs_a_new_amount_different_from_the_current(client, civil_clerk, dibao):
    login(client, civil_clerk)
    body = {"visited_on": TODAY.isoformat(), "findings": "家庭成员增加一人", "outcome": "adjust", "new_amount": "400"}
    response = client.post(page(dibao), body)
    assert response.status_code == 400 and "与现月救助金额（400.00 元）相同" in response.content.decode()
    response = client.post(page(dibao), body | {"new_amount": ""})
    assert response.status_code == 400 and "请填写调整后的月救助金额" in response.content.decode()
    response = client.post(page(dibao), body | {"new_amount": "520.50"}, follow=True)
    assert "已记录核查：调整金额" in response.content.decode()
    assert Membership.objects.get(pk=dibao.pk).monthly_amount == Decimal("520.50")


def test_phase_out_sets_the_end_date_six_months_on(client, civil_clerk, dibao):
    login(client, civil_clerk)
    body = {"visited_on": YESTERDAY.isoformat(), "findings": "户主务工收入超过低保标准", "outcome": "phase_out"}
    response = client.post(page(dibao), body, follow=True)
    until = cadence.add_months(YESTERDAY, 6)
    assert f"渐退期至 {until.isoformat()}" in response.content.decode()
    m = Membership.objects.get(pk=dibao.pk)
    assert m.status == MembershipStatus.PHASING_OUT and m.phase_out_until == until and m.is_open
    assert FollowUp.objects.get().phase_out_until == until
    assert 'value="phase_out"' not in client.get(page(dibao)).content.decode()  # not twice
    listed = client.get("/low-income/follow-ups/phasing-out/").content.decode()
    assert until.isoformat() in listed and dibao.household.number in listed


def test_phase_out_is_for_dibao_only(client, civil_clerk, family):
    edge = membership(family, StoredLayer.DIBAO_EDGE, started_on=TODAY - dt.timedelta(days=30))
    login(client, civil_clerk)
    form = client.get(page(edge)).content.decode()
    assert 'value="phase_out"' not in form and 'value="adjust"' not in form and 'value="stop"' in form
    response = post_json(
        api(civil_clerk),
        f"/api/v1/low-income/memberships/{edge.pk}/follow-ups",
        {"visited_on": TODAY.isoformat(), "findings": "收入增加", "outcome": "phase_out"},
    )
    assert response.status_code == 422 and "只适用于最低生活保障对象" in response.json()["detail"]


def test_the_daily_run_ends_expired_phase_outs_once(dibao):
    Membership.objects.filter(pk=dibao.pk).update(
        status=MembershipStatus.PHASING_OUT, phase_out_until=TODAY - dt.timedelta(days=2)
    )
    running = membership(
        household_with_members(VILLAGE_A, size=1),
        StoredLayer.DIBAO,
        status=MembershipStatus.PHASING_OUT,
        phase_out_until=TODAY,  # its last day is today: not over yet
    )
    out = StringIO()
    call_command("lowincome_daily", stdout=out)
    assert "渐退期满退出低保 1 户" in out.getvalue()
    ended = Membership.objects.get(pk=dibao.pk)
    assert ended.ended_on == TODAY - dt.timedelta(days=2) and ended.end_reason == "渐退期满"
    assert not Person.objects.filter(household=dibao.household, dibao=True).exists()
    assert Lead.objects.get().household == dibao.household
    out = StringIO()
    call_command("lowincome_daily", stdout=out)
    assert "渐退期满退出低保 0 户" in out.getvalue() and Lead.objects.count() == 1
    assert Membership.objects.get(pk=running.pk).is_open


# ---- lists, workbench, scope -----------------------------------------------------------------------------------


def test_overdue_shows_orange_on_the_list_and_on_the_workbench(client, village_a, civil_clerk, dibao):
    membership(household_with_members(VILLAGE_A, size=1), StoredLayer.TEKUN, next_due=TODAY + dt.timedelta(days=5))
    login(client, village_a)
    workbench = client.get("/").content.decode()
    assert "低收入人口核查超期" in workbench and 'data-testid="task-lowincome_followups_overdue">1<' in workbench
    assert '<article class="overdue"><small>低收入人口核查超期' in workbench
    assert "低收入人口核查到期" in workbench and 'href="/low-income/follow-ups/overdue/"' in workbench
    # the 民政 clerk sees no monitoring cases, but the register's panel has the same counts for the county
    login(client, civil_clerk)
    clerk = client.get("/").content.decode()
    assert 'data-testid="lowincome-panel"' in clerk and 'data-testid="task-lowincome_followups_overdue">1<' in clerk
    assert "常态化帮扶</a></li>" in clerk  # the menu entry
    login(client, village_a)
    overdue = client.get("/low-income/follow-ups/overdue/").content.decode()
    assert 'class="is-overdue"' in overdue and "超期 3 天" in overdue and dibao.household.number in overdue
    due = client.get("/low-income/follow-ups/").content.decode()
    assert "5 天后" in due and dibao.household.number not in due
    listed = api(village_a).get("/api/v1/low-income/follow-ups?state=overdue").json()
    assert listed["count"] == 1 and listed["items"][0]["due_state"] == "overdue"
    assert "phone" not in listed["items"][0] and "id_number" not in listed["items"][0]


def test_the_list_filters_by_layer(client, township, dibao):
    login(client, township)
    assert dibao.household.number in client.get("/low-income/follow-ups/overdue/?layer=dibao").content.decode()
    assert dibao.household.number not in client.get("/low-income/follow-ups/overdue/?layer=tekun").content.decode()
    bad = client.get("/low-income/follow-ups/overdue/?layer=nonsense")
    assert bad.status_code == 200 and "不在可选项中" in bad.content.decode()


def test_other_departments_and_other_areas_get_a_404(client, clerk, village_b, dibao, civil_clerk):
    follow = FollowUp.objects.create(
        membership=dibao, village_id=VILLAGE_A, visited_on=TODAY, findings="x", outcome="stop", notice_no="1"
    )
    for user in (clerk, village_b):
        login(client, user)
        assert client.get(page(dibao)).status_code == 404
        assert client.post(page(dibao), STOP).status_code == 404
        assert client.get(f"/low-income/follow-ups/{follow.pk}/notice/").status_code == 404
        token = api(user)
        assert token.get(f"/api/v1/low-income/memberships/{dibao.pk}/follow-ups").status_code == 404
        assert token.get(f"/api/v1/low-income/follow-ups/{follow.pk}/notice").status_code == 404
    login(client, clerk)
    assert client.get("/low-income/follow-ups/").status_code == 404
    login(client, village_b)
    assert dibao.household.number not in client.get("/low-income/follow-ups/overdue/").content.decode()
    assert Membership.objects.get(pk=dibao.pk).is_open


def test_the_api_lists_a_memberships_follow_ups_with_its_cadence(village_a, dibao):
    client = api(village_a)
    created = post_json(
        client,
        f"/api/v1/low-income/memberships/{dibao.pk}/follow-ups",
        {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "keep"},
    )
    assert created.status_code == 201, created.content
    history = client.get(f"/api/v1/low-income/memberships/{dibao.pk}/follow-ups").json()
    assert history["allowed_outcomes"] == ["keep"]
    assert history["cadence"]["months"] == 6 and history["cadence"]["parameter"] == "followup_months_irregular"
    assert [f["outcome"] for f in history["items"]] == ["keep"] and history["items"][0]["recorded_by"]
    bad = post_json(
        client,
        f"/api/v1/low-income/memberships/{dibao.pk}/follow-ups",
        {"visited_on": TODAY.isoformat(), "findings": "有\x00空字符", "outcome": "keep"},
    )
    assert bad.status_code == 422 and "空字符" in bad.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"visited_on": "2026-13-45", "findings": "无变化", "outcome": "keep"},
        {"visited_on": "9999-12-31", "findings": "无变化", "outcome": "keep"},
        {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "\x00"},
        {"visited_on": TODAY.isoformat(), "findings": "长" * 2001, "outcome": "keep"},
        {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "adjust", "new_amount": "1e20"},
        {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "adjust", "new_amount": "-1"},
        {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "keep", "notice_no": "多余"},
        {"visited_on": TODAY.isoformat(), "findings": "无变化", "outcome": "keep", "surprise": 1},
    ],
)
def test_hostile_input_is_refused_in_chinese_and_nothing_is_written(civil_clerk, dibao, body):
    response = post_json(api(civil_clerk), f"/api/v1/low-income/memberships/{dibao.pk}/follow-ups", body)
    assert response.status_code in (400, 422), response.content
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    assert not FollowUp.objects.exists() and Membership.objects.get(pk=dibao.pk).next_due == dibao.next_due


def test_a_malformed_id_is_not_found(civil_clerk, dibao):
    client = api(civil_clerk)
    for url in ("/api/v1/low-income/memberships/not-a-uuid/follow-ups", "/api/v1/low-income/follow-ups/1/notice"):
        assert client.get(url).status_code in (404, 422)
    assert client.get("/low-income/memberships/not-a-uuid/follow-up/").status_code == 404


def test_the_county_officer_reads_the_history_but_records_nothing(client, county, dibao):
    login(client, county)
    html = client.get(page(dibao)).content.decode()
    assert "核查记录" in html and 'data-form="lowincome.followup"' not in html
    assert client.post(page(dibao), STOP).status_code == 404
    listed = client.get("/low-income/follow-ups/overdue/").content.decode()
    assert dibao.household.number in listed and "记录核查" not in listed
    assert not FollowUp.objects.exists()
