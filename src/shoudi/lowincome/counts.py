"""Counts of the low-income register (常态化帮扶) for its report page, the monthly report and the dashboard.

Pure queries, one per table read, grouped by region-code prefix (``group_len``: a county by township 9, a
township by village 12) — never one per household. Nothing here checks who asks: callers scope the area to the
reader's own first.

- ``layer_tallies(area, on, group_len)``: households and their members by the set of layers they hold on
  ``on``. Each household gets a bit mask of its layers in one pass (one correlated subquery for the four
  stored layers, one for 监测对象, the registry's status for 脱贫户), and the rows are counted by (group, mask):
  every layer's count, every overlap (监测对象 ∩ 低保…) and "any layer" come from the same few rows.
- ``flows_by_month(area, year)`` / ``flows_by_group(area, start, end, group_len)``: entries and exits — layers
  started / ended (``Membership``), monitoring periods begun / ended (``monitoring.Case``: 纳入监测 / 风险消除).
- ``follow_up_counts(area, on, group_len)``: 渐退 in progress on ``on`` and verifications overdue (next_due before
  ``on``, layer still held).
- ``open_entitlements(area, group_len)``: 待落实 items not yet delivered, by kind.

What a layer held on a day means: a ``Membership`` with ``started_on ≤ day`` and not ended by then
(``ended_on`` empty or later); a monitoring case entered (``period_start ≤ day``) and not ended by then (as the
monthly report's 风险未消除); 脱贫户 is the registry's household status today (it has no dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Case as When_
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, Substr

from shoudi.core.access import in_area
from shoudi.lowincome import codes
from shoudi.lowincome.models import Entitlement, Membership
from shoudi.monitoring.models import Case
from shoudi.policy.layers import SHORT_LABELS, Layer
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household, Person

ROW_LENGTH = {2: 6, 4: 6, 6: 9, 9: 12, 12: 12}  # as the monthly report: a county by township, a township by village
LAYERS: tuple[str, ...] = tuple(str(layer) for layer in codes.ALL_LAYERS)
STORED: tuple[str, ...] = tuple(str(layer) for layer in codes.STORED_LAYERS)
FLOW_LAYERS: tuple[str, ...] = (*STORED, str(Layer.MONITORING))  # the layers with dates (脱贫户 has none)
BIT = {layer: 1 << i for i, layer in enumerate(LAYERS)}
PAIRS: tuple[tuple[str, str], ...] = tuple(combinations(LAYERS, 2))
FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)
KINDS: tuple[str, ...] = tuple(codes.EntitlementKind.values)


def row_length(area: str) -> int:
    return ROW_LENGTH.get(len(area), 12)


def short(layer: str) -> str:
    return SHORT_LABELS.get(layer, layer)


def pair_key(a: str, b: str) -> str:
    return f"{a}+{b}"


def pair_label(a: str, b: str) -> str:
    return f"{short(a)}∩{short(b)}"


def held_q(on: dt.date) -> Q:
    """A membership held on ``on``."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def monitored_q(on: dt.date) -> Q:
    """A monitoring case in its monitoring period on ``on`` (entered, not yet ended)."""
    return Q(period_start__isnull=False, period_start__lte=on) & (Q(period_end__isnull=True) | Q(period_end__gt=on))


def layer_mask(on: dt.date, household_ref: str, status_field: str) -> Any:
    """The bit mask of the layers a household holds on ``on`` (see ``BIT``)."""
    stored = (
        Membership.objects.filter(held_q(on), household_id=OuterRef(household_ref))
        .order_by()
        .values("household_id")
        .annotate(
            bits=sum(
                (Max(When_(When(layer=layer, then=Value(BIT[layer])), default=Value(0))) for layer in STORED),
                Value(0),
            )
        )
        .values("bits")[:1]
    )
    monitored = Exists(Case.objects.filter(monitored_q(on), household_id=OuterRef(household_ref)))
    return Coalesce(Subquery(stored, output_field=IntegerField()), Value(0)) + (
        When_(When(monitored, then=Value(BIT[Layer.MONITORING])), default=Value(0))
        + When_(When(Q(**{f"{status_field}__in": FORMER_POOR}), then=Value(BIT[Layer.FORMER_POOR])), default=Value(0))
    )


@dataclass
class Tally:
    """Rows counted by (group, mask of layers held); ``count`` answers a layer, an overlap or any layer."""

    by_group: dict[str, dict[int, int]] = field(default_factory=dict)

    @property
    def groups(self) -> list[str]:
        return sorted(self.by_group)

    def count(self, *layers: str, group: str | None = None) -> int:
        """Rows holding every one of ``layers`` (none given: at least one layer), in ``group`` or in all."""
        wanted = sum(BIT[layer] for layer in layers)
        total = 0
        for g, masks in self.by_group.items():
            if group is not None and g != group:
                continue
            for mask, n in masks.items():
                if (wanted and mask & wanted == wanted) or (not wanted and mask):
                    total += n
        return total

    def matrix(self, group: str | None = None) -> list[list[int]]:
        """Layer × layer: the diagonal is each layer's count, the other cells the overlaps."""
        return [[self.count(*({a, b}), group=group) for b in LAYERS] for a in LAYERS]


def layer_tallies(area: str, on: dt.date, group_len: int) -> tuple[Tally, Tally]:
    """Households and their members of ``area`` by group and by the set of layers held on ``on``: one query (the
    members of each household are counted by a correlated subquery, summed per group and mask)."""
    size = (
        Person.objects.filter(household_id=OuterRef("pk"))
        .order_by()
        .values("household_id")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    rows = (
        Household.objects.filter(in_area("village_id", area))
        .annotate(
            g=Substr("village_id", 1, group_len),
            mask=layer_mask(on, "pk", "status"),
            size=Coalesce(Subquery(size, output_field=IntegerField()), Value(0)),
        )
        .order_by()
        .values("g", "mask")
        .annotate(n=Count("id"), people=Sum("size"))
    )
    households, people = Tally(), Tally()
    for row in rows:
        mask = int(row["mask"] or 0)
        households.by_group.setdefault(row["g"], {})[mask] = row["n"]
        people.by_group.setdefault(row["g"], {})[mask] = int(row["people"] or 0)
    return households, people


def layer_tally(area: str, on: dt.date, group_len: int, *, people: bool = False) -> Tally:
    """Households (or, with ``people``, their members) by group and layers held (see ``layer_tallies``)."""
    return layer_tallies(area, on, group_len)[1 if people else 0]


# ---- entries and exits ----------------------------------------------------------------------------------


def _in(field_name: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})


def flows_by_month(area: str, year: int) -> dict[int, dict[str, int]]:
    """Month (1–12) → ``in_<layer>`` / ``out_<layer>`` for the stored layers and 监测对象: four queries (entries
    and exits of each table, grouped by month)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    months: dict[int, dict[str, int]] = {m: {} for m in range(1, 13)}
    memberships = Membership.objects.filter(in_area("village_id", area)).order_by()
    cases = Case.objects.filter(in_area("village_id", area), period_start__isnull=False).order_by()
    for direction, field_name in (("in", "started_on"), ("out", "ended_on")):
        rows = (
            memberships.filter(_in(field_name, start, end))
            .annotate(m=ExtractMonth(field_name))
            .values("m", "layer")
            .annotate(n=Count("id"))
        )
        for row in rows:
            months[row["m"]][f"{direction}_{row['layer']}"] = row["n"]
    for direction, field_name in (("in", "period_start"), ("out", "period_end")):
        by_month = cases.filter(_in(field_name, start, end)).annotate(m=ExtractMonth(field_name)).values("m")
        for found in by_month.annotate(n=Count("id")):
            months[found["m"]][f"{direction}_{Layer.MONITORING}"] = found["n"]
    return months


def flows_by_group(area: str, start: dt.date, end: dt.date, group_len: int) -> dict[tuple[str, str], int]:
    """(group, ``in_<layer>`` / ``out_<layer>``) → count between ``start`` and ``end`` (both included): two
    queries."""
    found: dict[tuple[str, str], int] = {}
    started, ended = _in("started_on", start, end), _in("ended_on", start, end)
    rows = (
        Membership.objects.filter(in_area("village_id", area))
        .filter(started | ended)
        .annotate(g=Substr("village_id", 1, group_len))
        .order_by()
        .values("g", "layer")
        .annotate(i=Count("id", filter=started), o=Count("id", filter=ended))
    )
    for row in rows:
        found[(row["g"], f"in_{row['layer']}")] = row["i"]
        found[(row["g"], f"out_{row['layer']}")] = row["o"]
    entered, left = _in("period_start", start, end), _in("period_end", start, end)
    case_rows = (
        Case.objects.filter(in_area("village_id", area), period_start__isnull=False)
        .filter(entered | left)
        .annotate(g=Substr("village_id", 1, group_len))
        .order_by()
        .values("g")
        .annotate(i=Count("id", filter=entered), o=Count("id", filter=left))
    )
    for row in case_rows:
        found[(row["g"], f"in_{Layer.MONITORING}")] = row["i"]
        found[(row["g"], f"out_{Layer.MONITORING}")] = row["o"]
    return found


# ---- follow-up and entitlements ---------------------------------------------------------------------------


def phasing_out_q(on: dt.date) -> Q:
    """低保 in its 渐退期 on ``on``: held, with a phase-out end not yet passed."""
    return held_q(on) & Q(layer=codes.StoredLayer.DIBAO, phase_out_until__isnull=False, phase_out_until__gte=on)


def overdue_q(on: dt.date) -> Q:
    """A layer still held whose next verification was due before ``on``."""
    return Q(ended_on__isnull=True, next_due__isnull=False, next_due__lt=on)


def follow_up_counts(area: str, on: dt.date, group_len: int) -> dict[str, dict[str, int]]:
    """Group → ``phasing_out`` and ``overdue`` (memberships): one query."""
    rows = (
        Membership.objects.filter(in_area("village_id", area))
        .filter(phasing_out_q(on) | overdue_q(on))
        .annotate(g=Substr("village_id", 1, group_len))
        .order_by()
        .values("g")
        .annotate(phasing_out=Count("id", filter=phasing_out_q(on)), overdue=Count("id", filter=overdue_q(on)))
    )
    return {row["g"]: {"phasing_out": row["phasing_out"], "overdue": row["overdue"]} for row in rows}


def open_entitlements(area: str, group_len: int, *, departments: Iterable[str] = ()) -> dict[tuple[str, str], int]:
    """(group, kind) → 待落实 items (status open) of ``area`` (of ``departments`` only, when given): one query."""
    qs = Entitlement.objects.filter(in_area("village_id", area), status=codes.EntitlementStatus.OPEN)
    wanted = list(departments)
    if wanted:
        qs = qs.filter(department__in=wanted)
    rows = qs.annotate(g=Substr("village_id", 1, group_len)).order_by().values("g", "kind").annotate(n=Count("id"))
    return {(row["g"], row["kind"]): row["n"] for row in rows}
