"""The policy parameters the jobs ledgers read, with their built-in defaults and sources: the county's stored
value (county, province, national) wins; without one, the default here, its source saying it is built in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.policy.params import resolved_or_builtin
from shoudi.policy.records import Resolved

DEFAULTS: dict[str, tuple[Any, str, str]] = {
    # key: (value, value type, source)
    "labour_age_min": (16, "integer", "《中华人民共和国劳动法》：禁止用人单位招用未满十六周岁的未成年人"),
    "labour_age_max": (
        60,
        "integer",
        "国家统计局劳动年龄人口口径（16–59岁）；各地脱贫劳动力统计通行口径为16–60周岁",
    ),
    "welfare_post_relocated_share": (
        Decimal("0.2"),
        "decimal",
        "seed 001：每年公益性岗位安排不低于20%用于解决搬迁群众就业",
    ),
    "relief_pay_lag_days": (
        30,
        "integer",
        "seed 003/004：及时足额发放劳务报酬；守底默认务工月结束后30天内发放，各县可调整",
    ),
    "workshop_min_employed": (10, "integer", "各省就业帮扶车间认定通行标准：吸纳就业10人以上，各省不一"),
    "workshop_min_priority": (
        5,
        "integer",
        "各省就业帮扶车间认定通行标准：吸纳脱贫人口（含监测对象）5人以上，各省不一",
    ),
}


def resolved(key: str, region_code: str, on: dt.date) -> Resolved:
    """The parameter for ``region_code`` on ``on``, with its source."""
    return resolved_or_builtin(key, region_code, on, DEFAULTS)


def integer(key: str, region_code: str, on: dt.date) -> int:
    return int(resolved(key, region_code, on).decimal)


def decimal(key: str, region_code: str, on: dt.date) -> Decimal:
    return resolved(key, region_code, on).decimal
