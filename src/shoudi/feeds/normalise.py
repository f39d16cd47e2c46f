"""Reading one cell of a department export into its canonical value.

Real exports differ from the template: full-width digits and letters (NFKC folds them), dates written
five ways (2021-06-03, 2021/6/3, 2021年6月3日, 20210603, an Excel serial number or a real date cell),
是/否 as Y/N or 1/0, 男/女 as M/F, money with thousands separators or a 元 suffix. Every failure is a
``CellError`` whose Chinese message says what was found and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from shoudi.feeds.sources import CHOICE, DATE, ID, MONEY, NAME, TEXT, VILLAGE, YEAR, Column
from shoudi.registry.idnumber import IdNumberError
from shoudi.registry.idnumber import parse as parse_id

EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_MONEY = Decimal("999999999999.99")
DATE_FORMS = "2021-06-03、2021/6/3、2021年6月3日 或 20210603"
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
SEX_WORDS: dict[str, tuple[str, ...]] = {
    "男": ("男", "M", "MALE", "1", "男性"),
    "女": ("女", "F", "FEMALE", "2", "女性"),
}


class CellError(ValueError):
    """A bad cell; the message is Chinese."""


def text(value: Any) -> str:
    """A cell as folded text: full-width → half-width (NFKC), trimmed; numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    folded = unicodedata.normalize("NFKC", str(value)).strip()
    if folded.startswith("'"):  # a formula guard or Excel's text marker
        folded = folded[1:].strip()
    return folded


def _key(value: str) -> str:
    return "".join(value.split()).upper()


def choice(value: Any, values: dict[str, tuple[str, ...]]) -> str:
    raw = text(value)
    key = _key(raw)
    for canonical, spellings in values.items():
        if key == _key(canonical) or key in {_key(s) for s in spellings}:
            return canonical
    raise CellError(f"无法识别的值“{raw}”，应为：{'、'.join(values)}")


def yes_no(value: Any) -> str:
    from shoudi.feeds.sources import YES_NO

    return choice(value, YES_NO)


def sex(value: Any) -> str:
    return choice(value, SEX_WORDS)


def _from_serial(number: float) -> dt.date:
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def date(value: Any) -> dt.date:
    """A date from a date cell, an Excel serial number or one of the written forms."""
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = _date_from_number(float(value))
    else:
        raw = text(value)
        if not raw:
            raise CellError("不能为空")
        result = _date_from_text(raw)
    if not MIN_DATE <= result <= MAX_DATE:
        raise CellError(f"日期“{result:%Y-%m-%d}”不合理")
    return result


def _date_from_number(number: float) -> dt.date:
    if 19000101 <= number <= 21001231 and number.is_integer():
        return _date_from_text(str(int(number)))
    if 1 <= number < 100000:
        return _from_serial(number)
    raise CellError(f"无法识别的日期“{text(number)}”，应为{DATE_FORMS}")


def _date_from_text(raw: str) -> dt.date:
    compact = raw.replace(" ", "")
    try:
        if compact.isdigit() and len(compact) == 8:
            return dt.date(int(compact[:4]), int(compact[4:6]), int(compact[6:]))
        if compact.isdigit() and len(compact) == 5:  # an Excel serial number exported as text
            return _from_serial(float(compact))
        match = _DATE_RE.match(raw)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"日期“{raw}”不存在") from None
    raise CellError(f"无法识别的日期“{raw}”，应为{DATE_FORMS}")


def year(value: Any) -> int:
    raw = text(value).removesuffix("年").removesuffix("年度").strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    if not (raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100):
        raise CellError(f"无法识别的年度“{text(value)}”，应为四位年份，如 2024")
    return int(raw)


def money(value: Any) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        raw = text(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        raw = raw.removesuffix("元").strip()
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise CellError(f"无法识别的金额“{text(value)}”，应为数字（元）") from None
    if not amount.is_finite():
        raise CellError(f"无法识别的金额“{text(value)}”")
    if amount < 0:
        raise CellError(f"金额不能为负数，当前为“{text(value)}”")
    if amount > MAX_MONEY:
        raise CellError(f"金额“{text(value)}”过大")
    return amount.quantize(Decimal("0.01"))


def id_number(value: Any) -> str:
    """Normalised 18-character ID (15 → 18), validated by ``shoudi.registry.idnumber``."""
    if isinstance(value, float) and value >= 1e15:
        raise CellError("被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新导出")
    try:
        return parse_id(text(value)).number
    except IdNumberError as exc:
        raise CellError(str(exc)) from None


def village_code(value: Any) -> str:
    raw = text(value)
    if not (raw.isdigit() and len(raw) == 12):
        raise CellError(f"村代码应为12位数字，当前为“{raw}”")
    return raw


def cell(column: Column, value: Any) -> Any:
    """The canonical value of ``value`` for ``column``; ``None``/"" for an empty optional cell."""
    if column.kind == ID:
        if not text(value):
            if column.required:
                raise CellError("不能为空")
            return ""
        return id_number(value)
    if column.kind == NAME:
        return text(value)[:50]
    if not text(value):
        if column.required:
            raise CellError("不能为空")
        return "" if column.kind in (TEXT, VILLAGE, CHOICE) else None
    if column.kind == DATE:
        return date(value)
    if column.kind == YEAR:
        return year(value)
    if column.kind == MONEY:
        return money(value)
    if column.kind == CHOICE:
        return choice(value, column.values)
    if column.kind == VILLAGE:
        return village_code(value)
    raw = text(value)
    if column.max_length and len(raw) > column.max_length:
        raise CellError(f"不能超过{column.max_length}个字，当前{len(raw)}个字")
    return raw
