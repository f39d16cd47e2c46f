"""The province writer: Parquet files straight from the generator, no database."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest
from django.core.management import CommandError, call_command

from shoudi.registry.codes import ITEM_KIND
from shoudi.registry.idnumber import parse
from shoudi.synth.county import shipped_divisions
from shoudi.synth.province import ProvinceError, write_province

AS_OF = dt.date(2025, 6, 15)


def _read(out, table):
    return ds.dataset(out / table, format="parquet").to_table()


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    out = tmp_path_factory.mktemp("province")
    summary = write_province("52", 20_000, out, 4, as_of=AS_OF, workers=1, chunk_households=1000)
    return out, summary


def test_files_hold_exactly_the_persons_asked_for(province):
    out, summary = province
    households, persons, income = (_read(out, t) for t in ("households", "persons", "income"))
    assert persons.num_rows == summary.persons == 20_000
    assert households.num_rows == summary.households
    assert income.num_rows == summary.finance_rows
    assert summary.bytes_written == sum(p.stat().st_size for p in out.rglob("*.parquet"))
    numbers = set(households.column("household_number").to_pylist())
    assert len(numbers) == households.num_rows
    assert set(persons.column("household_number").to_pylist()) == numbers
    assert set(income.column("household_number").to_pylist()) <= numbers


def test_households_cover_the_real_villages_of_the_province(province):
    out, _ = province
    villages = {code for rows in shipped_divisions("52").villages.values() for code, _ in rows}
    codes = set(_read(out, "households").column("village_code").to_pylist())
    assert codes <= villages
    assert len({c[:6] for c in codes}) == len(shipped_divisions("52").villages)  # every county has households


def test_id_numbers_are_unique_and_valid(province):
    out, _ = province
    persons = _read(out, "persons")
    numbers = persons.column("id_number").to_pylist()
    assert len(set(numbers)) == len(numbers)
    rows = persons.to_pylist()
    for p in random.Random(1).sample(rows, 500):
        info = parse(p["id_number"])
        assert info.birth_date == p["birth_date"] and (info.sex == "男") == (p["sex"] == "M")
        assert p["household_number"].startswith(info.region_code)
    heads = pc.sum(pc.equal(persons.column("relationship"), "head")).as_py()
    assert heads == _read(out, "households").num_rows


def test_income_rows_are_in_the_window_and_typed(province):
    out, _ = province
    income = _read(out, "income")
    assert pc.min(income.column("month")).as_py() == dt.date(2024, 6, 1)
    assert pc.max(income.column("month")).as_py() == dt.date(2025, 5, 1)
    assert pc.min(income.column("amount")).as_py() > 0
    pairs = {(r["item"], r["flow"], r["kind"]) for r in income.select(["item", "flow", "kind"]).to_pylist()}
    assert all((flow, kind) == tuple(str(x) for x in ITEM_KIND[item]) for item, flow, kind in pairs)


def test_small_chunks_split_a_county_into_several_part_files(tmp_path):
    summary = write_province("52", 2000, tmp_path, 1, as_of=AS_OF, workers=1, chunk_households=3)
    parts = list((tmp_path / "households").glob("part-520628-*.parquet"))
    assert len(parts) > 1
    assert _read(tmp_path, "persons").num_rows == summary.persons == 2000


def test_output_does_not_depend_on_the_number_of_workers(tmp_path):
    one = write_province("52", 3000, tmp_path / "one", 9, as_of=AS_OF, workers=1)
    two = write_province("52", 3000, tmp_path / "two", 9, as_of=AS_OF, workers=2)
    assert (one.households, one.finance_rows) == (two.households, two.finance_rows)
    keys = {
        "households": ["household_number"],
        "persons": ["id_number"],
        "income": ["household_number", "month", "item"],
    }
    for table, columns in keys.items():
        order = [(c, "ascending") for c in columns]
        assert _read(tmp_path / "one", table).sort_by(order).equals(_read(tmp_path / "two", table).sort_by(order))


def test_refuses_to_overwrite_files_without_replace(tmp_path):
    write_province("52", 500, tmp_path, 1, as_of=AS_OF, workers=1)
    with pytest.raises(ProvinceError, match="--replace"):
        write_province("52", 500, tmp_path, 1, as_of=AS_OF, workers=1)
    again = write_province("52", 500, tmp_path, 2, as_of=AS_OF, workers=1, replace=True)
    assert _read(tmp_path, "persons").num_rows == again.persons == 500


def test_unknown_province_is_refused(tmp_path):
    with pytest.raises(ProvinceError, match="不存在"):
        write_province("99", 100, tmp_path, 1)


def test_command_writes_the_files(tmp_path):
    call_command("synth", "province", "--persons", "800", "--out", str(tmp_path), "--workers", "1")
    assert _read(tmp_path, "persons").num_rows == 800
    with pytest.raises(CommandError, match="--replace"):
        call_command("synth", "province", "--persons", "800", "--out", str(tmp_path), "--workers", "1")
