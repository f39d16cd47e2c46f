"""常态化帮扶 in Chromium, the way the county's people take it: the township runs the classification and finds a
household below 1.5 × the 低保 standard referred to 民政; the 民政 clerk sees the referral on the workbench,
accepts it on its page (the household now holds 低保边缘, and its page says why); at the yearly verification the
village contact may only keep it, while the 民政 clerk stops it after the 民主评议 — the household goes under
early warning and the printable 告知书 shows neither ID number nor phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from shoudi.accounts.roles import Department, Role
from shoudi.lowincome import codes
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.tests.sweep import household_at, standards
from shoudi.monitoring.models import Lead
from shoudi.testing.browser import open_as
from shoudi.testing.factories import COUNTY, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"lowincome-{name}.png"), full_page=True)


def test_classify_refer_accept_verify_and_stop(live_server, browser, policy, village_a, township):
    make_user("civil_clerk", Role.DEPT_CLERK, COUNTY, full_name="县民政局数据员", department=Department.CIVIL_AFFAIRS)
    standards()  # 低保 500 元/月 for the county: the 低保边缘 limit is 9,000 元 a person
    home = household_at("7800", size=3, phone="13800138000")  # 7,800 a person: 低保边缘, not 低保
    base = live_server.url
    today = timezone.localdate().isoformat()

    # the township classifies its area: one referral to 民政
    desk = open_as(browser, base, "township")
    desk.goto(f"{base}/low-income/classify/")
    desk.click("[data-testid=classify]")
    desk.wait_for_selector("[data-testid=last-run]")
    assert desk.locator("[data-testid=referrals-created]").inner_text() == "1"
    _shot(desk, "1-classified")

    # the 民政 clerk: the pending referral is on the workbench; accept it on its page
    clerk = open_as(browser, base, "civil_clerk")
    clerk.wait_for_selector("[data-testid=lowincome-panel]")
    clerk.click("[data-testid=task-lowincome_referrals_pending]")
    clerk.locator("[data-testid=referral-row] a").first.click()
    reasons = clerk.locator("[data-testid=reasons]").inner_text()
    assert "低于低保标准的 1.5 倍" in reasons and "9000.00" in reasons
    form = clerk.locator("form[data-form='lowincome.referral_decide']")
    form.locator("select[name=decision]").select_option("accept")
    form.locator("[name=deciding_body]").fill("松桃县民政局")
    form.locator("[name=document_no]").fill("松民〔2026〕8号")
    form.locator("[name=started_on]").fill(today)
    clerk.click("[data-testid=decide]")
    clerk.wait_for_selector(".message.success")
    assert clerk.locator("[data-testid=referral-status]").inner_text() == "已纳入"
    held = Membership.objects.get(household=home)
    assert held.layer == codes.StoredLayer.DIBAO_EDGE and held.source == codes.Source.REFERRAL
    clerk.click("[data-testid=household-link]")
    assert "最低生活保障边缘家庭" in clerk.locator("main").inner_text()
    _shot(clerk, "2-household-layers")

    # the village contact verifies: only 继续保留 is offered
    contact = open_as(browser, base, "village_a")
    contact.goto(f"{base}/low-income/memberships/{held.pk}/follow-up/")
    offered = contact.locator("[name=outcome] option, input[name=outcome]").evaluate_all(
        "es => es.map(e => e.value).filter(v => v)"
    )
    assert offered == ["keep"]

    # the 民政 clerk stops it after the 民主评议, with the written notice
    clerk.goto(f"{base}/low-income/memberships/{held.pk}/follow-up/")
    clerk.fill("[name=visited_on]", today)
    clerk.fill("[name=findings]", "户主在县城稳定务工，家庭人均收入已超过低保标准的1.5倍")
    outcome = clerk.locator("[name=outcome]")
    if outcome.first.evaluate("e => e.tagName") == "SELECT":
        outcome.select_option("stop")
    else:
        clerk.check("input[name=outcome][value=stop]")
    clerk.fill("[name=review_note]", "村民主评议一致同意停止")
    clerk.fill("[name=notice_no]", "松民告〔2026〕3号")
    clerk.fill("[name=notified_on]", today)
    clerk.locator("form[data-form='lowincome.followup'] button[type=submit]").click()
    clerk.wait_for_selector(".message.success")
    assert Membership.objects.get(pk=held.pk).ended_on is not None
    assert Lead.objects.filter(household=home).exists()  # under early warning
    assert not Referral.objects.filter(household=home, status=codes.ReferralStatus.PENDING).exists()

    # the printable notice: the head's name, nothing private
    clerk.goto(f"{base}/low-income/memberships/{held.pk}/follow-up/")
    notice = clerk.locator("a[href*='/notice/']").first
    notice.click()
    text = clerk.locator("body").inner_text()
    head = home.members.get(relationship="head")
    assert head.name in text and "松民告〔2026〕3号" in text
    assert head.id_number not in text and head.id_number[-4:] not in text and "13800138000" not in text
    _shot(clerk, "3-stop-notice")
