"""A village contact on a 360-px phone finds a household and opens it; another village gets 404.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server.
Screenshots land in artifacts/ (gitignored) for a human to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from shoudi.testing.browser import PHONE, new_page, sign_in
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _assert_styled_and_fits(page: Page) -> None:
    """Our CSS and Pico's were served and applied, and nothing is wider than the phone."""
    site_orange = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--shoudi-orange')")
    assert site_orange.strip() == "#e67e22"  # from static/shoudi/site.css
    pico_spacing = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--pico-spacing')")
    assert pico_spacing.strip()  # from vendor/pico/pico.min.css
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_village_contact_finds_and_opens_a_household_on_a_phone(live_server, browser, village_a, village_b):
    target = household_with_members(VILLAGE_A, size=3, status="former_poor", exit_year=2017)
    others = [household_with_members(VILLAGE_A, size=2) for _ in range(3)]
    head = target.members.get(relationship="head")
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    page = new_page(browser, phone=True)
    static_status: dict[str, int] = {}
    page.on("response", lambda r: static_status.update({r.url: r.status}) if "/static/" in r.url else None)
    sign_in(page, base, "village_a")
    assert page.locator("h1").inner_text() == "工作台"

    page.get_by_role("link", name="农户", exact=True).click()
    page.wait_for_url(f"{base}/households/")
    assert page.locator("[data-testid=household-link]").count() == 4
    _assert_styled_and_fits(page)
    css = [u for u in static_status if u.endswith(".css")]
    assert len(css) == 2 and all(static_status[u] == 200 for u in css), static_status

    page.evaluate("window.samePage = true")
    page.fill("#id_q", head.name)
    page.press("#id_q", "Enter")
    page.wait_for_url(lambda url: "q=" in url)  # htmx pushed the search into the address bar
    links = page.locator("[data-testid=household-link]")
    links.first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=household-link]').length === 1")
    assert links.inner_text() == head.name
    assert page.locator("[data-testid=result-count]").inner_text() == "共 1 户"
    assert all(o.number not in page.content() for o in others)
    assert page.evaluate("window.samePage === true")  # only the results were swapped, no full reload
    page.screenshot(path=str(ARTIFACTS / "household-list-360.png"), full_page=True)

    links.click()
    page.wait_for_url(f"{base}/households/{target.pk}/")
    assert page.locator("h1").inner_text() == f"{head.name}户"
    rows = page.locator("[data-testid=member-row]")
    assert rows.count() == 3
    names = rows.all_inner_texts()
    for member in target.members.all():
        assert any(member.name in row for row in names)
        assert member.masked_id in page.content()
    _assert_styled_and_fits(page)
    page.screenshot(path=str(ARTIFACTS / "household-detail-360.png"), full_page=True)

    # the full ID comes through an htmx POST (CSRF header from base.html) and only on request
    assert head.id_number not in page.content()
    head_row = rows.filter(has_text=head.name)
    head_row.get_by_role("button", name=f"查看{head.name}的完整身份证号").click()
    page.locator("[data-testid=full-id]").wait_for()
    assert page.locator("[data-testid=full-id]").inner_text() == head.id_number
    page.context.close()

    other = new_page(browser, phone=True)
    sign_in(other, base, "village_b")
    response = other.goto(f"{base}/households/{target.pk}/")
    assert response is not None and response.status == 404
    assert head.name not in other.content()
    assert "未找到" in other.content()
    other.screenshot(path=str(ARTIFACTS / "household-detail-404-village-b.png"), full_page=True)
    other.context.close()


def test_township_select_reloads_village_options(live_server, browser, county):
    in_a = household_with_members(VILLAGE_A, size=1)
    in_c = household_with_members(VILLAGE_C, size=1)
    base = live_server.url
    page = new_page(browser, phone=True)
    sign_in(page, base, "county")
    page.goto(f"{base}/households/")
    village_options = page.locator("#id_village option")
    assert village_options.count() == 4  # 全部村 + three villages of the county
    page.select_option("#id_township", "520628102")
    page.wait_for_function("document.querySelectorAll('#id_village option').length === 2")
    assert village_options.all_inner_texts() == ["全部村", "团塘村"]
    page.wait_for_function(
        f"!document.getElementById('results').textContent.includes('{in_a.number}')"
        f" && document.getElementById('results').textContent.includes('{in_c.number}')"
    )
    assert "township=520628102" in page.url
    page.context.close()
