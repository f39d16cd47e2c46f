"""Parameter records and their resolution, as plain data (no Django): what the database, a JSON file and a
command-line override all turn into, and what the assessment reads.

Resolution picks, for a key, a region code and a date, the most specific record that covers the date —
county, then province, then the national default ('00'); at the same level an override given for one call
wins over a stored record. A formula is evaluated with simpleeval over other keys resolved for the same
region and date; a cycle is an error, not a hang.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from simpleeval import SimpleEval

from shoudi.policy.keys import (
    DECIMAL,
    FORMULA,
    INTEGER,
    KEY_PATTERN,
    KEYS,
    NATIONAL,
    TEXT,
    key_label,
    level_label,
    lookup_chain,
    valid_region_code,
)

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


class _DecimalEval(SimpleEval):
    """simpleeval with numbers read as Decimal, so 1.5 × a standard stays exact."""

    def __init__(self, names: Any) -> None:
        super().__init__(functions={"min": min, "max": max, "abs": abs}, names=names)

    def _eval_constant(self, node: Any) -> Any:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError("公式中只能使用数字和其他参数名")
        return Decimal(str(value))


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


class ParameterTable:
    """An in-memory set of records that resolves keys; build once, resolve many times (batch use)."""

    def __init__(self, records: Iterable[ParamRecord]) -> None:
        self._by_key: dict[str, list[ParamRecord]] = {}
        for rec in records:
            self._by_key.setdefault(rec.key, []).append(rec)
        self._cache: dict[tuple[str, tuple[str, ...], dt.date], Resolved] = {}

    def with_records(self, extra: Iterable[ParamRecord]) -> ParameterTable:
        return ParameterTable([*self.records(), *extra])

    def records(self) -> list[ParamRecord]:
        return [r for recs in self._by_key.values() for r in recs]

    def keys(self) -> list[str]:
        return sorted(self._by_key)

    def pick(self, key: str, region_code: str, on: dt.date) -> ParamRecord | None:
        candidates = [r for r in self._by_key.get(key, ()) if r.covers(on)]
        for code in lookup_chain(region_code):
            here = [r for r in candidates if r.region_code == code]
            if here:
                return max(here, key=lambda r: (r.override, r.valid_from))
        return None

    def resolve(self, key: str, region_code: str, on: dt.date) -> Resolved:
        return self._resolve(key, region_code, on, ())

    def get(self, key: str, region_code: str, on: dt.date) -> Resolved | None:
        try:
            return self.resolve(key, region_code, on)
        except MissingParameter as exc:
            if exc.key == key:
                return None
            raise

    def _resolve(self, key: str, region_code: str, on: dt.date, stack: tuple[str, ...]) -> Resolved:
        if key in stack:
            path = " → ".join([*stack[stack.index(key) :], key])
            raise ParameterError(f"参数公式循环引用：{path}")
        cache_key = (key, tuple(lookup_chain(region_code)), on)
        if cache_key in self._cache:
            return self._cache[cache_key]
        rec = self.pick(key, region_code, on)
        if rec is None:
            raise MissingParameter(key, region_code, on)
        if rec.value_type == FORMULA:
            result = self._evaluate(rec, region_code, on, (*stack, key))
        else:
            result = Resolved(key, typed_value(rec), rec)
        self._cache[cache_key] = result
        return result

    def _evaluate(self, rec: ParamRecord, region_code: str, on: dt.date, stack: tuple[str, ...]) -> Resolved:
        inputs: list[Resolved] = []

        def name(node: ast.Name) -> Decimal:
            found = self._resolve(node.id, region_code, on, stack)
            inputs.append(found)
            return found.decimal

        formula_names(rec.formula)
        try:
            value = _DecimalEval(names=name).eval(rec.formula)
        except ParameterError:
            raise
        except Exception as exc:  # simpleeval raises many kinds for a bad expression
            raise ParameterError(
                f"参数“{key_label(rec.key)}”（{rec.key}，区划 {rec.region_code}）的公式“{rec.formula}”无法计算：{exc}"
            ) from None
        if not isinstance(value, Decimal):
            raise ParameterError(f"参数“{key_label(rec.key)}”的公式“{rec.formula}”没有得到数值")
        return Resolved(rec.key, value, rec, tuple(dict.fromkeys(inputs)))


def typed_value(rec: ParamRecord) -> Value:
    if rec.value_type == INTEGER:
        return int(rec.value)
    if rec.value_type == DECIMAL:
        return Decimal(rec.value)
    return rec.value


# ---- the load format --------------------------------------------------------------------------------------


def _parse_date(value: Any, name: str) -> dt.date:
    if not isinstance(value, str):
        raise ParameterError(f"{name} 应为“YYYY-MM-DD”格式的字符串")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ParameterError(f"{name}“{value}”不是有效日期（应为 YYYY-MM-DD）") from None


def _period(entry: dict[str, Any]) -> tuple[dt.date, dt.date | None]:
    has_year, has_from = entry.get("year") is not None, entry.get("valid_from") is not None
    if has_year and (has_from or entry.get("valid_to") is not None):
        raise ParameterError("year 与 valid_from/valid_to 只能二选一")
    if has_year:
        year = entry["year"]
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            raise ParameterError(f"year“{entry['year']}”应为2000–2100之间的年份")
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not has_from:
        raise ParameterError("缺少有效期：请给出 year，或 valid_from（可选 valid_to）")
    start = _parse_date(entry["valid_from"], "valid_from")
    end = _parse_date(entry["valid_to"], "valid_to") if entry.get("valid_to") is not None else None
    if end is not None and end < start:
        raise ParameterError("valid_to 早于 valid_from")
    return start, end


def _value(entry: dict[str, Any], key: str) -> tuple[str, str, str]:
    """(value_type, value, formula) of one entry."""
    has_value, formula = entry.get("value") is not None, entry.get("formula")
    if has_value == bool(formula):
        raise ParameterError("value 与 formula 必须且只能给出一个")
    spec = KEYS.get(key)
    if formula:
        if not isinstance(formula, str):
            raise ParameterError("formula 应为字符串")
        if spec is not None and spec.value_type not in (DECIMAL, INTEGER):
            raise ParameterError(f"参数“{spec.label}”是文字，不能用公式")
        names = formula_names(formula)
        if key in names:
            raise ParameterError(f"参数公式循环引用：{key} → {key}")
        return FORMULA, "", formula.strip()
    raw = entry["value"]
    if isinstance(raw, float | bool):
        raise ParameterError('value 请写成字符串（如 "6320"），以免小数失真')
    text = str(raw).strip()
    wanted = spec.value_type if spec else entry.get("type") or _infer_type(text)
    if spec is not None and entry.get("type") and entry["type"] != spec.value_type:
        raise ParameterError(f"参数“{spec.label}”的类型应为 {spec.value_type}")
    if wanted not in (DECIMAL, INTEGER, TEXT):
        raise ParameterError(f"type“{wanted}”无效（应为 decimal、integer 或 text）")
    if not text:
        raise ParameterError("value 不能为空")
    if wanted == INTEGER and not (text.lstrip("-").isdigit()):
        raise ParameterError(f"value“{text}”应为整数")
    if wanted == DECIMAL:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ParameterError(f"value“{text}”不是有效数字") from None
        if not number.is_finite():
            raise ParameterError(f"value“{text}”不是有效数字")
    return wanted, text, ""


def _infer_type(text: str) -> str:
    if text.lstrip("-").isdigit():
        return INTEGER
    try:
        return DECIMAL if Decimal(text).is_finite() else TEXT
    except InvalidOperation:
        return TEXT


def parse_entry(entry: Any, *, require_source: bool = True, override: bool = False) -> ParamRecord:
    if not isinstance(entry, dict):
        raise ParameterError("每条参数应为一个 JSON 对象")
    key = entry.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ParameterError(f"key“{key}”无效（小写字母开头，只含小写字母、数字和下划线）")
    region = entry.get("region")
    region = str(region).strip() if region is not None else ""
    if not valid_region_code(region):
        raise ParameterError(f"region“{region}”无效（全国默认写 00，省级2位代码，县级6位代码）")
    start, end = _period(entry)
    value_type, value, formula = _value(entry, key)
    source = str(entry.get("source") or "").strip()
    if require_source and not source:
        raise ParameterError("缺少 source（依据文件）")
    return ParamRecord(
        key=key,
        region_code=region,
        valid_from=start,
        valid_to=end,
        value_type=value_type,
        value=value,
        formula=formula,
        source=source or "本次调用临时设定",
        article=str(entry.get("article") or "").strip(),
        note=str(entry.get("note") or "").strip(),
        override=override,
    )


def entry_label(index: int, entry: Any) -> str:
    if isinstance(entry, dict):
        return f"第{index + 1}条（{entry.get('key', '?')}，区划 {entry.get('region', '?')}）"
    return f"第{index + 1}条"


def parse_entries(data: Any, *, require_source: bool = True, override: bool = False) -> list[ParamRecord]:
    """The records of a load document; raises ParameterLoadError with one message per bad entry."""
    numbered, errors = parse_numbered(data, require_source=require_source, override=override)
    if errors:
        raise ParameterLoadError(errors)
    return [rec for _, rec in numbered]


def parse_numbered(
    data: Any, *, require_source: bool = True, override: bool = False
) -> tuple[list[tuple[int, ParamRecord]], list[str]]:
    """(entry number from 1, record) for the good entries, and a message for each bad one."""
    entries = data.get("parameters") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        return [], ['文件应为 {"parameters": [ … ]} 格式']
    records: list[tuple[int, ParamRecord]] = []
    errors: list[str] = []
    for index, entry in enumerate(entries):
        try:
            rec = parse_entry(entry, require_source=require_source, override=override)
        except ParameterError as exc:
            errors.append(f"{entry_label(index, entry)}：{exc}")
            continue
        clash = next(
            (r for _, r in records if r.key == rec.key and r.region_code == rec.region_code and r.overlaps(rec)), None
        )
        if clash is not None:
            errors.append(
                f"{entry_label(index, entry)}：与本文件中另一条同区划、同参数的记录（{clash.period}）有效期重叠"
            )
            continue
        records.append((index + 1, rec))
    return records, errors


class ParameterLoadError(ParameterError):
    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(self.errors))


def check_formulas(table: ParameterTable, records: Sequence[ParamRecord]) -> list[str]:
    """Evaluate each formula record at its own region and start date; the errors, if any."""
    errors = []
    for rec in records:
        if rec.value_type != FORMULA:
            continue
        try:
            table.resolve(rec.key, rec.region_code, rec.valid_from)
        except ParameterError as exc:
            errors.append(f"{rec.key}（区划 {rec.region_code}，{rec.period}）：{exc}")
    return errors


__all__ = [
    "DECIMAL",
    "FORMULA",
    "INTEGER",
    "TEXT",
    "MissingParameter",
    "ParamRecord",
    "ParameterError",
    "ParameterLoadError",
    "ParameterTable",
    "Resolved",
    "check_formulas",
    "parse_entries",
    "parse_entry",
    "parse_numbered",
]
