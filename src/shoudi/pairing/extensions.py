"""Where apps above pairing add to a helper cadre's "我的结对户" list: ``add_duty_source(fn)`` where
``fn(user, household_ids, today)`` returns ``{household_id: [Duty, …]}`` (rounds: the open 集中排查 round's
unvisited households). Pairing never imports them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Duty:
    label: str  # 集中排查未走访
    url: str  # where the cadre does it
    overdue: bool = False


DutySource = Callable[[Any, list[Any], dt.date], dict[Any, list[Duty]]]
_SOURCES: list[DutySource] = []


def add_duty_source(source: DutySource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def duties_for(user: Any, household_ids: list[Any], today: dt.date) -> dict[Any, list[Duty]]:
    found: dict[Any, list[Duty]] = {}
    if not household_ids:
        return found
    for source in _SOURCES:
        for household_id, duties in source(user, household_ids, today).items():
            found.setdefault(household_id, []).extend(duties)
    return found
