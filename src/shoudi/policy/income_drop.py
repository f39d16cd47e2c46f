"""收入大幅缩减 (a sharp fall of income): the second way to 突发严重困难户 beside large rigid spending. Seed 001:
突发严重困难户「年人均纯收入超出监测范围，但因学因病因灾因意外事故等刚性支出较大或收入大幅缩减导致基本生活出现严重
困难」. Pure Python, like the rest of the assessment.

With the parameters ``income_drop_share`` (s, built-in default 0.5) and ``income_drop_months`` (N, default 3):

- **recent income**: the household's income (the four kinds, before production costs) in the last N months of the
  12-month window; **the same months a year earlier** are the comparison (``HouseholdFacts.income_before``).
- **fell sharply**: the comparison is above zero and recent ≤ comparison × (1 − s), i.e. it fell by s or more.
  A household with no income recorded a year earlier cannot be compared and never falls sharply; nor can one
  with no income recorded in the recent months: months not yet collected are not a fall (a loss of all income
  shows in the other channels — a death, a job loss — and in the home visit).
- **projected per-capita net income**: the last N months' net income (income − production costs) carried over a
  whole year — × 12 ÷ N — and divided by the members counted: the latest monthly level as if it lasted for the
  next 12 months. Compared with the line exactly (net × 12 < line × members × N).
- A household falls into 突发严重困难户 this way when its income fell sharply **and** the projection is below the
  line, unless it is within the range already (then it is 脱贫不稳定户 / 边缘易致贫户) or excluded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from shoudi.policy.facts import ZERO, Entry, add_months, money, month_text, per_capita

MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class IncomeDrop:
    months: int  # N
    recent: tuple[dt.date, dt.date]  # the last N months of the window (first, last)
    before: tuple[dt.date, dt.date]  # the same months a year earlier
    recent_income: Decimal
    before_income: Decimal
    recent_net: Decimal  # recent income − production costs of the same months

    def fell_by(self) -> Decimal | None:
        """The share by which the income fell (negative: it rose); None when there is nothing to compare with."""
        if self.before_income <= 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 34
            return (self.before_income - self.recent_income) / self.before_income

    def sharp(self, share: Decimal) -> bool:
        """Fell by ``share`` or more, exactly: recent ≤ before × (1 − share), with something to compare with."""
        return 0 < self.recent_income <= self.before_income * (1 - share) and self.before_income > 0

    def projection_below(self, line: Decimal, members: int) -> bool:
        """(recent net × 12 ÷ N) ÷ members < line, without dividing."""
        return self.recent_net * MONTHS_A_YEAR < line * members * self.months

    def projected_per_capita(self, members: int) -> Decimal:
        """For display only (rounded half-up to 0.01)."""
        with localcontext() as ctx:
            ctx.prec = 34
            return per_capita(self.recent_net * MONTHS_A_YEAR / self.months, members)


def _sum(entries: Iterable[Entry], first: dt.date, last: dt.date) -> Decimal:
    return sum((e.amount for e in entries if first <= e.month <= last), ZERO)


def measure_drop(
    income: Iterable[Entry], costs: Iterable[Entry], income_before: Iterable[Entry], end: dt.date, months: int
) -> IncomeDrop:
    """The sums the test reads, for a window ending with the month ``end``."""
    first = add_months(end, 1 - months)
    before = (add_months(first, -MONTHS_A_YEAR), add_months(end, -MONTHS_A_YEAR))
    income = tuple(income)
    recent_income = _sum(income, first, end)
    return IncomeDrop(
        months=months,
        recent=(first, end),
        before=before,
        recent_income=recent_income,
        before_income=_sum(income_before, *before),
        recent_net=recent_income - _sum(costs, first, end),
    )


def _span(first: dt.date, last: dt.date) -> str:
    return month_text(first) if first == last else f"{month_text(first)}至{month_text(last)}"


def percent(share: Decimal) -> str:
    """0.5 → "50%", 0.7123 → "71.2%" (half-up to one decimal place, trailing zeros dropped)."""
    value = (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}%"


def drop_reason(drop: IncomeDrop, share: Decimal, line_text: str, members: int, below: bool) -> str | None:
    """The sentence of the assessment's reasons when the income fell sharply (None when it did not)."""
    if not drop.sharp(share):
        return None
    fell = drop.fell_by() or ZERO
    projected = money(drop.projected_per_capita(members))
    compare = "低于" if below else "不低于"
    return (
        f"收入大幅缩减：近{drop.months}个月（{_span(*drop.recent)}）收入 {money(drop.recent_income)} 元，"
        f"较上年同期（{_span(*drop.before)}）{money(drop.before_income)} 元下降 {percent(fell)}"
        f"（达到 {percent(share)}）；按近{drop.months}个月月均纯收入推算全年，人均纯收入 {projected} 元，"
        f"{compare}监测范围 {line_text} 元"
    )
