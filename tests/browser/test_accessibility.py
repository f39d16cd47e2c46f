"""Accessibility smoke test: axe-core finds no serious or critical violation on the main pages.

Each page is opened as the role that uses it (the village contact on a phone), with real data on it, and
checked by axe-core, vendored from its npm package and served by the live server itself (static/vendor/
axe-core; government intranets have no internet, so nothing comes from a CDN). No page loads axe: the test
injects it. Pico follows the computer's light or dark setting, so each page is checked in both. One test per
page, so a failure names the page and lists every serious or critical violation with its rule, what it means
and the elements it found.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from shoudi.testing.browser import new_page, open_as
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

AXE = "/static/vendor/axe-core/axe.min.js"
BLOCKING = ("serious", "critical")
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
PERIOD = "2026-10"  # the month of the reports data set (shoudi.reports.tests.data)


def _failed_sign_in(page: Page) -> None:
    page.fill("#id_username", "village_a")
    page.fill("#id_password", "not-the-password")
    page.click("main button[type=submit]")
    page.wait_for_selector("main [role=alert]")


def _empty_application(page: Page) -> None:
    page.click("[data-testid=apply-form] button[type=submit]")
    page.wait_for_selector("[data-testid=apply-form] [role=alert]")


@dataclass(frozen=True)
class Screen:
    """A page to check: who opens it (None: nobody signed in), its address, on which device, a selector present
    once the page is complete, and what to do on it before the check (e.g. submit it wrongly to see errors)."""

    username: str | None
    path: Callable[[dict[str, Any]], str]
    phone: bool = False
    ready: str = "main"
    act: Callable[[Page], None] | None = None


PAGES: dict[str, Screen] = {
    "login": Screen(None, lambda w: "/accounts/login/", phone=True),
    "login-failed": Screen(None, lambda w: "/accounts/login/", phone=True, act=_failed_sign_in),
    "apply": Screen(None, lambda w: "/apply/", phone=True),
    "apply-errors": Screen(None, lambda w: "/apply/", phone=True, act=_empty_application),
    "workbench": Screen("village_a", lambda w: "/", phone=True),
    "household-list": Screen("village_a", lambda w: "/households/", phone=True, ready="[data-testid=household-link]"),
    "household-detail": Screen(
        "village_a", lambda w: f"/households/{w['household'].pk}/", phone=True, ready="[data-testid=member-row]"
    ),
    "case-list": Screen("village_a", lambda w: "/monitoring/", phone=True),
    "case-detail": Screen(
        "village_a", lambda w: f"/monitoring/{w['case'].pk}/", phone=True, ready="[data-testid=case-status]"
    ),
    "leads": Screen("village_a", lambda w: "/monitoring/leads/", phone=True, ready="[data-testid=lead-link]"),
    "projects": Screen("county", lambda w: "/projects/"),
    "assets": Screen("county", lambda w: "/assets/"),
    "reports-dashboard": Screen(
        "county",
        lambda w: f"/reports/dashboard/{COUNTY}/?period={PERIOD}",
        ready='[data-chart="areas"][data-rendered="1"] canvas',
    ),
}


@pytest.fixture
def world(regions, village_a, township, county, settings, tmp_path) -> dict[str, Any]:
    """The reports data set (cases, leads, finances in three villages) plus, in the contact's village, a family
    of four with a year of income and a case walked through the real procedures, an open lead, projects and
    assets."""
    from shoudi.assets.tests.builders import add_income, committee, make_asset
    from shoudi.assistance.models import Measure
    from shoudi.monitoring import codes
    from shoudi.monitoring.leads import lead_create
    from shoudi.monitoring.testing.builders import Driver, days_ago, monthly_income
    from shoudi.projects.tests.helpers import into_library, village_project
    from shoudi.reports.tests.data import build

    settings.MEDIA_ROOT = str(tmp_path / "media")
    build()
    household = household_with_members(VILLAGE_A, size=4, status="former_poor", exit_year=2019)
    monthly_income(household, per_month=Decimal("450"), months=12)
    driver = Driver(contact=village_a, township=township, county=county)
    case = driver.identify(driver.lead(household, days_ago(60)), days_ago(59))
    Measure.objects.create(
        case=case,
        kind=codes.MeasureKind.HEALTH,
        content="落实大病专项救治和医疗救助",
        start=days_ago(30),
        responsible_unit="盘石镇卫生院",
        responsible_person="张医生",
    )
    lead_create(
        by=village_a,
        household=household_with_members(VILLAGE_A, size=2),
        channel=codes.Channel.CADRE_VISIT,
        summary="走访发现家中房屋漏雨，住房存在安全隐患",
        reported_on=days_ago(2),
    )
    committee_a = committee(VILLAGE_A, name="committee_a")
    village_project(committee_a, VILLAGE_A, name="当造村食用菌大棚")
    into_library(
        village_project(committee_a, VILLAGE_A, kind="infrastructure", name="当造村通组路硬化"),
        committee=committee_a,
        township=township,
        county=county,
    )
    station = make_asset(VILLAGE_A, name="当造村村级光伏电站", value="300000.00")
    add_income(station, dt.date(timezone.localdate().year - 1, 6, 30), "12000.00")
    make_asset(VILLAGE_A, name="当造村饮水工程", asset_class="public_welfare", value="80000.00")
    return {"household": household, "case": case}


def _open(browser: Browser, base: str, screen: Screen) -> Page:
    if screen.username is None:
        return new_page(browser, phone=screen.phone)
    return open_as(browser, base, screen.username, phone=screen.phone)


def _violations(page: Page, scheme: Literal["light", "dark"]) -> list[dict[str, Any]]:
    """axe's violations in the colour scheme, once the colour transitions into it have finished."""
    page.emulate_media(color_scheme=scheme)
    results = page.evaluate(
        """async () => {
          await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
          return await axe.run(document, {resultTypes: ['violations']});
        }"""
    )
    return results["violations"]


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(str(t) for t in node["target"]) for node in v["nodes"]]
        lines.append(f"  {v['impact']} {v['id']} ({len(targets)}): {v['help']}")
        lines.extend(f"      {target}" for target in targets)
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violations(name, live_server, browser, world):
    screen = PAGES[name]
    base = live_server.url
    page = _open(browser, base, screen)
    try:
        response = page.goto(base + screen.path(world))
        assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
        page.wait_for_selector(screen.ready)
        if screen.act is not None:
            screen.act(page)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(url=base + AXE)
        report = []
        for scheme in SCHEMES:
            found = [v for v in _violations(page, scheme) if v["impact"] in BLOCKING]
            if found:
                report.append(f"{scheme}:\n{_describe(found)}")
        assert not report, f"{name} ({page.url}):\n" + "\n".join(report)
    finally:
        page.context.close()
