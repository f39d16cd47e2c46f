"""The one door from monitoring and assistance into ``shoudi.policy``. Nothing else imports policy.

- ``param(key, region_code, on)``: a parameter's value for the area and date. Keys the parameter table may not
  hold yet fall back to the defaults below (each with its source); the lead adds them to the built-in data.
- ``assess_household(household, as_of)``: the policy assessment as a JSON-safe dict, frozen on each decision.
- ``check_elimination(case, as_of, kind)``: the risk-elimination check → (eligible, failing, reasons, result),
  with the case's visits in its monitoring period (``extensions.visit_count``: assistance counts them) and its
  帮扶责任人.

Parameters used here and their defaults when the table has no value:

| key | default | source |
| --- | --- | --- |
| notice_days | 5 | national-practice.md §4: 村内公示不少于5天 |
| identification_days | 15 | §4: 从发现线索到完成识别一般不超过15天 |
| notice_days_elimination | 5 | §4/§7: elimination and rollback notices, as long as identification's |
| notice_days_assistance_plan | 5 | seed 001: 帮扶计划 "进行公开公示" |
| notice_days_asset_income | 5 | seed 001: 收益分配 "履行民主决策和公告公示" |
| accept_days | 2 | §4: the township accepts an online application within 2 days |
| data_check_days | 5 | §4: 信息比对 within 5 days |
| elimination_min_visits | 3 | county practice: at least 3 visits in the monitoring period before elimination (*) |
| income_drop_share / income_drop_months | 0.5 / 3 | county practice: 收入大幅缩减 = the latest 3 months fell ≥ 50% (*) |
| complaint_days | 15 | county practice: a 12317 complaint is answered within 15 days |
| min_monitoring_months | 6 | §7: 监测时间原则上不少于6个月 |
| approval_level | "county" | §4: 县级审定 (Sichuan: "city") |
| visit_cadence_days | 30 | county practice: monthly follow-up visits (回访) |
| lead_check_days | 3 | §4: home check within 3 days of a lead |
| quality_elimination_min_months | 2 | §7 provincial check: 帮扶消除 within two months of identification |
| quality_measure_grace_days | 30 | §7 provincial check: no measure one month after identification |
| quality_welfare_post_max_age | 70 | §7 provincial check: person aged ≥ 70 in a public-welfare post |

(*) read by the assessment itself: their defaults live in ``policy.params.ASSESSMENT_DEFAULTS`` (so the batch and
the command line use the same ones) and are taken into ``DEFAULTS`` from there.

``monitoring_line`` has no default: without it an assessment records the missing parameter instead of a result.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.income.window import household_rows
from shoudi.monitoring import codes, extensions
from shoudi.policy import assessment as pa
from shoudi.policy.inputs import entry_from_row, member_from_row
from shoudi.policy.params import ASSESSMENT_DEFAULTS, ParameterSet, builtin
from shoudi.policy.values import ParameterError, Resolved
from shoudi.registry import codes as rcodes

log = logging.getLogger(__name__)

DEFAULTS: dict[str, tuple[Any, str, str]] = {
    # key: (value, value type, source)
    "notice_days": (5, "integer", "national-practice.md §4：村内公示不少于5天"),
    "identification_days": (15, "integer", "national-practice.md §4：从发现到完成识别一般不超过15天"),
    "notice_days_elimination": (5, "integer", "national-practice.md §4、§7：风险消除公示与识别公示同为不少于5天"),
    "notice_days_assistance_plan": (5, "integer", "seed 001：帮扶计划“进行公开公示”，天数各地自定，默认同识别公示"),
    "notice_days_asset_income": (5, "integer", "seed 001：收益分配“履行民主决策和公告公示”，天数各地自定"),
    "accept_days": (2, "integer", "national-practice.md §4：网上申报乡镇2天内受理"),
    "data_check_days": (5, "integer", "national-practice.md §4：信息比对5天内完成"),
    **ASSESSMENT_DEFAULTS,  # elimination_min_visits, income_drop_share, income_drop_months
    "complaint_days": (15, "integer", "县级惯例：12317及来信来访反映问题15日内办结反馈"),
    "min_monitoring_months": (6, "integer", "national-practice.md §7：原则上监测不少于6个月"),
    "approval_level": ("county", "text", "national-practice.md §4：县级审定（四川为市级）"),
    "visit_cadence_days": (30, "integer", "县级惯例：每月至少回访一次"),
    "lead_check_days": (3, "integer", "national-practice.md §4：入户核实3天内完成"),
    "quality_elimination_min_months": (2, "integer", "national-practice.md §7：识别后两个月内帮扶消除"),
    "quality_measure_grace_days": (30, "integer", "national-practice.md §7：识别一个月后无帮扶措施"),
    "quality_welfare_post_max_age": (70, "integer", "national-practice.md §7：70岁以上人员在公益岗位"),
}
APPROVAL_LEVELS = {"county": 6, "city": 4}
FORMER_POOR = frozenset({rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY})
FAILING_CODES = pa.FAILING_CODES


def _builtin(key: str) -> Resolved:
    return builtin(key, *DEFAULTS[key])


def resolved(key: str, region_code: str, on: dt.date, pset: ParameterSet | None = None) -> Resolved:
    """The parameter with its provenance; a built-in default where the table has none (see DEFAULTS)."""
    pset = pset or ParameterSet.load(region_code, within=False)
    found = pset.get(key, region_code, on)
    if found is not None:
        return found
    if key in DEFAULTS:
        return _builtin(key)
    return pset.resolve(key, region_code, on)  # raises MissingParameter with a Chinese message


def param(key: str, region_code: str, on: dt.date) -> Any:
    """The plain value: int for counts of days or months, Decimal for money, str for text."""
    value = resolved(key, region_code, on).value
    if isinstance(value, Decimal) and value == value.to_integral_value() and key in DEFAULTS:
        return int(value)
    return value


def int_param(key: str, region_code: str, on: dt.date) -> int:
    return int(param(key, region_code, on))


def approval_area_length(region_code: str, on: dt.date) -> int:
    """The code length of the area that decides (审定): 6 for a county, 4 for a city. Any other value of the
    parameter is an error (never silently the county): the step is refused and the message says what to fix."""
    level = str(param("approval_level", region_code, on)).strip()
    if level not in APPROVAL_LEVELS:
        raise ValidationError(
            f"政策参数“监测对象审定层级”（approval_level）的值“{level}”无效，应为 county（县级）或 city（市级），"
            "请县级管理员在政策参数中修改",
            code="bad_parameter",
        )
    return APPROVAL_LEVELS[level]


# ---- facts from the registry ----------------------------------------------------------------------------


def current_problems(household: Any) -> list[str]:
    """The four problems as the registry shows them today (housing C/D, unsafe water, dropout, uninsured)."""
    problems: list[str] = []
    if household.housing_grade in (rcodes.HousingGrade.C, rcodes.HousingGrade.D):
        problems.append(codes.Problem.HOUSING)
    members = list(household.members.all())
    if any(m.school_stage == rcodes.SchoolStage.DROPOUT for m in members):
        problems.append(codes.Problem.DROPOUT)
    if not household.water_safe:
        problems.append(codes.Problem.WATER)
    if any(not m.medical_insurance for m in members if m.living_in):
        problems.append(codes.Problem.NO_MEDICAL_INSURANCE)
    return problems


def _former_poor(status: str) -> bool:
    """脱贫户 of either kind; a status outside the registry's code list is an error, never an ordinary household."""
    if status not in rcodes.HouseholdStatus.values:
        raise pa.HouseholdDataError(f"户类型“{status}”不在代码表中，无法研判")
    return status in FORMER_POOR


def household_facts(household: Any, as_of: dt.date, **extra: Any) -> pa.HouseholdFacts:
    """One household as the assessment reads it on ``as_of`` (income window and the year before it, members,
    registry facts): the one-household path, read by monitoring and by the low-income register."""
    start, end = pa.income_window(as_of)
    lists: dict[str, list[pa.Entry]] = {"income": [], "costs": [], "rigid": [], "payouts": []}
    for flow, kind, month, amount in household_rows(household, start, end):  # sheets, then finance records
        placed = entry_from_row(flow, kind, month, amount)
        if placed:
            lists[placed[0]].append(placed[1])
    # the 12 months before the window: the income the income-drop test compares the last months with
    before = pa.income_window(start)
    earlier = [entry_from_row(*row) for row in household_rows(household, *before) if row.flow == rcodes.Flow.INCOME]
    members = tuple(
        member_from_row(living, labor, payroll)
        for living, labor, payroll in household.members.values_list("living_in", "labor", "public_payroll")
    )
    return pa.HouseholdFacts(
        ref=str(household.number),
        region=household.village_id,
        former_poor=_former_poor(household.status),
        members=members,
        income=tuple(lists["income"]),
        costs=tuple(lists["costs"]),
        rigid=tuple(lists["rigid"]),
        payouts=tuple(lists["payouts"]),
        income_before=tuple(entry for _listed, entry in earlier),
        leisure_car=household.leisure_car,
        other_car=household.other_car,
        car_reason=household.car_reason,
        truck_or_excavator=household.truck_or_excavator,
        commercial_property=household.commercial_property,
        business=household.business,
        **{"assembly_override": household.assembly_override, "assembly_note": household.assembly_note, **extra},
    )


def _rules(region: str, on: dt.date, *, elimination: bool) -> pa.Rules:
    """As ``ParameterSet.rules``, with the defaults of ``DEFAULTS`` for every key but the line."""
    pset = ParameterSet.load(region, within=False)
    return pa.Rules(
        line=pset.resolve("monitoring_line", region, on),
        min_monitoring_months=resolved("min_monitoring_months", region, on, pset) if elimination else None,
        income_drop_share=resolved("income_drop_share", region, on, pset),
        income_drop_months=resolved("income_drop_months", region, on, pset),
        elimination_min_visits=resolved("elimination_min_visits", region, on, pset) if elimination else None,
    )


def _category(value: Any) -> str:
    """The policy's category as monitoring's code (the two lists are the same: see test_code_lists). An
    unknown value is an error, never silently no category."""
    return codes.Category(str(value)).value if value else ""


def _result(result: pa.Assessment, as_of: dt.date) -> dict[str, Any]:
    m, v = result.measures, result.verdict
    return {
        "as_of": as_of.isoformat(),
        "per_capita_net_income": pa.money(result.per_capita_net_income),
        "per_capita_after_rigid": pa.money(result.per_capita_after_rigid),
        "line": pa.money(result.line.decimal),
        "members_counted": m.members_counted,
        "within_range": v.within_range,
        "after_rigid_below": v.after_rigid_below,
        "excluded": v.excluded,
        "exclusions": list(m.exclusion_reasons),
        "all_without_labour": m.all_without_labour,
        "income_drop_below": v.income_drop_below,
        "potential_category": _category(v.potential_category),
        "category": _category(v.category),
        "reasons": list(result.reasons),
        "params": [p.describe() for p in result.params],
        "error": "",
    }


def _failed(as_of: dt.date, message: str) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), "error": message, "reasons": [message]}


def assess_household(
    household: Any, as_of: dt.date, *, risks: tuple[str, ...] = (), assembly: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The assessment of ``household`` on ``as_of`` as a JSON-safe dict (``error`` says why there is none).
    ``assembly``: a 村民代表大会 decision recorded on the case (``assembly_override``, ``assembly_note``), which
    weighs as the registry's own flag does."""
    try:
        facts = household_facts(household, as_of, risks=tuple(risks), **(assembly or {}))
        result = pa.assess(facts, as_of, _rules(household.village_id, as_of, elimination=False))
    except (pa.HouseholdDataError, ParameterError) as exc:
        return _failed(as_of, str(exc))
    return _result(result, as_of)


@dataclass(frozen=True)
class EliminationResult:
    eligible: bool
    failing: tuple[str, ...]
    reasons: tuple[str, ...]
    result: dict[str, Any]


def check_elimination(case: Any, as_of: dt.date, kind: str) -> EliminationResult:
    """Whether ``case`` may be marked eliminated by ``kind`` (assisted/natural) on ``as_of``; why not."""
    household = case.household
    measures = tuple(pa.Measure(k, start) for k, start in extensions.live_measures(case))
    since = case.period_start or as_of
    try:
        facts = household_facts(
            household,
            as_of,
            risks=tuple(case.risks.values_list("code", flat=True)),
            identified_on=case.period_start,
            method=pa.Method(kind),
            measures=measures,
            problems=tuple(pa.Problem(p) for p in current_problems(household)),
            visits=extensions.visit_count(case, since, as_of),
            helper=case.helper_id is not None,
        )
        check = pa.check_elimination(facts, as_of, _rules(household.village_id, as_of, elimination=True))
    except (pa.HouseholdDataError, ParameterError, ValueError) as exc:
        message = f"无法完成风险消除研判：{exc}"
        return EliminationResult(False, ("assessment_error",), (message,), _failed(as_of, message))
    result = _result(check.assessment, as_of)
    result.update(
        {"eligible": check.eligible, "failing": list(check.failing), "elimination_reasons": list(check.reasons)}
    )
    return EliminationResult(check.eligible, tuple(check.failing), tuple(check.reasons), result)


def store_param(
    key: str, region_code: str, value: Any, *, valid_from: dt.date, source: str, value_type: str = ""
) -> None:
    """Store one parameter value (tests, demos and benchmarks; the county sets them on the policy pages)."""
    from shoudi.policy.keys import KEYS
    from shoudi.policy.models import Parameter

    spec = KEYS.get(key)
    kind = value_type or (spec.value_type if spec else ("integer" if isinstance(value, int) else "text"))
    Parameter.objects.update_or_create(
        key=key,
        region_code=region_code,
        valid_from=valid_from,
        defaults={"value_type": kind, "value": str(value), "source": source},
    )


def load_builtin_params() -> int:
    """The policy app's built-in parameter values (what its data migration loads); for tests and demos."""
    from shoudi.policy.models import Parameter
    from shoudi.policy.services import apply_builtin

    return apply_builtin(Parameter)
