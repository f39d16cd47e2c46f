"""The snapshot of a county on a laptop (SQLite on disk, read through a read-only ``sqlite3`` connection)
holds exactly the rows of the queryset reader that the tests' in-memory database and PostgreSQL's COPY use:
same households, persons, feed records and open cases, same values, NULLs where the database has NULLs."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from shoudi.feeds import testing as ft
from shoudi.feeds.models import FeedBatch
from shoudi.regions.models import Level, Region
from shoudi.screening import snapshot
from shoudi.screening.tests.world import head
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = pytest.mark.sqlite_only

KEYS = {"households": "household_id", "persons": "person_id", "feeds": "record_id", "cases": "household_id"}
OTHER_VILLAGE = "520627100201"  # a village of another county (沿河)


def _rows(table, key):
    return sorted(table.to_pylist(), key=lambda r: r[key])


def _file_copy(directory: Path) -> Path:
    """The test database (in memory, inside the test's transaction) copied to a file, as a laptop has it."""
    path = directory / "county.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    # SQL text, not the backup API: the backup waits for the test's open transaction to end.
    target.executescript("\n".join(connection.connection.iterdump()))
    target.close()
    return path


@pytest.fixture
def edge_rows(world):
    """Rows that must stay out of a county's snapshot, and values that are easy to get wrong."""
    Region.objects.create(code="520627100", name="测试镇", level=Level.TOWNSHIP, parent_id="520627")
    Region.objects.create(code=OTHER_VILLAGE, name="测试村", level=Level.VILLAGE, parent_id="520627100")
    elsewhere = household_with_members(OTHER_VILLAGE, size=2)
    ours = household_with_members(VILLAGE_A, size=2)
    earner = head(ours)
    earner.work_income = Decimal("23456.78")
    earner.save()
    staged = ft.make_batch("medical_claims", status=FeedBatch.Status.STAGED)
    out = {
        "other_county": ft.feed(
            "medical_claims", ft.medical_claim(head(elsewhere), "2021-03-01", oop="1.05"), area="520627"
        ),
        "staged": ft.add_records(staged, [ft.medical_claim(earner, "2021-03-01", oop="99.99")]),
        "water_elsewhere": ft.feed("water", ft.water("2021-03-01", village=OTHER_VILLAGE), area="520627"),
        "cents": ft.feed("medical_claims", ft.medical_claim(earner, "2021-04-01", oop="0.07", total="12345.67")),
    }
    return out


@pytest.mark.parametrize("area", ["520628", "520628102", VILLAGE_C])
def test_the_file_reader_finds_the_rows_the_queryset_reader_finds(edge_rows, tmp_path, area):
    expected = {name: snapshot.table_from_queryset(name, qs) for name, qs in snapshot.querysets(area).items()}
    got = snapshot.read_sqlite(_file_copy(tmp_path), area)

    for name, key in KEYS.items():
        assert got[name].schema == snapshot.SCHEMAS[name], name
        assert _rows(got[name], key) == _rows(expected[name], key), name
    assert got["feeds"].num_rows > 0 and got["persons"].num_rows > 0


def test_records_of_other_counties_and_unapplied_batches_stay_out(edge_rows, tmp_path):
    got = snapshot.read_sqlite(_file_copy(tmp_path), "520628")

    feeds = got["feeds"].to_pylist()
    ids = {r["record_id"] for r in feeds}
    for key in ("other_county", "water_elsewhere"):
        assert not ids & set(edge_rows[key].records.values_list("id", flat=True)), key
    assert not ids & {r.id for r in edge_rows["staged"]}
    cents = next(r for r in feeds if r["record_id"] == edge_rows["cents"].records.get().id)
    assert (cents["amount"], cents["amount_oop"]) == (Decimal("12345.67"), Decimal("0.07"))
    village_water = [r for r in feeds if r["source"] == "water" and r["household_id"] is None]
    assert village_water and all(r["village_code"].startswith("520628") for r in village_water)
    assert Decimal("23456.78") in {p["work_income"] for p in got["persons"].to_pylist()}


def test_an_empty_area_gives_empty_tables_of_the_right_columns(regions, tmp_path):
    got = snapshot.read_sqlite(_file_copy(tmp_path), "520628")

    for name, table in got.items():
        assert table.num_rows == 0 and table.schema == snapshot.SCHEMAS[name]
