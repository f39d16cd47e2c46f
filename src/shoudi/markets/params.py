"""The policy parameters the markets ledgers read, with their built-in defaults and sources: the county's stored
value (county, province, national) wins; without one, the default here, its source saying it is built in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.policy.params import resolved_or_builtin
from shoudi.policy.records import Resolved

DEFAULTS: dict[str, tuple[Any, str, str]] = {
    # key: (value, value type, source)
    "consumption_reserved_share": (
        Decimal("0.1"),
        "decimal",
        "seed 001：各级预算单位预留一定比例食堂食材采购份额；财政部等《关于深入开展政府采购脱贫地区农副产品工作推进"
        "乡村产业振兴的实施意见》：原则上不低于10%",
    ),
    "produce_price_fall_share": (
        Decimal("0.8"),
        "decimal",
        "seed 001：定期采集、分析、预判重点农产品市场价格走势；守底默认价格低于前三年同期均价的80%预警，各县可调整",
    ),
    "produce_stock_weeks": (
        Decimal("4"),
        "decimal",
        "seed 001：强化预警妥善应对农副产品滞销；守底默认库存超过4周正常销量（前三年同期平均周销量）预警，各县可调整",
    ),
}


def resolved(key: str, region_code: str, on: dt.date) -> Resolved:
    """The parameter for ``region_code`` on ``on``, with its source."""
    return resolved_or_builtin(key, region_code, on, DEFAULTS)


def decimal(key: str, region_code: str, on: dt.date) -> Decimal:
    return resolved(key, region_code, on).decimal
