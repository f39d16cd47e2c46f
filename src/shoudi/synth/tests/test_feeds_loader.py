"""Department feed rows loaded with a province (``shoudi synth load-province --feeds``, ``synth load-feeds``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.regions import loader as regions_loader
from shoudi.registry.models import Household, Person
from shoudi.screening import snapshot
from shoudi.synth.province import write_province

AS_OF = dt.date(2025, 6, 15)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    out = tmp_path_factory.mktemp("province-feeds")
    write_province("52", 600, out, 5, as_of=AS_OF, workers=1)
    return out


@pytest.fixture
def guizhou(db):
    regions_loader.load(["52"])


def _persons(province):
    return ds.dataset(province / "persons", format="parquet").to_table().to_pylist()


def _villages(province):
    return ds.dataset(province / "households", format="parquet").to_table().to_pylist()


def _feeds(province, tmp_path, change=None):
    persons = _persons(province)[:6]
    village = _villages(province)[0]["village_code"]
    rows = {
        "source": ["medical_claims", "medical_claims", "school", "civil_assistance", "disaster", "water", "water"],
        "id_number": [p["id_number"] for p in persons] + [""],
        "name": [p["name"] for p in persons] + [""],
        "village_code": ["", "", "", "", "", "", village],
        "on": [AS_OF - dt.timedelta(days=n) for n in range(7)],
        "year": [2025] * 7,
        "category": ["住院", "住院", "初中", "低保", "洪涝", "", ""],
        "status": ["", "", "辍学", "停止", "是", "否", "否"],
        "amount": [Decimal("1200.50"), Decimal("80.00"), None, Decimal("300.00"), Decimal("9000.00"), None, None],
        "amount_oop": [Decimal("7000.25"), Decimal("20.00"), None, None, None, None, None],
    }
    if change:
        change(rows)
    path = tmp_path / "feeds.parquet"
    money = pa.decimal128(14, 2)
    schema = {"on": pa.date32(), "year": pa.int32(), "amount": money, "amount_oop": money}
    pq.write_table(pa.table({k: pa.array(v, schema.get(k, pa.string())) for k, v in rows.items()}), path)
    return path, persons


def test_feed_rows_load_with_the_province_matched_to_their_persons(province, guizhou, tmp_path):
    path, persons = _feeds(province, tmp_path)
    out = StringIO()
    args = ["synth", "load-province", "--from", str(province), "--monitoring-share", "0", "--feeds", str(path)]
    call_command(*args, stdout=out)
    assert "部门数据 7 行" in out.getvalue()
    assert FeedRecord.objects.count() == 7
    claim = FeedRecord.objects.get(row=1)
    person = Person.objects.get(id_number=persons[0]["id_number"])
    assert (claim.person_id, claim.household_id, claim.match) == (person.pk, person.household_id, "exact")
    assert (claim.amount, claim.amount_oop, claim.on) == (Decimal("1200.50"), Decimal("7000.25"), AS_OF)
    by_village = FeedRecord.objects.get(row=7)
    assert (by_village.person_id, by_village.household_id, by_village.match) == (None, None, "none")
    batches = FeedBatch.objects.all()
    assert {b.source for b in batches} == {"medical_claims", "school", "civil_assistance", "disaster", "water"}
    assert {b.status for b in batches} == {FeedBatch.Status.APPLIED}
    assert {b.area_id for b in batches} == {"52"}
    # the screening snapshot of the province takes every row: six by household, one by village
    assert len(snapshot.querysets("52")["feeds"]) == 7


@pytest.mark.parametrize(
    ("field", "row", "value", "message"),
    [
        ("amount", 3, Decimal("-5.00"), r"feeds\.parquet 第 3 行 amount（金额）：-5\.00 不是有效金额"),
        ("source", 2, "tax", r"feeds\.parquet 第 2 行 source（数据来源）：未知的数据来源“tax”"),
        ("id_number", 4, "52262819", r"feeds\.parquet 第 4 行 id_number（身份证号）：“52262819”不是18位身份证号"),
        ("village_code", 7, "110101001001", r"第 7 行 village_code（村代码）：“110101001001”不是本省（52）的村代码"),
    ],
)
def test_a_bad_row_names_row_and_field_and_nothing_is_written(province, guizhou, tmp_path, field, row, value, message):
    def change(rows):
        rows[field][row - 1] = value

    path, _ = _feeds(province, tmp_path, change)
    with pytest.raises(CommandError, match=message):
        call_command("synth", "load-province", "--from", str(province), "--feeds", str(path), stdout=StringIO())
    assert (Household.objects.count(), FeedRecord.objects.count(), FeedBatch.objects.count()) == (0, 0, 0)


def test_an_id_number_of_no_loaded_person_is_named_and_nothing_is_written(province, guizhou, tmp_path):
    def change(rows):
        rows["id_number"][1] = "52262819800101999X"

    path, _ = _feeds(province, tmp_path, change)
    with pytest.raises(CommandError, match=r"第 2 行 id_number（身份证号）：52262819800101999X 不是已载入的人员"):
        call_command("synth", "load-province", "--from", str(province), "--feeds", str(path), stdout=StringIO())
    assert (Household.objects.count(), FeedRecord.objects.count(), FeedBatch.objects.count()) == (0, 0, 0)


def test_load_feeds_adds_the_rows_to_a_loaded_province(province, guizhou, tmp_path):
    call_command("synth", "load-province", "--from", str(province), "--monitoring-share", "0", stdout=StringIO())
    path, _ = _feeds(province, tmp_path)
    out = StringIO()
    call_command("synth", "load-feeds", "--file", str(path), stdout=out)
    assert "已载入部门数据 7 行" in out.getvalue()
    assert FeedRecord.objects.filter(match="exact").count() == 6
    with pytest.raises(CommandError, match="不存在"):
        call_command("synth", "load-feeds", "--file", str(tmp_path / "none.parquet"), stdout=StringIO())
