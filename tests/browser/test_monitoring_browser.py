"""The main path of dynamic monitoring in a real browser: the village contact on a phone records a lead and
the home check (with the signed promise), the county checks the data, the village reviews and posts the notice,
the township reviews, the county decides, the contact enters the case (一头).

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


def _day(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"monitoring-{name}.png"), full_page=True)


def _step(page: Page, action: str, fields: dict[str, str], *, checks: tuple[str, ...] = ()) -> None:
    """Open the step from the case page, fill it, submit, and land back on the case page."""
    page.click(f"[data-action={action}]")
    page.wait_for_selector("[data-testid=step-form]")
    for selector, value in fields.items():
        page.fill(selector, value)
    for selector in checks:
        page.check(selector)
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=case-status]")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_lead_to_inclusion_with_township_and_county(
    live_server, browser, policy, village_a, township, county, tmp_path
):
    household = household_with_members(VILLAGE_A, size=4, status="former_poor", exit_year=2019)
    head = household.members.get(relationship="head")
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    promise = tmp_path / "承诺授权书.jpg"
    promise.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 400)

    # village contact, on a phone: record the lead and check it at home
    phone = open_as(browser, base, "village_a", phone=True)
    phone.goto(f"{base}/monitoring/leads/new/")
    phone.fill("#id_household", household.number)
    phone.select_option("#id_channel", "cadre_visit")
    phone.fill("#id_reported_on", _day(12))
    phone.fill("#id_summary", "走访发现户主突发脑梗住院，医疗支出大")
    phone.click("main button[type=submit]")
    phone.wait_for_selector("[data-testid=convert-form]")
    assert phone.locator("[data-testid=lead-status]").inner_text() == "待入户核实"
    phone.fill("[data-testid=convert-form] #id_convert_on", _day(12))
    phone.fill("[data-testid=convert-form] #id_convert_findings", "属实，户主住院")
    phone.check("[data-testid=convert-form] input[name=risks][value=illness]")
    phone.click("[data-testid=convert]")
    phone.wait_for_selector("[data-testid=case-status]")
    case_url = phone.url
    assert phone.locator("[data-testid=case-status]").inner_text() == "待入户核实"
    _fits(phone)

    phone.click("[data-action=id_home_check]")
    phone.wait_for_selector("[data-testid=step-form]")
    phone.fill("#id_on", _day(11))
    phone.fill("#id_findings", "入户核实：户主住院，家庭收入骤减，已签字承诺授权")
    phone.set_input_files("#id_promise", str(promise))
    _fits(phone)
    _shot(phone, "1-home-check-phone")
    phone.click("[data-testid=submit]")
    phone.wait_for_selector("[data-testid=case-status]")
    assert phone.locator("[data-testid=case-status]").inner_text() == "待信息比对"
    assert "承诺授权书" in phone.locator("[data-testid=timeline]").inner_text()

    # county: data check
    desk = open_as(browser, base, "county")
    desk.goto(case_url)
    _step(desk, "id_data_check", {"#id_on": _day(10), "#id_result": "车辆、房产、市场主体、财政供养比对均无异常"})
    assert desk.locator("[data-testid=case-status]").inner_text() == "待民主评议"

    # village: democratic review and the notice (the contact records them for the committee)
    phone.goto(case_url)
    _step(
        phone,
        "id_review",
        {"#id_on": _day(9), "#id_attendance": "15", "#id_attendees": "村两委、驻村工作队、村民代表"},
        checks=("input[name=passed][value='1']",),
    )
    assert phone.locator("[data-testid=case-status]").inner_text() == "公示中"
    phone.goto(f"{base}/monitoring/notices/")
    phone.click("[data-testid=post-notice]")
    phone.fill("#id_posted_on", _day(8))
    phone.click("main button[type=submit]")
    phone.wait_for_selector("[data-testid=print]")
    phone.click("[data-testid=print]")
    phone.wait_for_selector("[data-testid=notice-sheet]")
    sheet = phone.locator("[data-testid=notice-sheet]").inner_text()
    assert head.name in sheet and head.id_number not in sheet and "12317" in sheet
    _shot(phone, "2-notice-print")
    phone.goto(case_url)
    _step(phone, "id_notice_end", {"#id_on": _day(2)})
    assert phone.locator("[data-testid=case-status]").inner_text() == "待乡镇审核"

    # township: the task is on the workbench; review it
    town = open_as(browser, base, "township")
    assert town.locator("[data-testid=task-mine]").inner_text() == "1"
    _shot(town, "3-township-workbench")
    town.click("[data-testid=task-mine]")
    town.click("[data-testid=case-link]")
    town.wait_for_selector("[data-testid=actions]")
    actions = town.locator("[data-testid=actions] [data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    assert actions == ["id_township", "return", "reject"]
    _step(town, "id_township", {"#id_on": _day(1), "#id_opinion": "材料齐全，同意上报县级审定"})
    assert town.locator("[data-testid=case-status]").inner_text() == "待审定"
    assert town.locator("[data-testid=actions]").count() == 0  # nothing more for the township
    _shot(town, "4-township-reviewed")

    # county: decide
    desk.goto(case_url)
    desk.click("[data-action=id_decision]")
    desk.wait_for_selector("[data-testid=step-form]")
    desk.fill("#id_on", _day(1))
    desk.fill("#id_opinion", "同意纳入防止返贫监测对象")
    desk.select_option("#id_category", "unstable")
    _shot(desk, "5-county-decision")
    desk.click("[data-testid=submit]")
    desk.wait_for_selector("[data-testid=case-status]")
    assert desk.locator("[data-testid=case-status]").inner_text() == "待纳入监测"

    # village contact enters the head of 一头一尾
    phone.goto(case_url)
    _step(phone, "id_entry", {"#id_on": _day(0)})
    assert phone.locator("[data-testid=case-status]").inner_text() == "监测帮扶中"
    timeline = phone.locator("[data-testid=timeline] > li").evaluate_all("els => els.map(e => e.dataset.step)")
    assert timeline == [
        "open",
        "id_home_check",
        "id_data_check",
        "id_review",
        "id_notice_end",
        "id_township",
        "id_decision",
        "id_entry",
    ]
    assert "缺少措施" in phone.locator("[data-testid=coverage]").inner_text()
    _fits(phone)
    _shot(phone, "6-case-entered-phone")
