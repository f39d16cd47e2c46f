"""The demo command builds the 消费帮扶 ledgers once (a re-run adds nothing), and the report's 消费帮扶 indicators
(``reports.consumption``) count what the ledgers hold: amount by channel, budget units meeting their share,
suppliers with sales, households driven."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from shoudi.markets import selectors_consumption_figures as figures
from shoudi.markets import testing as build
from shoudi.markets.models_consumption import Buyer, Purchase, SupplierHousehold
from shoudi.monitoring.models import Case
from shoudi.reports import consumption as report
from shoudi.reports.generator import scope_for
from shoudi.reports.periods import Period
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_demo_once(county, household_a):
    out = io.StringIO()
    call_command("markets", "demo", "--area", "520628", stdout=out)
    assert "消费帮扶演示数据" in out.getvalue()
    purchases = Purchase.objects.count()
    assert purchases >= 100 and SupplierHousehold.objects.filter(household=household_a).exists()
    assert Buyer.objects.filter(kind="partner_city", location="广东省东莞市").exists()
    assert {p.channel for p in Purchase.objects.all()} >= {"unit_procurement", "counter", "hall", "zone", "online"}
    assert min(p.date for p in Purchase.objects.all()) >= TODAY - dt.timedelta(days=548)
    call_command("markets", "demo", "--area", "520628", stdout=io.StringIO())
    assert Purchase.objects.count() == purchases


def test_report_indicators(county):
    county_user = county
    supplier = build.supplier()
    product = build.product(supplier)
    hospital, union = build.buyer("县医院"), build.buyer("县总工会", kind="union")
    build.budget(hospital, TODAY.year, "10000")  # 10% → 1000
    build.budget(union, TODAY.year, "10000", share="0.5")  # 5000
    build.purchase(hospital, product, "1200", TODAY)
    build.purchase(union, product, "800", TODAY, channel="counter")
    build.purchase(hospital, product, "999", TODAY.replace(year=TODAY.year - 1))  # another year
    build.link(supplier, household_with_members(VILLAGE_A, size=1, status="former_poor"), TODAY.year)
    watched = household_with_members(VILLAGE_A, size=1)
    build.link(supplier, watched, TODAY.year, kind="employs")
    Case.objects.create(  # under monitoring since last year (written straight: the subject is the count)
        household=watched,
        village_id=VILLAGE_A,
        status="monitored",
        status_on=TODAY,
        channel="cadre_visit",
        opened_on=dt.date(TODAY.year - 1, 3, 1),
        deadline=dt.date(TODAY.year - 1, 3, 16),
        period_start=dt.date(TODAY.year - 1, 3, 10),
    )
    year = Period("year", dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
    county = scope_for("520628", year, today=TODAY)
    amounts = report.amount_by_channel(county)
    assert sum(p.value() for (_g, d), p in amounts.items() if d == report.TOTAL) == 2000.0
    assert report.reserving(county) == {("520628", "met"): report.N(1), ("520628", "all"): report.N(2)}
    assert report.reserving_share(county)[("520628", "")].value() == 50.0
    assert report.households(county)[("520628", "former_poor")].value() == 1
    assert report.households(county)[("520628", "monitored")].value() == 1
    assert report.suppliers(county)[("520628", "")].value() == 1
    row = figures.supplier_totals(county_user, TODAY.year)[0]
    assert (row.households, row.former_poor, row.monitored, str(row.amount)) == (2, 1, 1, "2000.00")
    city = scope_for("5206", year, today=TODAY)  # the leader's report: a row per county
    assert report.households(city)[("520628", "all")].value() == 2
    assert report.suppliers(scope_for("520628101", year, today=TODAY)) == {}  # the ledgers are a county's
    assert {i.code for i in report.indicators()} >= {"consumption_amount", "consumption_reserving"}
    assert report.table_specs()[0][0] == "consumption"
