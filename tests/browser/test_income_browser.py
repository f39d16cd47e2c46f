"""收入核算 on a 360-px phone: the page fits, Enter moves on, totals follow the typing, and the per-capita figure
is compared with last year's (orange warning over 30 %). Screenshot in artifacts/ for a human to look at."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from shoudi.income import services
from shoudi.income.inputs import LineInput
from shoudi.income.models import IncomeSheet
from shoudi.testing.browser import PHONE, new_page, sign_in
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def test_a_household_is_accounted_on_a_phone(live_server, browser, village_a):
    household = household_with_members(VILLAGE_A, size=2)
    services.sheet_save(
        by=village_a, household=household, year=2025, lines=[LineInput("crops", Decimal("10000"))], source="page"
    )
    head = household.members.get(relationship="head")
    page = new_page(browser, phone=True)
    sign_in(page, live_server.url, "village_a")
    page.goto(f"{live_server.url}/income/{household.pk}/2026/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator('[data-total="per-capita"]').inner_text() == "0.00"

    place = page.locator(f"select[name=p{head.pk.hex}_place]")
    place.select_option("out_province")
    months = page.locator(f"input[name=p{head.pk.hex}_months]")
    months.fill("10")
    months.press("Enter")  # moves to the wage amount instead of submitting
    assert page.evaluate("document.activeElement.name") == f"p{head.pk.hex}_amount"
    page.keyboard.type("30000")
    assert page.locator('[data-total="per-capita"]').inner_text() == "15000.00"
    assert page.locator("[data-warning]").is_visible()  # 5,000 last year → 15,000: +200 %
    page.fill("input[name=crops]", "")
    page.fill("input[name=production_cost]", "20000")
    assert page.locator('[data-total="per-capita"]').inner_text() == "5000.00"
    assert not page.locator("[data-warning]").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "income-sheet-phone.png"), full_page=True)
    page.locator("input[name=dibao]").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "income-sheet-phone-screen.png"))
    page.get_by_role("button", name="保存收入核算表").click()
    page.wait_for_selector(".message")
    sheet = IncomeSheet.objects.get(household=household, year=2026)
    assert {line.item: line.amount for line in sheet.lines.all()} == {
        "migrant_work": Decimal("30000"),
        "production_cost": Decimal("20000"),
    }
