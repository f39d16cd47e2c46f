"""The building blocks of the screening rules (``rules.py``): the canonical tables, the evidence schema and
the helpers every rule is written with.

Canonical tables (the same columns whatever the engine; ``snapshot.py`` writes them, ``engines.py`` reads
them from Parquet on DuckDB/Spark or straight from the Django tables on PostgreSQL):

- ``households``: household_id, number, village_code, county_code, status, leisure_car (the registry records a
  享受型轿车), other_car (the registry judged a car production or low-value: ``registry.codes.OtherCar``)
- ``persons``: person_id, household_id, labor, work_income, birth_date, work_place (the labour database's current
  place, kept on the person by ``employment.work``; "" = not at work)
- ``feeds``: record_id, source, person_id, household_id, village_code, on_date, year, category, status,
  amount, amount_oop (only matched rows: exact ID match or a fuzzy match a clerk confirmed)
- ``cases``: household_id of the open monitoring cases (in identification or monitored)
- ``params``: county_code and the policy values per county (thresholds already multiplied out, as money)

Every rule returns evidence rows of one schema (``EVIDENCE``): one row per feed record that supports a hit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import ibis
import ibis.expr.datatypes as idt
from ibis.expr.types import Table

MONEY = idt.Decimal(18, 2)
FORMER_POOR = ("former_poor", "former_poor_no_policy")
NO_LABOUR = ("lost", "none")
EVIDENCE = ibis.schema(
    {
        "household_id": "string",
        "rule": "string",
        "risk_code": "string",
        "subtype": "string",
        "record_id": "int64",
        "person_id": "string",
        "on_date": "date",
        "amount": MONEY,
        "category": "string",
        "status": "string",
        "note": "string",
    }
)


@dataclass(frozen=True)
class Tables:
    households: Table
    persons: Table
    feeds: Table
    cases: Table
    params: Table


@dataclass(frozen=True)
class Context:
    as_of: dt.date

    @property
    def window_start(self) -> dt.date:
        """Records strictly after this date and up to ``as_of`` count: the 12 months before the screening."""
        try:
            return self.as_of.replace(year=self.as_of.year - 1)
        except ValueError:  # 29 February
            return self.as_of.replace(year=self.as_of.year - 1, day=28)


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    label: str
    source: str  # feeds source id
    department: str  # the source label, as the lead's 预警部门
    risk_code: str  # monitoring.codes.RiskType or Problem value ("" when the rule only asks for a review)
    definition: str  # plain Chinese, shown on the run page
    build: Callable[[Tables, Context], Table]


def flags(t: Tables) -> Table:
    """Households with ``monitored`` (an open case: in identification or monitored), ``former_poor`` (脱贫户 of
    either kind) and the registry's car facts."""
    open_ids = t.cases.select("household_id").distinct().mutate(monitored=ibis.literal(True))
    h = t.households.left_join(open_ids, "household_id").select(
        t.households.household_id,
        t.households.village_code,
        t.households.county_code,
        t.households.status,
        t.households.leisure_car,
        t.households.other_car,
        open_ids.monitored,
    )
    return h.mutate(
        monitored=h.monitored.fill_null(False),
        former_poor=h.status.isin(FORMER_POOR),
    )


def records(t: Tables, source: str, ctx: Context, *, window: bool = True) -> Table:
    f = t.feeds
    cond = [f.source == source, f.household_id.notnull()]
    if window:
        cond += [f.on_date > ibis.date(ctx.window_start), f.on_date <= ibis.date(ctx.as_of)]
    return f.filter(*cond)


def evidence(
    r: Table,
    rule: str,
    risk_code: str,
    *,
    subtype: ibis.Value | str = "",
    note: ibis.Value | str = "",
) -> Table:
    return r.select(
        household_id=r.household_id.cast("string"),
        rule=ibis.literal(rule, type="string"),
        risk_code=ibis.literal(risk_code, type="string"),
        subtype=ibis.literal(subtype, type="string") if isinstance(subtype, str) else subtype.cast("string"),
        record_id=r.record_id.cast("int64"),
        person_id=r.person_id.cast("string"),
        on_date=r.on_date.cast("date"),
        amount=r.amount.cast(MONEY),
        category=r.category.cast("string"),
        status=r.status.cast("string"),
        note=ibis.literal(note, type="string") if isinstance(note, str) else note.cast("string"),
    )


def amount_as(r: Table, column: str) -> Table:
    return r.mutate(amount=r[column])


def age_on(birth: ibis.Value, on: ibis.Value) -> ibis.Value:
    """Whole years between ``birth`` and ``on``."""
    before_birthday = (on.month() * 100 + on.day()) < (birth.month() * 100 + birth.day())
    return on.year() - birth.year() - ibis.ifelse(before_birthday, 1, 0)


def latest(r: Table, key: str) -> Table:
    """Per ``key``, the records of its latest date (ties kept)."""
    last = r.group_by(key).aggregate(last_on=r.on_date.max())
    j = r.join(last, [r[key] == last[key], r.on_date == last.last_on])
    return j.select(*r.columns)


def members_with(t: Tables, cond: Callable[[Table], ibis.Value], name: str) -> Table:
    p = t.persons
    return p.filter(cond(p)).group_by("household_id").aggregate(**{name: p.person_id.count()})
