"""The verification cadence of the low-income register (核查周期) and the 低保 渐退期, as policy parameters.

| membership | cadence | parameter (default) |
| --- | --- | --- |
| 低保 or 特困 of a 脱贫户 (registry status 脱贫户 / 脱贫不享受政策户): 兜底保障的脱贫人口 | quarterly | ``followup_months_safety_net`` (3) |
| 特困人员 | yearly | ``followup_months_stable`` (12) |
| 低保, income stable (``Membership.income_pattern``) | yearly | ``followup_months_stable`` (12) |
| 低保, income irregular or members able to work | half-yearly | ``followup_months_irregular`` (6) |
| 低保边缘, 刚性支出困难 | yearly | ``followup_months_stable`` (12) |

A 低保 household whose work or business income passes the standard keeps 低保 for ``dibao_phase_out_months``
(default 6) after the visit that found it (渐退期, seed 000).

Each value is read through ``policy.params`` for the household's village (the county's stored value, else the
province's, else the national one), and where none is stored, the default below with its source; the page
shows which applied (``Cadence.describe``)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.lowincome import codes
from shoudi.policy.keys import key_label
from shoudi.policy.params import ParameterSet, builtin
from shoudi.policy.records import Resolved
from shoudi.registry.codes import HouseholdStatus

DEFAULTS: dict[str, tuple[Any, str, str]] = {
    # key: (value, value type, source)
    "followup_months_safety_net": (
        3,
        "integer",
        "seed 003：对已纳入兜底保障的脱贫人口，按季度入户跟踪调查",
    ),
    "followup_months_stable": (
        12,
        "integer",
        "民政部《最低生活保障审核确认办法》（据 DOMAIN.md §12 转述）：特困人员、收入稳定且变化不大的低保家庭每年核查一次",
    ),
    "followup_months_irregular": (
        6,
        "integer",
        "民政部《最低生活保障审核确认办法》（据 DOMAIN.md §12 转述）：收入不稳定或有劳动能力成员的低保家庭每半年核查一次",
    ),
    "dibao_phase_out_months": (
        6,
        "integer",
        "seed 000：对发展产业和实现就业收入超过最低生活保障标准的低保对象，可给予6个月渐退期",
    ),
    # the days a household has to ask for a review of a stop (the written notice says it)
    "stop_appeal_days": (
        60,
        "integer",
        "《中华人民共和国行政复议法》：自知道该行政行为之日起六十日内提出行政复议申请；各县告知书通行写法",
    ),
}
MAX_MONTHS = 60  # a stored cadence above five years is a typing error, not a cadence
DUE_SOON_DAYS = 15  # "due": next_due within this many days
ENDING_SOON_DAYS = 30  # the workbench's "渐退期将满": phase-outs ending within this many days

FORMER_POOR = frozenset({HouseholdStatus.FORMER_POOR, HouseholdStatus.FORMER_POOR_NO_POLICY})
BASIC_LIVING = frozenset({codes.StoredLayer.DIBAO, codes.StoredLayer.TEKUN})

DUE, OVERDUE, OK = "due", "overdue", "ok"


def resolved(key: str, region_code: str, on: dt.date) -> Resolved:
    """The parameter for ``region_code`` on ``on``: the stored value (county, province, national), else the
    default of ``DEFAULTS`` — with its source either way."""
    found = ParameterSet.load(region_code, within=False).get(key, region_code, on)
    return found if found is not None else builtin(key, *DEFAULTS[key])


def whole_param(key: str, region_code: str, on: dt.date, *, upper: int = MAX_MONTHS) -> tuple[int, Resolved]:
    """A count of months (or days) read as a whole number from 1 to ``upper``; a stored value that is not one is
    refused with what to fix (never silently the default)."""
    found = resolved(key, region_code, on)
    value = found.value
    number = value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None
    if number is None or number != int(number) or not 1 <= number <= upper:
        raise ValidationError(
            f"政策参数“{key_label(key)}”（{key}）的值“{found.display()}”无效，应为 1 到 {upper} 之间的整数，"
            "请县级管理员在政策参数中修改",
            code="bad_parameter",
        )
    return int(number), found


@dataclass(frozen=True)
class Cadence:
    months: int
    why: str  # which rule of the table applies
    parameter: Resolved

    @property
    def key(self) -> str:
        return self.parameter.key

    @property
    def text(self) -> str:
        return {3: "每季度", 6: "每半年", 12: "每年"}.get(self.months, f"每 {self.months} 个月")

    def describe(self) -> str:
        """``每季度核查一次（脱贫户的兜底保障对象；兜底保障脱贫人口入户跟踪周期 3（全国默认…））``"""
        return f"{self.text}核查一次（{self.why}；{self.parameter.describe()}）"


def _rule(membership: Any) -> tuple[str, str]:
    """(parameter key, why) for the membership."""
    layer = membership.layer
    if layer in BASIC_LIVING and membership.household.status in FORMER_POOR:
        return "followup_months_safety_net", "脱贫户的兜底保障对象，按季度入户跟踪"
    if layer == codes.StoredLayer.TEKUN:
        return "followup_months_stable", "特困人员"
    if layer == codes.StoredLayer.DIBAO:
        if membership.income_pattern == codes.IncomePattern.IRREGULAR:
            return "followup_months_irregular", "低保家庭收入不稳定或有劳动能力成员"
        return "followup_months_stable", "低保家庭收入稳定、变化不大"
    return "followup_months_stable", f"{membership.get_layer_display()}"


def cadence(membership: Any, on: dt.date) -> Cadence:
    """The cadence that applies to ``membership`` on ``on``, with the rule and the parameter behind it."""
    key, why = _rule(membership)
    months, found = whole_param(key, membership.village_id, on)
    return Cadence(months=months, why=why, parameter=found)


def months_for(membership: Any, on: dt.date) -> int:
    """Months between two verifications of ``membership`` (see the module's table)."""
    return cadence(membership, on).months


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day where it has no such day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(membership: Any, after: dt.date) -> dt.date:
    """The next verification after a visit (or the start) on ``after``."""
    return add_months(after, months_for(membership, after))


def phase_out_months(region_code: str, on: dt.date) -> tuple[int, Resolved]:
    return whole_param("dibao_phase_out_months", region_code, on)


def phase_out_until(region_code: str, on: dt.date) -> dt.date:
    """The last day of a 渐退期 that starts on ``on`` in ``region_code`` (``on`` + ``dibao_phase_out_months``)."""
    return add_months(on, phase_out_months(region_code, on)[0])


def due_state(membership: Any, today: dt.date) -> str:
    """``overdue``: past its next verification; ``due``: within ``DUE_SOON_DAYS`` of it; ``ok`` otherwise (and
    for an ended membership or one without a date)."""
    due = membership.next_due
    if due is None or membership.ended_on is not None:
        return OK
    if due < today:
        return OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return DUE
    return OK
