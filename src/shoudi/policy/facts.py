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

from shoudi.policy.keys import key_label
from shoudi.policy.records import ParameterError, Resolved
from shoudi.registry.codes import NO_LABOUR, IncomeKind, OtherCar, RigidKind
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
# A car the village judged not a 享受型轿车, as the reasons name it (the code list's label without its example)
CAR_LABELS: dict[str, str] = {str(code): str(code.label).split("（")[0] for code in OtherCar if code}
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
    # income of the 12 months before the window (the same months a year earlier), read only by the
    # income-drop test (收入大幅缩减); ``income`` holds the window's
    income_before: tuple[Entry, ...] = ()
    leisure_car: bool = False  # a 享受型轿车: an exclusion
    other_car: str = ""  # a car judged production or low-value (registry.codes.OtherCar): not an exclusion
    car_reason: str = ""
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
    visits: int | None = None  # visits (回访/走访) in the monitoring period; None: not known, not checked
    helper: bool | None = None  # a 帮扶责任人 is assigned; None: not known, not checked


@dataclass(frozen=True)
class Rules:
    """The parameters one household is assessed against, already resolved for its region and date.

    ``income_drop_share`` and ``income_drop_months`` (收入大幅缩减) both or neither: without them the income-drop
    path to 突发严重困难户 is not taken. ``min_monitoring_months`` and ``elimination_min_visits`` are read by the
    risk-elimination check only."""

    line: Resolved
    min_monitoring_months: Resolved | None = None
    income_drop_share: Resolved | None = None
    income_drop_months: Resolved | None = None
    elimination_min_visits: Resolved | None = None

    def __post_init__(self) -> None:
        share, months = self.income_drop_share, self.income_drop_months
        if (share is None) != (months is None):
            raise ParameterError(
                "参数“收入大幅缩减”的下降比例（income_drop_share）和月数（income_drop_months）须同时设定"
            )
        if share is not None and not Decimal(0) < share.decimal <= Decimal(1):
            raise ParameterError(
                f"参数“{key_label(share.key)}”（{share.key}）的值 {share.display()} 无效，应大于0且不大于1"
            )
        if months is not None and months.decimal not in range(1, MAX_DROP_MONTHS + 1):
            raise ParameterError(
                f"参数“{key_label(months.key)}”（{months.key}）的值 {months.display()} 无效，应为1–{MAX_DROP_MONTHS}的整数"
            )

    @property
    def drop_months(self) -> int | None:
        return int(self.income_drop_months.decimal) if self.income_drop_months is not None else None

    @property
    def used(self) -> tuple[Resolved, ...]:
        found = (
            self.line,
            self.min_monitoring_months,
            self.income_drop_share,
            self.income_drop_months,
            self.elimination_min_visits,
        )
        return tuple(r for r in found if r is not None)


MAX_DROP_MONTHS = 12  # the last months compared are months of the 12-month window


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
