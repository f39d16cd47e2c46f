"""Regressions of dynamic monitoring found in the browser, each replayed in Chromium.

- 乡镇审核 offered 监测对象类型 and the service dropped it: the case stayed 待确定 and the printed 公示 showed an
  empty 类型 column. Now the township's choice is recorded, shown on the case page and the printed notice, and
  offered to the county's 审定 to confirm or change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shoudi.monitoring import codes
from shoudi.monitoring.models import Case
from shoudi.testing.browser import open_as
from shoudi.testing.monitoring import ABOVE_THE_LINE, Team, household, notice_of

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
S = codes.Status
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 400


def _day(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def test_the_township_settles_the_type_and_the_notice_prints_it(
    live_server, browser, policy, village_a, township, county, committee_a, tmp_path
):
    team = Team(contact=village_a, township=township, county=county, committee=committee_a)
    base = live_server.url
    # income above the line: the assessment proposes no type, so it is the township's to settle
    case = team.driver.lead(household(income=ABOVE_THE_LINE), dt.date.fromisoformat(_day(30)))
    promise = tmp_path / "承诺授权书.jpg"
    promise.write_bytes(JPEG)

    # the village contact checks at home in the browser, leaving the type to the assessment
    village = open_as(browser, base, "village_a", phone=True)
    village.goto(f"{base}/monitoring/{case.pk}/")
    village.click("[data-action=id_home_check]")
    village.fill("#id_on", _day(29))
    village.fill("#id_findings", "户主住院，家庭收入骤减，已签字承诺授权")
    village.set_input_files("#id_promise", str(promise))
    village.click("[data-testid=submit]")
    village.wait_for_selector("[data-testid=case-status]")
    assert village.locator("[data-testid=case-status]").inner_text() == "待信息比对"
    assert village.locator("[data-testid=case-category]").inner_text() == "待确定"

    # data check, review and the notice (posted with the type still open), as the services take them
    case = team.driver.identify(Case.objects.get(pk=case.pk), dt.date.fromisoformat(_day(28)), upto=S.ID_TOWNSHIP)
    assert case.category == "" and notice_of(case).entries.get().category == ""

    # the township picks 突发严重困难户 at 乡镇审核
    town = open_as(browser, base, "township")
    town.goto(f"{base}/monitoring/{case.pk}/")
    town.click("[data-action=id_township]")
    town.wait_for_selector("[data-testid=step-form]")
    town.fill("#id_opinion", "家庭刚性支出大，认定为突发严重困难户，同意上报")
    town.select_option("#id_category", "sudden")
    town.click("[data-testid=submit]")
    town.wait_for_selector("[data-testid=case-status]")
    assert town.locator("[data-testid=case-status]").inner_text() == "待审定"
    assert town.locator("[data-testid=case-category]").inner_text() == "突发严重困难户"
    assert "突发严重困难户" in town.locator("[data-testid=timeline]").inner_text()

    # the printed notice shows it in the 类型 column
    town.goto(f"{base}/monitoring/notices/{notice_of(case).pk}/print/")
    assert town.locator("[data-testid=notice-category]").first.inner_text() == "突发严重困难户"

    # the county's 审定 form offers the township's type to confirm
    desk = open_as(browser, base, "county")
    desk.goto(f"{base}/monitoring/{case.pk}/act/id_decision/")
    assert desk.locator("#id_category").input_value() == "sudden"
    desk.fill("#id_opinion", "同意纳入")
    desk.click("[data-testid=submit]")
    desk.wait_for_selector("[data-testid=case-status]")
    assert desk.locator("[data-testid=case-category]").inner_text() == "突发严重困难户"
