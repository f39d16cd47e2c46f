"""A small hand-built data set with known answers for October 2026 (see test_indicators)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from shoudi.assistance.models import Measure
from shoudi.monitoring import codes
from shoudi.monitoring import policy_bridge as pb
from shoudi.monitoring.models import Case, CaseRisk, Lead, QualityFinding, QualityRun
from shoudi.registry.models import FinanceRecord, Household
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

D = dt.date
TODAY = D(2026, 11, 23)


def case(
    household: Household,
    *,
    status: str,
    opened: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str = "",
    category: str = codes.Category.MARGINAL,
    risks: tuple[str, ...] = (codes.RiskType.ILLNESS,),
    measures: tuple[str, ...] = (),
    income: str | None = None,
    status_on: dt.date | None = None,
) -> Case:
    c = Case.objects.create(
        household=household,
        village_id=household.village_id,
        status=status,
        is_open=status not in codes.CLOSED_STATUSES,
        status_on=status_on or end or start or opened,
        category=category,
        channel=codes.Channel.CADRE_VISIT,
        opened_on=opened,
        deadline=opened + dt.timedelta(days=15),
        period_start=start,
        period_end=end,
        elimination_kind=kind,
        assessed_income_pc=Decimal(income) if income else None,
        assessed_line=Decimal("6320") if income else None,
    )
    for code in risks:
        CaseRisk.objects.create(case=c, code=code)
    for m in measures:
        Measure.objects.create(
            case=c, kind=m, content="措施", start=start or opened, responsible_unit="乡镇", responsible_person="张三"
        )
    return c


def lead(
    household: Household,
    *,
    channel: str,
    status: str,
    on: dt.date,
    department: str = "",
    rule: str = "",
    case: Case | None = None,
) -> Lead:
    return Lead.objects.create(
        case=case,
        household=household,
        village_id=household.village_id,
        channel=channel,
        department=department,
        rule=rule,
        summary="线索",
        reported_on=on,
        due_on=on + dt.timedelta(days=3),
        status=status,
    )


def finance(household: Household, first: dt.date, months: int, *, income: int, cost: int) -> None:
    rows = []
    for n in range(months):
        index = first.year * 12 + first.month - 1 + n
        month = D(index // 12, index % 12 + 1, 1)
        rows.append(
            FinanceRecord(
                household=household, month=month, flow="income", kind="wage", item="migrant_work", amount=income
            )
        )
        rows.append(
            FinanceRecord(
                household=household, month=month, flow="cost", kind="production_cost", item="planting_cost", amount=cost
            )
        )
    FinanceRecord.objects.bulk_create(rows)


def build() -> dict[str, Any]:
    """Seven cases, five leads, a quality run and a former-poor household's income over two years."""
    from shoudi.monitoring.testing.builders import load_rules, setup_policy

    setup_policy()
    load_rules()
    pb.store_param("rural_disposable_income", "52", Decimal("20000"), valid_from=D(2025, 1, 1), source="测试")
    pb.store_param("rural_disposable_income", "52", Decimal("21000"), valid_from=D(2026, 1, 1), source="测试")
    a1 = household_with_members(VILLAGE_A, size=3, status="former_poor", exit_year=2018)
    a2 = household_with_members(VILLAGE_A, size=2)
    b1 = household_with_members(VILLAGE_B, size=2)
    b2 = household_with_members(VILLAGE_B, size=2)
    b3 = household_with_members(VILLAGE_B, size=1)
    c1 = household_with_members(VILLAGE_C, size=4)
    c2 = household_with_members(VILLAGE_C, size=2)
    S = codes.Status
    R, P, M = codes.RiskType, codes.Problem, codes.MeasureKind
    cases = {
        "a1": case(
            a1,
            status=S.MONITORED,
            opened=D(2026, 9, 20),
            start=D(2026, 10, 5),
            category=codes.Category.UNSTABLE,
            risks=(R.ILLNESS, P.HOUSING),
            measures=(M.HEALTH,),
            income="5000",
        ),
        "a2": case(
            a2,
            status=S.ELIMINATED,
            opened=D(2026, 1, 10),
            start=D(2026, 1, 30),
            end=D(2026, 10, 20),
            kind="assisted",
            risks=(R.DISASTER,),
            measures=(M.INDUSTRY,),
        ),
        "b1": case(
            b1, status=S.ELIMINATED, opened=D(2026, 2, 20), start=D(2026, 3, 1), end=D(2026, 9, 30), kind="natural"
        ),
        "b2": case(b2, status=S.ID_REVIEW, opened=D(2026, 10, 1)),
        "b3": case(b3, status=S.NOT_INCLUDED, opened=D(2026, 10, 2), status_on=D(2026, 10, 6)),
        "c1": case(
            c1,
            status=S.MONITORED,
            opened=D(2026, 10, 1),
            start=D(2026, 10, 31),
            category=codes.Category.SUDDEN,
            risks=(R.UNSTABLE_WORK,),
            measures=(M.EMPLOYMENT,),
            income="7000",
        ),
        "c2": case(c2, status=S.MONITORED, opened=D(2026, 10, 20), start=D(2026, 11, 1)),
    }
    C, LS = codes.Channel, codes.LeadStatus
    a1_case, c1_case = cases["a1"], cases["c1"]
    lead(
        a1,
        channel=C.DEPARTMENT,
        status=LS.CONVERTED,
        on=D(2026, 10, 3),
        department="医保",
        rule="medical_oop",
        case=a1_case,
    )
    lead(a2, channel=C.DEPARTMENT, status=LS.CLOSED, on=D(2026, 10, 31), department="民政", rule="dibao_stop")
    lead(b1, channel=C.CADRE_VISIT, status=LS.OPEN, on=D(2026, 10, 1))
    lead(c1, channel=C.APPLICATION, status=LS.JOINED, on=D(2026, 10, 15), case=c1_case)
    lead(c2, channel=C.APPLICATION, status=LS.CLOSED, on=D(2026, 9, 30))  # September: not in October
    run = QualityRun.objects.create(area_id=COUNTY, as_of=D(2026, 10, 31), started_at=timezone.now())
    for household, village in ((a1, VILLAGE_A), (a2, VILLAGE_A), (c1, VILLAGE_C)):
        QualityFinding.objects.create(
            run=run, check_name="eliminated_too_soon", village_code=village, household=household
        )
    finance(a1, D(2024, 11, 1), 12, income=750, cost=100)  # previous 12 months: 7,800 / 3 people
    finance(a1, D(2025, 11, 1), 12, income=1000, cost=100)  # the 12 months to October 2026: 10,800 / 3
    return {"cases": cases, "households": {"a1": a1, "a2": a2, "b1": b1, "c1": c1}}
