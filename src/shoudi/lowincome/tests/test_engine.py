"""The layers on the screening engines: the same rows as ``policy.layers`` household by household, and the same
rows on DuckDB, Spark and (when the test database is PostgreSQL) PostgreSQL.

One world for the module: households of 松桃 (520628, 低保 standard 500 元/月 stored: 6,000 元/年, 低保边缘 below
9,000 元; Guizhou's 2021 line 6,320 元 and 2020 disposable income 11,642 元, built in) around every boundary of
``policy.layers``, and a county without a 低保 standard (沿河, 520627). No household has income a year before the
window, so none takes the income-drop path (which the engine leaves out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction

from shoudi.income.models import IncomeLine, IncomeSheet
from shoudi.lowincome import testing as lt
from shoudi.lowincome.engine import standards_table
from shoudi.lowincome.engine_inputs import area_tables, classify_on, counties_of
from shoudi.lowincome.selectors import holds_of
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Case
from shoudi.monitoring.policy_bridge import load_builtin_params
from shoudi.policy.assessment import HouseholdDataError, assess
from shoudi.policy.batch import load_area
from shoudi.policy.layers import figures, layers_of
from shoudi.policy.models import Parameter
from shoudi.policy.params import ParameterSet
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, add_finance, build_region_tree, household_with_members

AS_OF = dt.date(2021, 6, 30)  # window 2020-06 … 2021-05
IN_WINDOW, BEFORE_WINDOW = "2021-03", "2020-05"
VILLAGE_NO_STANDARD = "520627100200"
FIGURES = ("members", "income", "net_income", "rigid", "all_without_labour", "property_ok")
LAYER_COLUMNS = (
    "dibao_candidate",
    "tekun_candidate",
    "edge_qualifies",
    "edge_candidate",
    "rigid_qualifies",
    "rigid_candidate",
    "monitoring_qualifies",
    "monitoring_candidate",
)
HOLDS = ("dibao", "tekun", "dibao_edge", "rigid_hardship", "monitoring", "former_poor")

# What the rules must say of the boundary households (beside agreeing with policy.layers on every column).
EXPECTED: dict[str, dict[str, Any]] = {
    "edge_exact": {"edge_qualifies": False, "rigid_qualifies": False, "dibao_candidate": False},  # 9,000.00 each
    "edge_fen_below": {"edge_qualifies": True, "edge_candidate": True, "rigid_qualifies": False},  # 8,999.995
    "costs_lower_net": {"edge_qualifies": True, "net_income": Decimal("17999.99")},
    "disposable_exact": {"rigid_qualifies": False, "edge_qualifies": False, "monitoring_qualifies": True},
    "rigid_exact_share": {"rigid_qualifies": True, "rigid_candidate": True, "rigid": Decimal("11641.99")},
    "rigid_fen_short": {"rigid_qualifies": False},
    "rigid_after_payouts": {"rigid_qualifies": True, "rigid": Decimal("11641.99")},
    "holds_dibao": {"edge_qualifies": False, "dibao_candidate": False, "rigid_qualifies": False, "holds_dibao": True},
    "dibao_flag": {"holds_dibao": False, "dibao_candidate": True},  # a flag without a membership holds nothing
    "dibao_ended": {"holds_dibao": False, "dibao_candidate": True},
    "property_not_ok": {"property_ok": False, "dibao_candidate": False, "edge_qualifies": False},
    "tekun": {"tekun_candidate": True, "dibao_candidate": True, "all_without_labour": True},
    "holds_tekun": {"tekun_candidate": False, "dibao_candidate": True, "edge_qualifies": False, "holds_tekun": True},
    "tekun_weak": {"tekun_candidate": False, "all_without_labour": False},
    "no_standard": {"edge_qualifies": None, "rigid_qualifies": None, "dibao_candidate": False},
    "monitoring_within": {"monitoring_qualifies": True, "monitoring_candidate": True},
    "monitoring_line_exact": {"monitoring_qualifies": False},
    "monitoring_excluded": {"monitoring_qualifies": False, "property_ok": False},
    "payroll_excluded": {"monitoring_qualifies": False, "property_ok": True, "edge_qualifies": True},
    "payroll_away": {"monitoring_qualifies": True},
    "assembly_override": {"monitoring_qualifies": True, "property_ok": False, "edge_qualifies": False},
    "monitored": {"monitoring_qualifies": True, "monitoring_candidate": False, "holds_monitoring": True},
    "member_away": {"members": 2, "edge_qualifies": False},
    "holds_edge": {"edge_qualifies": True, "edge_candidate": False, "rigid_qualifies": False},
    "holds_rigid": {"rigid_qualifies": True, "rigid_candidate": False, "holds_rigid_hardship": True},
    "old_income": {"income": Decimal("12000.00")},
    "former_poor": {"holds_former_poor": True},
}
NOBODY_LIVING_IN = "nobody_living_in"


def _income(household: Household, amount: str, item: str = "migrant_work", month: str = IN_WINDOW) -> None:
    add_finance(household, month, item, amount)


def _h(built: dict[str, Household], key: str, income: str, *, village: str = VILLAGE_A, size: int = 2, **fields):
    household = household_with_members(village, size=size, **fields)
    if income:
        _income(household, income)
    built[key] = household
    return household


def _parameters() -> None:
    load_builtin_params()
    Parameter.objects.create(
        key="dibao_standard_monthly",
        region_code="520628",
        valid_from=dt.date(2021, 1, 1),
        valid_to=dt.date(2021, 12, 31),
        value_type="decimal",
        value="500",
        source="松桃县2021年农村低保标准（测试）",
    )


def _regions() -> None:
    build_region_tree()
    Region.objects.create(code="520627100", name="和平街道", level=Level.TOWNSHIP, parent_id="520627")
    Region.objects.create(code=VILLAGE_NO_STANDARD, name="测试村", level=Level.VILLAGE, parent_id="520627100")


def build_world() -> dict[str, Household]:
    _regions()
    _parameters()
    b: dict[str, Household] = {}
    _h(b, "edge_exact", "18000.00")
    _h(b, "edge_fen_below", "17999.99")
    _income(_h(b, "costs_lower_net", "20000.00"), "2000.01", item="production_cost")
    _income(_h(b, "disposable_exact", "23284.00"), "11642.00", item="medical")
    _income(_h(b, "rigid_exact_share", "23283.98"), "11641.99", item="medical")
    _income(_h(b, "rigid_fen_short", "23283.98"), "11641.98", item="medical")
    payouts = _h(b, "rigid_after_payouts", "23283.98")
    _income(payouts, "15000.00", item="medical")
    _income(payouts, "2000.00", item="education")
    _income(payouts, "5358.01", item="insurance_claim")
    _income(payouts, "3000.00", item="disaster")  # counts for 监测 (after rigid), not for 刚性支出困难
    lt.membership(_h(b, "holds_dibao", "10000.00"), "dibao")
    flagged = _h(b, "dibao_flag", "5000.00")
    flagged.members.filter(relationship="spouse").update(dibao=True)
    lt.membership(_h(b, "dibao_ended", "5000.00"), "dibao", ended_on=dt.date(2021, 3, 1), end_reason="停保")
    _h(b, "property_not_ok", "5000.00", leisure_car=True)
    _h(b, "tekun", "5000.00", size=1).members.update(labor="none")
    _h(b, "tekun_weak", "5000.00", size=1).members.update(labor="weak")
    held_tekun = _h(b, "holds_tekun", "5000.00", size=1)
    held_tekun.members.update(labor="lost")
    lt.membership(held_tekun, "tekun")
    _h(b, "no_standard", "10000.00", village=VILLAGE_NO_STANDARD)
    _h(b, "monitoring_within", "12639.99", village=VILLAGE_C)
    _h(b, "monitoring_line_exact", "12640.00")
    _h(b, "monitoring_excluded", "5000.00", business=True)
    _h(b, "payroll_excluded", "5000.00").members.filter(relationship="spouse").update(public_payroll=True)
    _h(b, "payroll_away", "5000.00").members.filter(relationship="spouse").update(public_payroll=True, living_in=False)
    _h(b, "assembly_override", "5000.00", truck_or_excavator=True, assembly_override=True, assembly_note="村民代表大会")
    monitored = _h(b, "monitored", "5000.00", status="former_poor")
    Case.objects.create(
        household=monitored,
        village_id=monitored.village_id,
        status=mcodes.Status.MONITORED,
        status_on=AS_OF,
        channel=mcodes.Channel.CADRE_VISIT,
        opened_on=dt.date(2021, 1, 5),
        deadline=dt.date(2021, 1, 20),
    )
    _h(b, "member_away", "18000.00", size=3).members.filter(relationship="son").update(living_in=False)
    lt.membership(_h(b, "holds_edge", "17000.00"), "dibao_edge")
    held_rigid = _h(b, "holds_rigid", "23283.98")
    _income(held_rigid, "11641.99", item="medical")
    lt.membership(held_rigid, "rigid_hardship")
    old = _h(b, "old_income", "12000.00")
    _income(old, "50000.00", month=BEFORE_WINDOW)  # before the window: not counted
    _h(b, "former_poor", "30000.00", status="former_poor")
    _h(b, NOBODY_LIVING_IN, "3000.00", size=1).members.update(living_in=False)
    # A 收入核算表 for 2021 (a twelfth a month) and a finance record of an item the sheet has no line of: read by
    # income.window's rule on both paths.
    sheet = _h(b, "sheet", "", size=3)
    IncomeSheet.objects.create(household=sheet, year=2021, starts=dt.date(2021, 1, 1))
    IncomeLine.objects.create(sheet=sheet.income_sheets.get(), item="crops", amount=Decimal("9000.00"))
    _income(sheet, "700.00", item="medical", month="2021-02")
    _income(sheet, "999.00", item="crops", month="2021-02")  # the sheet has a crops line: this one is not read
    return b


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The module's households, built once in a transaction rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def inputs(world, django_db_blocker):
    with django_db_blocker.unblock():
        tables = area_tables("52", AS_OF)
        return tables, standards_table(counties_of(tables), AS_OF)


def _python_rows() -> dict[str, dict[str, Any] | None]:
    """The Python path: the area's facts (policy.batch), the monitoring assessment, then policy.layers. None for a
    household the assessment cannot take (no member living in)."""
    pset = ParameterSet.load("52")
    rows: dict[str, dict[str, Any] | None] = {}
    for item in load_area("52", AS_OF):
        try:
            assessment = assess(item.facts, AS_OF, pset.rules(item.village, AS_OF))
        except HouseholdDataError:
            rows[str(item.id)] = None
            continue
        assert not assessment.verdict.income_drop_below  # the engine leaves that path out
        household = Household.objects.get(pk=item.id)
        holds = holds_of(household)  # the register's definition
        dibao, tekun, edge, rigid, monitoring = layers_of(
            item.facts, assessment, pset.layer_standards(item.village, AS_OF), holds=holds
        )
        f = figures(item.facts, assessment.measures)
        rows[str(item.id)] = {
            "members": f.members,
            "income": f.income,
            "net_income": f.net_income,
            "rigid": f.rigid,
            "after_rigid": assessment.measures.after_rigid,
            "all_without_labour": f.all_without_labour,
            "property_ok": f.property_ok,
            "excluded": assessment.verdict.excluded,
            "within_range": assessment.verdict.within_range,
            **{f"holds_{code}": code in holds for code in HOLDS},
            "dibao_candidate": dibao.candidate,
            "tekun_candidate": tekun.candidate,
            "edge_qualifies": edge.qualifies,
            "edge_candidate": edge.candidate,
            "rigid_qualifies": rigid.qualifies,
            "rigid_candidate": rigid.candidate,
            "monitoring_qualifies": monitoring.qualifies,
            "monitoring_candidate": monitoring.candidate,
        }
    return rows


def _by_household(table) -> dict[str, dict[str, Any]]:
    return {row["household_id"]: row for row in table.to_pylist()}


@pytest.mark.django_db
def test_duckdb_classifies_every_household_as_policy_layers_does(world, inputs):
    tables, standards = inputs
    engine = _by_household(classify_on("duckdb", tables, AS_OF, standards))
    python = _python_rows()
    assert set(engine) == set(python) == {str(h.pk) for h in world.values()}
    for key, household in world.items():
        row, expected = engine[str(household.pk)], python[str(household.pk)]
        if expected is None:  # cannot be assessed: nothing qualifies, nobody is a candidate
            assert key == NOBODY_LIVING_IN and row["members"] == 0
            assert not any(row[c] for c in LAYER_COLUMNS if c.endswith("_candidate"))
            assert all(row[c] is None for c in LAYER_COLUMNS if c.endswith("_qualifies"))
            continue
        assert {c: row[c] for c in expected} == expected, key
        for column, value in EXPECTED.get(key, {}).items():
            assert row[column] == value, (key, column)


@pytest.mark.django_db
def test_standards_come_from_the_policy_parameters(inputs):
    _, standards = inputs
    rows = {row["county_code"]: row for row in standards.to_pylist()}
    songtao, yanhe = rows["520628"], rows["520627"]
    assert songtao["dibao_annual"] == 6000 and songtao["edge_limit"] == 9000 and songtao["edge_ratio"] == Decimal("1.5")
    assert songtao["disposable"] == 11642 and songtao["rigid_share"] == Decimal("0.5")
    assert songtao["monitoring_line"] == yanhe["monitoring_line"] == 6320
    assert yanhe["dibao_annual"] is None and yanhe["edge_limit"] is None and yanhe["disposable"] == 11642


@pytest.mark.spark
@pytest.mark.django_db
def test_every_engine_gives_the_same_rows(world, inputs):
    tables, standards = inputs
    engines = ["duckdb", "spark"] + (["postgres"] if connection.vendor == "postgresql" else [])
    results = {engine: classify_on(engine, tables, AS_OF, standards).to_pylist() for engine in engines}
    assert len(results["duckdb"]) == len(world)
    for engine in engines[1:]:
        assert results[engine] == results["duckdb"], engine
