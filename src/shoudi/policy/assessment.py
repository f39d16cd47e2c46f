"""The assessment of one household against policy: pure functions over plain data (no Django, no ORM).

Rules (seed 001, national-practice.md §2, §3, §7): income over the 12 calendar months before the month of
``as_of``; members counted are those actually living together; within the range means per-capita net income
strictly below the monitoring line; exclusions unless the village representatives' assembly decided
otherwise; the three categories; the risk-elimination conditions by code.

Comparisons with the line are exact (``net < line × members``); rounding half-up to 0.01 happens only when a
number is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from shoudi.policy.values import Resolved

CENT = Decimal("0.01")
ZERO = Decimal("0")


class Labour(StrEnum):
    ORDINARY = "ordinary"
    SKILLED = "skilled"
    WEAK = "weak"
    LOST = "lost"
    NONE = "none"


NO_LABOUR = frozenset({Labour.LOST, Labour.NONE})


class IncomeKind(StrEnum):
    WAGE = "wage"
    BUSINESS = "business"
    PROPERTY = "property"
    TRANSFER = "transfer"


class RigidKind(StrEnum):
    MEDICAL = "medical"
    EDUCATION = "education"
    DISASTER = "disaster"
    ACCIDENT = "accident"


class Method(StrEnum):
    ASSISTED = "assisted"
    NATURAL = "natural"


class Problem(StrEnum):
    HOUSING = "housing"
    DROPOUT = "dropout"
    WATER = "water"
    NO_MEDICAL_INSURANCE = "no_medical_insurance"


class Category(StrEnum):
    UNSTABLE = "unstable"
    MARGINAL = "marginal"
    SUDDEN = "sudden"


LABOUR_LABELS = {
    Labour.ORDINARY: "普通劳动力",
    Labour.SKILLED: "技能劳动力",
    Labour.WEAK: "弱劳动力或半劳动力",
    Labour.LOST: "丧失劳动力",
    Labour.NONE: "无劳动力",
}
INCOME_LABELS = {
    IncomeKind.WAGE: "工资性",
    IncomeKind.BUSINESS: "生产经营性",
    IncomeKind.PROPERTY: "财产性",
    IncomeKind.TRANSFER: "转移性",
}
RIGID_LABELS = {
    RigidKind.MEDICAL: "医疗自付",
    RigidKind.EDUCATION: "教育",
    RigidKind.DISASTER: "灾害损失",
    RigidKind.ACCIDENT: "意外事故损失",
}
COST_LABEL, PAYOUT_LABEL = "生产经营性支出", "理赔"
METHOD_LABELS = {Method.ASSISTED: "帮扶消除", Method.NATURAL: "自然消除"}
PROBLEM_LABELS = {
    Problem.HOUSING: "住房出现安全问题",
    Problem.DROPOUT: "义务教育阶段失学辍学",
    Problem.WATER: "饮水出现安全问题",
    Problem.NO_MEDICAL_INSURANCE: "家庭成员未参加基本医疗保险",
}
CATEGORY_LABELS = {
    Category.UNSTABLE: "脱贫不稳定户",
    Category.MARGINAL: "边缘易致贫户",
    Category.SUDDEN: "突发严重困难户",
}

# Failing conditions of the risk-elimination check (the command-line contract; never rename).
MONTHS_MONITORED = "months_monitored"
NO_MEASURE = "no_measure"
INCOME_BELOW_LINE = "income_below_line"
INCOME_UNSTABLE = "income_unstable"
RIGID_SPENDING = "rigid_spending"
OPEN_PROBLEMS = "open_problems"
NO_LABOUR_HOUSEHOLD = "no_labour_household"
FAILING_CODES = (
    MONTHS_MONITORED,
    NO_MEASURE,
    INCOME_BELOW_LINE,
    INCOME_UNSTABLE,
    RIGID_SPENDING,
    OPEN_PROBLEMS,
    NO_LABOUR_HOUSEHOLD,
)
RECENT_MONTHS = 6


class HouseholdDataError(ValueError):
    """This household's data cannot be assessed; the message (Chinese) says why. Others go on."""


# ---- input ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    month: dt.date  # the 1st of the month
    kind: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Member:
    living_in: bool = True
    labour: Labour = Labour.ORDINARY
    public_payroll: bool = False


@dataclass(frozen=True, slots=True)
class Measure:
    kind: str
    start: dt.date


@dataclass(frozen=True)
class HouseholdFacts:
    ref: str
    region: str
    former_poor: bool
    members: tuple[Member, ...]
    income: tuple[Entry, ...] = ()
    costs: tuple[Entry, ...] = ()
    rigid: tuple[Entry, ...] = ()
    payouts: tuple[Entry, ...] = ()
    leisure_car: bool = False
    truck_or_excavator: bool = False
    commercial_property: bool = False
    business: bool = False
    assembly_override: bool = False
    assembly_note: str = ""
    risks: tuple[str, ...] = ()
    identified_on: dt.date | None = None
    method: Method | None = None
    measures: tuple[Measure, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Rules:
    """The parameters one household is assessed against, already resolved for its region and date."""

    line: Resolved
    min_monitoring_months: Resolved | None = None

    @property
    def used(self) -> tuple[Resolved, ...]:
        return tuple(r for r in (self.line, self.min_monitoring_months) if r is not None)


# ---- months -------------------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def income_window(as_of: dt.date, months: int = 12) -> tuple[dt.date, dt.date]:
    """The ``months`` calendar months before the month of ``as_of``: (first month, last month)."""
    this = month_start(as_of)
    return add_months(this, -months), add_months(this, -1)


def whole_months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def month_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def money(amount: Decimal) -> str:
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def per_capita(amount: Decimal, members: int) -> Decimal:
    """Exact enough for any money amount (34 significant digits), rounded half-up to 0.01 for display."""
    with localcontext() as ctx:
        ctx.prec = 34
        return (amount / members).quantize(CENT, rounding=ROUND_HALF_UP)


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


def measure(facts: HouseholdFacts, as_of: dt.date) -> Measures:
    """The sums over the window and the household facts the rules read. Raises HouseholdDataError."""
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
    )


@dataclass(frozen=True)
class Verdict:
    within_range: bool
    after_rigid_below: bool
    excluded: bool
    potential_category: Category | None  # the category if a risk is confirmed
    category: Category | None


def classify(m: Measures, facts: HouseholdFacts, line: Decimal) -> Verdict:
    within = m.below(m.net_income, line)
    after_rigid_below = m.below(m.after_rigid, line)
    excluded = bool(m.exclusion_reasons) and not facts.assembly_override
    potential: Category | None = None
    if not excluded:
        if within:
            potential = Category.UNSTABLE if facts.former_poor else Category.MARGINAL
        elif after_rigid_below:
            potential = Category.SUDDEN
    category = potential if facts.risks else None
    return Verdict(within, after_rigid_below, excluded, potential, category)


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


def _income_reasons(m: Measures, facts: HouseholdFacts, line: Resolved, verdict: Verdict) -> list[str]:
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
    return reasons


def _category_reasons(m: Measures, facts: HouseholdFacts, verdict: Verdict) -> list[str]:
    reasons = []
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
        Category.SUDDEN: "人均纯收入超出监测范围，但扣除刚性支出后低于监测范围",
    }[verdict.potential_category]
    reasons.append(f"{basis}，且存在风险（{risks}）→ {label}")
    return reasons


def assess(facts: HouseholdFacts, as_of: dt.date, rules: Rules) -> Assessment:
    m = measure(facts, as_of)
    verdict = classify(m, facts, rules.line.decimal)
    reasons = _income_reasons(m, facts, rules.line, verdict) + _category_reasons(m, facts, verdict)
    return Assessment(facts.ref, m, verdict, rules.line, tuple(reasons), rules.used)


# ---- risk elimination ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EliminationCheck:
    assessment: Assessment
    eligible: bool
    failing: tuple[str, ...]
    reasons: tuple[str, ...]


def check_elimination(facts: HouseholdFacts, as_of: dt.date, rules: Rules) -> EliminationCheck:
    """Whether a monitored household's risk may be marked eliminated on ``as_of``, or which conditions fail."""
    if facts.identified_on is None:
        raise HouseholdDataError("缺少识别纳入日期（identified_on）")
    if facts.method is None:
        raise HouseholdDataError("缺少消除方式（method：帮扶消除或自然消除）")
    if rules.min_monitoring_months is None:
        raise HouseholdDataError("缺少参数“风险消除前最少监测月数”（min_monitoring_months）")
    result = assess(facts, as_of, rules)
    m, line = result.measures, rules.line.decimal
    failing: list[str] = []
    reasons: list[str] = []

    months = whole_months(facts.identified_on, as_of)
    minimum = int(rules.min_monitoring_months.decimal)
    if months < minimum:
        failing.append(MONTHS_MONITORED)
        reasons.append(
            f"自 {facts.identified_on.isoformat()} 识别纳入至今监测 {max(months, 0)} 个整月，不足 {minimum} 个月"
            f"（{rules.min_monitoring_months.describe()}）"
        )
    if facts.method == Method.ASSISTED and not any(x.start <= as_of for x in facts.measures):
        failing.append(NO_MEASURE)
        reasons.append(f"帮扶消除，但截至 {as_of.isoformat()} 没有已开始落实的帮扶措施")
    pc = money(per_capita(m.net_income, m.members_counted))
    if m.below(m.net_income, line):
        failing.append(INCOME_BELOW_LINE)
        reasons.append(f"近12个月人均纯收入 {pc} 元，低于监测范围 {rules.line.display()} 元")
    if m.below(m.recent_net * 2, line):
        failing.append(INCOME_UNSTABLE)
        recent = money(per_capita(m.recent_net * 2, m.members_counted))
        reasons.append(f"近{RECENT_MONTHS}个月人均纯收入折合全年 {recent} 元，低于监测范围，收入尚不稳定")
    if not m.below(m.net_income, line) and m.below(m.after_rigid, line):
        failing.append(RIGID_SPENDING)
        after = money(per_capita(m.after_rigid, m.members_counted))
        reasons.append(f"扣除刚性支出（减保险理赔）后人均 {after} 元，低于监测范围，刚性支出问题尚未解决")
    if facts.problems:
        failing.append(OPEN_PROBLEMS)
        listed = "、".join(PROBLEM_LABELS[p] for p in sorted(set(facts.problems)))
        reasons.append(f"仍有未解决的突出问题：{listed}")
    if m.all_without_labour:
        failing.append(NO_LABOUR_HOUSEHOLD)
        reasons.append("计入的家庭成员均丧失劳动力或无劳动力，属整户无劳动能力户，继续监测，暂不标注风险消除")

    if not failing:
        reasons.append(f"符合风险消除条件，可按“{METHOD_LABELS[facts.method]}”程序办理")
    return EliminationCheck(result, not failing, tuple(failing), tuple(reasons))
