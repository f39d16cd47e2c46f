"""Registry households in batch, and the simulation of a new line over them."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shoudi.policy.assessment import Category
from shoudi.policy.batch import assess_area, load_area
from shoudi.policy.simulation import SimulationError, simulate
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, add_finance, household_with_members

AS_OF = dt.date(2021, 6, 15)


@pytest.fixture
def county_households(builtin, regions):
    made = {}
    made["unstable"] = household_with_members(VILLAGE_A, size=3, status="former_poor", exit_year=2018)
    add_finance(made["unstable"], "2020-10", "migrant_work", "15000.00")  # 5,000 a head
    made["edge"] = household_with_members(VILLAGE_A, size=2)
    add_finance(made["edge"], "2021-02", "crops", "14000.00")
    add_finance(made["edge"], "2021-02", "production_cost", "1000.00")  # 13,000 → 6,500 a head
    made["sudden"] = household_with_members(VILLAGE_A, size=1)
    add_finance(made["sudden"], "2020-07", "pension", "20000.00")
    add_finance(made["sudden"], "2021-03", "medical", "16000.00")  # 4,000 after rigid spending
    made["car"] = household_with_members(VILLAGE_A, size=2, leisure_car=True)
    add_finance(made["car"], "2021-01", "local_work", "2000.00")
    made["other_township"] = household_with_members(VILLAGE_C, size=2, status="former_poor", exit_year=2019)
    add_finance(made["other_township"], "2020-12", "dibao", "12800.00")  # 6,400 a head
    # before the window, and not among the months the income-drop test compares with (2020-03 … 2020-05)
    add_finance(made["other_township"], "2020-01", "dibao", "99999.00")
    made["empty"] = household_with_members(VILLAGE_C, size=1)
    made["empty"].members.update(living_in=False)
    return made


def test_load_area_reads_facts_from_the_registry(county_households):
    facts = {h.number: h.facts for h in load_area("520628", AS_OF)}
    edge = facts[county_households["edge"].number]
    assert sum(e.amount for e in edge.income) == Decimal("14000.00")
    assert sum(e.amount for e in edge.costs) == Decimal("1000.00")
    assert len(edge.members) == 2
    assert facts[county_households["unstable"].number].former_poor is True
    assert facts[county_households["car"].number].leisure_car is True
    assert sum(e.amount for e in facts[county_households["other_township"].number].income) == Decimal("12800.00")


def test_assess_area_matches_the_rules(county_households):
    results = {h.number: r for h, r in assess_area("520628", AS_OF)}
    assert results[county_households["unstable"].number].verdict.potential_category == Category.UNSTABLE
    assert results[county_households["edge"].number].verdict.within_range is False
    assert results[county_households["sudden"].number].verdict.potential_category == Category.SUDDEN
    assert results[county_households["car"].number].verdict.excluded is True
    assert isinstance(results[county_households["empty"].number], ValueError)


def households(counts):
    """(within the range, 脱贫不稳定户, 边缘易致贫户, 突发严重困难户) in households."""
    return tuple(getattr(counts, n).households for n in ("within", "unstable", "marginal", "sudden"))


def test_simulation_counts_current_and_proposed_by_category_and_township(county_households):
    report = simulate(region_code="520628", as_of=AS_OF, proposals={"monitoring_line": "6600"})
    cur, new = report.total.current, report.total.proposed
    assert report.total.households == 6
    assert report.errors == 1
    assert households(cur) == (2, 1, 0, 1)
    assert households(new) == (4, 2, 1, 1)
    assert (cur.unstable.people, new.unstable.people, new.marginal.people) == (3, 5, 2)
    assert cur.excluded.households == new.excluded.households == 1
    rows = {r.code: r for r in report.rows}
    assert set(rows) == {"520628101", "520628102"}
    assert rows["520628101"].name == "盘石镇"
    assert (rows["520628102"].current.unstable.households, rows["520628102"].proposed.unstable.households) == (0, 1)
    assert report.current_lines["520628"].value == Decimal("6320")
    assert report.proposed_lines["520628"].value == Decimal("6600")


def test_simulation_of_a_township_counts_only_its_households(county_households):
    report = simulate(region_code="520628102", as_of=AS_OF, proposals={"monitoring_line": "6600"})
    assert report.total.households == 2
    assert [r.code for r in report.rows] == ["520628102"]


def test_simulation_takes_a_formula(county_households):
    report = simulate(
        region_code="520628",
        as_of=AS_OF,
        proposals={"dibao_standard_monthly": "300", "monitoring_line": "2 * dibao_standard_monthly * 12"},
    )
    assert report.proposed_lines["520628"].value == Decimal("7200")
    assert report.total.proposed.marginal.households == 1


def test_simulation_queries_do_not_grow_with_the_number_of_households(county_households):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            simulate(region_code="520628", as_of=AS_OF, proposals={"monitoring_line": "6600"})
        return len(ctx.captured_queries)

    few = queries()
    for i in range(15):
        h = household_with_members(VILLAGE_A if i % 2 else VILLAGE_C, size=3)
        add_finance(h, "2021-01", "migrant_work", f"{1000 * i}.00")
        add_finance(h, "2021-02", "medical", "500.00")
    assert queries() == few <= 8


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"region_code": "529999", "proposals": {"monitoring_line": "6600"}}, "不存在"),
        ({"region_code": "520628", "proposals": {}}, "至少"),
        ({"region_code": "520628", "proposals": {"monitoring_line": "6600 +"}}, "语法错误"),
        ({"region_code": "520628", "proposals": {"Bad-Key": "1"}}, "key"),
    ],
)
def test_simulation_errors(county_households, kwargs, message):
    with pytest.raises(SimulationError, match=message):
        simulate(as_of=AS_OF, **kwargs)


def test_simulation_without_a_line_for_the_year_says_so(county_households):
    with pytest.raises(SimulationError, match="monitoring_line"):
        simulate(region_code="520628", as_of=dt.date(2023, 6, 1), proposals={"notice_days": "7"})


def test_simulate_command(county_households):
    out = io.StringIO()
    call_command("simulate", "--region", "520628", "--as-of", "2021-06-15", "--set", "monitoring_line=6600", stdout=out)
    text = out.getvalue()
    assert "盘石镇" in text and "盘信镇" in text and "合计" in text and "6600.00" in text
    out = io.StringIO()
    call_command(
        "simulate", "--region", "520628", "--as-of", "2021-06-15", "--set", "monitoring_line=6600", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["total"]["proposed"]["within"] == {"households": 4, "people": 9}
    with pytest.raises(CommandError, match="KEY=VALUE"):
        call_command("simulate", "--region", "520628", "--as-of", "2021-06-15", "--set", "6600", stdout=io.StringIO())
