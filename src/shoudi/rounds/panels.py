"""What rounds adds to other apps' pages, registered by ``RoundsConfig.ready``: the open round's unvisited
households on a helper cadre's "我的结对户" list (``pairing.extensions``) and the workbench button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from shoudi.core.access import Capability
from shoudi.monitoring.extensions import WorkbenchLink
from shoudi.pairing.extensions import Duty
from shoudi.rounds.selectors import unvisited_of


def unvisited_duties(user: Any, household_ids: list[Any], today: dt.date) -> dict[Any, list[Duty]]:
    found: dict[Any, list[Duty]] = {}
    for entry in unvisited_of(household_ids):
        url = reverse("rounds:village", args=[entry.round_id, entry.village_id]) + "?status=unvisited"
        duty = Duty(label=f"{entry.round.name}：未走访", url=url, overdue=today > entry.round.ends_on)
        found.setdefault(entry.household_id, []).append(duty)
    return found


ROUNDS_LINK = WorkbenchLink("rounds", "集中排查", "rounds:list", Capability.VIEW_HOUSEHOLDS, order=70)
