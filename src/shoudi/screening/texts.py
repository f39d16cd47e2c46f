"""Evidence in plain Chinese, from a rule's evidence rows (one text per person for ``medical_oop``, else per record)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from shoudi.screening.params import CountyParams

SOURCE_LABELS = {"vehicles": "交管车辆", "market": "市场监管", "real_estate": "不动产", "payroll": "财政供养"}


def ineligible_what(row: Mapping[str, Any]) -> str:
    """What a ``suspected_ineligible`` record says, worded as a suspicion (its ``note``: the source, or ``car`` /
    ``car_leisure`` for a 小型轿车 the registry has not judged / records as a 享受型轿车)."""
    note, category = row["note"] or "", row["category"] or ""
    if note == "car":
        return f"交管登记{category}，未认定是否享受型轿车"
    if note == "car_leisure":
        return f"交管登记{category}，农户信息中已登记享受型轿车"
    if note == "vehicles":
        return f"交管登记{category}"
    if note == "market":
        return f"市场监管登记有市场主体（{category}）" if category else "市场监管登记有市场主体"
    if note == "real_estate":
        return "不动产登记有商业用房"
    if note == "payroll":
        return "为财政供养人员"
    return f"{SOURCE_LABELS.get(note, note)}登记有{category}"


def ineligible_summary(rows: Sequence[Mapping[str, Any]]) -> str:
    """The lead's summary: 疑似不符合条件（what the records say），请入户核实."""
    what = "；".join(dict.fromkeys(ineligible_what(r) for r in rows))
    return f"疑似不符合条件（{what}），请入户核实"


def yuan(value: Decimal | None) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def day(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "日期不详"


def month_range(first: dt.date, last: dt.date) -> str:
    if first.year == last.year:
        if first.month == last.month:
            return f"{first.year}年{first.month}月"
        return f"{first.year}年{first.month}–{last.month}月"
    return f"{first.year}年{first.month}月–{last.year}年{last.month}月"


def percent(ratio: Decimal) -> str:
    value = (ratio * 100).normalize()
    return f"{value:f}%"


def medical(rows: Sequence[Mapping[str, Any]], name: str, params: CountyParams) -> str:
    total = sum((Decimal(r["amount"]) for r in rows), Decimal(0))
    dates = [r["on_date"] for r in rows]
    ratio = params.ratio_former_poor if rows[0]["note"] == "former_poor" else params.ratio_others
    who = f"{name}" if name else ""
    return (
        f"{who}{month_range(min(dates), max(dates))}合规自付医疗费用 {yuan(total)} 元，"
        f"超过上年农村居民人均可支配收入 {yuan(params.income)} 元的 {percent(ratio)}"
    )


def record(rule: str, row: Mapping[str, Any], name: str, params: CountyParams | None, as_of: dt.date) -> str:
    on = day(row["on_date"])
    category, status = row["category"] or "", row["status"] or ""
    if rule == "uninsured":
        return f"{name} {as_of.year}年度医保参保状态为未参保"
    if rule == "dibao_new":
        return f"{name} {on}新纳入{category}（民政救助记录），该户为脱贫户、尚未纳入监测"
    if rule == "dibao_stopped":
        return f"{name} {on}停止低保（民政救助记录）"
    if rule == "school_dropout":
        return f"{name}（{row['note']}岁）{on}学籍状态为辍学"
    if rule == "housing_unsafe":
        return f"{on}房屋安全鉴定为{status}级"
    if rule == "disability":
        return f"{name} {on}新办{status}级残疾证（{category}）"
    if rule == "disaster":
        text = f"{on}遭受{category}"
        if row["amount"] is not None:
            text += f"，损失金额 {yuan(row['amount'])} 元"
            if params is not None and Decimal(row["amount"]) >= params.disaster_threshold:
                text += f"，达到 {yuan(params.disaster_threshold)} 元的预警标准"
        if status == "是":
            text += "，房屋倒塌"
        return text
    if rule == "labour_death":
        return f"{name} {on}死亡（公安户籍），是家中唯一有劳动能力的成员"
    if rule == "job_loss":
        return f"{name} {on}{category}（人社就业），家中没有其他成员在务工"
    if rule == "water_unsafe":
        return f"{on}饮水安全核查为不安全" + ("（按村记录）" if row["note"] == "village" else "")
    if rule == "suspected_ineligible":
        return f"{name} {on}{ineligible_what(row)}，疑似不符合条件，请入户核实"
    if rule == "register_update":
        return f"{name} {on}{category}（公安户籍），请更新农户信息"
    return f"{on} {category} {status}".strip()
