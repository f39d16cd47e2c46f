"""The risk-elimination check (风险消除): which conditions a monitored household still fails on a date. The
failing codes are part of the command-line contract (CLI.md) and of the monitoring records: never rename.

Besides the household's income and problems (national-practice.md §7), the follow-up of the case (issue 14):
at least ``elimination_min_visits`` visits (回访/走访) in the monitoring period and an assigned 帮扶责任人. These
two are checked when the facts carry them (``visits``, ``helper``): the monitoring workflow always gives them;
a command-line caller may leave them out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shoudi.policy.facts import (
    METHOD_LABELS,
    PROBLEM_LABELS,
    RECENT_MONTHS,
    HouseholdDataError,
    HouseholdFacts,
    Method,
    Rules,
    money,
    per_capita,
    whole_months,
)
from shoudi.policy.records import Resolved

if TYPE_CHECKING:
    from shoudi.policy.assessment import Assessment

MONTHS_MONITORED = "months_monitored"
NO_MEASURE = "no_measure"
INCOME_BELOW_LINE = "income_below_line"
INCOME_UNSTABLE = "income_unstable"
RIGID_SPENDING = "rigid_spending"
OPEN_PROBLEMS = "open_problems"
NO_LABOUR_HOUSEHOLD = "no_labour_household"
TOO_FEW_VISITS = "too_few_visits"
NO_HELPER = "no_helper"
FAILING_CODES = (
    MONTHS_MONITORED,
    NO_MEASURE,
    INCOME_BELOW_LINE,
    INCOME_UNSTABLE,
    RIGID_SPENDING,
    OPEN_PROBLEMS,
    NO_LABOUR_HOUSEHOLD,
    TOO_FEW_VISITS,
    NO_HELPER,
)


@dataclass(frozen=True)
class EliminationCheck:
    assessment: Assessment
    eligible: bool
    failing: tuple[str, ...]
    reasons: tuple[str, ...]


def require_inputs(facts: HouseholdFacts, rules: Rules) -> tuple[dt.date, Method, Resolved]:
    """What the check needs beyond an assessment (identification date, method, minimum months), or
    HouseholdDataError naming what is missing."""
    if facts.identified_on is None:
        raise HouseholdDataError("缺少识别纳入日期（identified_on）")
    if facts.method is None:
        raise HouseholdDataError("缺少消除方式（method：帮扶消除或自然消除）")
    if rules.min_monitoring_months is None:
        raise HouseholdDataError("缺少参数“风险消除前最少监测月数”（min_monitoring_months）")
    return facts.identified_on, facts.method, rules.min_monitoring_months


def judge(facts: HouseholdFacts, as_of: dt.date, rules: Rules, result: Assessment) -> EliminationCheck:
    """The conditions over the household's assessment on ``as_of``."""
    identified_on, method, min_months = require_inputs(facts, rules)
    m, line = result.measures, rules.line.decimal
    failing: list[str] = []
    reasons: list[str] = []

    months = whole_months(identified_on, as_of)
    minimum = int(min_months.decimal)
    if months < minimum:
        failing.append(MONTHS_MONITORED)
        reasons.append(
            f"自 {identified_on.isoformat()} 识别纳入至今监测 {max(months, 0)} 个整月，不足 {minimum} 个月"
            f"（{min_months.describe()}）"
        )
    if method == Method.ASSISTED and not any(x.start <= as_of for x in facts.measures):
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
    _follow_up(facts, as_of, identified_on, rules, failing, reasons)

    if not failing:
        reasons.append(f"符合风险消除条件，可按“{METHOD_LABELS[method]}”程序办理")
    return EliminationCheck(result, not failing, tuple(failing), tuple(reasons))


def _follow_up(
    facts: HouseholdFacts, as_of: dt.date, since: dt.date, rules: Rules, failing: list[str], reasons: list[str]
) -> None:
    """The visits in the monitoring period and the 帮扶责任人, when the facts carry them."""
    minimum = rules.elimination_min_visits
    if facts.visits is not None and minimum is not None and facts.visits < int(minimum.decimal):
        failing.append(TOO_FEW_VISITS)
        reasons.append(
            f"监测期内（{since.isoformat()} 至 {as_of.isoformat()}）入户走访 {facts.visits} 次，"
            f"不足 {int(minimum.decimal)} 次（{minimum.describe()}）"
        )
    if facts.helper is False:
        failing.append(NO_HELPER)
        reasons.append("尚未指定帮扶责任人，请先在监测对象页指定帮扶责任人")
