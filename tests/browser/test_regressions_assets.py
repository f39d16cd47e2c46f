"""Regressions of the asset ledger found in Chromium, each driven again through the browser as the roles that act:

- Disposal could not be completed by either route: the standard route answered 500 on the county's approval
  (``'list' object has no attribute 'strip'``: the view handed ``request.POST`` to a service fed with dicts in the
  tests) and the simplified route refused its own default notice dates (``公示开始日期“['2026-12-06']”不是有效日期``).
- A bad number in a hand-written inline form (到会人数) gave a 500 and lost the person's input.

And, without a browser: every form of the asset pages has its own sweep spec (the pages render their forms in
loops, so the template's ``data-form`` alone cannot tell the discovery test which actions exist).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from sweep import SPECS

from shoudi.assets.actions import ACTIONS
from shoudi.assets.models import ApprovalStep, Asset, Disposal
from shoudi.assets.workflow import DISPOSAL, PLAN, WRITEOFF
from shoudi.core.models import AuditEntry
from shoudi.testing.assets import asset_made
from shoudi.testing.browser import open_as
from shoudi.testing.factories import VILLAGE_A

pytestmark = [pytest.mark.browser]


@pytest.fixture
def people(transactional_db, regions, township, county):
    """The village committee of village A (the sweep's 村两委 persona), its township and the county; and the
    built-in policy parameters (the simplified-disposal limit)."""
    from shoudi.assets.tests.builders import committee
    from shoudi.policy.models import Parameter
    from shoudi.policy.services import apply_builtin

    apply_builtin(Parameter)
    return {"committee": committee(VILLAGE_A, name="committee_a"), "township": township, "county": county}


def _status(page: Page) -> str:
    return page.locator("[data-testid=disposal-status]").inner_text()


def _step(page: Page, action: str, fields: dict[str, str] | None = None) -> None:
    """Fill a step's form on the disposal page (only what is given; defaults stay) and take the step."""
    form = page.locator(f'form[data-form="assets.disposal_act.{action}"]')
    for name, value in (fields or {}).items():
        form.locator(f'[name="{action}-{name}"]').fill(value)
    with page.expect_navigation():
        form.locator(f"[data-testid=disposal-{action}]").click()
    assert "已办理" in page.locator(".message.success").inner_text()


def _propose(page: Page, base: str, asset: Asset) -> str:
    """The village committee records the democratic decision on the asset's page; the disposal's URL."""
    page.goto(f"{base}/assets/{asset.pk}/")
    page.click("[data-testid=action-disposal] summary")
    form = page.locator('form[data-form="assets.disposal"]')
    form.locator('[name="disposal-reason"]').select_option("end_of_life")
    form.locator('[name="disposal-way"]').select_option("scrap")
    form.locator('[name="disposal-decision_body"]').select_option("representatives_assembly")
    form.locator('[name="disposal-attendees"]').fill("30")
    form.locator('[name="disposal-votes_for"]').fill("25")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=disposal-status]")
    assert "已提交处置申请" in page.locator(".message.success").inner_text()
    return page.url


def test_standard_route_disposal_end_to_end(live_server, browser, people):
    base = live_server.url
    asset = asset_made(VILLAGE_A, name="当造村旧村部", value="250000.00")
    village = open_as(browser, base, "committee_a")
    url = _propose(village, base, asset)
    assert _status(village) == "已决策待审核"
    assert "一般程序" in village.locator("[data-testid=disposal-route]").inner_text()

    township = open_as(browser, base, "township")
    township.goto(url)
    _step(township, "review", {"reason": "符合处置条件"})
    assert _status(township) == "乡镇审核通过待主管部门审批"

    county = open_as(browser, base, "county")
    county.goto(url)
    _step(county, "approve", {"title": "关于同意报废当造村旧村部的批复", "number": "松乡振〔2026〕12号"})
    assert _status(county) == "已审批待公开结果"
    _step(county, "publish")  # the default dates: today and seven days on
    assert _status(county) == "可处置（结果已公开/公示无异议）"

    # the proceeds go back into industry (paying them out to members is refused, next to the field)
    village.goto(url)
    _complete(village, "3000", None)
    refused = village.locator('[data-field="complete-proceeds_use"]').inner_text()
    assert "巩固拓展脱贫攻坚成果或乡村产业振兴" in refused
    _complete(village, "3000", "industry")
    assert _status(village) == "已处置"
    disposal = Disposal.objects.get(asset=asset)
    assert disposal.approval_document.number == "松乡振〔2026〕12号" and disposal.proceeds == 3000
    assert Asset.objects.get(pk=asset.pk).status == "disposed"
    steps = list(ApprovalStep.objects.filter(disposal=disposal).order_by("at", "id"))
    assert [(s.action, s.actor) for s in steps] == [
        ("propose", people["committee"]),
        ("review", people["township"]),
        ("approve", people["county"]),
        ("publish", people["county"]),
        ("complete", people["committee"]),
    ]
    assert AuditEntry.objects.filter(object_id=str(disposal.pk), action="transition").count() == 4


def _complete(page: Page, proceeds: str, use: str | None) -> None:
    form = page.locator('form[data-form="assets.disposal_act.complete"]')
    form.locator('[name="complete-proceeds"]').fill(proceeds)
    if use:
        form.locator('[name="complete-proceeds_use"]').select_option(use)
    with page.expect_navigation():
        form.locator("[data-testid=disposal-complete]").click()


def test_simplified_route_disposal_end_to_end(live_server, browser, people):
    base = live_server.url
    asset = asset_made(VILLAGE_A, name="当造村旧水池", value="80000.00")
    village = open_as(browser, base, "committee_a", phone=True)
    url = _propose(village, base, asset)
    assert "简化程序" in village.locator("[data-testid=disposal-route]").inner_text()

    _step(village, "notice")  # the notice with its default dates, as the form offers them
    disposal = Disposal.objects.get(asset=asset)
    today = timezone.localdate()
    assert (disposal.status, disposal.notice_from, disposal.notice_to) == ("notice", today, today + dt.timedelta(7))

    # the notice period passes without objection
    Disposal.objects.filter(pk=disposal.pk).update(
        notice_from=today - dt.timedelta(days=10), notice_to=today - dt.timedelta(days=1)
    )
    village.goto(url)
    _step(village, "no_objection")
    assert _status(village) == "可处置（结果已公开/公示无异议）"
    _complete(village, "1200", "consolidation")
    assert _status(village) == "已处置"
    assert Asset.objects.get(pk=asset.pk).status == "disposed"
    steps = ApprovalStep.objects.filter(disposal=disposal).order_by("at", "id")
    assert [s.action for s in steps] == ["propose", "notice", "no_objection", "complete"]
    assert all(s.actor == people["committee"] for s in steps)


def test_letters_in_attendees_are_a_field_error_and_keep_the_input(live_server, browser, people):
    base = live_server.url
    asset = asset_made(VILLAGE_A, name="当造村旧晒场", value="250000.00")
    page = open_as(browser, base, "committee_a")
    page.goto(f"{base}/assets/{asset.pk}/")
    page.click("[data-testid=action-disposal] summary")
    form = page.locator('form[data-form="assets.disposal"]')
    form.locator('[name="disposal-way"]').select_option("auction")
    form.locator('[name="disposal-votes_for"]').fill("25")
    form.locator('[name="disposal-note"]').fill("晒场闲置多年，拟拍卖")
    attendees = form.locator('[name="disposal-attendees"]')
    attendees.evaluate("e => { e.type = 'text'; }")  # as an old browser or a crafted request would send it
    attendees.fill("三十人")
    entries = AuditEntry.objects.count()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    again = page.locator('form[data-form="assets.disposal"]')
    message = again.locator('[data-field="disposal-attendees"]')
    assert message.inner_text().strip() == "请填写数字"
    assert again.locator('[name="disposal-attendees"]').get_attribute("aria-invalid") == "true"
    assert again.locator('[name="disposal-way"]').input_value() == "auction"
    assert again.locator('[name="disposal-votes_for"]').input_value() == "25"
    assert again.locator('[name="disposal-note"]').input_value() == "晒场闲置多年，拟拍卖"
    assert page.locator("details[data-testid=action-disposal]").get_attribute("open") is not None
    assert not Disposal.objects.exists() and AuditEntry.objects.count() == entries


def test_every_asset_form_has_a_sweep_spec():
    """The asset page's actions and every workflow step are rendered in loops: each needs its own spec."""
    swept = {s.form for s in SPECS.values()}
    wanted = {f"assets.{name}" for name in ACTIONS}
    wanted |= {f"assets.plan_act.{s.action}" for s in PLAN.steps if s.action != "propose"}
    wanted |= {f"assets.writeoff_act.{s.action}" for s in WRITEOFF.steps}
    wanted |= {f"assets.disposal_act.{s.action}" for flow in DISPOSAL.values() for s in flow.steps}
    assert wanted - swept == set()


AXE = "/static/vendor/axe-core/axe.min.js"


def _axe(page: Page) -> list[str]:
    """The serious or critical axe-core violations on the page, with every <details> open."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(url=page.url.split("/assets/")[0] + AXE)
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:5]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_the_asset_forms_are_accessible_even_with_errors(live_server, browser, people):
    """Every form of the asset page is open at once (unique ids, labelled fields), also after a refusal."""
    from shoudi.testing.assets import writeoff_at

    writeoff = writeoff_at("proposed")
    page = open_as(browser, live_server.url, "county")
    page.goto(f"{live_server.url}/assets/{writeoff.asset_id}/")
    assert _axe(page) == []
    page.locator('[name="income-amount"]').evaluate("e => { e.type = 'text'; e.value = 'x'; }")
    with page.expect_navigation():
        page.locator('form[data-form="assets.income"] button[type=submit]').click()
    assert page.locator('[data-field="income-amount"]').count() == 1
    assert _axe(page) == []
