"""Counts of the jobs ledgers (就业帮扶) for the app's home page, the monthly report and the dashboard.

Pure grouped queries — a fixed number whatever the number of regions or people — grouped by region-code prefix
(``group_len``: a county by township 9, a township by village 12). Nothing here checks who asks: callers scope
the area to the reader's own first.

On the reference day ``on``:
- labour force (劳动力): members of working age (``labour_age_min``–``labour_age_max`` of the area's parameters),
  with labour capacity (not 丧失劳动力 / 无劳动力) and not at school; employed: with a work spell covering the day
  (by its place: 县内 / 省内县外 / 省外 / 东部协作城市); unemployed: the others;
- households with at least one such member and none of them employed (the 一户一人以上稳定就业 target), all and
  relocated (易地扶贫搬迁户);
- 公益性岗位 existing on the day and those held; holdings started in the year up to the day, and of them by
  relocated labourers (seed 001: 每年公益性岗位安排不低于20%用于解决搬迁群众就业);
- 就业帮扶车间 recognised (认定有效) and the people they employ, of them 脱贫 / 监测 (a 脱贫户 member, or of a
  household under monitoring on the day), by the workshop's village;
- 以工代赈 of the months from ``start`` to ``on``: pay due and paid, labourers (of them 脱贫 / 监测), and rows
  whose pay lags on ``today`` (``relief.lagging_q``), by the labourer's village.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Substr

from shoudi.core.access import in_area
from shoudi.employment import codes, months, params, relief
from shoudi.employment.labour_force import labour_q
from shoudi.employment.models import PostHolding, ReliefWork, WelfarePost, Work, Workshop
from shoudi.employment.workshops import priority_q
from shoudi.policy.params import ParameterSet, builtin
from shoudi.registry.models import Household, Person

ROW_LENGTH = {2: 6, 4: 6, 6: 9, 9: 12, 12: 12}
PLACES: tuple[str, ...] = tuple(value for value, _label in codes.PLACE_CHOICES)
PLACE_LABELS = dict(codes.PLACE_CHOICES)
MONEY_KEYS = ("relief_due", "relief_paid")
KEYS: tuple[str, ...] = (
    "labour",
    "employed",
    "unemployed",
    *(f"place_{p}" for p in PLACES),
    "households_able",
    "households_none",
    "relocated_able",
    "relocated_none",
    "posts",
    "posts_filled",
    "holdings_new",
    "holdings_relocated",
    "workshops",
    "workshop_employed",
    "workshop_priority",
    *MONEY_KEYS,
    "relief_labourers",
    "relief_priority",
    "relief_lagging",
)


def row_length(area: str) -> int:
    return ROW_LENGTH.get(len(area), 12)


def covering_q(on: dt.date, prefix: str = "") -> Q:
    """A spell (work, holding) that covers ``on``."""
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


@dataclass
class AreaCounts:
    """Figures by group (region-code prefix); ``get`` reads one group's or the whole area's figure."""

    on: dt.date
    by_group: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def groups(self) -> list[str]:
        return sorted(self.by_group)

    def put(self, group: str, key: str, value: Any) -> None:
        self.by_group.setdefault(group, {})[key] = value

    def get(self, key: str, group: str | None = None) -> Any:
        zero: Any = Decimal("0.00") if key in MONEY_KEYS else 0
        if group is not None:
            return self.by_group.get(group, {}).get(key, zero)
        return sum((figures.get(key, zero) for figures in self.by_group.values()), zero)

    def share(self, num: str, den: str, group: str | None = None) -> float | None:
        """``num`` ÷ ``den`` in percent, one decimal; None when there is nothing to divide by."""
        n, d = self.get(num, group), self.get(den, group)
        return round(100 * float(n) / float(d), 1) if d else None

    def total(self) -> dict[str, Any]:
        return {key: self.get(key) for key in KEYS}


def _money(value: Any) -> Decimal:
    return Decimal(0 if value is None else str(value)).quantize(Decimal("0.01"))


def _labour(out: AreaCounts, area: str, on: dt.date, group_len: int, ages: tuple[int, int]) -> None:
    working = Exists(Work.objects.filter(covering_q(on), person_id=OuterRef("pk")))
    rows = (
        Person.objects.filter(in_area("household__village_id", area))
        .filter(labour_q(on, *ages))
        .annotate(g=Substr("household__village_id", 1, group_len), working=working)
        .order_by()
        .values("g")
        .annotate(n=Count("id"), employed=Count("id", filter=Q(working=True)))
    )
    for row in rows:
        out.put(row["g"], "labour", row["n"])
        out.put(row["g"], "employed", row["employed"])
        out.put(row["g"], "unemployed", row["n"] - row["employed"])
    places = (
        Work.objects.filter(covering_q(on), in_area("person__household__village_id", area))
        .filter(labour_q(on, *ages, prefix="person__"))
        .annotate(g=Substr("person__household__village_id", 1, group_len))
        .order_by()
        .values("g", "place")
        .annotate(n=Count("person_id", distinct=True))
    )
    for row in places:
        if row["place"] in PLACES:
            out.put(row["g"], f"place_{row['place']}", row["n"])


def _households(out: AreaCounts, area: str, on: dt.date, group_len: int, ages: tuple[int, int]) -> None:
    able = Person.objects.filter(labour_q(on, *ages), household_id=OuterRef("pk"))
    working = Work.objects.filter(covering_q(on), person__household_id=OuterRef("pk"))
    none = Q(working=False)
    rows = (
        Household.objects.filter(in_area("village_id", area))
        .filter(Exists(able))
        .annotate(g=Substr("village_id", 1, group_len), working=Exists(working))
        .order_by()
        .values("g")
        .annotate(
            n=Count("id"),
            none=Count("id", filter=none),
            moved=Count("id", filter=Q(relocated=True)),
            moved_none=Count("id", filter=none & Q(relocated=True)),
        )
    )
    for row in rows:
        out.put(row["g"], "households_able", row["n"])
        out.put(row["g"], "households_none", row["none"])
        out.put(row["g"], "relocated_able", row["moved"])
        out.put(row["g"], "relocated_none", row["moved_none"])


def _posts(out: AreaCounts, area: str, on: dt.date, group_len: int) -> None:
    existing = Q(created_on__lte=on) & (Q(abolished_on__isnull=True) | Q(abolished_on__gt=on))
    held = Exists(PostHolding.objects.filter(covering_q(on), post_id=OuterRef("pk")))
    rows = (
        WelfarePost.objects.filter(in_area("village_id", area))
        .filter(existing)
        .annotate(g=Substr("village_id", 1, group_len), held=held)
        .order_by()
        .values("g")
        .annotate(n=Count("id"), filled=Count("id", filter=Q(held=True)))
    )
    for row in rows:
        out.put(row["g"], "posts", row["n"])
        out.put(row["g"], "posts_filled", row["filled"])
    new = (
        PostHolding.objects.filter(in_area("post__village_id", area))
        .filter(started_on__gte=on.replace(month=1, day=1), started_on__lte=on)
        .annotate(g=Substr("post__village_id", 1, group_len))
        .order_by()
        .values("g")
        .annotate(n=Count("id"), moved=Count("id", filter=Q(relocated=True)))
    )
    for row in new:
        out.put(row["g"], "holdings_new", row["n"])
        out.put(row["g"], "holdings_relocated", row["moved"])


def _workshops(out: AreaCounts, area: str, on: dt.date, group_len: int) -> None:
    recognised = Q(status=codes.WorkshopStatus.ACTIVE, recognised_on__lte=on)
    rows = (
        Workshop.objects.filter(in_area("village_id", area))
        .filter(recognised)
        .annotate(g=Substr("village_id", 1, group_len))
        .order_by()
        .values("g")
        .annotate(n=Count("id"))
    )
    for row in rows:
        out.put(row["g"], "workshops", row["n"])
    employed = (
        Work.objects.filter(covering_q(on), in_area("employer__workshop__village_id", area))
        .filter(employer__workshop__status=codes.WorkshopStatus.ACTIVE, employer__workshop__recognised_on__lte=on)
        .annotate(
            g=Substr("employer__workshop__village_id", 1, group_len),
            priority=priority_q("person__household_id", "person__household__status", on, on),
        )
        .order_by()
        .values("g")
        .annotate(
            n=Count("person_id", distinct=True),
            p=Count("person_id", distinct=True, filter=Q(priority=True)),
        )
    )
    for row in employed:
        out.put(row["g"], "workshop_employed", row["n"])
        out.put(row["g"], "workshop_priority", row["p"])


def _relief(out: AreaCounts, area: str, start: dt.date, on: dt.date, today: dt.date, group_len: int, lag: int) -> None:
    first = months.month_start(start)
    rows = (
        ReliefWork.objects.filter(in_area("village_id", area), month__gte=first, month__lte=on)
        .annotate(
            g=Substr("village_id", 1, group_len),
            priority=priority_q("person__household_id", "person__household__status", first, on),
        )
        .order_by()
        .values("g")
        .annotate(
            due=Sum("pay_due"),
            paid=Sum("pay_paid"),
            people=Count("person_id", distinct=True),
            p=Count("person_id", distinct=True, filter=Q(priority=True)),
            lagging=Count("id", filter=relief.lagging_q(today, lag)),
        )
    )
    for row in rows:
        out.put(row["g"], "relief_due", _money(row["due"]))
        out.put(row["g"], "relief_paid", _money(row["paid"]))
        out.put(row["g"], "relief_labourers", row["people"])
        out.put(row["g"], "relief_priority", row["p"])
        out.put(row["g"], "relief_lagging", row["lagging"])


def area_counts(
    area: str,
    on: dt.date,
    group_len: int | None = None,
    *,
    start: dt.date | None = None,
    today: dt.date | None = None,
) -> AreaCounts:
    """Every figure of ``area`` on ``on`` by group; 以工代赈 from ``start``'s month (default: the year's first)
    to ``on``, lagging as of ``today`` (default ``on``). Eight grouped queries and one parameter look-up."""
    group_len = group_len or row_length(area)
    out = AreaCounts(on=on)
    today = today or on
    found = ParameterSet.load(area, within=False)  # one look-up for the three parameters

    def value(key: str, day: dt.date) -> int:
        resolved = found.get(key, area, day) or builtin(key, *params.DEFAULTS[key])
        return int(resolved.decimal)

    ages = (value("labour_age_min", on), value("labour_age_max", on))
    _labour(out, area, on, group_len, ages)
    _households(out, area, on, group_len, ages)
    _posts(out, area, on, group_len)
    _workshops(out, area, on, group_len)
    _relief(out, area, start or on.replace(month=1, day=1), on, today, group_len, value("relief_pay_lag_days", today))
    return out
