"""The county officer opens the reports dashboard in a real browser: the charts are drawn by the locally served
ECharts (a canvas in each chart, no request leaves the server), a click on a township's bar drills down, and
the township's table shows the figures of the indicator API.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from shoudi.testing.browser import open_as
from shoudi.testing.factories import COUNTY, TOWNSHIP_A

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHARTS = ("trend", "risks", "areas", "speed", "leads")


@pytest.fixture
def data(regions):
    from shoudi.reports.tests.data import build

    return build()


def _rendered(page: Page) -> None:
    for chart in CHARTS:
        page.wait_for_selector(f'[data-chart="{chart}"][data-rendered="1"] canvas')


def test_county_dashboard_draws_local_charts_and_drills_into_a_township(browser, live_server, county, data):
    base = live_server.url
    page = open_as(browser, base, county.username)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.click("text=报表驾驶舱")
    page.wait_for_url(f"{base}/reports/dashboard/{COUNTY}/")
    page.goto(f"{base}/reports/dashboard/{COUNTY}/?period=2026-10")
    _rendered(page)
    assert any(url.endswith("/static/vendor/echarts/echarts.min.js") for url in requests)
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reports-dashboard-county.png"), full_page=True)

    # click the first township's bar (盘石镇) on the comparison chart: its layout comes from ECharts itself
    page.locator('[data-chart="areas"]').scroll_into_view_if_needed()
    box = page.locator('[data-chart="areas"]').bounding_box()
    assert box is not None
    bar = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.querySelector('[data-chart="areas"]'));
          const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
          return {x: layout.x + layout.width / 2, y: layout.y + layout.height / 2};
        }"""
    )
    page.mouse.click(box["x"] + bar["x"], box["y"] + bar["y"])
    page.wait_for_url(f"{base}/reports/dashboard/{TOWNSHIP_A}/?period=2026-10")
    _rendered(page)
    assert "盘石镇 · 驾驶舱" in page.inner_text("h1")

    api = page.request.get(
        f"{base}/api/v1/reports/areas/{TOWNSHIP_A}/indicators?period=2026-10"
        "&only=monitored_households,at_risk_households"
    ).json()
    rows = page.locator('[data-chart-table="areas"] tbody tr')
    assert rows.count() == len(api["rows"]) == 2
    for i, row in enumerate(api["rows"]):
        cells = rows.nth(i).locator("td")
        assert cells.nth(0).inner_text() == row["name"]
        assert int(cells.nth(1).inner_text()) == row["values"]["monitored_households"]
        assert int(cells.nth(2).inner_text()) == row["values"]["at_risk_households"]
    assert page.inner_text('[data-summary="monitored"]') == str(api["total"]["monitored_households"])
    page.screenshot(path=str(ARTIFACTS / "reports-dashboard-township.png"), full_page=True)
    # the village rows link one level further down
    page.click(f'[data-chart-table="areas"] a[data-drill="{api["rows"][0]["code"]}"]')
    page.wait_for_url(f"{base}/reports/dashboard/{api['rows'][0]['code']}/?period=2026-10")
    _rendered(page)
    assert all(url.startswith(base) for url in requests)
