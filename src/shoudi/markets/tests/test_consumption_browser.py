"""消费帮扶 in Chromium on a 360-px phone: the county officer opens the buyers of the year, sees the hospital short of
its reserved share, sets next to nothing but its canteen budget and reads the completion — no page wider than
the phone. Screenshots go to artifacts/ for review."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import sync_playwright

from shoudi.markets import testing as build
from shoudi.testing.browser import PHONE, new_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
ARTIFACTS = Path(__file__).resolve().parents[4] / "artifacts"


def test_buyers_short_of_their_share_on_a_phone(live_server, county):
    today = timezone.localdate()
    product = build.product()
    hospital = build.buyer("松桃县人民医院")
    build.buyer("东莞市消费帮扶运营中心", kind="partner_city", location="广东省东莞市")
    build.purchase(hospital, product, "6000.00", today)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = new_page(browser, phone=True)
        sign_in(page, live_server.url, "county")
        page.goto(f"{live_server.url}/markets/buyers/{hospital.pk}/")
        year = page.locator("form[data-form='markets.buyer_year']")
        year.locator("input[name=canteen_budget]").fill("100000")
        year.get_by_role("button", name="保存").click()
        page.wait_for_selector(".message.success")
        row = page.locator(f"[data-year='{today.year}']")
        assert "10000.00" in row.inner_text() and "60.0%" in row.inner_text() and "未达预留份额" in row.inner_text()
        page.goto(f"{live_server.url}/markets/buyers/")
        assert page.locator("[data-testid=short-flag]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "markets-buyers-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/markets/")
        page.wait_for_selector("[data-chart=consumption-months][data-rendered='1']")
        page.screenshot(path=str(ARTIFACTS / "markets-home.png"), full_page=True)
        browser.close()
