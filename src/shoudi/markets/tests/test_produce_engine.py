"""The unsold-produce check's rules at their edges (exactly at the share, missing years, monthly series, stock
against weeks of sales), what it evaluates (latest period vs ``--full``), idempotency, and the two engines giving
the same hits on the same data (DuckDB always, PostgreSQL when the test database is PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from shoudi.markets import codes, produce_check
from shoudi.markets import testing_produce as build
from shoudi.markets.models_produce import CheckRun, ProduceWarning

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 8)  # ISO week 10 of 2026 starts on Monday 2 March
WEEK = 10


def _hits(full: bool = False, engine: str = "duckdb") -> set[tuple[str, str, str]]:
    hits, _series, _rows = produce_check.hits_for("520628", AS_OF, engine_name=engine, full=full)
    return {(r["commodity_id"][:8], r["period_start"].isoformat(), r["kind"]) for r in hits.to_pylist()}


def _kinds(full: bool = False) -> dict[str, set[str]]:
    hits, _s, _r = produce_check.hits_for("520628", AS_OF, full=full)
    found: dict[str, set[str]] = {}
    for r in hits.to_pylist():
        found.setdefault(r["commodity_id"], set()).add(r["kind"])
    return found


def test_price_rule_edges(regions):
    at_share = build.commodity("在比例线上")
    build.same_week(
        at_share, 2026, WEEK, {2023: ("10", None, None), 2024: ("10", None, None), 2025: ("10", None, None)}
    )
    build.observe(at_share, build.iso_monday(2026, WEEK), price="8.00")  # 0.8 × 10: not below
    below = build.commodity("略低于比例线")
    build.same_week(below, 2026, WEEK, {2023: ("10", None, None), 2024: ("10", None, None), 2025: ("10", None, None)})
    build.observe(below, build.iso_monday(2026, WEEK), price="7.99")
    two_years = build.commodity("两年有价")
    build.same_week(two_years, 2026, WEEK, {2024: ("12", None, None), 2025: ("8", None, None)})
    build.observe(two_years, build.iso_monday(2026, WEEK), price="7.00")  # mean 10 of 2 years
    one_year = build.commodity("一年有价")
    build.same_week(one_year, 2026, WEEK, {2025: ("10", None, None)})
    build.observe(one_year, build.iso_monday(2026, WEEK), price="1.00")  # no verdict
    four_back = build.commodity("四年前有价")
    build.same_week(four_back, 2026, WEEK, {2022: ("10", None, None), 2025: ("10", None, None)})
    build.observe(four_back, build.iso_monday(2026, WEEK), price="1.00")  # 2022 is not among the 3 years

    found = _kinds()
    assert found == {str(below.pk): {"price_fall"}, str(two_years.pk): {"price_fall"}}


def test_stock_rule_weekly_and_monthly(regions):
    weekly = build.commodity("周库存")
    build.same_week(weekly, 2026, WEEK, {2023: (None, None, "10"), 2024: (None, None, "10"), 2025: (None, None, "10")})
    build.observe(weekly, build.iso_monday(2026, WEEK), stock="41")  # > 4 weeks × 10
    at_line = build.commodity("周库存在线上")
    build.same_week(at_line, 2026, WEEK, {2023: (None, None, "10"), 2024: (None, None, "10"), 2025: (None, None, "10")})
    build.observe(at_line, build.iso_monday(2026, WEEK), stock="40")
    monthly = build.commodity("月库存", frequency=codes.Frequency.MONTH, category=codes.ProductCategory.TEA)
    for year in (2024, 2025):
        build.observe(monthly, dt.date(year, 3, 1), sales="52")  # 52 a month = 12 a week
    build.observe(monthly, dt.date(2026, 3, 1), stock="48.001")  # > 4 × 12
    monthly_at = build.commodity("月库存在线上", frequency=codes.Frequency.MONTH, category=codes.ProductCategory.TEA)
    for year in (2024, 2025):
        build.observe(monthly_at, dt.date(year, 3, 1), sales="52")
    build.observe(monthly_at, dt.date(2026, 3, 1), stock="48")
    assert _kinds() == {str(weekly.pk): {"stock_high"}, str(monthly.pk): {"stock_high"}}

    run = produce_check.check_run(by=None, area_code="520628", as_of=AS_OF)
    warning = ProduceWarning.objects.get(commodity=monthly)
    assert (warning.value, warning.reference) == (Decimal("48.001"), Decimal("12.000"))
    assert warning.ratio == Decimal("4.0001") and run.raised == 2


def test_latest_period_unless_full_and_idempotent(regions, county):
    kiwi = build.commodity()
    build.same_week(
        kiwi,
        2026,
        9,
        {2023: ("10", None, None), 2024: ("10", None, None), 2025: ("10", None, None), 2026: ("5", None, None)},
    )
    build.same_week(
        kiwi,
        2026,
        WEEK,
        {2023: ("10", None, None), 2024: ("10", None, None), 2025: ("10", None, None), 2026: ("9", None, None)},
    )
    assert _kinds() == {}  # the latest week (10) is fine
    assert _kinds(full=True) == {str(kiwi.pk): {"price_fall"}}  # week 9 of 2026 was not

    first = produce_check.check_run(by=county, area_code="520628", full=True, as_of=AS_OF)
    warning = ProduceWarning.objects.get()
    assert (first.raised, first.series, first.engine) == (1, 1, "duckdb") and first.rows == 8
    assert (warning.period_start, warning.reference, warning.ratio) == (
        build.iso_monday(2026, 9),
        Decimal("10.000"),
        Decimal("0.5000"),
    )
    ProduceWarning.objects.filter(pk=warning.pk).update(status=codes.WarningStatus.CLOSED, note="已消纳")
    call_command("produce_check", "--area", "520628", "--full", "--as-of", AS_OF.isoformat())
    assert ProduceWarning.objects.count() == 1
    assert ProduceWarning.objects.get().status == codes.WarningStatus.CLOSED  # a re-run changes nothing
    assert list(CheckRun.objects.values_list("raised", flat=True)) == [0, 1]


@pytest.mark.django_db(transaction=True)
def test_both_engines_give_the_same_hits(regions):
    for n, (price, stock) in enumerate([("5", "100"), ("9.5", "20"), ("7.99", "41"), ("8", "40")]):
        item = build.commodity(f"产品{n}")
        history = {y: ("10", None, "10") for y in (2023, 2024, 2025)}
        build.same_week(item, 2026, WEEK, history | {2026: (price, stock, "10")})
        build.same_week(item, 2026, 9, {y: ("10", "1", "10") for y in (2023, 2024, 2025)} | {2026: ("1", "90", "1")})
    duck_latest, duck_full = _hits(), _hits(full=True)
    assert len(duck_latest) == 4 and len(duck_full) == 12
    if connection.vendor == "postgresql":
        assert _hits(engine="postgres") == duck_latest
        assert _hits(full=True, engine="postgres") == duck_full


def test_demo_builds_a_slump_and_a_pile_up_once(regions, household_a):
    from shoudi.markets import demo_produce

    text = demo_produce.build("520628", today=AS_OF)
    kinds = set(ProduceWarning.objects.values_list("commodity__name", "kind"))
    assert kinds == {("猕猴桃", "price_fall"), ("生猪", "stock_high")} and "新增预警 2 条" in text
    assert "新增重点农产品 0 个" in demo_produce.build("520628", today=AS_OF)
    assert ProduceWarning.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # the PostgreSQL engine reads through its own connection
def test_latest_check_reads_only_the_last_three_years_yet_finds_the_same(regions):
    """The latest-period check looks only ~3 years back from each series' last period (pushed down); it finds
    exactly what the full-history check finds at those periods — a series that stopped in 2021 (its references
    span the 53-week ISO year 2020), a monthly series, and old rows that must not count."""
    stopped = build.commodity("停报产品")
    build.same_week(stopped, 2021, WEEK, {2017: ("1", None, None), 2018: ("10", None, None)})
    build.same_week(stopped, 2021, WEEK, {2019: ("10", None, None), 2020: ("10", None, None), 2021: ("5", None, None)})
    monthly = build.commodity("月度产品", frequency=codes.Frequency.MONTH)
    for year, price in ((2022, "1"), (2023, "10"), (2024, "10"), (2025, "10"), (2026, "5")):
        build.observe(monthly, dt.date(year, 3, 1), price=price)
    latest = {stopped.pk.hex[:8]: "2021-03-08", monthly.pk.hex[:8]: "2026-03-01"}
    for engine in ("duckdb", "postgres") if connection.vendor == "postgresql" else ("duckdb",):
        found = _hits(engine=engine)
        at_latest = {h for h in _hits(full=True, engine=engine) if latest.get(str(h[0])) == h[1]}
        assert found == at_latest and len(found) == 2, engine
