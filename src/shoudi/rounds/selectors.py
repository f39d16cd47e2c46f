"""Reads of 集中排查, scoped to the user's area: the rounds over or inside their area, progress by township and
village (one GROUP BY on the (round, village, status) index), a village's list, and the open round's
unvisited households of a helper cadre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from shoudi.core.access import Capability, covering_codes, get_visible_or_404, in_area, user_area_q
from shoudi.regions.models import Region
from shoudi.registry.selectors import with_heads_and_sizes
from shoudi.rounds.models import STATUS_FIELDS, Round, RoundHousehold, RoundStatus, VillageResult, VisitStatus

STATUSES = list(VisitStatus)


def can_read(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.can(Capability.VIEW_HOUSEHOLDS) or user.can(Capability.VIEW_REPORTS))
    )


def rounds_visible(user: Any) -> QuerySet[Round]:
    """Rounds whose area contains the user's area or lies inside it."""
    if not can_read(user) or not getattr(user, "area_id", None):
        return Round.objects.none()
    return Round.objects.filter(user_area_q(user, "area_id") | Q(area_id__in=covering_codes(user.area_id)))


def access_round_by_id(user: Any, round_id: Any) -> Round:
    return get_visible_or_404(rounds_visible(user).select_related("area"), round_id)


def open_rounds(user: Any) -> QuerySet[Round]:
    return rounds_visible(user).filter(status=RoundStatus.OPEN).select_related("area")


def entries_visible(user: Any) -> QuerySet[RoundHousehold]:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_HOUSEHOLDS):
        return RoundHousehold.objects.none()
    return RoundHousehold.objects.filter(user_area_q(user, "village_id"))


def access_entry_by_id(user: Any, round_: Round, entry_id: Any) -> RoundHousehold:
    qs = entries_visible(user).filter(round=round_).select_related("round", "household", "village")
    return get_visible_or_404(qs, entry_id)


@dataclass
class Counts:
    code: str
    name: str
    by_status: dict[str, int] = field(default_factory=dict)
    leads: int = 0
    overdue: bool = False
    due_soon: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def unvisited(self) -> int:
        return self.by_status.get(VisitStatus.UNVISITED, 0)

    @property
    def done(self) -> int:
        return self.total - self.unvisited

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0

    def cells(self) -> list[int]:
        return [self.by_status.get(s, 0) for s in STATUSES]

    def add(self, other: Counts) -> None:
        for status, n in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + n
        self.leads += other.leads


@dataclass
class Progress:
    round: Round
    total: Counts
    townships: list[Counts]
    villages: list[Counts]
    days_left: int
    frozen: bool


def _flag(counts: Counts, round_: Round, today: dt.date) -> None:
    if round_.status != RoundStatus.OPEN or not counts.unvisited:
        return
    counts.overdue = today > round_.ends_on
    counts.due_soon = not counts.overdue and (round_.ends_on - today).days < round_.warn_days


def village_counters(round_: Round, area: str) -> dict[str, Counts]:
    """Each village's counts in ``area`` (the counters, current while open, frozen once closed)."""
    found: dict[str, Counts] = {}
    for r in VillageResult.objects.filter(in_area("village_id", area), round=round_):
        by_status = {str(s): getattr(r, name) for s, name in STATUS_FIELDS.items()}
        found[r.village_id] = Counts(r.village_id, "", by_status, r.leads)
    return found


def progress(user: Any, round_: Round, today: dt.date) -> Progress:
    """Counts by status, % done and overdue flags per village and per township, within the user's area (a
    closed round reads its frozen results)."""
    area = user.area_id if len(user.area_id) > len(round_.area_id) else round_.area_id
    frozen = round_.status == RoundStatus.CLOSED
    villages = village_counters(round_, area)
    township_codes = {code[:9] for code in villages}
    names = dict(Region.objects.filter(code__in=[*villages, *township_codes]).values_list("code", "name"))
    townships: dict[str, Counts] = {}
    total = Counts(area, "合计")
    for code in sorted(villages):
        counts = villages[code]
        counts.name = names.get(code, code)
        _flag(counts, round_, today)
        township = townships.setdefault(code[:9], Counts(code[:9], names.get(code[:9], code[:9])))
        township.add(counts)
        township.overdue = township.overdue or counts.overdue
        township.due_soon = township.due_soon or counts.due_soon
        total.add(counts)
    return Progress(
        round=round_,
        total=total,
        townships=list(townships.values()),
        villages=[villages[c] for c in sorted(villages)],
        days_left=(round_.ends_on - today).days,
        frozen=frozen,
    )


def village_entries(user: Any, round_: Round, village_code: str, *, status: str = "") -> QuerySet[RoundHousehold]:
    """A village's households in the round, by household number; ``status`` filters."""
    qs = entries_visible(user).filter(round=round_, village_id=village_code).select_related("household")
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("household__number")


def with_heads(user: Any, entries: list[RoundHousehold]) -> list[RoundHousehold]:
    """Set each entry's household head (two queries for the page)."""
    with_heads_and_sizes(user, [e.household for e in entries])
    return entries


def village_list(user: Any, round_: Round, village_code: str, *, status: str = "") -> list[RoundHousehold]:
    return with_heads(user, list(village_entries(user, round_, village_code, status=status)))


def status_counts(user: Any, round_: Round, village_code: str) -> dict[str, int]:
    rows = (
        entries_visible(user)
        .filter(round=round_, village_id=village_code)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def unvisited_of(household_ids: list[Any]) -> QuerySet[RoundHousehold]:
    """The open rounds' unvisited entries of these households (a helper cadre's list)."""
    return RoundHousehold.objects.filter(
        household_id__in=household_ids, status=VisitStatus.UNVISITED, round__status=RoundStatus.OPEN
    ).select_related("round")
