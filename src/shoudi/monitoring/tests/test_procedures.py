"""End-to-end through the services: lead → inclusion → elimination, the fast track, rollback, re-marking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shoudi.core.access import NotVisible
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, selectors, services, transitions
from shoudi.monitoring.models import Case, CaseTransition, Lead
from shoudi.monitoring.testing.builders import days_ago, monthly_income
from shoudi.testing import assistance

S = codes.Status
IDENTIFICATION_PATH = [
    "open",
    "id_home_check",
    "id_data_check",
    "id_review",
    "id_notice_end",
    "id_township",
    "id_decision",
    "id_entry",
]


def _actions(case: Case) -> list[str]:
    return list(case.transitions.order_by("at", "id").values_list("action", flat=True))


def _health_measure(case: Case, by, start) -> None:
    assistance.measure(case, by, codes.MeasureKind.HEALTH, start=start)


def test_lead_to_inclusion_walks_every_step_and_records_each(driver, household_a):
    case = driver.lead(household_a, days_ago(40))
    assert case.status == S.ID_HOME_CHECK
    assert case.deadline == days_ago(40) + __import__("datetime").timedelta(days=15)

    case = driver.identify(case, days_ago(39))

    case.refresh_from_db()
    assert case.status == S.MONITORED
    assert case.is_open and case.period_start is not None
    assert case.contact is not None  # 一头: entered by the monitoring contact
    assert _actions(case) == IDENTIFICATION_PATH
    rows = list(case.transitions.exclude(action="open"))
    assert all(row.snapshot and "reasons" in row.snapshot for row in rows), "每个环节都冻结了研判结果"
    opened = AuditEntry.objects.get(object_id=str(case.pk), action=AuditEntry.Action.CREATE)
    assert opened.changes["环节"] == [None, "启动识别程序"]
    audited = AuditEntry.objects.filter(object_id=str(case.pk), action=AuditEntry.Action.TRANSITION)
    assert audited.count() == len(IDENTIFICATION_PATH) - 1, "one audit entry per step"
    for row, entry in zip(rows, audited.order_by("at", "id"), strict=True):
        assert entry.actor_id == row.actor_id
        assert entry.changes["状态"] == [dict(S.choices).get(row.from_status), dict(S.choices)[row.to_status]]
    assert Lead.objects.get(household=household_a).status == codes.LeadStatus.CONVERTED


def test_elimination_runs_the_check_and_marks_the_tail(driver, household_a, village_a, township):
    monthly_income(household_a, per_month=Decimal("2000"))  # 8,000 a head, above the 6,320 line
    case = driver.identify(driver.lead(household_a, days_ago(260)), days_ago(259))
    _health_measure(case, township, days_ago(240))

    case = driver.eliminate(case, days_ago(30))

    case.refresh_from_db()
    assert case.status == S.ELIMINATED
    assert not case.is_open
    assert case.elimination_kind == codes.EliminationKind.ASSISTED
    assert case.period_end is not None
    first = case.transitions.get(action="el_home_check")
    last = case.transitions.get(action="el_entry")
    assert first.snapshot["eligible"] is True and last.snapshot["eligible"] is True
    assert case.assessed_income_pc == Decimal("8000.00")


def test_elimination_is_blocked_with_reasons_and_nothing_changes(driver, household_a, village_a):
    monthly_income(household_a, per_month=Decimal("300"))  # 1,200 a head: below the line
    case = driver.identify(driver.lead(household_a, days_ago(260)), days_ago(259))
    rows_before = CaseTransition.objects.filter(case=case).count()
    version = case.version

    with pytest.raises(transitions.EliminationBlocked) as blocked:
        transitions.elimination_start(
            by=village_a,
            case=case,
            kind="assisted",
            findings="拟消除",
            second_checker=driver.committee.username,
            on=days_ago(1),
        )

    assert "income_below_line" in blocked.value.failing
    assert "no_measure" in blocked.value.failing
    assert any("低于监测范围" in m for m in blocked.value.messages)
    case.refresh_from_db()
    assert (case.status, case.version, case.elimination_kind) == (S.MONITORED, version, "")
    assert CaseTransition.objects.filter(case=case).count() == rows_before


def test_natural_elimination_needs_no_measure_but_whole_no_labour_household_stays(driver, household_a, village_a):
    monthly_income(household_a, per_month=Decimal("2000"))
    case = driver.identify(driver.lead(household_a, days_ago(260)), days_ago(259))
    case = driver.follow_up(case, days_ago(2))  # a 帮扶责任人 and the visits the parameter asks (issue 14)
    household_a.members.update(labor="none")

    with pytest.raises(transitions.EliminationBlocked) as blocked:
        transitions.elimination_start(
            by=village_a,
            case=case,
            kind="natural",
            findings="拟自然消除",
            second_checker=driver.committee.username,
            on=days_ago(1),
        )
    assert blocked.value.failing == ("no_labour_household",)

    household_a.members.update(labor="ordinary")
    case = transitions.elimination_start(
        by=village_a,
        case=case,
        kind="natural",
        findings="收入稳定",
        second_checker=driver.committee.username,
        on=days_ago(1),
    )
    assert case.status == S.EL_REVIEW


def test_rollback_goes_back_through_the_same_steps_to_monitoring(driver, household_a, village_a, township, county):
    monthly_income(household_a, per_month=Decimal("2000"))
    case = driver.identify(driver.lead(household_a, days_ago(300)), days_ago(299))
    _health_measure(case, township, days_ago(280))
    case = driver.eliminate(case, days_ago(60))
    assert case.status == S.ELIMINATED

    case = transitions.rollback_start(by=village_a, case=case, reason="消除后再次大额医疗支出", on=days_ago(20))
    assert case.status == S.RB_REVIEW and case.is_open
    case = driver.review(case, days_ago(19))
    case = driver.notice(case, days_ago(18))
    case = transitions.case_township_review(by=township, case=case, opinion="同意回退", on=days_ago(5))
    case = transitions.case_decide(by=county, case=case, opinion="同意回退", on=days_ago(4))

    case.refresh_from_db()
    assert case.status == S.MONITORED and case.is_open
    assert case.period_end is None and case.elimination_kind == ""
    assert [a for a in _actions(case) if a.startswith("rb_")] == [
        "rb_home_check",
        "rb_review",
        "rb_notice_end",
        "rb_township",
        "rb_decision",
    ]


def test_remarking_opens_a_new_period_and_keeps_the_old_one(driver, household_a, village_a, township):
    monthly_income(household_a, per_month=Decimal("2000"))
    first = driver.identify(driver.lead(household_a, days_ago(300)), days_ago(299))
    _health_measure(first, township, days_ago(280))
    first = driver.eliminate(first, days_ago(60))

    second = driver.lead(household_a, days_ago(10), risks=(codes.RiskType.ACCIDENT,))

    assert second.pk != first.pk and second.previous_id == first.pk
    assert second.transitions.get(action="open").label == "风险再标注（启动识别）"
    periods = list(selectors.household_cases(village_a, household_a.pk))
    assert periods == [second, first]
    first.refresh_from_db()
    assert first.status == S.ELIMINATED and first.transitions.count() > 10
    with pytest.raises(ValidationError):
        transitions.rollback_start(by=village_a, case=first, reason="误消除", on=days_ago(1))


def test_leads_on_one_household_join_the_open_case(household_a, village_a, township):
    lead1 = services.lead_create(
        by=village_a, household=household_a, channel="cadre_visit", summary="走访发现", reported_on=days_ago(5)
    )
    lead2 = services.lead_create(
        by=township, household=household_a, channel="petition", summary="信访反映", reported_on=days_ago(4)
    )
    case = services.lead_convert(by=village_a, lead=lead1, risks=["illness"], on=days_ago(3))
    lead2.refresh_from_db()
    assert lead2.status == codes.LeadStatus.JOINED and lead2.case == case

    lead3 = services.lead_create(
        by=village_a, household=household_a, channel="department", summary="医保预警", reported_on=days_ago(2)
    )
    assert lead3.case == case  # shown as belonging to the open case from the start
    joined = services.lead_convert(by=village_a, lead=lead3, risks=["schooling"], on=days_ago(1))
    assert joined.pk == case.pk
    assert Case.objects.filter(household=household_a).count() == 1
    assert sorted(case.risks.values_list("code", flat=True)) == ["illness", "schooling"]
    assert case.transitions.filter(action="lead_joined").exists()


def test_a_lead_checked_and_not_at_risk_is_closed_with_its_reason(household_a, village_a):
    lead = services.lead_create(
        by=village_a, household=household_a, channel="media", summary="媒体报道", reported_on=days_ago(3)
    )
    with pytest.raises(ValidationError):
        services.lead_close(by=village_a, lead=lead, reason="  ")
    lead = services.lead_close(by=village_a, lead=lead, reason="经核实收入稳定，无返贫风险", on=days_ago(1))
    assert lead.status == codes.LeadStatus.CLOSED and lead.outcome.startswith("经核实")
    assert not Case.objects.exists()


def test_online_application_is_accepted_by_the_township_first(household_a, village_a, township):
    lead = services.lead_create(
        by=village_a,
        household=household_a,
        channel="application",
        summary="网上申报",
        online=True,
        reported_on=days_ago(2),
    )
    assert lead.status == codes.LeadStatus.SUBMITTED
    with pytest.raises(NotVisible):
        services.lead_accept(by=village_a, lead=lead)
    lead = services.lead_accept(by=township, lead=lead, on=days_ago(1))
    assert lead.status == codes.LeadStatus.OPEN


def test_department_warning_is_recorded_once(household_a):
    one = services.lead_from_warning(
        household=household_a, department="医保", summary="自付超阈值", external_ref="YB-1"
    )
    two = services.lead_from_warning(
        household=household_a, department="医保", summary="自付超阈值", external_ref="YB-1"
    )
    assert one.pk == two.pk and one.channel == codes.Channel.DEPARTMENT
