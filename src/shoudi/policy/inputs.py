"""The one place where outside words become the assessment's input types.

Two sources: the command-line contract (Chinese labels: 工资性, 医疗自付, 普通劳动力, 帮扶消除 …; see CLI.md)
and the registry (English codes of registry/codes.py, read as plain ``values()`` rows by policy.batch).
Both accept the codes too, so a county system may send either; a code or label neither knows is an error
naming the field (``UnknownCode`` for registry rows), never taken as "ordinary".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.policy.facts import (
    CAR_LABELS,
    COST_LABEL,
    INCOME_LABELS,
    LABOUR_LABELS,
    METHOD_LABELS,
    PAYOUT_LABEL,
    PROBLEM_LABELS,
    RIGID_LABELS,
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
)
from shoudi.registry.codes import Flow, HouseholdStatus


def _lookup(labels: Mapping[Any, str]) -> dict[str, Any]:
    """Accept the Chinese label or the code."""
    table: dict[str, Any] = {label: code for code, label in labels.items()}
    table.update({str(code): code for code in labels})
    return table


INCOME_KINDS = _lookup(INCOME_LABELS)
RIGID_KINDS = _lookup(RIGID_LABELS)
LABOURS = _lookup(LABOUR_LABELS)
METHODS = _lookup(METHOD_LABELS)
PROBLEMS = _lookup(PROBLEM_LABELS)
COST_KINDS = {COST_LABEL: "production_cost", "production_cost": "production_cost"}
PAYOUT_KINDS = {PAYOUT_LABEL: "insurance_claim", "理赔收入": "insurance_claim", "insurance_claim": "insurance_claim"}
OTHER_CARS = {"": "", **_lookup(CAR_LABELS)}
REGION_LENGTHS = (2, 4, 6, 9, 12)


def _choices(table: Mapping[str, Any]) -> str:
    return "、".join(k for k in table if not k.isascii())


def parse_month(value: Any, where: str) -> dt.date:
    """'YYYY-MM' (or a full date, taken as its month) → the 1st of that month."""
    if not isinstance(value, str):
        raise HouseholdDataError(f"{where}：月份应为“YYYY-MM”格式的字符串")
    text = value.strip()
    try:
        if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text).replace(day=1)
    except ValueError:
        raise HouseholdDataError(f"{where}：月份“{value}”无效（应为 YYYY-MM）") from None


def parse_date(value: Any, where: str) -> dt.date:
    if not isinstance(value, str):
        raise HouseholdDataError(f"{where}：日期应为“YYYY-MM-DD”格式的字符串")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise HouseholdDataError(f"{where}：日期“{value}”无效（应为 YYYY-MM-DD）") from None


def parse_amount(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise HouseholdDataError(f'{where}：金额应写成字符串，如 "3000.00"')
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise HouseholdDataError(f"{where}：金额“{value}”不是有效数字") from None
    if not amount.is_finite() or amount < 0:
        raise HouseholdDataError(f"{where}：金额“{value}”不能为负数或非数字")
    if amount != amount.quantize(Decimal("0.01")):
        raise HouseholdDataError(f"{where}：金额“{value}”最多保留两位小数")
    return amount


def _flag(data: Mapping[str, Any], name: str, where: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise HouseholdDataError(f"{where}.{name}：应为 true 或 false")
    return value


def _list(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise HouseholdDataError(f"{name}：应为数组")
    return value


def _entries(data: Mapping[str, Any], name: str, kinds: Mapping[str, Any], what: str) -> tuple[Entry, ...]:
    out = []
    for i, item in enumerate(_list(data, name)):
        where = f"{name}[{i}]"
        if not isinstance(item, dict):
            raise HouseholdDataError(f"{where}：应为对象")
        kind = kinds.get(str(item.get("kind", "")).strip())
        if kind is None:
            raise HouseholdDataError(f"{where}.kind：未知的{what}类型“{item.get('kind')}”（应为 {_choices(kinds)}）")
        month = parse_month(item.get("month"), f"{where}.month")
        out.append(Entry(month, str(kind), parse_amount(item.get("amount"), f"{where}.amount")))
    return tuple(out)


def _other_car(facts: Mapping[str, Any]) -> tuple[str, str]:
    """``facts.other_car`` (a car judged not a 享受型轿车) and ``facts.car_reason``, required together."""
    text = str(facts.get("other_car") or "").strip()
    code = OTHER_CARS.get(text)
    if code is None:
        raise HouseholdDataError(f"facts.other_car：未知的车辆认定“{text}”（应为 {_choices(OTHER_CARS)}，或留空）")
    reason = str(facts.get("car_reason") or "").strip()
    if code and not reason:
        raise HouseholdDataError("facts.car_reason：填写了 other_car，须写明车辆认定理由")
    return code, reason


def _count(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HouseholdDataError(f"{name}：应为不小于0的整数")
    return value


def _member(item: Any, i: int) -> Member:
    where = f"members[{i}]"
    if not isinstance(item, dict):
        raise HouseholdDataError(f"{where}：应为对象")
    labour_text = str(item.get("labor") or "普通劳动力").strip()
    labour = LABOURS.get(labour_text)
    if labour is None:
        raise HouseholdDataError(f"{where}.labor：未知的劳动技能“{labour_text}”（应为 {_choices(LABOURS)}）")
    living = item.get("living_in", True)
    if not isinstance(living, bool):
        raise HouseholdDataError(f"{where}.living_in：应为 true 或 false")
    return Member(living_in=living, labour=Labour(labour), public_payroll=_flag(item, "public_payroll", where))


def household_from_json(data: Any) -> HouseholdFacts:
    """One household of the command-line input. Raises HouseholdDataError naming the field."""
    if not isinstance(data, dict):
        raise HouseholdDataError("每户应为一个 JSON 对象")
    region = str(data.get("region") or "").strip()
    if not region.isdigit() or len(region) not in REGION_LENGTHS:
        raise HouseholdDataError(f"region：区划代码“{region}”无效（应为2、4、6、9或12位数字）")
    former_poor = data.get("former_poor", False)
    if not isinstance(former_poor, bool):
        raise HouseholdDataError("former_poor：应为 true 或 false")
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise HouseholdDataError("facts：应为对象")
    risks = tuple(str(r).strip() for r in _list(data, "risks") if str(r).strip())
    method = None
    if data.get("method"):
        method = METHODS.get(str(data["method"]).strip())
        if method is None:
            raise HouseholdDataError(f"method：未知的消除方式“{data['method']}”（应为 帮扶消除 或 自然消除）")
    problems = []
    for i, p in enumerate(_list(data, "problems")):
        code = PROBLEMS.get(str(p).strip())
        if code is None:
            raise HouseholdDataError(f"problems[{i}]：未知的问题“{p}”（应为 {_choices(PROBLEMS)}）")
        problems.append(Problem(code))
    measures = []
    for i, item in enumerate(_list(data, "measures")):
        if not isinstance(item, dict) or not str(item.get("kind") or "").strip():
            raise HouseholdDataError(f"measures[{i}]：应为含 kind 和 start 的对象")
        start = item.get("start")
        day = (
            parse_month(start, f"measures[{i}].start")
            if isinstance(start, str) and len(start.strip()) == 7
            else parse_date(start, f"measures[{i}].start")
        )
        measures.append(Measure(str(item["kind"]).strip(), day))
    identified = data.get("identified_on")
    other_car, car_reason = _other_car(facts)
    helper = data.get("helper")
    if helper is not None and not isinstance(helper, bool):
        raise HouseholdDataError("helper：应为 true 或 false")
    return HouseholdFacts(
        ref=str(data.get("ref") or ""),
        region=region,
        former_poor=former_poor,
        members=tuple(_member(m, i) for i, m in enumerate(_list(data, "members"))),
        income=_entries(data, "income", INCOME_KINDS, "收入"),
        costs=_entries(data, "costs", COST_KINDS, "支出"),
        rigid=_entries(data, "rigid", RIGID_KINDS, "刚性支出"),
        payouts=_entries(data, "payouts", PAYOUT_KINDS, "理赔"),
        leisure_car=_flag(facts, "leisure_car", "facts"),
        other_car=other_car,
        car_reason=car_reason,
        truck_or_excavator=_flag(facts, "truck_or_excavator", "facts"),
        commercial_property=_flag(facts, "commercial_property", "facts"),
        business=_flag(facts, "business", "facts"),
        assembly_override=_flag(facts, "assembly_override", "facts"),
        assembly_note=str(facts.get("assembly_note") or ""),
        risks=risks,
        identified_on=parse_date(identified, "identified_on") if identified else None,
        method=Method(method) if method else None,
        measures=tuple(measures),
        problems=tuple(problems),
        visits=_count(data, "visits"),
        helper=helper,
    )


# ---- registry rows --------------------------------------------------------------------------------------


class UnknownCode(HouseholdDataError, ValidationError):
    """A registry row carries a code its code list does not know: this household cannot be assessed (the
    others go on), and the error names the field — never read as "ordinary"."""

    def __init__(self, field: str, message: str) -> None:
        ValidationError.__init__(self, {field: message})
        self.field, self.text = field, message

    def __str__(self) -> str:
        return self.text


FORMER_POOR_STATUSES = frozenset({HouseholdStatus.FORMER_POOR, HouseholdStatus.FORMER_POOR_NO_POLICY})
INCOME_CODES = frozenset(IncomeKind.values)
RIGID_CODES = frozenset(RigidKind.values)
FLOW_LISTS: dict[str, str] = {Flow.INCOME: "income", Flow.COST: "costs", Flow.RIGID: "rigid", Flow.PAYOUT: "payouts"}
FIXED_KINDS: dict[str, str] = {Flow.COST: "production_cost", Flow.PAYOUT: "insurance_claim"}


def former_poor_from_status(status: str) -> bool:
    """脱贫户 and 脱贫不享受政策户 are former poor; a status outside ``HouseholdStatus`` is an error."""
    if status not in HouseholdStatus.values:
        raise UnknownCode("status", f"户类型代码“{status}”不在代码表中（应为 {'、'.join(HouseholdStatus.values)}）")
    return status in FORMER_POOR_STATUSES


LABOUR_CODES = frozenset(Labour.values)  # ``Labour.values`` builds a new list on every call


def member_from_row(living_in: bool, labor: str, public_payroll: bool) -> Member:
    if labor not in LABOUR_CODES:
        raise UnknownCode("labor", f"劳动技能代码“{labor}”不在代码表中（应为 {'、'.join(Labour.values)}）")
    return Member(living_in=living_in, labour=Labour(labor), public_payroll=public_payroll)


def entry_from_row(flow: str, kind: str, month: dt.date, amount: Decimal) -> tuple[str, Entry]:
    """A registry FinanceRecord (flow, kind) as (which list, Entry). Every kind of the code lists is read; an
    unknown flow or kind is an error (money the rules cannot place must not silently vanish)."""
    listed = FLOW_LISTS.get(flow)
    if listed is None:
        raise UnknownCode("flow", f"收支类别代码“{flow}”不在代码表中（应为 {'、'.join(Flow.values)}）")
    if flow == Flow.INCOME and kind not in INCOME_CODES:
        raise UnknownCode("kind", f"收入类型代码“{kind}”不在代码表中（应为 {'、'.join(sorted(INCOME_CODES))}）")
    if flow == Flow.RIGID and kind not in RIGID_CODES:
        raise UnknownCode("kind", f"刚性支出类型代码“{kind}”不在代码表中（应为 {'、'.join(sorted(RIGID_CODES))}）")
    return listed, Entry(month, FIXED_KINDS.get(flow, kind), amount)
