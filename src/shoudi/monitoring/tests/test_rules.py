"""The rules that must hold: area and role at every step, no skipping, returns, one winner when two reviewers
act at once, nothing half-done when a step fails."""

from __future__ import annotations

import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import NotVisible
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, policy_bridge, transitions
from shoudi.monitoring.models import Attachment, Case, CaseTransition
from shoudi.monitoring.testing.builders import days_ago, promise_scan
from shoudi.testing.factories import VILLAGE_A, household_with_members

S = codes.Status


def _forbidden(call) -> None:
    """Not the user's role or area: "not found" (404), like an object outside their area."""
    with pytest.raises(NotVisible):
        call()


def _wrong_level(call) -> None:
    """The user's role, the user's area, but another level's step: a form error, not a 404."""
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.code == "wrong_level"


@pytest.fixture
def at_township(driver, household_a):
    case = driver.lead(household_a, days_ago(20))
    return driver.identify(case, days_ago(19), upto=S.ID_TOWNSHIP)


def test_users_act_only_in_their_area_and_at_their_step(
    driver, household_a, village_a, village_b, township, county, clerk, leader
):
    case = driver.lead(household_a, days_ago(20))
    home_check = lambda by: transitions.case_home_check(by=by, case=case, findings="核实", promise=promise_scan())  # noqa: E731
    _forbidden(lambda: home_check(village_b))  # another village
    _forbidden(lambda: home_check(township))  # not the township's step
    _forbidden(lambda: home_check(county))
    _forbidden(lambda: home_check(clerk))  # department clerks never act on cases
    _forbidden(lambda: home_check(leader))  # leaders read aggregates only
    case.refresh_from_db()
    assert case.status == S.ID_HOME_CHECK and case.transitions.count() == 1


def test_each_step_belongs_to_its_role(at_township, village_a, township, county, clerk):
    case = at_township
    _forbidden(lambda: transitions.case_township_review(by=village_a, case=case, opinion="同意"))
    _forbidden(lambda: transitions.case_township_review(by=county, case=case, opinion="同意"))
    _forbidden(lambda: transitions.case_reject(by=clerk, case=case, reason="无"))
    case = transitions.case_township_review(by=township, case=case, opinion="同意", on=days_ago(0))
    _forbidden(lambda: transitions.case_decide(by=township, case=case, opinion="同意", category="marginal"))
    case = transitions.case_decide(by=county, case=case, opinion="同意", category="marginal", on=days_ago(0))
    assert case.status == S.ID_ENTRY


def test_a_step_cannot_be_skipped(driver, household_a, township, county):
    case = driver.lead(household_a, days_ago(20))
    with pytest.raises(ConflictError):
        transitions.case_township_review(by=township, case=case, opinion="同意")
    with pytest.raises(ConflictError):
        transitions.case_decide(by=county, case=case, opinion="同意", category="marginal")
    case.refresh_from_db()
    assert case.status == S.ID_HOME_CHECK


def test_return_goes_one_step_back_with_a_reason(at_township, township, committee_a):
    case = at_township
    with pytest.raises(ValidationError):
        transitions.case_return(by=township, case=case, reason="")
    case = transitions.case_return(by=township, case=case, reason="公示材料不全，请补充", on=days_ago(0))
    assert case.status == S.ID_NOTICE
    row = case.transitions.latest("at", "id")
    assert (row.action, row.from_status, row.to_status, row.reason) == (
        "return",
        S.ID_TOWNSHIP,
        S.ID_NOTICE,
        "公示材料不全，请补充",
    )
    case = transitions.case_notice_end(by=committee_a, case=case, on=days_ago(0))  # the notice already ran its days
    assert case.status == S.ID_TOWNSHIP


def test_rejection_ends_the_identification(at_township, township):
    case = transitions.case_reject(by=township, case=at_township, reason="经审核不符合条件", on=days_ago(0))
    assert case.status == S.NOT_INCLUDED and not case.is_open and case.period_end == days_ago(0)


def test_decision_level_follows_the_approval_level_parameter(at_township, township, county, regions):
    policy_bridge.store_param(
        "approval_level", "52", "city", valid_from=days_ago(400), source="测试：市级审定", value_type="text"
    )
    case = transitions.case_township_review(by=township, case=at_township, opinion="同意", on=days_ago(0))
    _wrong_level(lambda: transitions.case_decide(by=county, case=case, opinion="同意", category="marginal"))
    # a city 乡村振兴局 officer (ROLE_AREA_LENGTHS does not list city level for this role yet: built directly)
    city = User.objects.create(
        username="city_officer", role=Role.COUNTY_OFFICER, area_id="5206", full_name="市乡村振兴局"
    )
    case = transitions.case_decide(by=city, case=case, opinion="同意", category="marginal", on=days_ago(0))
    assert case.status == S.ID_ENTRY


def test_two_reviewers_with_the_same_version_one_wins(at_township, township, regions):
    other = User.objects.create(
        username="township2", role=Role.TOWNSHIP_REVIEWER, area_id="520628101", full_name="另一审核员"
    )
    seen = at_township.version
    transitions.case_township_review(by=township, case=at_township, opinion="同意", expected_version=seen)
    with pytest.raises(ConflictError) as error:
        transitions.case_return(by=other, case=at_township, reason="退回", expected_version=seen)
    assert "已被他人" in error.value.messages[0]
    assert CaseTransition.objects.filter(case=at_township, from_status=S.ID_TOWNSHIP).count() == 1


def test_a_stale_step_is_refused_even_without_a_version(at_township, township):
    transitions.case_township_review(by=township, case=at_township, opinion="同意")
    with pytest.raises(ConflictError):
        transitions.case_township_review(by=township, case=at_township, opinion="同意")
    assert CaseTransition.objects.filter(case=at_township, action="id_township").count() == 1


def test_a_failed_step_leaves_nothing_behind(driver, household_a, village_a, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = driver.lead(household_a, days_ago(20))
    audit_before, version = AuditEntry.objects.count(), case.version
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        transitions.case_home_check(
            by=village_a, case=case, findings="核实", promise=promise_scan(), photos=[fake], on=days_ago(19)
        )
    assert "不是 JPG 格式" in str(error.value)
    case.refresh_from_db()
    assert case.status == S.ID_HOME_CHECK and case.version == version
    assert not Attachment.objects.exists()
    assert CaseTransition.objects.filter(case=case).count() == 1
    assert AuditEntry.objects.count() == audit_before
    media = settings.MEDIA_ROOT
    stored = [f for _, _, files in os.walk(media) for f in files] if os.path.isdir(media) else []
    assert stored == [], "the promise stored before the failure is removed again"


def test_home_check_needs_the_signed_promise(driver, household_a, village_a):
    case = driver.lead(household_a, days_ago(20))
    with pytest.raises(ValidationError) as error:
        transitions.case_home_check(by=village_a, case=case, findings="核实", on=days_ago(19))
    assert "承诺授权书" in error.value.message_dict["promise"][0]


def test_dates_cannot_go_backwards_or_into_the_future(driver, household_a, village_a):
    case = driver.lead(household_a, days_ago(20))
    with pytest.raises(ValidationError) as error:
        transitions.case_home_check(by=village_a, case=case, findings="核实", promise=promise_scan(), on=days_ago(25))
    assert "早于" in error.value.message_dict["on"][0]
    with pytest.raises(ValidationError):
        transitions.case_home_check(by=village_a, case=case, findings="核实", promise=promise_scan(), on=days_ago(-1))


def test_notice_must_run_its_days_and_objections_must_be_settled(driver, household_a, committee_a):
    from shoudi.monitoring import notices

    case = driver.identify(driver.lead(household_a, days_ago(10)), days_ago(9), upto=S.ID_NOTICE)
    notice = notices.notice_post(by=committee_a, village=case.village, kind="inclusion", posted_on=days_ago(3))
    assert (notice.ends_on - notice.posted_on).days == 4  # five days including the first
    with pytest.raises(ValidationError) as error:
        transitions.case_notice_end(by=committee_a, case=case, on=days_ago(0))
    assert "公示期满后" in error.value.message_dict["on"][0]

    case = driver.identify(
        driver.lead(household_with_members(VILLAGE_A, size=2), days_ago(20)), days_ago(19), upto=S.ID_NOTICE
    )
    notice = notices.notice_post(by=committee_a, village=case.village, kind="inclusion", posted_on=days_ago(10))
    objection = notices.objection_record(
        by=committee_a, notice=notice, case=case, received_on=days_ago(8), content="该户儿子在县城有商品房"
    )
    with pytest.raises(ValidationError):
        transitions.case_notice_end(by=committee_a, case=case, on=days_ago(0))
    notices.objection_resolve(by=committee_a, objection=objection, upheld=True, note="经核实属实", on=days_ago(6))
    with pytest.raises(ValidationError) as error:
        transitions.case_notice_end(by=committee_a, case=case, on=days_ago(0))
    assert "异议经核实成立" in error.value.message_dict["notice"][0]
    case = transitions.case_reject(by=committee_a, case=case, reason="异议成立：有商品房", on=days_ago(0))
    assert case.status == S.NOT_INCLUDED
    assert not case.notice_entries.filter(active=True).exists()


def test_at_most_five_risk_types(household_a, village_a):
    from shoudi.monitoring import services

    lead = services.lead_create(by=village_a, household=household_a, channel="cadre_visit", summary="走访")
    six = ["illness", "schooling", "disability", "accident", "unstable_work", "lack_labour"]
    with pytest.raises(ValidationError) as error:
        services.lead_convert(by=village_a, lead=lead, risks=six)
    assert "最多 5 项" in error.value.message_dict["risks"][0]
    case = services.lead_convert(by=village_a, lead=lead, risks=[*six[:5], "housing", "water"])
    assert case.risks.count() == 7  # five risk types plus two of the four problems


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_the_same_moment_on_postgresql(regions):
    """Two threads take the township step at once: row locks let one through; the other is told the case
    changed. Never a double transition."""
    from shoudi.monitoring.testing.builders import Driver, load_rules, setup_policy
    from shoudi.testing.factories import make_persona

    setup_policy()
    load_rules()
    village, township, county = make_persona("village_a"), make_persona("township"), make_persona("county")
    other = User.objects.create(
        username="township2", role=Role.TOWNSHIP_REVIEWER, area_id="520628101", full_name="另一审核员"
    )
    driver = Driver(contact=village, township=township, county=county)
    case = driver.identify(
        driver.lead(household_with_members(VILLAGE_A), days_ago(20)), days_ago(19), upto=S.ID_TOWNSHIP
    )

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user: User) -> None:
        try:
            barrier.wait()
            transitions.case_township_review(by=user, case=Case.objects.get(pk=case.pk), opinion="同意")
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()  # each thread has its own connection; close it for the teardown

    threads = [threading.Thread(target=act, args=(u,)) for u in (township, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["conflict", "ok"]
    assert CaseTransition.objects.filter(case=case, action="id_township").count() == 1
    case.refresh_from_db()
    assert case.status == S.ID_DECISION
