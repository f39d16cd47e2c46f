"""Parameter records and resolved values, as plain data (no Django): what the database, a JSON file and a
command-line override all turn into (``ParamRecord``), and what a resolution answers (``Resolved``: the value
with the record it came from and, for a formula, its inputs)."""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shoudi.policy.keys import DECIMAL, INTEGER, KEY_PATTERN, KEYS, NATIONAL, key_label, level_label, lookup_chain

Value = Decimal | int | str


class ParameterError(Exception):
    """A parameter is missing, malformed or cannot be computed. The message is Chinese and complete."""


class MissingParameter(ParameterError):
    def __init__(self, key: str, region_code: str, on: dt.date) -> None:
        self.key, self.region_code, self.on = key, region_code, on
        chain = "、".join(lookup_chain(region_code))
        super().__init__(
            f"未设定参数“{key_label(key)}”（{key}）：区划 {region_code} 在 {on.isoformat()} "
            f"没有适用的县级、省级或全国默认值（已查找 {chain}）"
        )


@dataclass(frozen=True)
class ParamRecord:
    key: str
    region_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    value_type: str
    value: str = ""
    formula: str = ""
    source: str = ""
    article: str = ""
    note: str = ""
    set_by: str = ""
    id: str = ""
    override: bool = False

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def period(self) -> str:
        start, end = self.valid_from, self.valid_to
        if end and start.month == 1 and start.day == 1 and end == dt.date(start.year, 12, 31):
            return f"{start.year}年"
        return f"{start.isoformat()} 至 {end.isoformat() if end else '今'}"

    @property
    def citation(self) -> str:
        text = self.source or "未注明依据"
        return f"{text}，{self.article}" if self.article else text

    def overlaps(self, other: ParamRecord) -> bool:
        far = dt.date.max
        return self.valid_from <= (other.valid_to or far) and other.valid_from <= (self.valid_to or far)

    def same_slot(self, other: ParamRecord) -> bool:
        return (self.key, self.region_code, self.valid_from, self.valid_to) == (
            other.key,
            other.region_code,
            other.valid_from,
            other.valid_to,
        )


@dataclass(frozen=True)
class Resolved:
    key: str
    value: Value
    record: ParamRecord
    inputs: tuple[Resolved, ...] = field(default=())

    @property
    def region_used(self) -> str:
        return self.record.region_code

    @property
    def level(self) -> str:
        return level_label(self.record.region_code)

    @property
    def decimal(self) -> Decimal:
        if isinstance(self.value, str):
            raise ParameterError(f"参数“{key_label(self.key)}”（{self.key}）是文字，不能参与计算")
        return Decimal(self.value)

    def display(self) -> str:
        spec = KEYS.get(self.key)
        if isinstance(self.value, Decimal) and spec is not None and spec.money:
            return f"{self.value.quantize(Decimal('0.01'))}"
        return str(self.value)

    def describe(self) -> str:
        """One line a reviewer can check: the value, where it came from, and how a formula got there."""
        rec = self.record
        where = "全国默认" if rec.region_code == NATIONAL else f"{self.level} {rec.region_code}"
        text = f"{key_label(self.key)} {self.display()}（{where}，{rec.period}；依据：{rec.citation}"
        if rec.override:
            text += "；本次调用临时设定"
        if rec.formula:
            parts = "，".join(f"{i.key}={i.display()}" for i in self.inputs)
            text += f"；公式 {rec.formula}" + (f"，其中 {parts}" if parts else "")
        return text + "）"

    def as_json(self) -> dict[str, Any]:
        rec = self.record
        return {
            "key": self.key,
            "value": self.display(),
            "region": rec.region_code,
            "valid_from": rec.valid_from.isoformat(),
            "valid_to": rec.valid_to.isoformat() if rec.valid_to else None,
            "formula": rec.formula or None,
            "source": rec.citation,
            "override": rec.override,
            "inputs": [i.as_json() for i in self.inputs],
        }


def formula_names(formula: str) -> list[str]:
    """The parameter keys a formula reads; raises ParameterError on bad syntax."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as exc:
        raise ParameterError(f"公式“{formula}”语法错误：{exc.msg}") from None
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in calls]
    for name in names:
        if not KEY_PATTERN.match(name):
            raise ParameterError(f"公式“{formula}”中的“{name}”不是有效的参数名")
    return list(dict.fromkeys(names))


def typed_value(rec: ParamRecord) -> Value:
    if rec.value_type == INTEGER:
        return int(rec.value)
    if rec.value_type == DECIMAL:
        return Decimal(rec.value)
    return rec.value
