"""The layers of ``policy.layers`` as one Ibis expression: every household of an area (or of a whole synthetic
province) classified at once on DuckDB, PostgreSQL or Spark, as the screening rules are (``screening.engines``).

The table of ``policy.layers``' module docstring is the definition; this module implements the same table over
canonical input tables (``lowincome.engine_inputs`` builds them, from the database or from a province's Parquet):

- ``households``: household_id, village_code, status, leisure_car, truck_or_excavator, commercial_property,
  business, assembly_override
- ``persons``: household_id, living_in, labor, dibao, tekun, public_payroll (the 低保 / 特困 flags are carried, not
  read: they follow the open memberships, ``lowincome.services.sync_person_flags``)
- ``income``: household_id, month (1st of the month), flow, kind, amount — the registry's codes
  (``registry.codes.Flow``, ``IncomeKind``, ``RigidKind``), read through the window rule of ``income.window``
- ``holds``: household_id, layer — what the household holds, as ``lowincome.selectors.holds_of`` reads it: an
  open membership of the register (低保, 特困, 低保边缘, 刚性支出困难) or an open monitoring case (``monitoring``);
  a synthetic province, which has neither, gives its persons' 低保 / 特困 flags

and a small ``standards`` table per county (``standards_table``: the values the Python path reads from the
policy parameters). 脱贫户 is the registry's status.

Figures, as ``policy.layers.figures`` takes them from the assessment's measures: members counted are those
living in; income is the four kinds over the window (``policy.facts.income_window``: the 12 calendar months before
the month of ``as_of``); net income is income less production costs; ``rigid`` is medical and education spending
less payouts, never below 0. Every comparison is exact (``net < standard × members`` in decimals: money as
``MONEY``, standards as ``LIMIT`` with up to 8 decimal places; a standard with more is refused, not rounded).

监测对象 here is the monitoring assessment without its income-drop path (收入大幅缩减 needs the same months a year
earlier, a second year of months): within the range (``net < line × members``) or below it after rigid spending
(``net − max(0, all rigid spending − payouts) < line × members``), and not excluded (享受型轿车, truck or excavator,
commercial property, business, or a member living in on public payroll — unless the village assembly decided
otherwise). A household that reaches 突发严重困难户 only through a sharp fall of income is ``monitoring_qualifies``
False here and True in ``policy.assessment``.

A household with no member living in cannot be assessed (the Python path raises ``HouseholdDataError``): its row
has every ``*_qualifies`` null and every candidate False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import ibis
import ibis.expr.datatypes as idt
import pyarrow as pa
from ibis.expr.types import Table

from shoudi.policy.facts import income_window
from shoudi.policy.layers import Layer
from shoudi.policy.records import ParameterError
from shoudi.registry.codes import NO_LABOUR, Flow, HouseholdStatus, RigidKind
from shoudi.screening.expressions import MONEY

LIMIT_SCALE = 8
LIMIT = idt.Decimal(22, LIMIT_SCALE)  # a standard (yuan a year): 14 integer digits, 8 decimals
# A share of income, and the income it multiplies: both one type, so every engine keeps the product's decimals
# (DuckDB gives decimal(38, 16); Spark trims the scale of a product wider than 38 digits, but not below 13).
SHARE = idt.Decimal(20, LIMIT_SCALE)
HEADCOUNT = idt.Decimal(6, 0)  # members, as a decimal: ``LIMIT × HEADCOUNT`` stays exact on every engine
FORMER_POOR = (HouseholdStatus.FORMER_POOR.value, HouseholdStatus.FORMER_POOR_NO_POLICY.value)
NO_LABOUR_CODES = tuple(sorted(str(code) for code in NO_LABOUR))
LAYER_RIGID_KINDS = (RigidKind.MEDICAL.value, RigidKind.EDUCATION.value)

STANDARDS_SCHEMA = pa.schema(
    [
        ("county_code", pa.string()),
        ("dibao_annual", pa.decimal128(22, LIMIT_SCALE)),  # 12 × dibao_standard_monthly; null when not set
        ("edge_ratio", pa.decimal128(22, LIMIT_SCALE)),
        ("edge_limit", pa.decimal128(22, LIMIT_SCALE)),  # dibao_annual × edge_ratio
        ("disposable", pa.decimal128(22, LIMIT_SCALE)),  # last year's rural_disposable_income; null when not set
        ("rigid_share", pa.decimal128(20, LIMIT_SCALE)),
        ("monitoring_line", pa.decimal128(22, LIMIT_SCALE)),
    ]
)
HOLDS = ("dibao", "tekun", "dibao_edge", "rigid_hardship", "monitoring", "former_poor")
OUTPUT_SCHEMA = pa.schema(
    [
        ("household_id", pa.string()),
        ("village_code", pa.string()),
        ("county_code", pa.string()),
        ("members", pa.int64()),
        ("income", pa.decimal128(18, 2)),
        ("net_income", pa.decimal128(18, 2)),
        ("rigid", pa.decimal128(18, 2)),
        ("after_rigid", pa.decimal128(18, 2)),  # net income less all rigid spending net of payouts (监测)
        ("all_without_labour", pa.bool_()),
        ("property_ok", pa.bool_()),
        ("excluded", pa.bool_()),
        ("within_range", pa.bool_()),  # per-capita net income below the monitoring line (null without one)
        *[(f"holds_{code}", pa.bool_()) for code in HOLDS],
        ("dibao_candidate", pa.bool_()),
        ("tekun_candidate", pa.bool_()),
        ("edge_qualifies", pa.bool_()),
        ("edge_candidate", pa.bool_()),
        ("rigid_qualifies", pa.bool_()),
        ("rigid_candidate", pa.bool_()),
        ("monitoring_qualifies", pa.bool_()),
        ("monitoring_candidate", pa.bool_()),
    ]
)


@dataclass(frozen=True)
class InputTables:
    households: Table
    persons: Table
    income: Table
    holds: Table


# ---- standards --------------------------------------------------------------------------------------------


def _exact(value: Decimal | None, what: str, county: str, digits: int = 14) -> Decimal | None:
    """``value`` as the engine holds it (``digits`` integer digits), refused if that would round it."""
    if value is None:
        return None
    held = value.quantize(Decimal(1).scaleb(-LIMIT_SCALE))
    if held != value or abs(held) >= Decimal(10) ** digits:
        raise ParameterError(
            f"县 {county} 的{what} {value} 超出计算引擎的精度（最多{digits}位整数、{LIMIT_SCALE}位小数），无法精确比较"
        )
    return held


def standards_table(county_codes: Iterable[str], as_of: dt.date, pset: Any = None) -> pa.Table:
    """One row per county: the layer standards (``ParameterSet.layer_standards``) and the monitoring line
    (``ParameterSet.rules``) for ``as_of`` — the values the Python path reads. ``pset``: a ``ParameterSet``
    (default: the stored records of those counties). A county without a monitoring line raises, as the
    assessment does."""
    from shoudi.policy.params import ParameterSet

    codes = sorted(set(county_codes))
    pset = pset if pset is not None else ParameterSet.for_regions(codes)
    rows: dict[str, list[Any]] = {name: [] for name in STANDARDS_SCHEMA.names}
    for county in codes:
        s = pset.layer_standards(county, as_of)
        line = pset.rules(county, as_of).line.decimal
        annual, ratio = s.dibao_annual, s.edge_ratio.decimal
        values = {
            "county_code": county,
            "dibao_annual": _exact(annual, "农村低保年标准", county),
            "edge_ratio": _exact(ratio, "低保边缘倍数", county),
            "edge_limit": _exact(annual * ratio if annual is not None else None, "低保边缘收入上限", county),
            "disposable": _exact(
                s.disposable.decimal if s.disposable else None, "上年度农村居民人均可支配收入", county
            ),
            "rigid_share": _exact(s.rigid_share.decimal, "刚性支出占收入比例", county, digits=12),
            "monitoring_line": _exact(line, "监测范围", county),
        }
        for name, value in values.items():
            rows[name].append(value)
    return pa.table(rows, schema=STANDARDS_SCHEMA)


# ---- the expression ---------------------------------------------------------------------------------------


def _money(value: Any) -> Any:
    return value.fill_null(0).cast(MONEY)


def _person_figures(persons: Table) -> Table:
    p = persons
    living = p.living_in.fill_null(False)
    return p.group_by("household_id").aggregate(
        members=ibis.ifelse(living, 1, 0).sum(),
        able=ibis.ifelse(living & ~p.labor.isin(NO_LABOUR_CODES), 1, 0).sum(),
        payroll=ibis.ifelse(living & p.public_payroll.fill_null(False), 1, 0).sum(),
    )


def _money_figures(income: Table, as_of: dt.date) -> Table:
    """The window's sums per household, one pass over the income rows."""
    start, end = income_window(as_of)
    r = income.filter(income.month >= ibis.date(start), income.month <= ibis.date(end))
    amount, flow = r.amount, r.flow
    rigid = flow == Flow.RIGID.value
    return r.group_by("household_id").aggregate(
        income=amount.sum(where=flow == Flow.INCOME.value),
        costs=amount.sum(where=flow == Flow.COST.value),
        rigid_layers=amount.sum(where=rigid & r.kind.isin(LAYER_RIGID_KINDS)),
        rigid_all=amount.sum(where=rigid),
        payouts=amount.sum(where=flow == Flow.PAYOUT.value),
    )


def _held(holds: Table) -> Table:
    h = holds
    return h.group_by("household_id").aggregate(
        **{f"held_{code}": ibis.ifelse(h.layer == code, 1, 0).sum() for code in HOLDS[:5]}
    )


def _nonnegative(value: Any) -> Any:
    return ibis.ifelse(value > 0, value, ibis.literal(0).cast(MONEY))


def classify(tables: InputTables, as_of: dt.date, standards_table: Any) -> Table:
    """One row per household (``OUTPUT_SCHEMA``): the figures, what it holds and, per layer, whether it
    qualifies and whether it is a candidate (qualifies, or for 低保 / 特困 is below the standard, and does not hold
    it) — the rules of ``policy.layers``. ``standards_table``: an Arrow table of ``STANDARDS_SCHEMA`` (or an
    Ibis table of it)."""
    h = tables.households
    h = h.mutate(county_code=h.village_code.substr(0, 6))
    std = ibis.memtable(standards_table) if isinstance(standards_table, pa.Table) else standards_table
    j = (
        h.left_join(_person_figures(tables.persons), "household_id")
        .left_join(_money_figures(tables.income, as_of), "household_id")
        .left_join(_held(tables.holds), "household_id")
        .left_join(std, "county_code")
    )
    j = j.select(
        household_id=j.household_id.cast("string"),
        village_code=j.village_code.cast("string"),
        county_code=j.county_code.cast("string"),
        status=j.status,
        leisure_car=j.leisure_car.fill_null(False),
        truck=j.truck_or_excavator.fill_null(False),
        commercial=j.commercial_property.fill_null(False),
        business=j.business.fill_null(False),
        override=j.assembly_override.fill_null(False),
        members=j.members.fill_null(0).cast("int64"),
        able=j.able.fill_null(0),
        payroll=j.payroll.fill_null(0),
        income=_money(j.income),
        net_income=(_money(j.income) - _money(j.costs)).cast(MONEY),
        rigid=_nonnegative((_money(j.rigid_layers) - _money(j.payouts)).cast(MONEY)).cast(MONEY),
        rigid_net=_nonnegative((_money(j.rigid_all) - _money(j.payouts)).cast(MONEY)).cast(MONEY),
        holds_dibao=j.held_dibao.fill_null(0) > 0,
        holds_tekun=j.held_tekun.fill_null(0) > 0,
        holds_dibao_edge=j.held_dibao_edge.fill_null(0) > 0,
        holds_rigid_hardship=j.held_rigid_hardship.fill_null(0) > 0,
        holds_monitoring=j.held_monitoring.fill_null(0) > 0,
        holds_former_poor=j.status.isin(FORMER_POOR).fill_null(False),
        dibao_annual=j.dibao_annual.cast(LIMIT),
        edge_limit=j.edge_limit.cast(LIMIT),
        disposable=j.disposable.cast(LIMIT),
        rigid_share=j.rigid_share.cast(SHARE),
        line=j.monitoring_line.cast(LIMIT),
    )
    return _layers(j)


def _layers(j: Table) -> Table:
    heads = j.members.cast(HEADCOUNT)
    counted = j.members > 0
    net = j.net_income

    def below(amount: Any, limit: Any) -> Any:  # amount ÷ members < limit, exactly (null without a limit)
        return amount < limit * heads

    property_ok = ~(j.leisure_car | j.truck | j.commercial | j.business)
    excluded = (~property_ok | (j.payroll > 0)) & ~j.override
    after_rigid = (net - j.rigid_net).cast(MONEY)
    no_bool = ibis.null("boolean")
    has_standard = j.dibao_annual.notnull()
    dibao_below = has_standard & below(net, j.dibao_annual).fill_null(False)
    edge = ibis.cases(
        (~counted, no_bool),
        (j.holds_dibao | j.holds_tekun, False),
        (~property_ok, False),
        (~has_standard, no_bool),
        else_=below(net, j.edge_limit),
    )
    hard = (j.rigid > 0) & (j.rigid >= j.rigid_share * j.income.cast(SHARE))
    rigid = ibis.cases(
        (~counted, no_bool),
        (j.holds_dibao | j.holds_tekun | j.holds_dibao_edge, False),
        (edge.fill_null(False), False),
        (~property_ok, False),
        (edge.isnull(), no_bool),
        (j.disposable.isnull(), no_bool),
        else_=below(net, j.disposable) & hard,
    )
    monitoring = ibis.cases(
        (~counted, no_bool),
        (j.line.isnull(), no_bool),
        (excluded, False),
        else_=below(net, j.line) | below(after_rigid, j.line),
    )
    out = j.select(
        "household_id",
        "village_code",
        "county_code",
        "members",
        "income",
        "net_income",
        "rigid",
        after_rigid=after_rigid,
        all_without_labour=counted & (j.able == 0),
        property_ok=property_ok,
        excluded=excluded,
        within_range=ibis.ifelse(counted, below(net, j.line), no_bool),
        holds_dibao=j.holds_dibao,
        holds_tekun=j.holds_tekun,
        holds_dibao_edge=j.holds_dibao_edge,
        holds_rigid_hardship=j.holds_rigid_hardship,
        holds_monitoring=j.holds_monitoring,
        holds_former_poor=j.holds_former_poor,
        dibao_candidate=counted & ~j.holds_dibao & dibao_below & property_ok,
        tekun_candidate=counted & ~j.holds_tekun & dibao_below & (j.able == 0) & property_ok,
        edge_qualifies=edge,
        edge_candidate=edge.fill_null(False) & ~j.holds_dibao_edge,
        rigid_qualifies=rigid,
        rigid_candidate=rigid.fill_null(False) & ~j.holds_rigid_hardship,
        monitoring_qualifies=monitoring,
        monitoring_candidate=monitoring.fill_null(False) & ~j.holds_monitoring,
    )
    return out


def to_arrow(con: Any, expr: Table) -> pa.Table:
    """The result as Arrow in ``OUTPUT_SCHEMA``, ordered by household (engines return rows in any order)."""
    table = con.to_pyarrow(expr.order_by("household_id"))
    return table.select(OUTPUT_SCHEMA.names).cast(OUTPUT_SCHEMA)


def write_parquet(con: Any, expr: Table, path: str) -> int:
    """The result as one Parquet file in ``OUTPUT_SCHEMA`` (an engine's own types may be wider: DuckDB sums to
    HUGEINT, which its Parquet writer stores as a double). Rows in the engine's order; returns the count."""
    import pyarrow.parquet as pq

    table = con.to_pyarrow(expr.select(OUTPUT_SCHEMA.names)).cast(OUTPUT_SCHEMA)
    pq.write_table(table, path)
    return int(table.num_rows)


LAYER_COLUMNS: dict[str, tuple[str, str]] = {
    # layer → (qualifies-or-candidate column, holds column), what the reports count
    Layer.DIBAO: ("dibao_candidate", "holds_dibao"),
    Layer.TEKUN: ("tekun_candidate", "holds_tekun"),
    Layer.DIBAO_EDGE: ("edge_qualifies", "holds_dibao_edge"),
    Layer.RIGID_HARDSHIP: ("rigid_qualifies", "holds_rigid_hardship"),
    Layer.MONITORING: ("monitoring_qualifies", "holds_monitoring"),
}
