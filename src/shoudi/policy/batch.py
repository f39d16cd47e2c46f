"""Registry households of an area as assessment input, in three set queries whatever the size of the area.

Income and spending are summed in SQL per household, flow and kind over the 12-month window, split at the
months the rules read from — the last six (the elimination check) and the last ``income_drop_months`` (the
income-drop test) — each part dated in its months, so the assessment's sums over those months are exact; the
income of the same months a year earlier (``income_before``) likewise. A county of 20,000 households moves a
few tens of thousands of small rows, not every monthly record. The simulation uses this today; the monitoring
workflow and the reports can call ``load_area`` / ``assess_area`` the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
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
from shoudi.regions.models import Level, Region
from shoudi.registry.codes import Flow
from shoudi.registry.models import FinanceRecord, Household, Person

# Households are keyed by ``_text_key`` in all three queries, so the keys match whatever the database.
HOUSEHOLD_FIELDS = (
    "key",
    "number",
    "village_id",
    "status",
    "leisure_car",
    "other_car",
    "car_reason",
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


Money = dict[Any, dict[str, list[Entry]]]
Suffixes = dict[tuple[str, str], dict[dt.date, Decimal]]  # (flow, kind) → cut month → amount from it to the end


@dataclass(frozen=True)
class Cuts:
    """Where the months are split: the window's (its first month, then the first of the last six and of the last
    N months for each N) and, for the comparison a year earlier, the first of those N months."""

    start: dt.date
    end: dt.date
    window: tuple[dt.date, ...]  # sorted, ``start`` first
    before_end: dt.date
    before: tuple[dt.date, ...]  # sorted; empty without an N

    @classmethod
    def of(cls, as_of: dt.date, drop_months: Collection[int]) -> Cuts:
        start, end = income_window(as_of)
        lasts = {add_months(end, 1 - n) for n in (RECENT_MONTHS, *drop_months)}
        before_end = add_months(end, -12)
        return cls(
            start=start,
            end=end,
            window=(start, *sorted(c for c in lasts if c > start)),
            before_end=before_end,
            before=tuple(sorted({add_months(before_end, 1 - n) for n in drop_months})),
        )


def _parts(suffix: Mapping[dt.date, Decimal], cuts: Sequence[dt.date], last: dt.date) -> list[tuple[dt.date, Decimal]]:
    """Sums "from each cut to the end" as the amounts between cuts, each dated at its cut (the last at ``last``)."""
    out = []
    for i, cut in enumerate(cuts):
        later = suffix.get(cuts[i + 1], Decimal(0)) if i + 1 < len(cuts) else Decimal(0)
        amount = suffix.get(cut, Decimal(0)) - later
        if amount:
            out.append((last if i == len(cuts) - 1 else cut, amount))
    return out


def _place(money: Money, errors: dict[Any, str], key: Any, suffixes: Suffixes, cuts: Cuts, *, before: bool) -> None:
    for (flow, kind), suffix in suffixes.items():
        for month, amount in _parts(
            suffix, cuts.before if before else cuts.window, cuts.before_end if before else cuts.end
        ):
            try:
                listed, entry = entry_from_row(flow, kind, month, amount)
            except UnknownCode as exc:
                errors.setdefault(key, f"收支记录的{exc}")
                continue
            money[key]["income_before" if before else listed].append(entry)


def _money(region_code: str, as_of: dt.date, errors: dict[Any, str], drop_months: Collection[int]) -> Money:
    cuts = Cuts.of(as_of, drop_months)
    in_window = Q(month__gte=cuts.start)
    sums = {f"w{i}": Sum("amount", filter=Q(month__gte=cut) & in_window) for i, cut in enumerate(cuts.window)}
    sums |= {
        f"b{i}": Sum("amount", filter=Q(month__gte=cut, month__lte=cuts.before_end))
        for i, cut in enumerate(cuts.before)
    }
    wanted = Q(month__gte=cuts.start, month__lte=cuts.end)
    if cuts.before:  # the income of the comparison months a year earlier, in the same query
        wanted |= Q(flow=Flow.INCOME, month__gte=cuts.before[0], month__lte=cuts.before_end)
    rows = (
        FinanceRecord.objects.filter(wanted, in_area("household__village_id", region_code))
        .exclude(household_id__in=sheet_households(region_code))  # those are read below, with their sheets
        .values("flow", "kind")
        .annotate(key=_text_key("household_id"), **sums)
        .order_by()
    )
    money: Money = defaultdict(lambda: defaultdict(list))
    for row in rows.iterator(chunk_size=5000):
        flow_kind = (row["flow"], row["kind"])
        window = {cut: row[f"w{i}"] or Decimal(0) for i, cut in enumerate(cuts.window)}
        _place(money, errors, row["key"], {flow_kind: window}, cuts, before=False)
        if cuts.before and row["flow"] == Flow.INCOME:
            earlier = {cut: row[f"b{i}"] or Decimal(0) for i, cut in enumerate(cuts.before)}
            _place(money, errors, row["key"], {flow_kind: earlier}, cuts, before=True)
    _sheet_money(region_code, cuts, money, errors)
    return money


def _sheet_money(region_code: str, cuts: Cuts, money: Money, errors: dict[Any, str]) -> None:
    """Households with a 收入核算表: their months from sheets and finance records (income.window), summed from
    each cut to the end of the window (or of the comparison months) as the SQL path sums them."""
    recent_start = add_months(cuts.end, 1 - RECENT_MONTHS)
    window: dict[Any, Suffixes] = defaultdict(lambda: defaultdict(dict))
    main = area_rows(region_code, cuts.start, cuts.end, recent_start)
    if not main:
        return  # no household of the area has a sheet
    for key, rows in main.items():
        for flow, kind, month, amount in rows:  # already summed: ``start`` (older) or ``end`` (the last six)
            suffix = window[key][(flow, kind)]
            suffix[cuts.start] = suffix.get(cuts.start, Decimal(0)) + amount
            if month == cuts.end:
                suffix[recent_start] = suffix.get(recent_start, Decimal(0)) + amount
    for cut in cuts.window:
        if cut not in (cuts.start, recent_start):
            _add_suffix(window, area_rows(region_code, cut, cuts.end, cut), cut)
    before: dict[Any, Suffixes] = defaultdict(lambda: defaultdict(dict))
    for cut in cuts.before:
        _add_suffix(before, area_rows(region_code, cut, cuts.before_end, cut), cut, flow=Flow.INCOME)
    for key, suffixes in window.items():
        _place(money, errors, key, suffixes, cuts, before=False)
    for key, suffixes in before.items():
        _place(money, errors, key, suffixes, cuts, before=True)


def _add_suffix(into: dict[Any, Suffixes], found: Mapping[Any, Sequence[Any]], cut: dt.date, flow: str = "") -> None:
    for key, rows in found.items():
        for row_flow, kind, _month, amount in rows:
            if not flow or row_flow == flow:
                suffix = into[key][(row_flow, kind)]
                suffix[cut] = suffix.get(cut, Decimal(0)) + amount


def area_drop_months(region_code: str, as_of: dt.date, pset: ParameterSet) -> set[int]:
    """The values of ``income_drop_months`` for the counties of the area (usually one value)."""
    if len(region_code) >= 6:
        counties = [region_code[:6]]
    else:
        counties = list(
            Region.objects.filter(level=Level.COUNTY, code__startswith=region_code).values_list("code", flat=True)
        )
    return {pset.drop_months(county, as_of) for county in counties} or {pset.drop_months(region_code, as_of)}


def load_area(
    region_code: str,
    as_of: dt.date,
    *,
    risks: Mapping[uuid.UUID, Sequence[str]] | None = None,
    drop_months: Collection[int] | None = None,
) -> list[AreaHousehold]:
    """Every household of the area (a region code of any level) with its facts for ``as_of``. ``drop_months``:
    the values of ``income_drop_months`` the facts will be assessed with (their months are summed exactly);
    None: those the area's parameters give."""
    if drop_months is None:
        drop_months = area_drop_months(region_code, as_of, ParameterSet.load(region_code))
    households = (
        Household.objects.filter(in_area("village_id", region_code))
        .annotate(key=_text_key("id"))
        .values_list(*HOUSEHOLD_FIELDS)
        .order_by("number")
    )
    errors: dict[Any, str] = {}
    members = _members(region_code, errors)
    money = _money(region_code, as_of, errors, drop_months)
    risks = risks or {}
    out = []
    for (
        key,
        number,
        village,
        status,
        car,
        other_car,
        car_reason,
        truck,
        prop,
        business,
        override,
        note,
    ) in households.iterator(chunk_size=5000):
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
            income_before=tuple(flows.get("income_before", ())),
            leisure_car=car,
            other_car=other_car,
            car_reason=car_reason,
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
    for household in load_area(region_code, as_of, drop_months=area_drop_months(region_code, as_of, pset)):
        rules = pset.rules(household.village, as_of)
        if household.error:
            yield household, HouseholdDataError(household.error)
            continue
        try:
            yield household, assess(household.facts, as_of, rules)
        except HouseholdDataError as exc:
            yield household, exc
