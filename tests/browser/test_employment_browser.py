"""劳动力数据库 on a 360-px phone: the village contact opens a member's labour page, records where they work (登记
务工) and finds it on the household page — the work entered once, the registry's 务工地点 following."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from shoudi.employment.tests.sweep_labour import head, workers
from shoudi.registry.models import Person
from shoudi.testing.browser import PHONE, new_page, sign_in
from shoudi.testing.factories import VILLAGE_A

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def test_the_village_contact_records_a_members_work_on_a_phone(live_server, browser, village_a, policy):
    household = workers(VILLAGE_A)
    person = head(household)
    page = new_page(browser, phone=True)
    sign_in(page, live_server.url, "village_a")
    page.goto(f"{live_server.url}/employment/labour/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name=person.name).click()
    page.wait_for_selector("[data-testid=no-work]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    start = page.locator("form[data-form='employment.labour_start']")
    start.locator("select[name=place]").select_option("out_province")
    start.locator("input[name=employer_name]").fill("浙江宁波某电子厂")
    start.locator("input[name=started_on]").fill(timezone.localdate().replace(day=1).isoformat())
    start.locator("input[name=monthly_pay]").fill("4800")
    start.get_by_role("button", name="登记务工").click()
    page.wait_for_selector("[data-testid=current-work]")
    assert "浙江宁波某电子厂" in page.locator("[data-testid=current-work]").inner_text()
    assert "已登记务工" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/households/{household.pk}/")
    panel = page.locator("[data-testid=labour-panel]")
    assert "浙江宁波某电子厂" in panel.inner_text() and "省外" in panel.inner_text()
    assert panel.locator("[data-testid=nobody-works]").count() == 0
    assert Person.objects.get(pk=person.pk).work_place == "out_province"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "employment-labour-household-phone.png"), full_page=True)
