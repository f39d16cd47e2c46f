"""job_loss reads the labour database: a 失业登记 / 返乡 record hits when no *other* member of the household is at
work — 务工地点 as the registry keeps it from the work spells (``employment.work.sync_person``). The rule itself,
on small tables (DuckDB), so the case that the old rule (the only member with a wage income) got wrong is named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import ibis
import pyarrow as pa

from shoudi.screening.expressions import Context, Tables
from shoudi.screening.rules import job_loss
from shoudi.screening.snapshot import SCHEMAS

AS_OF = dt.date(2021, 6, 30)


def _tables(persons: list[tuple[str, str, str, str | None]], records: list[tuple[int, str, str, str]]) -> Tables:
    """``persons``: (person, household, work_place, work_income); ``records``: (id, person, household, 事项)."""
    people = pa.table(
        {
            "person_id": [p[0] for p in persons],
            "household_id": [p[1] for p in persons],
            "labor": ["ordinary"] * len(persons),
            "work_place": [p[2] for p in persons],
            "work_income": pa.array([Decimal(p[3]) if p[3] else None for p in persons], type=pa.decimal128(14, 2)),
            "birth_date": [dt.date(1985, 1, 1)] * len(persons),
        }
    )
    feeds = pa.table(
        {
            "record_id": pa.array([r[0] for r in records], type=pa.int64()),
            "source": ["employment"] * len(records),
            "person_id": [r[1] for r in records],
            "household_id": [r[2] for r in records],
            "village_code": ["520628101203"] * len(records),
            "on_date": [dt.date(2021, 4, 1)] * len(records),
            "year": pa.array([2021] * len(records), type=pa.int32()),
            "category": [r[3] for r in records],
            "status": [""] * len(records),
            "amount": pa.array([None] * len(records), type=pa.decimal128(14, 2)),
            "amount_oop": pa.array([None] * len(records), type=pa.decimal128(14, 2)),
        }
    )
    empty = ibis.memtable(pa.table({"household_id": pa.array([], type=pa.string())}))
    return Tables(
        households=empty, persons=ibis.memtable(people), feeds=ibis.memtable(feeds), cases=empty, params=empty
    )


def _hits(tables: Tables) -> set[str]:
    found = ibis.duckdb.connect().execute(job_loss(tables, Context(AS_OF)))
    return set(found["household_id"])


def test_a_return_hits_when_no_other_member_is_at_work():
    tables = _tables(
        [
            ("a1", "alone", "", "30000"),  # back home; his wages of the year stay in the registry
            ("a2", "alone", "", "0"),
            ("b1", "other_works", "", "30000"),
            ("b2", "other_works", "in_county", "0"),  # at work (no wage recorded yet)
            ("c1", "other_back", "", "30000"),
            ("c2", "other_back", "", "20000"),  # earned this year, but back home too: not at work now
            ("d1", "still_registered", "out_province", "30000"),  # the record's person, still registered at work
            ("d2", "still_registered", "", None),
        ],
        [
            (1, "a1", "alone", "返乡"),
            (2, "b1", "other_works", "失业登记"),
            (3, "c1", "other_back", "返乡"),
            (4, "d1", "still_registered", "失业登记"),
        ],
    )
    assert _hits(tables) == {"alone", "other_back", "still_registered"}


def test_an_employment_record_is_not_a_loss():
    tables = _tables([("a1", "h", "", "0")], [(1, "a1", "h", "就业")])
    assert _hits(tables) == set()


def test_the_snapshot_carries_the_registry_work_place():
    assert "work_place" in SCHEMAS["persons"].names
