"""The two layouts of an income spreadsheet and how a cell becomes a value.

- Wide (按户填写, the county's own sheet): one row per household and year, a column per item named by its Chinese
  label (``registry.codes``); a wage column is the household's wage of that item.
- Long (按项目填写): one row per household, year and item (per member for wages), with optional months.

Headers are compared after ``norm_header`` (full-width to half-width, no spaces) and without a unit suffix such
as “（元）”, so 务工收入（元）, 务工收入(元/年) and 务工 收入 are one column. Columns a county sheet carries for
reading (序号, 户主姓名, totals…) are ignored; any other unknown column refuses the file, naming it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from shoudi.core.exports import FORMULA_PREFIXES, GUARD
from shoudi.income.inputs import ITEM_LABELS, WAGE_ITEMS, amount_problem
from shoudi.registry import codes as rcodes
from shoudi.registry.io.columns import norm_header

WIDE, LONG = "wide", "long"
WIDE_SHEET, LONG_SHEET = "按户填写", "按项目填写"
NUMBER, HEAD_ID, YEAR, DATE, NOTE = "户编号", "户主身份证号", "年度", "核算日期", "备注"
ITEM, AMOUNT, MEMBER_ID, PLACE, MONTHS = "项目", "金额", "成员身份证号", "务工地点", "务工月数"
MONTH_HEADERS = tuple(f"{m}月" for m in range(1, 13))
YEAR_MIN, YEAR_MAX = 2013, 2100
UNIT = re.compile(r"[(\[]?(元/年|元/户|元)[)\]]?$")
ALIASES = {
    "户号": NUMBER,
    "农户编号": NUMBER,
    "户主身份证号码": HEAD_ID,
    "户主证件号码": HEAD_ID,
    "核算年度": YEAR,
    "年份": YEAR,
    "收入年度": YEAR,
    "收支项目": ITEM,
    "收入项目": ITEM,
    "项目名称": ITEM,
    "全年金额": AMOUNT,
    "成员身份证号码": MEMBER_ID,
    "务工时间": MONTHS,
    "务工时间(月)": MONTHS,
    "务工月份数": MONTHS,
}
# read by people, not by the import (the export writes 所在村 and 户主姓名)
IGNORED = frozenset(
    norm_header(h)
    for h in (
        "序号", "乡镇", "村", "所在村", "村名", "所在乡镇", "户主姓名", "户主", "成员姓名", "姓名", "家庭人口",
        "家庭人口数", "人口数", "合计", "总收入", "家庭总收入", "家庭纯收入", "纯收入", "人均纯收入",
        "家庭人均纯收入", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "项目代码",
    )
)  # fmt: skip
FIXED = {NUMBER, HEAD_ID, YEAR, DATE, NOTE}
LONG_FIXED = {*FIXED, ITEM, AMOUNT, MEMBER_ID, PLACE, MONTHS, *MONTH_HEADERS}
KEY_MARKERS = frozenset({norm_header(NUMBER), norm_header(HEAD_ID), "户号", "农户编号", "户主身份证号码"})
CENT = Decimal("0.01")
MAX_EXACT_FLOAT = 10**15
FAST_LIMIT = 10**8  # below MAX_AMOUNT + 0.01
ITEM_BY_NAME: dict[str, str] = {}
for _code, _label in ITEM_LABELS.items():
    ITEM_BY_NAME[norm_header(_label)] = _code
    ITEM_BY_NAME[_code] = _code
PLACES = {str(label): str(value) for value, label in rcodes.WorkPlace.choices if value}
PLACES.update({str(v): str(v) for v in rcodes.WorkPlace.values if v})


class CellError(ValueError):
    """A bad cell; the (Chinese) message says what is wrong and what is allowed."""


def header_key(raw: Any) -> str:
    """The normalised name of a header: no spaces, half-width, no unit suffix, aliases resolved."""
    name = norm_header(raw)
    bare = UNIT.sub("", name) or name
    for candidate in (name, bare):
        if candidate in ALIASES:
            return ALIASES[candidate]
        if candidate in ITEM_BY_NAME or candidate in LONG_FIXED or candidate in IGNORED:
            return candidate
    return bare


@dataclass
class Layout:
    kind: str  # WIDE or LONG
    positions: dict[str, int]  # fixed column → index
    items: dict[int, str]  # wide: column index → item code
    unknown: list[str]


def detect(headers: list[Any]) -> Layout | None:
    """Which layout the headers are (None: neither), with the position of each known column."""
    positions: dict[str, int] = {}
    items: dict[int, str] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for index, raw in enumerate(headers):
        if raw is None or not str(raw).strip():
            continue
        key = header_key(raw)
        if key in IGNORED:
            continue
        if key in LONG_FIXED:
            if key in positions:
                duplicated.append(key)
            positions.setdefault(key, index)
        elif key in ITEM_BY_NAME:
            code = ITEM_BY_NAME[key]
            if code in items.values():
                duplicated.append(str(raw).strip())
            items[index] = code
        else:
            unknown.append(str(raw).strip())
    if duplicated:
        unknown += [f"{name}（重复）" for name in dict.fromkeys(duplicated)]
    if NUMBER not in positions and HEAD_ID not in positions:
        return None
    if ITEM in positions or AMOUNT in positions:
        kind = LONG
        unknown += [ITEM_LABELS[code] for code in items.values()]
    elif items or unknown:  # a wide sheet whose item columns are misnamed: name them
        kind = WIDE
        unknown += [h for h in (ITEM, AMOUNT, MEMBER_ID, PLACE, MONTHS, *MONTH_HEADERS) if h in positions]
    else:
        return None
    return Layout(kind, positions, items if kind == WIDE else {}, unknown)


# -- cells ------------------------------------------------------------------------------------------------
def text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, the export's formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        result = value.strip()
        if len(result) > 1 and result[0] == GUARD and result[1] in FORMULA_PREFIXES:
            result = result[1:]
        if "\x00" in result:
            raise CellError("含有不可见的控制字符（NUL），请删除后重新填写")
        return result
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def amount(value: Any) -> Decimal | None:
    """Yuan, at most two decimals, 0 – 99,999,999.99; None for an empty cell."""
    if type(value) is float and 0 <= value < FAST_LIMIT:  # the common cell, a million times per county
        if value.is_integer():
            return Decimal(int(value))
        number = Decimal(repr(value))
        if number.as_tuple().exponent >= -2:  # type: ignore[operator]
            return number
        raise CellError("最多保留两位小数")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("应为数字")
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        raw = text(value).replace(",", "").replace("，", "")
        if not raw:
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise CellError(f"应为金额（数字），当前为“{raw[:30]}”") from None
    problem = amount_problem(number)
    if problem:
        raise CellError(problem if number.is_finite() else "应为金额（数字）")
    return number.quantize(CENT)


def year(value: Any) -> int:
    raw = text(value).removesuffix("年")
    if not raw:
        raise CellError("不能为空")
    if not raw.isdigit():
        raise CellError(f"应为四位年份，当前为“{raw[:30]}”")
    number = int(raw)
    if not YEAR_MIN <= number <= YEAR_MAX:
        raise CellError(f"应在{YEAR_MIN}–{YEAR_MAX}年之间，当前为{number}")
    return number


def date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", raw)
    try:
        if match is None:
            raise ValueError
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(f"应为日期，格式如 2026-10-01，当前为“{raw[:30]}”") from None


def code(value: Any, *, limit: int = 20) -> str:
    if isinstance(value, float) and value >= MAX_EXACT_FLOAT:
        raise CellError("被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写")
    raw = text(value)
    if not raw:
        raise CellError("不能为空")
    if len(raw) > limit or not raw.replace("-", "").isalnum() or not raw.isascii():
        raise CellError(f"应为不超过{limit}位的数字或字母，当前为“{raw[:30]}”")
    return raw


def item(value: Any) -> str:
    raw = text(value)
    if not raw:
        raise CellError("不能为空")
    found = ITEM_BY_NAME.get(header_key(raw)) or ITEM_BY_NAME.get(raw.lower())
    if found is None:
        raise CellError(f"“{raw[:30]}”不是收支项目；可填写的项目见模板的“填写说明”")
    return found


def place(value: Any) -> str:
    raw = norm_header(text(value))
    if not raw or raw == "未务工":
        return ""
    if raw not in PLACES:
        raise CellError(f"应为{'、'.join(label for label in PLACES if not label.isascii())}，当前为“{raw[:30]}”")
    return PLACES[raw]


def months(value: Any) -> int | None:
    raw = text(value)
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 12:
        raise CellError(f"应为0–12的整数，当前为“{raw[:30]}”")
    return int(raw)


def note(value: Any) -> str:
    raw = text(value)
    if len(raw) > 200:
        raise CellError(f"不能超过200个字，当前{len(raw)}个字")
    return raw


def is_wage(code_: str) -> bool:
    return code_ in WAGE_ITEMS
