"""Notice kinds with their own length (issue 14): identification (``notice_days``, never below the national
value), elimination and rollback (``notice_days_elimination``), the assistance plan (``notice_days_assistance_plan``;
seed 001: 制定针对性帮扶计划…并进行公开公示). A notice dated before the decision it announces is refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shoudi.monitoring import codes, notices, policy_bridge, transitions
from shoudi.monitoring.models import Notice, NoticeEntry, Objection
from shoudi.monitoring.testing.builders import days_ago
from shoudi.testing import assistance
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members
from shoudi.testing.monitoring import case_at

S = codes.Status
K = codes.NoticeKind
HEALTH_DETAIL = "落实大病专项救治和医疗救助"  # the measure's content in the builder: never on a public notice


def _post_form(client, **data):
    return client.post(reverse("monitoring:notice_create"), {"objection_channel": "", **data})


def _monitored(team, *, measures=((codes.MeasureKind.HEALTH, 20), (codes.MeasureKind.EMPLOYMENT, 10))):
    household = household_with_members(VILLAGE_A, size=4, status="former_poor", exit_year=2019)
    case = case_at(S.MONITORED, team=team, household_=household)
    for kind, ago in measures:
        assistance.measure(case, team.township, kind, start=days_ago(ago))
    return case


# ---- each kind runs its own parameter --------------------------------------------------------------------------


def test_elimination_notice_runs_its_own_days_and_cannot_end_early(team, committee_a):
    policy_bridge.store_param("notice_days_elimination", "520628", 7, valid_from=dt.date(2021, 1, 1), source="县文件")
    inclusion = case_at(S.ID_NOTICE, team=team, notice_posted=False)
    posted = notices.notice_post(by=committee_a, village=inclusion.village, kind=K.INCLUSION, posted_on=days_ago(3))
    assert posted.ends_on - posted.posted_on == dt.timedelta(days=4)  # notice_days: 5

    case = case_at(S.EL_NOTICE, team=team, notice_posted=False)
    start = max(days_ago(10), case.status_on)
    notice = notices.notice_post(by=committee_a, village=case.village, kind=K.ELIMINATION, posted_on=start)
    assert notice.ends_on == start + dt.timedelta(days=6)
    with pytest.raises(ValidationError, match="公示期满后才能结束公示"):
        transitions.case_notice_end(by=committee_a, case=case, on=start + dt.timedelta(days=6))
    ended = transitions.case_notice_end(by=committee_a, case=case, on=start + dt.timedelta(days=7))
    assert ended.status == S.EL_TOWNSHIP


def test_a_county_value_below_the_national_minimum_is_refused_on_the_page(client, team, committee_a):
    case = case_at(S.ID_NOTICE, team=team, notice_posted=False)
    policy_bridge.store_param("notice_days", "520628", 3, valid_from=dt.date(2021, 1, 1), source="县文件")
    client.force_login(committee_a)
    response = _post_form(client, village=VILLAGE_A, kind=K.INCLUSION, posted_on=case.status_on.isoformat())
    html = response.content.decode()
    assert "村内公示最少天数" in html and "少于全国规定的 5 天" in html
    assert not Notice.objects.exists()
    # the elimination kind has its own national floor too; a plan notice's length is the county's to set
    policy_bridge.store_param("notice_days_elimination", "520628", 4, valid_from=dt.date(2021, 1, 1), source="县")
    with pytest.raises(ValidationError, match="风险消除（回退）公示最少天数"):
        notices.notice_days(K.ROLLBACK, VILLAGE_A, days_ago(1))
    policy_bridge.store_param("notice_days_assistance_plan", "520628", 3, valid_from=dt.date(2021, 1, 1), source="县")
    assert notices.notice_days(K.ASSISTANCE_PLAN, VILLAGE_A, days_ago(1)) == 3


def test_a_notice_dated_before_the_democratic_review_is_refused(client, team, committee_a):
    case = case_at(S.ID_NOTICE, team=team, notice_posted=False)
    reviewed = case.status_on
    client.force_login(committee_a)
    before = (reviewed - dt.timedelta(days=1)).isoformat()
    html = _post_form(client, village=VILLAGE_A, kind=K.INCLUSION, posted_on=before).content.decode()
    assert f"早于民主评议日期（{reviewed.isoformat()}）" in html and not Notice.objects.exists()
    response = _post_form(client, village=VILLAGE_A, kind=K.INCLUSION, posted_on=reviewed.isoformat())
    assert response.status_code == 302 and Notice.objects.get().posted_on == reviewed


def test_hostile_input_on_the_notice_form_writes_nothing(client, team, committee_a):
    case_at(S.ID_NOTICE, team=team, notice_posted=False)
    client.force_login(committee_a)
    for data in (
        {"village": VILLAGE_C, "kind": K.INCLUSION, "posted_on": days_ago(0).isoformat()},  # not their village
        {"village": VILLAGE_A, "kind": "<script>alert(1)</script>", "posted_on": days_ago(0).isoformat()},
        {"village": VILLAGE_A, "kind": K.ASSISTANCE_PLAN, "posted_on": "2026-13-45"},
        {"village": VILLAGE_A, "kind": K.INCLUSION, "posted_on": (days_ago(-3)).isoformat()},  # in the future
        {"village": VILLAGE_A, "kind": K.INCLUSION, "posted_on": "", "objection_channel": "x" * 501},
    ):
        response = _post_form(client, **data)
        assert response.status_code in (200, 400), data
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Notice.objects.exists()


# ---- 帮扶计划公示 ------------------------------------------------------------------------------------------------


def test_the_village_posts_its_assistance_plan_notice_and_prints_it(client, team, committee_a):
    case = _monitored(team)
    household = case.household
    household.phone = "13800138000"
    household.save()
    member = household.members.exclude(relationship="head").first()
    member.health = "major"
    member.save()
    _monitored(team, measures=())  # monitored, no measure yet: no plan to show
    policy_bridge.store_param("notice_days_assistance_plan", "520628", 7, valid_from=dt.date(2021, 1, 1), source="县")

    client.force_login(committee_a)
    listing = client.get(reverse("monitoring:notices")).content.decode()
    assert 'data-testid="post-plan-notice"' in listing and "2 户" in listing
    form = client.get(reverse("monitoring:notice_create") + f"?village={VILLAGE_A}&kind=assistance_plan")
    assert form.status_code == 200 and 'value="assistance_plan" selected' in form.content.decode()
    response = _post_form(client, village=VILLAGE_A, kind=K.ASSISTANCE_PLAN, posted_on=days_ago(1).isoformat())
    assert response.status_code == 302
    notice = Notice.objects.get(kind=K.ASSISTANCE_PLAN)
    assert notice.ends_on == days_ago(1) + dt.timedelta(days=6)
    entry = notice.entries.get()
    head = household.members.get(relationship="head")
    assert (entry.case_id, entry.head_name, entry.size) == (case.pk, head.name, 4)
    assert entry.category == case.get_category_display()
    assert entry.reason == "健康帮扶、就业帮扶"  # the kinds by the day each was planned, never the details

    html = client.get(reverse("monitoring:notice_print", args=[notice.pk])).content.decode()
    assert "帮扶计划公示" in html and "制定了针对性帮扶计划" in html and "帮扶措施" in html
    assert head.name in html and "健康帮扶、就业帮扶" in html and "12317" in html
    for secret in [p.id_number for p in household.members.all()] + ["13800138000", "大病", "银行", HEALTH_DETAIL]:
        assert secret not in html
    assert not re.search(r"\d{17}[\dX]", html)

    page = client.get(reverse("monitoring:notice", args=[notice.pk])).content.decode()
    assert "帮扶措施" in page and "登记异议" in page
    objection = client.post(
        reverse("monitoring:objection_add", args=[notice.pk]),
        {"case": str(case.pk), "received_on": days_ago(0).isoformat(), "content": "该户务工人员已返乡，就业帮扶不符"},
    )
    assert objection.status_code == 302 and Objection.objects.filter(notice=notice, case=case).exists()


def test_a_plan_notice_dated_before_the_measures_were_planned_is_refused(client, team, committee_a):
    case = _monitored(team, measures=((codes.MeasureKind.INDUSTRY, 5),))
    client.force_login(committee_a)
    html = _post_form(
        client, village=VILLAGE_A, kind=K.ASSISTANCE_PLAN, posted_on=days_ago(6).isoformat()
    ).content.decode()
    head = case.household.members.get(relationship="head").name
    assert "早于帮扶措施的制定日期" in html and head in html and days_ago(5).isoformat() in html
    assert not Notice.objects.filter(kind=K.ASSISTANCE_PLAN).exists()
    response = _post_form(client, village=VILLAGE_A, kind=K.ASSISTANCE_PLAN, posted_on=days_ago(5).isoformat())
    assert response.status_code == 302 and Notice.objects.filter(kind=K.ASSISTANCE_PLAN).exists()


def test_a_new_plan_notice_supersedes_the_earlier_one_and_case_notices_still_wait(team, committee_a):
    first_case = _monitored(team)
    first = notices.notice_post(
        by=committee_a, village=first_case.village, kind=K.ASSISTANCE_PLAN, posted_on=days_ago(5)
    )
    second = notices.notice_post(
        by=committee_a, village=first_case.village, kind=K.ASSISTANCE_PLAN, posted_on=days_ago(1)
    )
    assert not first.entries.get().active and second.entries.get().active
    assert NoticeEntry.objects.filter(case=first_case, active=True).count() == 1


def test_a_case_on_a_plan_notice_still_waits_for_its_elimination_notice(client, team, committee_a):
    case = case_at(S.EL_NOTICE, team=team, notice_posted=False)
    notices.notice_post(by=committee_a, village=case.village, kind=K.ASSISTANCE_PLAN, posted_on=case.status_on)
    client.force_login(committee_a)
    html = client.get(reverse("monitoring:notices")).content.decode()
    assert "风险消除公示 1 户" in html
    notice = notices.notice_post(by=committee_a, village=case.village, kind=K.ELIMINATION, posted_on=case.status_on)
    assert notice.entries.get().case_id == case.pk
