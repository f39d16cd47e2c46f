"""Registry households of an area as assessment input, in three set queries whatever the size of the area.

Income and spending are summed in SQL per household, flow and kind over the 12-month window, split into
the older months and the last six (what the elimination check reads), so a county of 20,000 households
moves a few tens of thousands of small rows, not every monthly record. The simulation uses this today; the
monitoring workflow and the reports can call ``load_area`` / ``assess_area`` the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import CharField, F, Q, Sum
from django.db.models.functions import Cast

from shoudi.core.access import in_area
from shoudi.income.window import area_rows, sheet_households
from shoudi.policy.assessment import (
    RECENT_MONTHS,
    Assessment,
    Entry,
    HouseholdDataError,
    HouseholdFacts,
    Member,
    add_months,
    assess,
    income_window,
)
from shoudi.policy.inputs import UnknownCode, entry_from_row, former_poor_from_status, member_from_row
from shoudi.policy.params import ParameterSet
from shoudi.registry.models import FinanceRecord, Household, Person

# Households are keyed by ``_text_key`` in all three queries, so the keys match whatever the database.
HOUSEHOLD_FIELDS = (
    "key",
    "number",
    "village_id",
    "status",
    "leisure_car",
    "truck_or_excavator",
    "commercial_property",
    "business",
    "assembly_override",
    "assembly_note",
)


@dataclass(frozen=True)
class AreaHousehold:
    id: uuid.UUID
    number: str
    village: str
    facts: HouseholdFacts
    error: str = ""  # a code of its rows the code lists do not know: it cannot be assessed

    @property
    def township(self) -> str:
        return self.village[:9]


def _text_key(field: str) -> Cast | F:
    """SQLite keeps UUIDs as text: read them as text (no per-row conversion). PostgreSQL has a native uuid
    type that psycopg decodes fast, and grouping by it is faster than by its text."""
    if connection.vendor == "sqlite":
        return Cast(field, output_field=CharField())
    return F(field)


def _members(region_code: str, errors: dict[Any, str]) -> dict[Any, list[Member]]:
    members: dict[Any, list[Member]] = defaultdict(list)
    rows = (
        Person.objects.filter(in_area("household__village_id", region_code))
        .annotate(key=_text_key("household_id"))
        .values_list("key", "living_in", "labor", "public_payroll")
        .order_by()
    )
    for household_id, living_in, labor, payroll in rows.iterator(chunk_size=5000):
        try:
            members[household_id].append(member_from_row(living_in, labor, payroll))
        except UnknownCode as exc:
            errors.setdefault(household_id, f"家庭成员的{exc}")
    return members


def _money(region_code: str, as_of: dt.date, errors: dict[Any, str]) -> dict[Any, dict[str, list[Entry]]]:
    start, end = income_window(as_of)
    recent_start = add_months(end, 1 - RECENT_MONTHS)
    rows = (
        FinanceRecord.objects.filter(in_area("household__village_id", region_code), month__gte=start, month__lte=end)
        .exclude(household_id__in=sheet_households(region_code))  # those are read below, with their sheets
        .values("flow", "kind")
        .annotate(
            key=_text_key("household_id"),
            total=Sum("amount"),
            recent=Sum("amount", filter=Q(month__gte=recent_start)),
        )
        .order_by()
    )
    money: dict[Any, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for row in rows.iterator(chunk_size=5000):
        total, recent = row["total"] or Decimal(0), row["recent"] or Decimal(0)
        for month, amount in ((start, total - recent), (end, recent)):
            if not amount:
                continue
            try:
                listed, entry = entry_from_row(row["flow"], row["kind"], month, amount)
            except UnknownCode as exc:
                errors.setdefault(row["key"], f"收支记录的{exc}")
                continue
            money[row["key"]][listed].append(entry)
    _sheet_money(region_code, start, end, recent_start, money, errors)
    return money


def _sheet_money(
    region_code: str,
    start: dt.date,
    end: dt.date,
    recent_start: dt.date,
    money: dict[Any, dict[str, list[Entry]]],
    errors: dict[Any, str],
) -> None:
    """Households with a 收入核算表: their window from sheets and finance records (income.window), summed into
    the same two entries per flow and kind (older months, the last six) as the SQL path."""
    for key, rows in area_rows(region_code, start, end, recent_start).items():  # keyed as ``_text_key`` keys them
        for flow, kind, month, amount in rows:  # already summed: month is ``start`` (older) or ``end`` (recent)
            try:
                listed, entry = entry_from_row(flow, kind, month, amount)
            except UnknownCode as exc:
                errors.setdefault(key, f"收支记录的{exc}")
                continue
            money[key][listed].append(entry)


def load_area(
    region_code: str, as_of: dt.date, *, risks: Mapping[uuid.UUID, Sequence[str]] | None = None
) -> list[AreaHousehold]:
    """Every household of the area (a region code of any level) with its facts for ``as_of``."""
    households = (
        Household.objects.filter(in_area("village_id", region_code))
        .annotate(key=_text_key("id"))
        .values_list(*HOUSEHOLD_FIELDS)
        .order_by("number")
    )
    errors: dict[Any, str] = {}
    members = _members(region_code, errors)
    money = _money(region_code, as_of, errors)
    risks = risks or {}
    out = []
    for key, number, village, status, car, truck, prop, business, override, note in households.iterator(
        chunk_size=5000
    ):
        hid = key if isinstance(key, uuid.UUID) else uuid.UUID(key)
        flows = money.get(key, {})
        try:
            former_poor = former_poor_from_status(status)
        except UnknownCode as exc:
            former_poor = False
            errors.setdefault(key, str(exc))
        facts = HouseholdFacts(
            ref=number,
            region=village,
            former_poor=former_poor,
            members=tuple(members.get(key, ())),
            income=tuple(flows.get("income", ())),
            costs=tuple(flows.get("costs", ())),
            rigid=tuple(flows.get("rigid", ())),
            payouts=tuple(flows.get("payouts", ())),
            leisure_car=car,
            truck_or_excavator=truck,
            commercial_property=prop,
            business=business,
            assembly_override=override,
            assembly_note=note,
            risks=tuple(risks.get(hid, ())),
        )
        out.append(AreaHousehold(hid, number, village, facts, errors.get(key, "")))
    return out


def assess_area(
    region_code: str, as_of: dt.date, *, pset: ParameterSet | None = None
) -> Iterator[tuple[AreaHousehold, Assessment | HouseholdDataError]]:
    """Each household with its assessment, or the data error that stopped it. A missing line raises."""
    pset = pset or ParameterSet.load(region_code)
    for household in load_area(region_code, as_of):
        rules = pset.rules(household.village, as_of)
        if household.error:
            yield household, HouseholdDataError(household.error)
            continue
        try:
            yield household, assess(household.facts, as_of, rules)
        except HouseholdDataError as exc:
            yield household, exc
