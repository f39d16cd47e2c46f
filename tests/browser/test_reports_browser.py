"""The county officer opens the reports dashboard in a real browser: the charts are drawn by the locally served
ECharts (a canvas in each chart, no request leaves the server), a click on a township's bar drills down, and
the township's table shows the figures of the indicator API.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from shoudi.testing.browser import open_as
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, household_with_members

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


AXE = "/static/vendor/axe-core/axe.min.js"


def _axe(page: Page, base: str) -> list[str]:
    """Serious or critical violations, and every visible label that does not start its accessible name (axe's
    experimental ``label-content-name-mismatch``: a speech user says what they see)."""
    page.add_script_tag(url=base + AXE)
    found = page.evaluate(
        """async () => {
          const all = await axe.run(document, {resultTypes: ['violations']});
          const names = await axe.run(document, {runOnly: ['label-content-name-mismatch'], resultTypes: ['violations']});
          return [...all.violations.filter(v => ['serious', 'critical'].includes(v.impact)), ...names.violations]
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return list(found)


def test_the_report_forms_with_their_errors_pass_axe(browser, live_server, county, data):
    """The report request and the appraisal scheme, each submitted wrongly: the errors next to their fields are
    announced and labelled like the rest of the page."""
    base = live_server.url
    page = open_as(browser, base, county.username)
    page.goto(f"{base}/reports/list/")
    page.fill("[name=period]", "2026-13")
    page.click("form[data-form='reports.request'] button[type=submit]")
    page.wait_for_selector("[data-field=period]")
    assert not _axe(page, base)
    page.goto(f"{base}/reports/appraisal/scheme/2026/")
    page.fill("[name=items-0-weight]", "-1")
    page.click("form[data-form='reports.appraisal_scheme'] button[type=submit]")
    page.wait_for_selector("[data-field=items-0-weight]")
    assert "不能小于 0" in page.inner_text("[data-field=items-0-weight]")
    assert not _axe(page, base)
    # 松桃 is in Tongren: a ranking is refused next to the field, and the appraisal page shows grades, no rank
    page.goto(f"{base}/reports/appraisal/scheme/2026/")
    page.select_option("[name=mode]", "ranked")
    page.click("form[data-form='reports.appraisal_scheme'] button[type=submit]")
    page.wait_for_selector("[data-field=mode]")
    assert "考核结果不进行排名" in page.inner_text("[data-field=mode]")
    assert not _axe(page, base)
    page.goto(f"{base}/reports/appraisal/{COUNTY}/?year=2026")
    page.wait_for_selector("[data-testid=grades]")
    assert page.locator("[data-testid=ranking]").count() == 0
    assert not _axe(page, base)


def test_the_register_update_page_names_its_reveal_button_by_what_it_shows(browser, live_server, village_a, data):
    """户籍变动待办 (screening): the button reads “查看完整身份证号” and its accessible name starts with it."""
    from shoudi.screening.testing import register_update

    person = household_with_members(VILLAGE_A, size=2).members.get(relationship="spouse")
    update = register_update(person)
    base = live_server.url
    page = open_as(browser, base, village_a.username)
    page.goto(f"{base}/screening/register-updates/{update.pk}/")
    assert not _axe(page, base)
    page.click("form[data-form='screening.reveal_id'] button")
    page.wait_for_selector(f".id-cell >> text={person.id_number}")
