"""The PostgreSQL snapshot through ADBC (outside a transaction: several connections sharing one exported
snapshot) holds exactly the rows and values of the reader used inside a transaction (COPY on Django's own
connection), whatever number of pieces the large tables are cut into."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection, transaction

from shoudi.screening import snapshot, snapshot_pg
from shoudi.screening.tests.test_snapshot import KEYS, _rows, edge_rows  # noqa: F401 - the fixture

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("edge_rows")
@pytest.mark.parametrize(("area", "parts"), [("520628", 1), ("520628", 3), ("52", 2)])
def test_the_adbc_reader_finds_the_rows_and_values_the_copy_reader_finds(area, parts, monkeypatch):
    with transaction.atomic():
        expected = snapshot.read(area)  # inside a transaction: COPY on Django's connection
    monkeypatch.setattr(snapshot_pg, "PARTS", parts)
    assert not connection.in_atomic_block
    got = snapshot_pg.read_postgres(area, snapshot.querysets(area), parts)

    for name, key in KEYS.items():
        assert got[name].schema == snapshot.SCHEMAS[name], name
        assert _rows(got[name], key) == _rows(expected[name], key), name
    assert got["feeds"].num_rows > 0 and got["persons"].num_rows > 0 and got["households"].num_rows > 0
    assert any(r["household_id"] is None for r in got["feeds"].to_pylist())  # water by village: NULL stays NULL


@pytest.mark.usefixtures("edge_rows")
def test_read_takes_the_adbc_path_outside_a_transaction(monkeypatch):
    calls = []
    real = snapshot_pg.read_postgres
    monkeypatch.setattr(snapshot_pg, "read_postgres", lambda *a, **k: calls.append(a[0]) or real(*a, **k))

    tables = snapshot.read("520628")

    assert calls == ["520628"]
    assert {name: t.schema for name, t in tables.items()} == snapshot.SCHEMAS


def test_village_groups_cover_the_area_in_contiguous_ranges(regions):
    groups = snapshot_pg.village_groups("52", 3)

    assert len(groups) == 3
    assert groups[0][0] == "52" and groups[-1][1] == "529999999999" and groups[-1][2]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(groups))
    assert not any(last for _, _, last in groups[:-1])


@pytest.mark.usefixtures("regions")
def test_an_empty_area_gives_empty_tables_of_the_right_columns():
    got = snapshot_pg.read_postgres("520628", snapshot.querysets("520628"))

    for name, table in got.items():
        assert table.num_rows == 0 and table.schema == snapshot.SCHEMAS[name]
