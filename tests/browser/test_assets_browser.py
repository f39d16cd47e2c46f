"""The distribution of collective asset income in a real browser (村集体提方案 → 乡镇审批 → 县级备案): the village
committee proposes a plan with its democratic decision and notice period, the township approves it from its
workbench, the county files it, and the public notice page shows it — without anyone's personal data.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server.
Screenshots land in artifacts/ for a human to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from shoudi.testing.browser import PHONE, open_as
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def committee(regions):
    from shoudi.assets.tests.builders import committee

    return committee(VILLAGE_A, name="committee_a")


@pytest.fixture
def earning_asset(regions):
    """A photovoltaic station owned by village A's collective, with last year's income recorded."""
    from shoudi.assets.tests.builders import add_income, make_asset
    from shoudi.policy.models import Parameter
    from shoudi.policy.services import apply_builtin

    apply_builtin(Parameter)
    asset = make_asset(VILLAGE_A, name="当造村村级光伏电站", value="300000.00")
    last_year = timezone.localdate().year - 1
    add_income(asset, dt.date(last_year, 6, 30), "12000.00")
    add_income(asset, dt.date(last_year, 12, 31), "8000.00")
    return asset


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"assets-{name}.png"), full_page=True)


def _status(page: Page) -> str:
    return page.locator("[data-testid=plan-status]").inner_text()


def test_village_proposes_township_approves_county_files_notice_shows(
    live_server, browser, committee, township, county, earning_asset
):
    household = household_with_members(VILLAGE_A, size=3, status="former_poor", exit_year=2018)
    head = household.members.get(relationship="head")
    base = live_server.url
    today = timezone.localdate()

    # the village committee, on a phone: from the asset page to the plan form
    phone = open_as(browser, base, "committee_a", phone=True)
    phone.goto(f"{base}/assets/{earning_asset.pk}/")
    phone.click("[data-testid=new-plan]")
    phone.wait_for_selector("#id_no_labor_amount")
    # a plan spending more than the year's income is refused, naming the amounts
    phone.fill("#id_no_labor_amount", "25000")
    phone.fill("#id_attendees", "40")
    phone.fill("#id_votes_for", "36")
    phone.click("main button[type=submit]")
    assert "超过本村集体" in phone.locator("main").inner_text()
    phone.fill("#id_no_labor_amount", "6000")
    phone.fill("#id_no_labor_beneficiaries", "12")
    phone.fill("#id_no_labor_description", "无劳动能力脱贫人口每人500元")
    phone.fill("#id_welfare_posts_amount", "9000")
    phone.fill("#id_welfare_posts_beneficiaries", "3")
    phone.fill("#id_maintenance_amount", "5000")
    phone.fill("#id_attendees", "40")
    phone.fill("#id_votes_for", "36")
    phone.select_option("#id_decision_body", "representatives_assembly")
    phone.fill("#id_decided_on", (today - dt.timedelta(days=10)).isoformat())
    phone.fill("#id_notice_from", (today - dt.timedelta(days=9)).isoformat())
    phone.fill("#id_notice_to", (today - dt.timedelta(days=2)).isoformat())
    _shot(phone, "1-plan-form-phone")
    phone.click("main button[type=submit]")
    phone.wait_for_selector("[data-testid=plan-status]")
    assert _status(phone) == "村集体已提方案待乡镇审批"
    plan_url = phone.url
    assert "20,000.00" in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the township finds it on its workbench and approves it
    desk = open_as(browser, base, "township")
    panel = desk.locator("[data-testid=asset-panel]")
    assert "当造村村级光伏电站" in panel.inner_text()
    panel.get_by_role("link", name="当造村村级光伏电站").first.click()
    desk.wait_for_selector("[data-testid=plan-status]")
    assert desk.url == plan_url
    assert desk.locator("[data-testid=plan-file]").count() == 0  # filing is the county's step
    desk.fill("form:has([data-testid=plan-approve]) [name=approve-reason]", "用途符合规定，同意")
    desk.click("[data-testid=plan-approve]")
    desk.wait_for_selector("[data-testid=plan-status]")
    assert _status(desk) == "乡镇已审批待县级备案"

    # the county files it
    county_page = open_as(browser, base, "county")
    county_page.goto(plan_url)
    county_page.fill("form:has([data-testid=plan-file]) [name=file-reason]", "已备案")
    county_page.click("[data-testid=plan-file]")
    county_page.wait_for_selector("[data-testid=plan-status]")
    assert _status(county_page) == "县级已备案"
    timeline = county_page.locator(".timeline").inner_text()
    for step in ("村集体提方案", "乡镇审批", "县级备案"):
        assert step in timeline
    _shot(county_page, "2-plan-filed")

    # the notice page shows the filed plan, and no personal data
    phone.goto(f"{base}/assets/notices/")
    row = phone.locator("[data-testid=notice-plan]")
    assert row.count() == 1
    text = row.inner_text()
    assert "当造村村级光伏电站" in text
    assert "20,000.00" in text
    assert "无劳动能力人口帮扶" in text and "村级公益岗位" in text
    page_text = phone.locator("main").inner_text()
    assert head.id_number not in page_text and head.name not in page_text
    _shot(phone, "3-notice-phone")
