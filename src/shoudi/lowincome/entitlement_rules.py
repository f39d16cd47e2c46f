"""The rules of the entitlements a layer brings (seed 003): the parameters with their defaults and sources, and
one pure function per kind that reads a member's department rows of the year and says what was expected, what the
data show and whether that is the entitlement delivered (``lowincome.entitlements`` gathers the rows and writes
the items).

| key | default | source |
| --- | --- | --- |
| ``premium_subsidy_share_tekun`` | 1.0 (全额资助) | seed 003 第三部分（三）1 |
| ``premium_subsidy_share_dibao`` | 0.8 (80–90% of the personal contribution, 定额资助) | seed 003 第三部分（三）1 |
| ``medical_assistance_share`` | 0.7 | seed 003 第三部分（三）3 |
| ``medical_assistance_cap`` | none: without a stored value there is no cap | seed 003 第三部分（三）3 (合理设定年度救助限额) |
| ``university_grant`` | 7,000 元 | seed 003 第二部分（三）1③ |
| ``tuition_support_max`` | 8,000 元 a school year | seed 003 第二部分（三）1③ |

Each is read per county (``policy/keys.py``; stored values win over these defaults).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shoudi.accounts.roles import Department
from shoudi.feeds.models import FeedRecord
from shoudi.lowincome import codes
from shoudi.policy.layers import Layer
from shoudi.policy.params import ParameterSet, builtin
from shoudi.policy.values import Resolved

Kind, Status = codes.EntitlementKind, codes.EntitlementStatus
SEED_003 = "《法库县巩固拓展脱贫攻坚成果同乡村振兴有效衔接五年规划（2021年—2025年）》"
DEFAULTS: dict[str, tuple[Decimal, str, str]] = {
    # key: (value, value type, source)
    "premium_subsidy_share_tekun": (
        Decimal("1.0"),
        "decimal",
        f"seed 003 {SEED_003}第三部分（三）1：继续全额资助农村特困人员",
    ),
    "premium_subsidy_share_dibao": (
        Decimal("0.8"),
        "decimal",
        f"seed 003 {SEED_003}第三部分（三）1：定额资助低保对象，资助标准原则上为个人缴费标准的80%-90%",
    ),
    "medical_assistance_share": (
        Decimal("0.7"),
        "decimal",
        f"seed 003 {SEED_003}第三部分（三）3：特困人员、低保对象在年度救助限额内，合规住院自付费用救助比例不低于70%",
    ),
    "university_grant": (
        Decimal("7000"),
        "decimal",
        f"seed 003 {SEED_003}第二部分（三）1③：当年正式录取的脱贫家庭学生一次性资助每生7000元",
    ),
    "tuition_support_max": (
        Decimal("8000"),
        "decimal",
        f"seed 003 {SEED_003}第二部分（三）1③：脱贫家庭大学生学费和住宿费每学年低于8000元的据实补助，高于的按8000元",
    ),
}
CAP = "medical_assistance_cap"
DEPARTMENT = {
    Kind.PREMIUM_SUBSIDY: Department.MEDICAL_INSURANCE,
    Kind.MEDICAL_ASSISTANCE: Department.MEDICAL_INSURANCE,
    Kind.UNIVERSITY_GRANT: Department.EDUCATION,
    Kind.TUITION_SUPPORT: Department.EDUCATION,
}
UNIVERSITY = ("大学", "本科", "专科", "高职")  # 学段 text naming university level (matched as a substring)
TOLERANCE = Decimal("1")  # aid shown may fall short of the expected by at most 1 元 (rounding of the claims)
FULL, FIXED, NONE = "全额资助", "定额资助", "未资助"
CENT = Decimal("0.01")


def resolved(key: str, region: str, on: dt.date, pset: ParameterSet) -> Resolved | None:
    """The county's value, else the built-in default (``DEFAULTS``); None for a key without one (the cap)."""
    found = pset.get(key, region, on)
    if found is not None:
        return found
    return builtin(key, *DEFAULTS[key]) if key in DEFAULTS else None


def yuan(value: Decimal) -> str:
    return f"{value.quantize(CENT):,.2f}"


def percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


@dataclass(frozen=True)
class Finding:
    """What the data say about one entitlement of one member in the year."""

    person_id: Any
    household_id: Any
    village_id: str
    kind: str
    layer: str
    expected: str
    found: str
    delivered: bool


@dataclass
class Params:
    tekun_share: Decimal
    dibao_share: Decimal
    aid_share: Decimal
    cap: Decimal | None
    grant: Decimal
    tuition_max: Decimal


def params_for(county: str, on: dt.date, pset: ParameterSet) -> Params:
    def value(key: str) -> Decimal:
        found = resolved(key, county, on, pset)
        assert found is not None
        return found.decimal

    cap = resolved(CAP, county, on, pset)
    return Params(
        tekun_share=value("premium_subsidy_share_tekun"),
        dibao_share=value("premium_subsidy_share_dibao"),
        aid_share=value("medical_assistance_share"),
        cap=cap.decimal if cap is not None else None,
        grant=value("university_grant"),
        tuition_max=value("tuition_support_max"),
    )


# ---- the rules, one per kind (pure: rows in, a finding out) --------------------------------------------------


def premium(layer: str, share: Decimal, rows: list[FeedRecord]) -> tuple[str, str, bool]:
    """(expected, found, delivered) of the premium subsidy from the person's enrolment rows of the year."""
    full_only = share >= 1
    accepted = (FULL,) if full_only else (FULL, FIXED)
    who = "特困人员" if layer == Layer.TEKUN else "低保对象"
    expected = f"{who}个人缴费{'全额资助' if full_only else f'资助{percent(share)}（全额或定额资助）'}"
    insured = [r for r in rows if r.status == "已参保"]
    if any(r.detail in accepted for r in insured):
        row = next(r for r in insured if r.detail in accepted)
        amount = f"，资助金额 {yuan(row.amount)} 元" if row.amount is not None else ""
        return expected, f"已参保，{row.detail}{amount}", True
    if not rows:
        return expected, "医保参保数据中无本年度参保记录", False
    if not insured:
        return expected, "本年度未参保", False
    shown = next((r.detail for r in insured if r.detail), "")
    if not shown:
        return expected, "已参保，未显示资助类别", False
    return expected, f"已参保，资助类别为{shown}", False


def medical_aid(share: Decimal, cap: Decimal | None, claims: list[FeedRecord]) -> tuple[str, str, bool]:
    """(expected, found, delivered) of the medical assistance from the person's in-patient claims of the year."""
    aid = sum((r.amount_aid or Decimal(0) for r in claims), Decimal(0))
    before = sum(((r.amount_oop or Decimal(0)) + (r.amount_aid or Decimal(0)) for r in claims), Decimal(0))
    wanted = share * before
    capped = cap is not None and wanted > cap
    if cap is not None:
        wanted = min(wanted, cap)
    limit = f"，年度限额 {yuan(cap)} 元{'（已达限额）' if capped else ''}" if cap is not None else ""
    expected = f"不低于合规住院自付费用的{percent(share)}：{yuan(wanted)} 元（合规自付 {yuan(before)} 元{limit}）"
    found = f"住院 {len(claims)} 次，医疗救助 {yuan(aid)} 元"
    return expected, found, wanted - aid <= TOLERANCE


def university_level(stage: str) -> bool:
    return any(word in (stage or "") for word in UNIVERSITY)


def _school(row: FeedRecord) -> str:
    place = f"，{row.detail}" if row.detail else ""
    day = f"，{row.on:%Y-%m-%d}" if row.on else ""
    return f"{row.status}（{row.category}{place}{day}）"


def grant(amount: Decimal, admitted: list[FeedRecord]) -> tuple[str, str, bool]:
    expected = f"脱贫家庭大学新生一次性资助 {yuan(amount)} 元"
    paid = [r for r in admitted if r.amount is not None and r.amount >= amount]
    row = paid[0] if paid else admitted[0]
    shown = f"资助金额 {yuan(row.amount)} 元" if row.amount is not None else "未显示资助金额"
    return expected, f"{_school(row)}，{shown}", bool(paid)


def tuition(maximum: Decimal, enrolled: list[FeedRecord]) -> tuple[str, str, bool]:
    whole = maximum.quantize(CENT)
    shown = f"{whole:.0f}" if whole == whole.to_integral_value() else f"{whole:.2f}"
    expected = f"学费和住宿费据实补助，最高{shown}元/学年"
    paid = [r for r in enrolled if r.amount is not None and r.amount > 0]
    row = paid[0] if paid else enrolled[0]
    shown = f"资助金额 {yuan(row.amount)} 元" if paid and row.amount is not None else "未显示资助金额"
    return expected, f"{_school(row)}，{shown}", bool(paid)
