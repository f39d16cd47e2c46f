"""Points: what a household's file holds (seed 004: 红榜 adds, 黄榜 and 黑榜 deduct; a cleared yellow record no
longer deducts; seed 002 积分超市: redeemed points are spent).

- Balance (积分余额) = confirmed red points − confirmed yellow/black points not cleared − points redeemed.
- Year points (年度积分, the ranking) = the same over the deeds of the year, without redemptions: spending points in
  the 积分超市 is not a demerit.
- Only entries of a closed review count (an entry's status changes when its review closes).
Every figure is computed in a constant number of queries for a whole village."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from shoudi.governance import codes
from shoudi.governance.models import Entry, HouseholdFile, Redemption
from shoudi.registry.models import Person


@dataclass
class Balance:
    red: int = 0
    yellow: int = 0  # deductions (negative)
    black: int = 0
    redeemed: int = 0

    @property
    def earned(self) -> int:
        return self.red + self.yellow + self.black

    @property
    def balance(self) -> int:
        return self.earned - self.redeemed


@dataclass
class Ranked:
    rank: int
    file: HouseholdFile
    head: str
    points: int
    red: int
    counts: dict[str, int] = field(default_factory=dict)


def balances(files: list[Any] | None = None, *, village: str = "") -> dict[Any, Balance]:
    """The balance of each file (by id) of ``files`` or of every file of ``village``."""
    entries = Entry.objects.filter(status__in=codes.COUNTING)
    spent = Redemption.objects.all()
    if files is not None:
        entries, spent = entries.filter(file_id__in=files), spent.filter(file_id__in=files)
    else:
        entries, spent = entries.filter(village_id=village), spent.filter(village_id=village)
    found: dict[Any, Balance] = {}
    for row in entries.values("file_id", "kind").annotate(total=Sum("points")):
        setattr(found.setdefault(row["file_id"], Balance()), row["kind"], row["total"] or 0)
    for row in spent.values("file_id").annotate(total=Sum("points")):
        found.setdefault(row["file_id"], Balance()).redeemed = row["total"] or 0
    return found


def balance_of(file: HouseholdFile | None) -> Balance:
    return balances([file.pk]).get(file.pk, Balance()) if file is not None else Balance()


def heads(household_ids: list[Any]) -> dict[Any, str]:
    """The head's name of each household (the name only: never an ID number or a phone)."""
    rows = Person.objects.filter(household_id__in=household_ids, relationship="head").order_by("birth_date")
    found: dict[Any, str] = {}
    for hid, name in rows.values_list("household_id", "name"):
        found.setdefault(hid, name)
    return found


def ranking(village: str, year: int, *, red_only: bool = False, limit: int | None = None) -> list[Ranked]:
    """The households of ``village`` by their points of ``year`` (``red_only``: by red points, the public board's
    order, so no yellow or black fact can be read from it). Households without points of the year are left out."""
    entries = Entry.objects.filter(village_id=village, status__in=codes.COUNTING, deed_on__year=year)
    if red_only:
        entries = entries.filter(kind=codes.Kind.RED)
    totals: dict[Any, dict[str, int]] = {}
    for row in entries.values("file_id", "kind").annotate(total=Sum("points")):
        totals.setdefault(row["file_id"], {})[row["kind"]] = row["total"] or 0
    files = {f.pk: f for f in HouseholdFile.objects.filter(pk__in=list(totals)).select_related("household")}
    names = heads([f.household_id for f in files.values()])
    rows = [
        (sum(t.values()), t.get(codes.Kind.RED, 0), files[fid])
        for fid, t in totals.items()
        if fid in files and (not red_only or t.get(codes.Kind.RED, 0) > 0)
    ]
    rows.sort(key=lambda r: (-r[0], -r[1], r[2].number))
    result: list[Ranked] = []
    for i, (points, red, file) in enumerate(rows[:limit] if limit else rows):
        previous = result[-1] if result else None
        rank = previous.rank if previous and previous.points == points else i + 1
        result.append(Ranked(rank=rank, file=file, head=names.get(file.household_id, ""), points=points, red=red))
    return result
