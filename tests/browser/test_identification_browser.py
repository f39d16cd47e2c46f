"""The identification path through the checks issue 14 added, in Chromium: the county officer sees the orange
overdue mark of the 信息比对 step on the workbench, marks the household's 交管 and 不动产 records (a car: an
exclusion); the village committee is stopped at 民主评议 until it records the 村民代表大会's decision with its
minutes; after the township's review and the county's decision the township posts the 结果公告, prints it (no ID,
no phone) and the case page links it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from shoudi.feeds.testing import feed, real_estate, vehicle
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case
from shoudi.testing.browser import open_as
from shoudi.testing.monitoring import Team, case_at, household

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
S = codes.Status


def _day(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"identification-{name}.png"), full_page=True)


def _status(page: Page) -> str:
    page.wait_for_selector("[data-testid=case-status]")
    return page.locator("[data-testid=case-status]").inner_text()


def test_identification_through_data_check_exclusion_gate_and_announcement(
    live_server, browser, policy, village_a, committee_a, township, county, tmp_path
):
    home = household(phone="13800138000")
    head = home.members.get(relationship="head")
    other = home.members.exclude(pk=head.pk).first()
    feed("vehicles", vehicle(head, "小型轿车", "2023-05-01"))
    feed("real_estate", real_estate(other, "住宅", "2019-03-02"))
    team = Team(contact=village_a, township=township, county=county, committee=committee_a)
    case = case_at(S.ID_DATA_CHECK, team=team, household_=home)  # home check 29 days ago: 信息比对 is late
    minutes = tmp_path / "村民代表大会记录.jpg"
    minutes.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 400)
    base = live_server.url
    case_url = f"{base}/monitoring/{case.pk}/"

    # county officer: the late 信息比对 is on the workbench in orange
    desk = open_as(browser, base, "county")
    desk.wait_for_selector("[data-testid=monitoring-panel]")
    assert desk.locator("[data-testid=overdue-step]").first.inner_text().startswith("超期")
    _shot(desk, "1-workbench-overdue")
    desk.goto(case_url)
    assert "超期" in desk.locator("[data-testid=deadlines]").inner_text()

    # 信息比对: one row per department record, with its batch; the car is flagged as an exclusion
    desk.click("[data-action=id_data_check]")
    desk.wait_for_selector("[data-testid=datacheck]")
    rows = desk.locator("[data-testid=datacheck-row]")
    assert rows.count() == 2
    assert "不纳入情形：家庭成员拥有享受型轿车" in rows.nth(0).inner_text()
    assert "交管车辆-测试" in rows.nth(0).inner_text()
    assert desk.locator("[data-testid=datacheck-none]").count() == 5
    desk.fill("#id_on", _day(10))
    desk.click("[data-testid=submit]")  # nothing marked: refused, nothing taken
    desk.wait_for_selector("[data-field=mark_0]")
    desk.check("input[name=mark_0][value=match]")
    desk.check("input[name=mark_1][value=match]")
    _shot(desk, "2-data-check")
    desk.click("[data-testid=submit]")
    assert _status(desk) == "待民主评议"
    assert "相符" in desk.locator("[data-testid=datacheck-result]").inner_text()

    # village committee: the review is refused until the assembly's decision is recorded
    village = open_as(browser, base, "committee_a")
    village.goto(case_url)
    assert village.locator("[data-testid=exclusion-open]").is_visible()
    village.click("[data-action=id_review]")
    village.wait_for_selector("[data-testid=step-form]")
    village.fill("#id_on", _day(9))
    village.fill("#id_attendance", "21")
    village.fill("#id_attendees", "村两委、驻村工作队、村民代表")
    village.check("input[name=passed][value='1']")
    village.click("[data-testid=submit]")
    village.wait_for_selector("[data-testid=step-form] [role=alert]")
    assert "村民代表大会评议认定" in village.locator("[data-testid=step-form]").inner_text()
    village.goto(case_url)
    village.click("[data-testid=exclusion-decide]")
    village.wait_for_selector("form[data-form='monitoring.exclusion_decide']")
    village.check("input[name=kind][value=assembly]")
    village.fill("#id_decided_on", _day(9))
    village.fill("#id_attendance", "21")
    village.fill("#id_votes_for", "18")
    village.fill("#id_votes_against", "2")
    village.fill("#id_note", "户主残疾，车辆为其就医代步所用，经评议同意纳入")
    village.set_input_files("#id_document", str(minutes))
    _shot(village, "3-assembly-decision")
    village.click("[data-testid=submit]")
    village.wait_for_selector("[data-testid=exclusion-decisions]")
    assert "同意 18 票" in village.locator("[data-testid=exclusion-decisions]").inner_text()
    village.click("[data-action=id_review]")
    village.wait_for_selector("[data-testid=step-form]")
    village.fill("#id_on", _day(9))
    village.fill("#id_attendance", "21")
    village.fill("#id_attendees", "村两委、驻村工作队、村民代表")
    village.check("input[name=passed][value='1']")
    village.click("[data-testid=submit]")
    assert _status(village) == "公示中"

    # notice, township review and county decision, as the services take them (their pages have their own tests)
    start = timezone.localdate() - dt.timedelta(days=8)
    walked = team.driver.identify(Case.objects.get(pk=case.pk), start, upto=S.ID_ENTRY)
    assert walked.status == S.ID_ENTRY

    # township: post the 结果公告 from the list of villages waiting for one, print it
    town = open_as(browser, base, "township")
    town.click("[data-testid=announcements-link]")
    town.click("[data-testid=post-announcement]")
    town.wait_for_selector("form[data-form='monitoring.announcement_create']")
    town.fill("#id_posted_on", _day(0))
    town.click("[data-testid=submit]")
    town.wait_for_selector("text=结果公告已发布")
    town.goto(case_url)
    town.click("[data-testid=announcement-link]")
    town.wait_for_selector("[data-testid=announcement-sheet]")
    sheet = town.locator("[data-testid=announcement-sheet]").inner_text()
    assert head.name in sheet and "纳入防止返贫监测对象结果公告" in sheet
    assert head.id_number not in sheet and "13800138000" not in sheet
    _shot(town, "4-announcement-print")
