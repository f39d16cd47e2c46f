"""Each data-quality check finds the cases it names, and only those. The cases are written directly (as an
import of legacy data would leave them) to reach states the procedures themselves refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from shoudi.assistance.models import Measure
from shoudi.jobs.models import Job
from shoudi.monitoring import checks, codes
from shoudi.monitoring.models import Case, CaseRisk, QualityFinding, QualityRun
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.usefixtures("regions")
TODAY = dt.date(2026, 6, 30)
S, K, M = codes.Status, codes.EliminationKind, codes.MeasureKind


def case(
    village=VILLAGE_A,
    *,
    status=S.MONITORED,
    risks=("illness",),
    start=dt.date(2025, 1, 10),
    end=None,
    kind="",
    income=None,
    line=None,
    household=None,
) -> Case:
    household = household or household_with_members(village, size=2)
    made = Case.objects.create(
        household=household,
        village_id=household.village_id,
        status=status,
        is_open=status not in codes.CLOSED_STATUSES,
        status_on=end or start,
        channel="cadre_visit",
        opened_on=start - dt.timedelta(days=10),
        deadline=start + dt.timedelta(days=5),
        period_start=start,
        period_end=end,
        elimination_kind=kind,
        assessed_income_pc=income,
        assessed_line=line,
    )
    CaseRisk.objects.bulk_create([CaseRisk(case=made, code=r) for r in risks])
    return made


def measure(on: Case, kind=M.HEALTH, **extra) -> Measure:
    return Measure.objects.create(
        case=on,
        kind=kind,
        content="措施",
        start=on.period_start,
        responsible_unit="镇",
        responsible_person="张",
        status="active",
        **extra,
    )


def found(name: str, area: str = "520628") -> set:
    rows = checks.CHECK_BY_NAME[name].query(area, TODAY)
    return {row[0] or row[1] for row in rows}


def test_eliminated_within_two_months():
    soon = case(status=S.ELIMINATED, kind=K.ASSISTED, start=dt.date(2026, 1, 15), end=dt.date(2026, 3, 14))
    measure(soon)
    later = case(status=S.ELIMINATED, kind=K.ASSISTED, start=dt.date(2026, 1, 15), end=dt.date(2026, 3, 15))
    measure(later)
    natural = case(status=S.ELIMINATED, kind=K.NATURAL, start=dt.date(2026, 1, 15), end=dt.date(2026, 2, 1))
    assert found("eliminated_too_soon") == {soon.pk}
    assert later.pk not in found("eliminated_too_soon") and natural.pk not in found("eliminated_too_soon")


def test_eliminated_below_the_line():
    below = case(status=S.ELIMINATED, kind=K.NATURAL, end=TODAY, income=Decimal("5000"), line=Decimal("6320"))
    case(status=S.ELIMINATED, kind=K.NATURAL, end=TODAY, income=Decimal("7000"), line=Decimal("6320"))
    assert found("eliminated_below_line") == {below.pk}


def test_no_measure_a_month_after_identification():
    bare = case(start=TODAY - dt.timedelta(days=31))
    case(start=TODAY - dt.timedelta(days=10))  # still within the month
    helped = case(start=TODAY - dt.timedelta(days=60))
    measure(helped)
    assert found("no_measure_after_a_month") == {bare.pk}


def test_assisted_elimination_without_measure_and_illness_without_health_measure():
    none = case(status=S.ELIMINATED, kind=K.ASSISTED, end=TODAY)
    jobs_only = case(status=S.ELIMINATED, kind=K.ASSISTED, end=TODAY)
    measure(jobs_only, kind=M.EMPLOYMENT)
    health = case(status=S.ELIMINATED, kind=K.ASSISTED, end=TODAY)
    measure(health, kind=M.SOCIAL_PROTECTION)
    assert found("assisted_without_measure") == {none.pk}
    assert found("illness_without_health_measure") == {none.pk, jobs_only.pk}


def test_elderly_person_in_a_welfare_post():
    from shoudi.registry.models import Person

    on = case(risks=("lack_labour",))
    old = Person.objects.filter(household=on.household).first()
    Person.objects.filter(pk=old.pk).update(birth_date=dt.date(1955, 6, 30))  # 71 on TODAY
    measure(on, kind=M.WELFARE_POST, person=old)
    young_case = case(risks=("lack_labour",))
    young = Person.objects.filter(household=young_case.household).first()
    Person.objects.filter(pk=young.pk).update(birth_date=dt.date(1980, 1, 1))
    measure(young_case, kind=M.WELFARE_POST, person=young)
    assert found("elderly_in_welfare_post") == {on.pk}


def test_unstable_work_where_nobody_can_work():
    nobody = case(risks=("unstable_work",))
    nobody.household.members.update(labor="lost")
    someone = case(risks=("unstable_work",))
    someone.household.members.filter(relationship="spouse").update(labor="none")
    assert found("unstable_work_nobody_can_work") == {nobody.pk}


def test_former_poor_without_safe_water_and_not_monitored():
    unmonitored = household_with_members(VILLAGE_B, status="former_poor", exit_year=2016, water_safe=False)
    monitored = household_with_members(VILLAGE_B, status="former_poor", exit_year=2016, water_safe=False)
    case(household=monitored)
    household_with_members(VILLAGE_B, status="ordinary", water_safe=False)
    assert found("former_poor_unsafe_water_unmonitored") == {unmonitored.pk}


def test_duplicate_id_numbers_cannot_enter_and_the_check_stays_empty():
    case()
    assert found("duplicate_id_number") == set()


def test_run_stores_findings_scoped_by_area(county):
    bare_a = case(VILLAGE_A, start=TODAY - dt.timedelta(days=90))
    bare_c = case(VILLAGE_C, start=TODAY - dt.timedelta(days=90))
    run = checks.run_checks("520628101", as_of=TODAY, by=county)  # township A only
    assert run.counts["no_measure_after_a_month"] == 1
    assert set(QualityFinding.objects.filter(run=run).values_list("case_id", flat=True)) == {bare_a.pk}
    run = checks.run_checks("520628", as_of=TODAY)
    assert run.counts["no_measure_after_a_month"] == 2 and bare_c.pk in set(
        QualityFinding.objects.filter(run=run).values_list("case_id", flat=True)
    )


def test_command_and_task_run_the_checks(capsys):
    case(start=dt.date(2020, 1, 1))
    call_command("quality", "run", "--area", "520628", "--as-of", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "识别一个月后仍无帮扶措施：1" in out
    assert Job.objects.get(kind="quality_checks").result["counts"]["no_measure_after_a_month"] == 1


def test_demo_command_walks_cases_through_the_procedures(capsys):
    from shoudi.accounts.models import User

    for name, role, area in (
        ("demo_village", "village_contact", VILLAGE_A),
        ("demo_township", "township_reviewer", "520628101"),
        ("demo_county", "county_officer", "520628"),
    ):
        User.objects.create(username=name, role=role, area_id=area, full_name=name)
    for _ in range(10):
        household_with_members(VILLAGE_A, size=2)
    call_command("monitoring", "demo", "--cases", "7")
    assert "已生成 7 个监测对象" in capsys.readouterr().out
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {S.ID_HOME_CHECK, S.ID_TOWNSHIP, S.MONITORED} <= statuses
    assert Case.objects.filter(status__in=codes.IDENTIFICATION_STATUSES, deadline__lt=dt.date.today()).exists()


def test_the_registry_holds_monitorings_and_assistances_checks_in_order():
    from shoudi.reports.layout import CHECK_BY_NAME as seen_by_reports

    names = [c.name for c in checks.CHECKS]
    assert names == [
        "eliminated_too_soon",
        "eliminated_below_line",
        "no_measure_after_a_month",  # registered by assistance (it needs measures)
        "assisted_without_measure",
        "illness_without_health_measure",
        "elderly_in_welfare_post",
        "unstable_work_nobody_can_work",
        "former_poor_unsafe_water_unmonitored",
        "duplicate_id_number",
    ]
    assert seen_by_reports is checks.CHECK_BY_NAME and set(seen_by_reports) == set(names)
    checks.register(checks.CHECK_BY_NAME["duplicate_id_number"])  # registering again changes nothing
    assert [c.name for c in checks.CHECKS] == names


def test_quality_run_over_all_counties_and_its_refusals(capsys):
    from django.core.management.base import CommandError

    case(start=dt.date(2020, 1, 1))
    call_command("quality", "run", "--all-counties", "--as-of", TODAY.isoformat())
    assert "松桃" in capsys.readouterr().out or QualityRun.objects.filter(area_id="520628").exists()
    with pytest.raises(CommandError):
        call_command("quality", "run")  # neither --area nor --all-counties
    with pytest.raises(CommandError, match="不是 YYYY-MM-DD"):
        call_command("quality", "run", "--area", "520628", "--as-of", "2026-13-01")
    with pytest.raises(CommandError, match="不存在"):
        call_command("quality", "run", "--area", "529999")


def test_demo_command_in_a_small_demo_county_makes_fewer_cases_instead_of_failing(capsys):
    """`DEMO_HOUSEHOLDS=2000 make demo` leaves the demo village a handful of households: make demo must still
    start (it stopped with 演示村的农户不足)."""
    from shoudi.accounts.models import User

    for name, role, area in (
        ("demo_village", "village_contact", VILLAGE_A),
        ("demo_township", "township_reviewer", "520628101"),
        ("demo_county", "county_officer", "520628"),
    ):
        User.objects.create(username=name, role=role, area_id=area, full_name=name)
    for _ in range(5):
        household_with_members(VILLAGE_A, size=2)
    call_command("monitoring", "demo")
    out = capsys.readouterr().out
    assert "演示村只有 5 户，生成 2 个监测对象" in out and "已生成 2 个监测对象" in out
    assert Case.objects.count() == 2
