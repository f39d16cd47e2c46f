"""The assessment of one household against policy: pure functions over plain data (no database).

Rules (seed 001, national-practice.md §2, §3, §7): income over the 12 calendar months before the month of
``as_of``; members counted are those actually living together; within the range means per-capita net income
strictly below the monitoring line; exclusions unless the village representatives' assembly decided
otherwise (a car judged production or low-value is not a 享受型轿车 and excludes nothing); the three categories,
突发严重困难户 by large rigid spending or by a sharp fall of income (``policy.income_drop``); the
risk-elimination conditions by code.

Comparisons with the line are exact (``net < line × members``); rounding half-up to 0.01 happens only when a
number is shown.

The input types and code lists live in ``policy.facts``, the risk-elimination conditions in
``policy.elimination``; this module measures, classifies and explains, and is the one name other apps import
(``from shoudi.policy import assessment``), so it re-exports both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from shoudi.policy.elimination import (
    FAILING_CODES,
    INCOME_BELOW_LINE,
    INCOME_UNSTABLE,
    MONTHS_MONITORED,
    NO_HELPER,
    NO_LABOUR_HOUSEHOLD,
    NO_MEASURE,
    OPEN_PROBLEMS,
    RIGID_SPENDING,
    TOO_FEW_VISITS,
    EliminationCheck,
    judge,
    require_inputs,
)
from shoudi.policy.facts import (
    CAR_LABELS,
    CATEGORY_LABELS,
    CENT,
    COST_LABEL,
    INCOME_LABELS,
    LABOUR_LABELS,
    METHOD_LABELS,
    NO_LABOUR,
    PAYOUT_LABEL,
    PROBLEM_LABELS,
    RECENT_MONTHS,
    RIGID_LABELS,
    ZERO,
    Category,
    Entry,
    HouseholdDataError,
    HouseholdFacts,
    IncomeKind,
    Labour,
    Measure,
    Member,
    Method,
    Problem,
    RigidKind,
    Rules,
    add_months,
    income_window,
    money,
    month_start,
    month_text,
    per_capita,
    whole_months,
)
from shoudi.policy.income_drop import IncomeDrop, drop_reason, measure_drop
from shoudi.policy.records import Resolved

# ---- measuring ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    window: tuple[dt.date, dt.date]
    members_counted: int
    members_total: int
    income: Decimal
    costs: Decimal
    rigid: Decimal
    payouts: Decimal
    recent_net: Decimal
    ignored: int
    exclusion_reasons: tuple[str, ...]
    all_without_labour: bool
    drop: IncomeDrop | None = None  # the sums of the income-drop test, when its months were given

    @property
    def net_income(self) -> Decimal:
        return self.income - self.costs

    @property
    def rigid_net(self) -> Decimal:
        return max(ZERO, self.rigid - self.payouts)

    @property
    def after_rigid(self) -> Decimal:
        return self.net_income - self.rigid_net

    def below(self, amount: Decimal, line: Decimal) -> bool:
        """``amount ÷ members < line``, exactly."""
        return amount < line * self.members_counted


def _sum(entries: Iterable[Entry], start: dt.date, end: dt.date) -> tuple[Decimal, int]:
    total, outside = ZERO, 0
    for e in entries:
        if start <= e.month <= end:
            total += e.amount
        else:
            outside += 1
    return total, outside


def exclusion_reasons(facts: HouseholdFacts, counted: Sequence[Member]) -> tuple[str, ...]:
    reasons = []
    if facts.leisure_car:
        reasons.append("家庭成员拥有享受型轿车")
    if facts.truck_or_excavator:
        reasons.append("家庭成员拥有大中型货车或挖机等工程机械")
    if facts.commercial_property:
        reasons.append("家庭成员拥有商品房或门面房")
    if facts.business:
        reasons.append("家庭成员经商办企业")
    payroll = sum(1 for m in counted if m.public_payroll)
    if payroll:
        reasons.append(f"家庭成员中有财政供养人员（{payroll}人）")
    return tuple(reasons)


def measure(facts: HouseholdFacts, as_of: dt.date, drop_months: int | None = None) -> Measures:
    """The sums over the window and the household facts the rules read; with ``drop_months`` (the parameter
    ``income_drop_months``) also the sums of the income-drop test. Raises HouseholdDataError."""
    counted = [m for m in facts.members if m.living_in]
    if not counted:
        raise HouseholdDataError("该户没有实际共同生活的家庭成员（计入人数为0），无法计算人均纯收入")
    start, end = income_window(as_of)
    income, out_i = _sum(facts.income, start, end)
    costs, out_c = _sum(facts.costs, start, end)
    rigid, out_r = _sum(facts.rigid, start, end)
    payouts, out_p = _sum(facts.payouts, start, end)
    recent_start = add_months(end, 1 - RECENT_MONTHS)
    recent_income, _ = _sum(facts.income, recent_start, end)
    recent_costs, _ = _sum(facts.costs, recent_start, end)
    return Measures(
        window=(start, end),
        members_counted=len(counted),
        members_total=len(facts.members),
        income=income,
        costs=costs,
        rigid=rigid,
        payouts=payouts,
        recent_net=recent_income - recent_costs,
        ignored=out_i + out_c + out_r + out_p,
        exclusion_reasons=exclusion_reasons(facts, counted),
        all_without_labour=all(m.labour in NO_LABOUR for m in counted),
        drop=measure_drop(facts.income, facts.costs, facts.income_before, end, drop_months) if drop_months else None,
    )


@dataclass(frozen=True)
class Verdict:
    within_range: bool
    after_rigid_below: bool
    excluded: bool
    potential_category: Category | None  # the category if a risk is confirmed
    category: Category | None
    income_drop_below: bool = False  # income fell sharply and the projection is below the line (income_drop)


def classify(m: Measures, facts: HouseholdFacts, line: Decimal, *, drop_share: Decimal | None = None) -> Verdict:
    """``drop_share`` (the parameter ``income_drop_share``) with ``m.drop`` takes the income-drop path too."""
    within = m.below(m.net_income, line)
    after_rigid_below = m.below(m.after_rigid, line)
    dropped = (
        m.drop is not None
        and drop_share is not None
        and m.drop.sharp(drop_share)
        and m.drop.projection_below(line, m.members_counted)
    )
    excluded = bool(m.exclusion_reasons) and not facts.assembly_override
    potential: Category | None = None
    if not excluded:
        if within:
            potential = Category.UNSTABLE if facts.former_poor else Category.MARGINAL
        elif after_rigid_below or dropped:
            potential = Category.SUDDEN
    category = potential if facts.risks else None
    return Verdict(within, after_rigid_below, excluded, potential, category, dropped)


def classify_by(m: Measures, facts: HouseholdFacts, rules: Rules) -> Verdict:
    """``classify`` with the line and the income-drop share of ``rules``."""
    share = rules.income_drop_share.decimal if rules.income_drop_share is not None else None
    return classify(m, facts, rules.line.decimal, drop_share=share)


# ---- the assessment ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    ref: str
    measures: Measures
    verdict: Verdict
    line: Resolved
    reasons: tuple[str, ...]
    params: tuple[Resolved, ...] = field(default=())

    @property
    def per_capita_net_income(self) -> Decimal:
        return per_capita(self.measures.net_income, self.measures.members_counted)

    @property
    def per_capita_after_rigid(self) -> Decimal:
        return per_capita(self.measures.after_rigid, self.measures.members_counted)


def _income_reasons(m: Measures, rules: Rules, verdict: Verdict) -> list[str]:
    line = rules.line
    start, end = m.window
    reasons = [f"测算期：{month_text(start)}至{month_text(end)}（履行程序前12个月）"]
    if m.ignored:
        reasons.append(f"测算期外的 {m.ignored} 条收支记录未计入")
    absent = m.members_total - m.members_counted
    reasons.append(
        f"计入家庭成员 {m.members_counted} 人（以实际共同生活的成员为准"
        + (f"，另有 {absent} 人不在家共同生活，未计入" if absent else "")
        + "）"
    )
    reasons.append(
        f"家庭纯收入 = 收入 {money(m.income)} 元 − 生产经营性支出 {money(m.costs)} 元 = {money(m.net_income)} 元；"
        f"人均纯收入 {money(per_capita(m.net_income, m.members_counted))} 元"
    )
    compare = "低于" if verdict.within_range else "不低于"
    inside = "在监测范围内" if verdict.within_range else "不在监测范围内"
    reasons.append(f"人均纯收入{compare}监测范围 {line.display()} 元，{inside}；{line.describe()}")
    if m.rigid or m.payouts:
        below = "低于" if verdict.after_rigid_below else "不低于"
        reasons.append(
            f"刚性支出 {money(m.rigid)} 元，保险理赔 {money(m.payouts)} 元，扣除后人均 "
            f"{money(per_capita(m.after_rigid, m.members_counted))} 元，{below}监测范围"
        )
    if m.drop is not None and rules.income_drop_share is not None:
        share = rules.income_drop_share.decimal
        below_line = m.drop.projection_below(line.decimal, m.members_counted)
        sentence = drop_reason(m.drop, share, line.display(), m.members_counted, below_line)
        if sentence:
            reasons.append(sentence)
    return reasons


def _car_reasons(facts: HouseholdFacts) -> list[str]:
    """A car the village judged production or low-value: shown, never an exclusion."""
    if not facts.other_car:
        return []
    label = CAR_LABELS.get(facts.other_car, facts.other_car)
    why = f"（理由：{facts.car_reason}）" if facts.car_reason else ""
    return [f"登记有小汽车，经认定为{label}{why}，不属于享受型轿车"]


def _category_reasons(m: Measures, facts: HouseholdFacts, verdict: Verdict) -> list[str]:
    reasons = _car_reasons(facts)
    if m.exclusion_reasons:
        listed = "、".join(m.exclusion_reasons)
        if facts.assembly_override:
            note = f"（{facts.assembly_note}）" if facts.assembly_note else ""
            reasons.append(f"存在原则上不纳入监测的情形：{listed}；经村民代表大会评议决定仍予纳入{note}")
        else:
            reasons.append(f"存在原则上不纳入监测的情形：{listed}，不纳入监测")
    if verdict.excluded:
        return reasons
    if verdict.potential_category is None:
        reasons.append("收入和刚性支出均未落入监测范围，不属于监测对象类型")
        return reasons
    label = CATEGORY_LABELS[verdict.potential_category]
    if not facts.risks:
        reasons.append(f"未登记返贫致贫风险，暂不认定类型（如经核实存在风险，应为{label}）")
        return reasons
    risks = "、".join(sorted(facts.risks))
    basis = {
        Category.UNSTABLE: "脱贫户，人均纯收入在监测范围内",
        Category.MARGINAL: "一般农户，人均纯收入在监测范围内",
        Category.SUDDEN: "人均纯收入超出监测范围，但" + _sudden_because(verdict),
    }[verdict.potential_category]
    reasons.append(f"{basis}，且存在风险（{risks}）→ {label}")
    return reasons


def _sudden_because(verdict: Verdict) -> str:
    causes = []
    if verdict.after_rigid_below:
        causes.append("扣除刚性支出后低于监测范围")
    if verdict.income_drop_below:
        causes.append("收入大幅缩减、推算全年人均纯收入低于监测范围")
    return "，且".join(causes)


def assess(facts: HouseholdFacts, as_of: dt.date, rules: Rules) -> Assessment:
    m = measure(facts, as_of, rules.drop_months)
    verdict = classify_by(m, facts, rules)
    reasons = _income_reasons(m, rules, verdict) + _category_reasons(m, facts, verdict)
    return Assessment(facts.ref, m, verdict, rules.line, tuple(reasons), rules.used)


def check_elimination(facts: HouseholdFacts, as_of: dt.date, rules: Rules) -> EliminationCheck:
    """Whether a monitored household's risk may be marked eliminated on ``as_of``, or which conditions fail."""
    require_inputs(facts, rules)
    return judge(facts, as_of, rules, assess(facts, as_of, rules))


__all__ = [
    "CATEGORY_LABELS",
    "CENT",
    "COST_LABEL",
    "FAILING_CODES",
    "INCOME_BELOW_LINE",
    "INCOME_LABELS",
    "INCOME_UNSTABLE",
    "LABOUR_LABELS",
    "METHOD_LABELS",
    "MONTHS_MONITORED",
    "NO_HELPER",
    "NO_LABOUR",
    "NO_LABOUR_HOUSEHOLD",
    "NO_MEASURE",
    "OPEN_PROBLEMS",
    "PAYOUT_LABEL",
    "PROBLEM_LABELS",
    "RECENT_MONTHS",
    "RIGID_LABELS",
    "RIGID_SPENDING",
    "TOO_FEW_VISITS",
    "ZERO",
    "Assessment",
    "Category",
    "EliminationCheck",
    "Entry",
    "HouseholdDataError",
    "HouseholdFacts",
    "IncomeDrop",
    "IncomeKind",
    "Labour",
    "Measure",
    "Measures",
    "Member",
    "Method",
    "Problem",
    "RigidKind",
    "Rules",
    "Verdict",
    "add_months",
    "assess",
    "check_elimination",
    "classify",
    "classify_by",
    "income_window",
    "measure",
    "money",
    "month_start",
    "month_text",
    "per_capita",
    "whole_months",
]
