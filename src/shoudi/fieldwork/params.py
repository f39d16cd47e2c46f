"""The policy parameter the offline app reads, with its built-in default and source (``policy.params``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.policy.params import resolved_or_builtin
from shoudi.policy.records import Resolved

DEFAULTS: dict[str, tuple[Any, str, str]] = {
    "field_wipe_days": (
        7,
        "integer",
        "守底默认：手机7天未与服务器同步即清除离线数据（设备丢失时农户信息不外泄；seed 要求保护农户隐私）；各县可调整",
    ),
}


def resolved(key: str, region_code: str, on: dt.date) -> Resolved:
    return resolved_or_builtin(key, region_code, on, DEFAULTS)


def wipe_days(region_code: str, on: dt.date) -> int:
    """Days without a sync after which the app wipes its data on the phone."""
    return int(resolved("field_wipe_days", region_code, on).value)
