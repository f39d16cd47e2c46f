"""Writing a synthetic county into the registry tables, and the ``shoudi synth county`` command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Min

from shoudi.core.access import in_area
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Region
from shoudi.registry.codes import ITEM_KIND
from shoudi.registry.idnumber import parse
from shoudi.registry.models import FinanceRecord, Household, Person
from shoudi.synth.writer import SynthError, write_county
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_B, VILLAGE_C

AS_OF = dt.date(2025, 6, 15)


def _snapshot(county: str = COUNTY):
    households = Household.objects.filter(in_area("village_id", county))
    return (
        sorted(households.values_list("id", "number", "village_id", "status", "exit_year", "debt", "land_mu")),
        sorted(Person.objects.filter(household__in=households).values_list("id", "id_number", "name", "birth_date")),
        sorted(
            FinanceRecord.objects.filter(household__in=households).values_list(
                "household_id", "month", "item", "amount"
            )
        ),
    )


def test_counts_match_the_summary_and_rows_are_valid(regions):
    summary = write_county(COUNTY, 120, 5, as_of=AS_OF)
    households = Household.objects.filter(in_area("village_id", COUNTY))
    assert households.count() == summary.households == 120
    assert set(households.values_list("village_id", flat=True)) <= {VILLAGE_A, VILLAGE_B, VILLAGE_C}
    people = Person.objects.filter(household__in=households)
    assert people.count() == summary.persons
    numbers = list(people.values_list("id_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    for p in people:
        info = parse(p.id_number)
        assert info.birth_date == p.birth_date and (info.sex == "男") == (p.sex == "M")
    assert FinanceRecord.objects.filter(household__in=households).count() == summary.finance_rows
    assert summary.former_poor == households.filter(status="former_poor").count()
    assert all(h.members.filter(relationship="head").count() == 1 for h in households)


def test_finance_rows_stay_in_the_window_and_carry_flow_and_kind(regions):
    write_county(COUNTY, 60, 2, as_of=AS_OF)
    rows = FinanceRecord.objects.all()
    assert rows.aggregate(m=Min("amount"))["m"] >= 0
    months = set(rows.values_list("month", flat=True))
    assert min(months) == dt.date(2024, 6, 1) and max(months) <= dt.date(2025, 5, 1)
    assert all(m.day == 1 for m in months)
    for item, flow, kind in rows.values_list("item", "flow", "kind").distinct():
        assert (flow, kind) == tuple(str(x) for x in ITEM_KIND[item])


def test_same_seed_writes_identical_data_and_another_seed_does_not(regions):
    write_county(COUNTY, 40, 9, as_of=AS_OF)
    first = _snapshot()
    write_county(COUNTY, 40, 9, as_of=AS_OF, replace=True)
    assert _snapshot() == first
    write_county(COUNTY, 40, 10, as_of=AS_OF, replace=True)
    assert _snapshot()[1] != first[1]
    assert Household.objects.count() == 40


def test_refuses_a_county_with_households_unless_replacing_and_keeps_real_ones(household_a):
    with pytest.raises(SynthError, match="已有 1 户"):
        write_county(COUNTY, 10, 1, as_of=AS_OF)
    write_county(COUNTY, 30, 1, as_of=AS_OF, replace=True)
    write_county(COUNTY, 30, 1, as_of=AS_OF, replace=True)
    assert Household.objects.filter(pk=household_a.pk).exists()
    assert household_a.members.count() == 3
    assert Household.objects.count() == 31


def test_writes_one_audit_entry_for_the_run(regions):
    write_county(COUNTY, 10, 1, as_of=AS_OF)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT, area_code=COUNTY)
    assert entry.changes["模拟户数"] == 10 and entry.changes["随机种子"] == 1


def test_loads_the_province_when_the_county_has_no_villages(regions):
    summary = write_county("520627", 50, 1, as_of=AS_OF)  # 沿河: in the test tree without villages
    assert summary.households == 50
    assert Region.objects.filter(code__startswith="520627", level=5).count() > 100
    sites = Region.objects.filter(code__startswith="520627", relocation_site=True)
    relocated = Household.objects.filter(relocated=True)
    assert sites.exists()
    assert set(relocated.values_list("village_id", flat=True)) <= set(sites.values_list("code", flat=True))


def test_unknown_county_is_refused(regions):
    with pytest.raises(SynthError, match="不存在"):
        write_county("529999", 5, 1)
    with pytest.raises(SynthError, match="6位数字"):
        write_county("52", 5, 1)


def test_command_prints_the_summary_and_refuses_to_overwrite(regions):
    out = StringIO()
    call_command("synth", "county", "--households", "25", "--seed", "3", "--as-of", "2025-06-15", stdout=out)
    text = out.getvalue()
    assert "松桃苗族自治县" in text and "25 户" in text and "收支记录" in text
    with pytest.raises(CommandError, match="--replace"):
        call_command("synth", "county", "--households", "25", stdout=StringIO())
    with pytest.raises(CommandError, match="日期格式"):
        call_command("synth", "county", "--as-of", "2025/06/15", "--replace", stdout=StringIO())
