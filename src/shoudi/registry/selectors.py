"""Reads of the base database. Every function takes the user and returns only rows of their area;
whatever lies outside — or does not exist — is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from shoudi.core.access import Capability, covering_codes, get_visible_or_404, user_area_q
from shoudi.core.models import AuditEntry
from shoudi.registry.idnumber import normalize
from shoudi.registry.models import FinanceRecord, Household, Person


def households_visible(user: Any) -> QuerySet[Household]:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_HOUSEHOLDS):
        return Household.objects.none()
    return Household.objects.filter(user_area_q(user, "village_id"))


def persons_visible(user: Any) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_HOUSEHOLDS):
        return Person.objects.none()
    return Person.objects.filter(user_area_q(user, "household__village_id"))


def household_list(
    user: Any,
    *,
    q: str = "",
    township: str = "",
    village: str = "",
    status: str = "",
) -> QuerySet[Household]:
    """Search by name, ID number or household number; filter by township, village and status."""
    qs = households_visible(user)
    if village:
        qs = qs.filter(village_id=village)
    elif township:
        qs = qs.filter(Q(village_id__gte=township) & Q(village_id__lte=township.ljust(12, "9")))
    if status:
        qs = qs.filter(status=status)
    q = q.strip()
    if q:
        qs = qs.filter(_search_q(q))
    # Village, then number: the (village, number) index serves the area filter and the order together, so a
    # page of a city of a million households reads its 20 rows from the index instead of sorting them all.
    return qs.select_related("village").order_by("village_id", "number")


def _search_q(q: str) -> Q:
    digits = normalize(q)
    if digits.isdigit() and len(digits) >= 12 and len(digits) <= 20 and not _looks_like_id(digits):
        return Q(number__startswith=digits)
    if _looks_like_id(digits):
        return Q(Exists(Person.objects.filter(household=OuterRef("pk"), id_number=digits)))
    if digits.isdigit():
        return Q(number__startswith=digits)
    return Q(Exists(Person.objects.filter(household=OuterRef("pk"), name__startswith=q)))


def _looks_like_id(text: str) -> bool:
    return len(text) == 18 and text[:17].isdigit()


def access_household_by_id(user: Any, household_id: Any) -> Household:
    """A household of the user's area, or ``NotVisible`` (404): absent, elsewhere and malformed look alike."""
    return get_visible_or_404(households_visible(user).select_related("village", "village__parent"), household_id)


def access_person_by_id(user: Any, person_id: Any) -> Person:
    return get_visible_or_404(persons_visible(user).select_related("household", "household__village"), person_id)


def household_members(household: Household) -> QuerySet[Person]:
    return household.members.order_by("relationship", "birth_date")


def household_finance(household: Household, *, months: int = 12, as_of: dt.date | None = None) -> list[FinanceRecord]:
    """The records of the last ``months`` whole months before ``as_of`` (default: today)."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    first_this = as_of.replace(day=1)
    year, month = first_this.year, first_this.month - months
    while month <= 0:
        month += 12
        year -= 1
    start = dt.date(year, month, 1)
    return list(
        household.finance_records.filter(month__gte=start, month__lt=first_this).order_by("month", "flow", "item")
    )


def household_history(household: Household, *, limit: int = 200) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(household_id=household.pk).select_related("actor").order_by("-at", "-id")[:limit]


AREA_COUNTS_SECONDS = 300


def _area_counts_key(code: str) -> str:
    return f"registry:area_counts:{code}"


def area_counts(user: Any) -> dict[str, Any]:
    """Counts for the workbench, with the time they were computed. Leaders get them too: they are aggregates,
    not records.

    Counting the people of a county joins some 350,000 rows (about 0.2 s on PostgreSQL, a second for a city),
    so the figures are kept for ``AREA_COUNTS_SECONDS`` per area; the registry's services forget them when
    they change a household of the area, and bulk imports are seen at the latest after that time."""
    from django.core.cache import cache
    from django.utils import timezone

    if not getattr(user, "area_id", None):
        return {"households": 0, "persons": 0, "former_poor": 0, "computed_at": None}
    key = _area_counts_key(user.area_id)
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    base = Household.objects.filter(user_area_q(user, "village_id"))
    totals = base.aggregate(
        households=Count("id"),
        former_poor=Count("id", filter=Q(status="former_poor")),
    )
    persons = Person.objects.filter(user_area_q(user, "household__village_id")).count()
    counts = {
        "households": totals["households"],
        "persons": persons,
        "former_poor": totals["former_poor"],
        "computed_at": timezone.now(),
    }
    cache.set(key, counts, AREA_COUNTS_SECONDS)
    return counts


def forget_area_counts(village_code: str) -> None:
    """Drop the cached counts of the village and every area above it (township, county, city, province)."""
    from django.core.cache import cache

    cache.delete_many([_area_counts_key(code) for code in covering_codes(village_code)])


def household_heads(user: Any, household_ids: list[Any]) -> dict[Any, Person]:
    """The head of each of ``household_ids`` in one query (a list page's rows; no N+1)."""
    if not household_ids:
        return {}
    heads = persons_visible(user).filter(household_id__in=household_ids, relationship="head").order_by("birth_date")
    result: dict[Any, Person] = {}
    for person in heads:
        result.setdefault(person.household_id, person)
    return result


def with_heads_and_sizes(user: Any, households: list[Household]) -> list[Household]:
    """Set ``head`` (a Person or None) and ``member_count`` on a page of households: two queries whatever
    the page size, and only over the page's rows — never a COUNT grouped over the whole area."""
    ids = [h.pk for h in households]
    heads = household_heads(user, ids)
    sizes = dict(
        Person.objects.filter(household_id__in=ids)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    for household in households:
        household.head = heads.get(household.pk)  # type: ignore[attr-defined]
        household.member_count = sizes.get(household.pk, 0)  # type: ignore[attr-defined]
    return households


def finance_months(*, months: int = 12, as_of: dt.date | None = None) -> list[dt.date]:
    """The first days of the last ``months`` whole months before ``as_of`` (the columns of the table)."""
    from django.utils import timezone

    first = (as_of or timezone.localdate()).replace(day=1)
    result = []
    for _ in range(months):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        result.append(first)
    return result[::-1]


def household_finance_table(household: Household, *, months: int = 12, as_of: dt.date | None = None) -> dict[str, Any]:
    """Last ``months`` whole months as a table: one group per flow, one row per item, a total per row
    and per group. Amounts are Decimal; a month without a record is None."""
    from decimal import Decimal

    from shoudi.registry import codes

    columns = finance_months(months=months, as_of=as_of)
    index = {m: i for i, m in enumerate(columns)}
    amounts: dict[str, list[Decimal | None]] = {}
    for record in household_finance(household, months=months, as_of=as_of):
        cells = amounts.setdefault(record.item, [None] * len(columns))
        cells[index[record.month]] = record.amount
    labels = dict(codes.item_choices())
    groups = []
    for flow, flow_label in codes.Flow.choices:
        items = [item for item in labels if codes.ITEM_KIND[item][0] == flow and item in amounts]
        if not items:
            continue
        rows = [
            {"label": labels[i], "cells": amounts[i], "total": sum((a for a in amounts[i] if a), Decimal(0))}
            for i in items
        ]
        per_month = [sum((amounts[i][n] or Decimal(0) for i in items), Decimal(0)) for n in range(len(columns))]
        groups.append(
            {"flow": flow, "label": flow_label, "rows": rows, "totals": per_month, "total": sum(per_month, Decimal(0))}
        )
    return {"months": columns, "groups": groups}


def deployment_counties() -> list[str]:
    """The counties this deployment serves: those with households in the registry. The public pages (网上申报,
    监督举报) offer their townships and villages; a province's region table holds every county of China."""
    villages = Household.objects.order_by().values_list("village_id", flat=True).distinct()
    return sorted({code[:6] for code in villages if code})
