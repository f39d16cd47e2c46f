"""What the assessment of a household reads, as plain data: the code lists, the input (``HouseholdFacts``), the
rules resolved for its region and date, and the month and money helpers. No ORM: the registry's rows, a JSON
document of the command line and a test all become these types (``policy.inputs``).

The codes a household's data carries — labour, kinds of income and of rigid spending — are the registry's code
lists (``registry.codes``), not copies: a code added there is known here, and a code neither knows is an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from shoudi.policy.records import Resolved
from shoudi.registry.codes import NO_LABOUR, IncomeKind, RigidKind
from shoudi.registry.codes import Labor as Labour

CENT = Decimal("0.01")
ZERO = Decimal("0")


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


LABOUR_LABELS = {code: code.label for code in Labour}
INCOME_LABELS = {code: code.label for code in IncomeKind}
RIGID_LABELS = {code: code.label for code in RigidKind}
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

RECENT_MONTHS = 6


class HouseholdDataError(ValueError):
    """This household's data cannot be assessed; the message (Chinese) says why. Others go on."""


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


__all__ = ["NO_LABOUR", "IncomeKind", "Labour", "RigidKind"]
