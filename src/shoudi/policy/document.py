"""The load format of parameters (``shoudi policy load``, the built-in data, the page's form, one-call
overrides): entries of ``{"parameters": [...]}`` checked one by one into ``ParamRecord``s, with one Chinese
message per bad entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from shoudi.policy.keys import DECIMAL, FORMULA, INTEGER, KEY_PATTERN, KEYS, TEXT, valid_region_code
from shoudi.policy.records import ParameterError, ParamRecord, formula_names


class ParameterEntry(TypedDict, total=False):
    """One entry of the load format (CLI.md): a key for a region and a period, a value or a formula, a source."""

    key: str
    region: str  # "00" national, 2 digits a province, 6 a county
    year: int | str  # or valid_from (and valid_to)
    valid_from: str  # YYYY-MM-DD
    valid_to: str | None
    value: str | int
    formula: str
    type: str  # decimal, integer or text, for a key the catalogue does not list
    source: str
    article: str
    note: str


class ParameterDocument(TypedDict):
    parameters: list[ParameterEntry]


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
