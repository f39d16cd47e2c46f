"""Resident ID numbers (GB 11643-1999): normalise, validate, convert 15 → 18, derive, mask.

The check digit and the place table come from python-stdnum (``stdnum.cn.ric`` and its ``cn/loc``
database). The place check accepts a code valid in *any* period: a person keeps the number of the
county that registered them even after the county is renamed (松桃 was 522229 before 2011 and is
520628 now), so tying the place to the birth year, as stdnum's ``validate`` does, rejects real people.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from stdnum import numdb
from stdnum.cn import ric

from shoudi.core.masking import mask_id, mask_phone

__all__ = [
    "CHINA",
    "ID_UNUSABLE",
    "IdInfo",
    "IdNumberError",
    "check_digit",
    "is_valid",
    "make",
    "mask",
    "mask_id",
    "mask_phone",
    "normalize",
    "parse",
    "upgrade_15",
]

CHINA = ZoneInfo("Asia/Shanghai")


# What a form, the API and the import answer for an ID number held by a person the actor may not see: it must
# not confirm that the number is registered anywhere, only that it cannot be used and whom to ask.
ID_UNUSABLE = "该身份证号无法使用。如确认无误，请联系县级乡村振兴部门核查处理。"


class IdNumberError(ValueError):
    """An invalid ID number; the message is Chinese and says what is wrong."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # "男" / "女"
    region_code: str


def normalize(raw: str) -> str:
    """Strip spaces and separators, fold full-width characters, upper-case the X."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    return "".join(ch for ch in text if ch.isalnum()).upper()


def check_digit(first17: str) -> str:
    return ric.calc_check_digit(first17 + "0")


def upgrade_15(number15: str) -> str:
    """Old 15-digit numbers: insert the century ("19") and append the check digit."""
    body = number15[:6] + "19" + number15[6:]
    return body + check_digit(body)


@cache
def _place_known(code6: str) -> bool:
    parts = numdb.get("cn/loc").info(code6)
    return any(props for _prefix, props in parts[1:]) and bool(parts[0][1])


def parse(raw: str, *, today: dt.date | None = None) -> IdInfo:
    """Validate and describe an ID number, or raise IdNumberError with a Chinese message."""
    number = normalize(raw)
    if not number:
        raise IdNumberError("身份证号不能为空")
    if len(number) == 15:
        if not number.isdigit():
            raise IdNumberError("15位身份证号只能包含数字")
        number = upgrade_15(number)
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为18位（或旧版15位），当前为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("身份证号前17位应为数字，末位为数字或X")
    if not _place_known(number[:6]):
        raise IdNumberError(f"身份证号前6位“{number[:6]}”不是有效的行政区划代码")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期“{number[6:14]}”不存在") from None
    today = today or dt.datetime.now(tz=CHINA).date()
    if birth > today or birth.year < 1890:
        raise IdNumberError(f"身份证号中的出生日期“{birth:%Y-%m-%d}”不合理")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError("身份证号校验位错误，请核对号码是否录入有误")
    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, sex=sex, region_code=number[:6])


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IdNumberError:
        return False
    return True


# The masks live in the core kit (``core.masking``); these names stay for the registry's many readers.
mask = mask_id


def make(region6: str, birth: dt.date, sequence: int) -> str:
    """Build a valid 18-digit number (synthetic data and tests). ``sequence`` 0–999; odd = male."""
    body = f"{region6}{birth:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)
