"""The typed input of ``services.sheet_save``: one ``LineInput`` per item (and per member for wages).

The page form, the spreadsheet import, the API and the 集中排查 visit all build these; the service checks them
(``check_line``) whoever built them, so a figure is refused the same way wherever it was typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from shoudi.registry import codes as rcodes

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")
MONTHS = 12
ITEM_LABELS: dict[str, str] = dict(rcodes.item_choices())
WAGE_ITEMS = frozenset(rcodes.INCOME_ITEMS[rcodes.IncomeKind.WAGE])


@dataclass(frozen=True)
class LineInput:
    """One line as typed: ``amount`` is the year's total; ``monthly`` (12 amounts, January first) when the
    household was asked month by month — their sum must equal ``amount``."""

    item: str
    amount: Decimal
    member_id: uuid.UUID | None = None
    work_place: str = ""
    work_months: int | None = None
    monthly: tuple[Decimal, ...] | None = None


def item_label(item: str) -> str:
    return ITEM_LABELS.get(item, item)


def amount_problem(value: Decimal) -> str:
    """Why ``value`` is not an acceptable amount (empty when it is)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return "请填写数字"
    if value < 0:
        return "金额不能为负数"
    if value > MAX_AMOUNT:
        return "金额不能超过 99,999,999.99 元"
    if value != value.quantize(CENT):
        return "最多保留两位小数"
    return ""


def check_line(line: LineInput, key: str, member_ids: set[uuid.UUID]) -> dict[str, str]:
    """The problems of one line, by field (``{key}.amount`` …); each message names the item."""
    label = item_label(line.item)
    found: dict[str, str] = {}
    if line.item not in ITEM_LABELS:
        return {f"{key}.item": f"项目“{line.item}”不在收支项目表中"}
    problem = amount_problem(line.amount)
    if problem:
        found[f"{key}.amount"] = f"{label}：{problem}"
    wage = line.item in WAGE_ITEMS
    if line.member_id is not None and line.member_id not in member_ids:
        found[f"{key}.member_id"] = f"{label}：所选成员不是本户家庭成员"
    if line.work_place and (not wage or line.work_place not in rcodes.WorkPlace.values):
        found[f"{key}.work_place"] = f"{label}：务工地点只用于工资性收入，且应为县内、省内县外或省外"
    if line.work_months is not None:
        if not wage:
            found[f"{key}.work_months"] = f"{label}：务工月数只用于工资性收入"
        elif not 0 <= line.work_months <= MONTHS:
            found[f"{key}.work_months"] = f"{label}：务工月数应在0–12之间"
    if line.monthly is not None:
        found.update(_check_monthly(line, key, label))
    return found


def _check_monthly(line: LineInput, key: str, label: str) -> dict[str, str]:
    if len(line.monthly or ()) != MONTHS:
        return {f"{key}.monthly": f"{label}：按月填写应有12个月的金额"}
    for n, value in enumerate(line.monthly or ()):
        problem = amount_problem(value)
        if problem:
            return {f"{key}.monthly": f"{label}：{n + 1}月{problem}"}
    total = sum(line.monthly or (), Decimal(0))
    if not amount_problem(line.amount) and total != line.amount:
        return {f"{key}.monthly": f"{label}：12个月合计 {total:.2f} 元，与全年金额 {line.amount:.2f} 元不一致"}
    return {}


def check_lines(lines: list[LineInput] | tuple[LineInput, ...], member_ids: set[uuid.UUID]) -> None:
    """Every line's problems at once, or nothing."""
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        found.update(check_line(line, f"lines.{i}", member_ids))
    if found:
        raise ValidationError(found)
