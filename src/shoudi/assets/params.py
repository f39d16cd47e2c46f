"""The one door through which ``assets`` and ``projects`` read policy parameters.

Values live in ``shoudi.policy`` (by key, region and date; the built-ins in policy/data/builtin.json carry their
sources). There is no number in code: when a key is not set for a place and date, the callers take the safe
reading — no industry-share target to warn against, and no simplified disposal route (the standard one only).

- ``industry_fund_share``: share of central 衔接 funds to go to industry projects — at least 55% in 2022,
  60% from 2023 (national-practice.md §8; the 2022 and 2023 中央一号文件).
- ``asset_simplified_disposal_limit``: assets of at most this amount (inclusive) may be disposed of by the
  simplified route — 100,000 元 in seed 001 (Tongren):「对金额小于十万元(含十万元)的扶贫项目资产…简化程序处置」;
  stored as the national default, which provinces and counties override with their own documents.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

log = logging.getLogger(__name__)

INDUSTRY_FUND_SHARE = "industry_fund_share"
SIMPLIFIED_DISPOSAL_LIMIT = "asset_simplified_disposal_limit"
MISSING = {
    INDUSTRY_FUND_SHARE: "未设定产业项目资金占比目标（政策参数 industry_fund_share）",
    SIMPLIFIED_DISPOSAL_LIMIT: "本地未设定简化程序金额上限（政策参数 asset_simplified_disposal_limit），只能按一般程序处置",
}


@dataclass(frozen=True)
class Param:
    key: str
    value: Decimal | None
    described: str  # the value and where it came from (or that it is not set), for pages and snapshots


def lookup(key: str, *, region_code: str, on: dt.date) -> Param:
    """The stored value for ``region_code`` on ``on`` (county, province, national), or a Param without value."""
    from shoudi.policy.params import ParameterSet
    from shoudi.policy.values import ParameterError

    try:
        found = ParameterSet.load(region_code, within=False).get(key, region_code, on)
    except ParameterError:
        log.exception("policy parameter %s for %s on %s could not be read", key, region_code, on)
        found = None
    if found is None:
        return Param(key, None, MISSING[key])
    return Param(key, found.decimal, found.describe())


def param(key: str, *, region_code: str, on: dt.date) -> Decimal | None:
    return lookup(key, region_code=region_code, on=on).value


def industry_fund_share(*, region_code: str, year: int) -> Decimal | None:
    return param(INDUSTRY_FUND_SHARE, region_code=region_code, on=dt.date(year, 12, 31))


def simplified_disposal_limit(*, region_code: str, on: dt.date) -> Decimal | None:
    value = param(SIMPLIFIED_DISPOSAL_LIMIT, region_code=region_code, on=on)
    return None if value is None else value.quantize(Decimal("0.01"))
