"""集中排查: opening a round (county), a village's list filter, the visit form (village contact) and closing.
Each setup opens a round over 盘石镇 through the service, with households in 当造村."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.rounds.models import Round, RoundHousehold, RoundVisit
from shoudi.rounds.services import round_open
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, household_with_members

from .spec import form

TODAY = dt.date.today()
CHECKS = {"check_income": True, "check_basic": True, "check_water": True, "check_risks": True}


def _households(w: Any) -> Any:
    return [household_with_members(VILLAGE_A, size=2) for _ in range(2)]


def _opened(w: Any) -> Round:
    _households(w)
    return round_open(
        by=w.user("county"),
        name="盘石镇集中排查",
        year=TODAY.year,
        starts_on=TODAY - dt.timedelta(days=3),
        ends_on=TODAY + dt.timedelta(days=20),
        area_code=TOWNSHIP_A,
        checklist=CHECKS,
    )


def _entry(w: Any) -> RoundHousehold:
    round_ = _opened(w)
    return RoundHousehold.objects.filter(round=round_).first()  # type: ignore[return-value]


form(
    name="rounds.open",
    form="rounds.open",
    url_name="rounds:open",
    persona="county",
    setup=_households,
    page=lambda w, ctx: "/rounds/new/",
    valid={
        "name": "2026年度防止返贫集中排查",
        "year": str(TODAY.year),
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + dt.timedelta(days=30)).isoformat(),
        "area": "520628",
        "warn_days": "7",
    },
    changed=lambda w, ctx: Round.objects.filter(name="2026年度防止返贫集中排查", household_count=2).exists(),
    success="已开启集中排查",
)
form(
    name="rounds.village_filter",
    form="rounds.village_filter",
    url_name="rounds:village",
    persona="village_a",
    method="get",
    setup=_opened,
    page=lambda w, ctx: f"/rounds/{ctx.pk}/villages/{VILLAGE_A}/",
    valid={"status": "unvisited"},
)
form(
    name="rounds.visit",
    form="rounds.visit",
    url_name="rounds:visit",
    persona="village_a",
    setup=_entry,
    page=lambda w, ctx: f"/rounds/{ctx.round_id}/visits/{ctx.pk}/",
    valid={"visited_on": TODAY.isoformat(), "housing_grade": "B", "water_safe": "1", "income-crops": "5000"},
    changed=lambda w, ctx: RoundVisit.objects.filter(entry=ctx).exists(),
    success="走访已保存",
)
form(
    name="rounds.close",
    form="rounds.close",
    url_name="rounds:close",
    persona="county",
    setup=_opened,
    page=lambda w, ctx: f"/rounds/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: Round.objects.get(pk=ctx.pk).status == "closed",
    success="集中排查已结束",
)
