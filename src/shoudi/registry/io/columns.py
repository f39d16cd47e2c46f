"""The columns of the household/member spreadsheet: one row per person, household columns repeated.

One list serves the template, the import and the export. Enumerations are written and read by their
Chinese labels (from ``registry.codes`` through the model fields' choices), booleans as 是/否.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.db import models

from shoudi.core.exports import FORMULA_PREFIXES, GUARD
from shoudi.registry.idnumber import IdNumberError, parse
from shoudi.registry.models import Household, Person

HOUSEHOLD, PERSON = "household", "person"
FORMULA_GUARD = frozenset(GUARD)  # text starting with this may carry the exports' formula guard (core.exports)
TRUE_WORDS = frozenset({"是", "有", "y", "yes", "true", "1", "√", "✓", "t"})
FALSE_WORDS = frozenset({"否", "无", "没有", "n", "no", "false", "0", "×", "f"})
MAX_EXACT_FLOAT = 10**15  # Excel and LibreOffice keep 15 significant digits


class CellError(ValueError):
    """A bad cell; the message (Chinese) says what is wrong and what is allowed."""


@dataclass(frozen=True)
class Column:
    header: str
    target: str  # HOUSEHOLD or PERSON
    field: str  # model field name
    kind: str  # code, text, phone, choice, bool, int, decimal, id
    required: bool = False  # the column must be present
    help: str = ""
    aliases: tuple[str, ...] = ()
    convert: Callable[[Any], Any] = dataclasses.field(default=lambda v: v, compare=False, repr=False)
    allowed: str = ""  # human description of allowed values, for the explanation sheet

    def model_field(self) -> models.Field:
        model = Household if self.target == HOUSEHOLD else Person
        return cast(models.Field, model._meta.get_field(self.field))


def norm_header(text: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates ISO, the export's formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 1 and text[0] == GUARD and text[1] in FORMULA_PREFIXES:
            text = text[1:]
        return text
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _max_length(f: models.Field) -> int:
    return int(getattr(f, "max_length", 0) or 0)


def _text_converter(f: models.Field, *, required: bool) -> Callable[[Any], str]:
    limit = _max_length(f)

    def convert(value: Any) -> str:
        if type(value) is str and value and value[0] not in FORMULA_GUARD and len(value) <= limit:
            text = value.strip()
            if text:
                return text
        text = _text(value)
        if not text and required:
            raise CellError("不能为空")
        if limit and len(text) > limit:
            raise CellError(f"不能超过{limit}个字，当前{len(text)}个字")
        return text

    return convert


def _code_converter(f: models.Field, *, digits: int | None = None) -> Callable[[Any], str]:
    limit = _max_length(f)

    def convert(value: Any) -> str:
        if (
            type(value) is str
            and value.isascii()
            and value.isalnum()
            and (len(value) == digits and value.isdigit() if digits else 0 < len(value) <= limit)
        ):
            return value
        if isinstance(value, float) and value >= MAX_EXACT_FLOAT:
            raise CellError("被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写")
        text = _text(value)
        if not text:
            raise CellError("不能为空")
        if digits and (len(text) != digits or not text.isdigit()):
            raise CellError(f"应为{digits}位数字，当前为“{text}”")
        if not text.replace("-", "").isalnum() or not text.isascii():
            raise CellError(f"只能包含数字、字母和连字符，当前为“{text}”")
        if limit and len(text) > limit:
            raise CellError(f"不能超过{limit}位，当前{len(text)}位")
        return text

    return convert


def _phone_converter(f: models.Field) -> Callable[[Any], str]:
    limit = _max_length(f)

    def convert(value: Any) -> str:
        if type(value) is str and value.isdigit() and len(value) <= limit:
            return value
        text = _text(value)
        if limit and len(text) > limit:
            raise CellError(f"不能超过{limit}位")
        if text and not all(ch.isdigit() or ch in "-+() " for ch in text):
            raise CellError(f"只能包含数字和“-”，当前为“{text}”")
        return text

    return convert


def _choice_converter(f: models.Field, *, required: bool) -> tuple[Callable[[Any], str], str]:
    lookup: dict[str, str] = {}
    labels: list[str] = []
    for value, label in f.flatchoices:
        labels.append(str(label))
        lookup[norm_header(label)] = str(value)
        lookup.setdefault(norm_header(label).split("(")[0], str(value))  # a label typed without its（example）
        if value:
            lookup[norm_header(value)] = str(value)
            lookup[norm_header(value).lower()] = str(value)
    default = f.get_default() if f.has_default() else ""
    allowed = "、".join(labels)
    exact: dict[Any, str] = {str(label): str(value) for value, label in f.flatchoices}
    exact.update({str(value): str(value) for value, _label in f.flatchoices if value})
    if not required:
        exact[""] = cast(str, default)

    def convert(value: Any) -> str:
        if value in exact:
            return exact[value]
        text = norm_header(_text(value))
        if not text:
            if required:
                raise CellError(f"不能为空，可选：{allowed}")
            return cast(str, default)
        code = lookup.get(text)
        if code is None:
            code = lookup.get(text.lower())
        if code is None:
            raise CellError(f"“{_text(value)}”不在可选值中，可选：{allowed}")
        return code

    return convert, allowed


def _bool_converter(f: models.Field) -> Callable[[Any], bool]:
    default = bool(f.get_default())
    exact: dict[Any, bool] = {"是": True, "否": False, "": default, True: True, False: False}

    def convert(value: Any) -> bool:
        if value in exact:
            return exact[value]
        text = norm_header(_text(value)).lower()
        if not text:
            return default
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise CellError(f"应填写“是”或“否”，当前为“{_text(value)}”")

    return convert


def _bounds(f: models.Field) -> tuple[int | None, int | None, str]:
    low = high = None
    message = ""
    for v in f.validators:
        limit = getattr(v, "limit_value", None)
        if type(v).__name__ == "MinValueValidator":
            low = limit if low is None else max(low, limit)
        elif type(v).__name__ == "MaxValueValidator":
            high = limit if high is None else min(high, limit)
        else:
            continue
        message = message or str(getattr(v, "message", "") or "")
    return low, high, message


def _int_converter(f: models.Field) -> Callable[[Any], int | None]:
    low, high, message = _bounds(f)
    if isinstance(f, models.PositiveSmallIntegerField | models.PositiveIntegerField) and low is None:
        low = 0
    default = f.get_default() if f.has_default() else None
    range_text = message or f"应在{low}–{high}之间"

    def convert(value: Any) -> int | None:
        if value == "":
            return cast("int | None", default)
        if type(value) is float and value.is_integer():
            number = int(value)
            if (low is None or number >= low) and (high is None or number <= high):
                return number
        text = _text(value)
        if not text:
            return cast("int | None", default)
        try:
            number = int(text)
        except ValueError:
            raise CellError(f"应为整数，当前为“{text}”") from None
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(f"{range_text}，当前为{number}")
        return number

    return convert


_DECIMALS: dict[str, Decimal] = {}
CENT = Decimal("0.01")


def _decimal_converter(f: models.DecimalField) -> Callable[[Any], Decimal]:
    whole_digits = int(f.max_digits or 14) - int(f.decimal_places or 2)
    ceiling = Decimal(10) ** whole_digits
    default = Decimal(str(f.get_default() or 0)).quantize(CENT)

    def convert(value: Any) -> Decimal:
        if value == "":
            return default
        text = _text(value).replace(",", "").replace("，", "")
        if not text:
            return default
        cached = _DECIMALS.get(text)
        if cached is not None:
            return cached
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(f"应为数字，当前为“{text}”") from None
        if not number.is_finite():
            raise CellError(f"应为数字，当前为“{text}”")
        if number < 0:
            raise CellError("不能为负数")
        if number >= ceiling:
            raise CellError(f"数值过大（应小于{ceiling:,}）")
        number = number.quantize(CENT)
        if len(_DECIMALS) < 100_000:
            _DECIMALS[text] = number
        return number

    return convert


def _id_converter(value: Any) -> str:
    if isinstance(value, float) and value >= MAX_EXACT_FLOAT:
        raise CellError("被Excel存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写")
    text = _text(value)
    if "*" in text:
        raise CellError("身份证号已脱敏（含*号），不能用于导入；请由有权查看完整证件号的账号导出后再导入")
    try:
        return parse(text).number
    except IdNumberError as exc:
        raise CellError(str(exc)) from None


# header, target, field, kind, required, help
_SPEC: list[tuple[str, str, str, str, bool, str]] = [
    ("户编号", HOUSEHOLD, "number", "code", True, "本户编号，同户各成员行填写相同的户编号；按户编号匹配系统中已有农户"),
    ("村代码", HOUSEHOLD, "village", "village", True, "所在村的12位统计用区划代码，须在您负责的区域内"),
    ("详细地址", HOUSEHOLD, "address", "text", False, "组、门牌等"),
    ("户类型", HOUSEHOLD, "status", "choice", False, "留空为“一般农户”"),
    ("脱贫年度", HOUSEHOLD, "exit_year", "int", False, "脱贫户填写脱贫的年份（2013–2020），一般农户留空"),
    ("易地扶贫搬迁", HOUSEHOLD, "relocated", "bool", False, "是否易地扶贫搬迁户"),
    ("安置点", HOUSEHOLD, "relocation_site", "text", False, "搬迁户的安置点名称"),
    ("住房安全等级", HOUSEHOLD, "housing_grade", "choice", False, "住房安全鉴定等级，未鉴定留空"),
    ("饮水安全", HOUSEHOLD, "water_safe", "bool", False, "留空为“是”"),
    ("耕地面积（亩）", HOUSEHOLD, "land_mu", "decimal", False, "数字，最多两位小数"),
    ("主要生产工具", HOUSEHOLD, "production_tools", "text", False, ""),
    ("负债（元）", HOUSEHOLD, "debt", "decimal", False, "数字，最多两位小数"),
    ("拥有享受型轿车", HOUSEHOLD, "leisure_car", "bool", False, "家庭成员拥有享受型轿车（原则上不纳入监测）"),
    ("其他小汽车认定", HOUSEHOLD, "other_car", "choice", False, "不属于享受型轿车的小汽车：生产经营用车或低值代步车"),
    ("车辆认定理由", HOUSEHOLD, "car_reason", "text", False, "填写了“其他小汽车认定”时必填"),
    ("有大中型货车或工程机械", HOUSEHOLD, "truck_or_excavator", "bool", False, ""),
    ("有商品房或商铺", HOUSEHOLD, "commercial_property", "bool", False, ""),
    ("有登记的市场主体", HOUSEHOLD, "business", "bool", False, "家庭成员登记有个体工商户、公司等市场主体"),
    ("村民代表大会决定不排除", HOUSEHOLD, "assembly_override", "bool", False, "有上述排除情形但村民代表大会决定纳入"),
    ("村民代表大会决定说明", HOUSEHOLD, "assembly_note", "text", False, ""),
    ("户联系电话", HOUSEHOLD, "phone", "phone", False, ""),
    ("身份证号", PERSON, "id_number", "id", True, "18位居民身份证号（旧15位号码自动升位）；请将该列设为文本格式"),
    ("姓名", PERSON, "name", "text_required", True, ""),
    ("与户主关系", PERSON, "relationship", "choice_required", True, "每户必须有且只有一位“户主”"),
    ("户籍在本户", PERSON, "registered", "bool", False, "留空为“是”"),
    ("实际共同生活", PERSON, "living_in", "bool", False, "留空为“是”"),
    ("文化程度", PERSON, "education", "choice", False, ""),
    ("在校阶段", PERSON, "school_stage", "choice", False, "留空为“非在校生”"),
    ("健康状况", PERSON, "health", "choice", False, "留空为“健康”"),
    ("残疾类别", PERSON, "disability_category", "choice", False, "无残疾留空或填“无”"),
    ("残疾等级", PERSON, "disability_grade", "int", False, "1–4级，无残疾留空"),
    ("劳动技能", PERSON, "labor", "choice", False, "留空为“普通劳动力”"),
    ("务工地点", PERSON, "work_place", "choice", False, "未务工留空"),
    ("务工时间（月）", PERSON, "work_months", "int", False, "0–12"),
    ("务工收入（元/年）", PERSON, "work_income", "decimal", False, ""),
    ("参加基本医疗保险", PERSON, "medical_insurance", "bool", False, "参加城乡居民基本医疗保险，留空为“是”"),
    ("参加基本养老保险", PERSON, "pension_insurance", "bool", False, "参加城乡居民基本养老保险，留空为“否”"),
    ("低保对象", PERSON, "dibao", "bool", False, ""),
    ("特困供养人员", PERSON, "tekun", "bool", False, ""),
    ("财政供养人员", PERSON, "public_payroll", "bool", False, "机关事业单位等财政供养人员"),
    ("成员联系电话", PERSON, "phone", "phone", False, ""),
]

ALIASES: dict[str, tuple[str, ...]] = {
    "户编号": ("户号",),
    "村代码": ("所在村代码", "村级区划代码"),
    "身份证号": ("身份证号码", "证件号码", "公民身份号码"),
    "易地扶贫搬迁": ("易地扶贫搬迁户",),
    # the column's name before 享受型轿车 was told apart from other cars (issue 14); old sheets still import
    "拥有享受型轿车": ("有非营运小汽车", "有享受型轿车"),
}


def _build(header: str, target: str, name: str, kind: str, required: bool, help_text: str) -> Column:
    model = Household if target == HOUSEHOLD else Person
    f = cast(models.Field, model._meta.get_field(name))
    allowed = ""
    convert: Callable[[Any], Any]
    if kind == "code":
        convert, allowed = _code_converter(f), "数字或字母，最长20位"
    elif kind == "village":
        convert, allowed = _code_converter(f, digits=12), "12位数字"
    elif kind in ("text", "text_required"):
        convert = _text_converter(f, required=kind == "text_required")
        allowed = f"文字，最多{_max_length(f)}字" + ("，不能为空" if kind == "text_required" else "")
    elif kind == "phone":
        convert, allowed = _phone_converter(f), "电话号码"
    elif kind in ("choice", "choice_required"):
        convert, allowed = _choice_converter(f, required=kind == "choice_required")
    elif kind == "bool":
        convert, allowed = _bool_converter(f), "是、否"
    elif kind == "int":
        convert = _int_converter(f)
        low, high, _ = _bounds(f)
        allowed = f"整数 {low if low is not None else 0}–{high}" if high is not None else "整数"
    elif kind == "decimal":
        convert, allowed = _decimal_converter(cast(models.DecimalField, f)), "不小于0的数字，最多两位小数"
    elif kind == "id":
        convert, allowed = _id_converter, "18位身份证号"
    else:  # pragma: no cover - the spec above is fixed
        raise ValueError(kind)
    return Column(header, target, name, kind, required, help_text, ALIASES.get(header, ()), convert, allowed)


COLUMNS: list[Column] = [_build(*spec) for spec in _SPEC]
HOUSEHOLD_COLUMNS = [c for c in COLUMNS if c.target == HOUSEHOLD]
PERSON_COLUMNS = [c for c in COLUMNS if c.target == PERSON]
REQUIRED_HEADERS = [c.header for c in COLUMNS if c.required]
BY_HEADER: dict[str, Column] = {}
for _col in COLUMNS:
    for _name in (_col.header, *_col.aliases):
        BY_HEADER[norm_header(_name)] = _col

# Columns the export adds for reading; the import ignores them (and any other unknown column).
EXTRA_EXPORT_HEADERS = ("所在村", "性别")


def match_headers(headers: list[Any]) -> tuple[dict[int, Column], list[str], list[str]]:
    """Map column positions to columns. Returns (positions, missing required headers, duplicated headers)."""
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    duplicated: list[str] = []
    for index, raw in enumerate(headers):
        column = BY_HEADER.get(norm_header(raw))
        if column is None:
            continue
        if column.header in seen:
            duplicated.append(column.header)
            continue
        seen[column.header] = index
        found[index] = column
    missing = [h for h in REQUIRED_HEADERS if h not in seen]
    return found, missing, duplicated
