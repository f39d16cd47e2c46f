"""一户一码 end to end in Chromium: the village contact opens the A4 sheet of the village's cards, the QR codes are
read back from a screenshot of it (zxing-cpp, as a phone's camera would), and one of them — opened on a phone
with no account — takes a household's report, which becomes exactly one lead for that household.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server; the
screenshot lands in artifacts/ for a human to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from shoudi.hhcodes import services
from shoudi.hhcodes.models import CodeReport, HouseholdCode
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Lead
from shoudi.testing.browser import DESK, PHONE, axe_blocking, new_page, open_as, sign_in
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def test_print_scan_and_report_makes_one_lead(live_server, browser, policy, village_a):
    households = [household_with_members(VILLAGE_A, size=2) for _ in range(9)]  # two A4 pages
    services.codes_issue_missing(by=village_a, area_code=VILLAGE_A)
    tokens = {c.token: c.household for c in HouseholdCode.objects.select_related("household")}
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    # a sharp screenshot, as a phone's camera sees a printed card (at 1 px per CSS pixel a module is ~3.4 px)
    context = browser.new_context(viewport=DESK, device_scale_factor=2, locale="zh-CN")
    staff = sign_in(context.new_page(), base, "village_a")
    staff.goto(f"{base}/household-codes/village/{VILLAGE_A}/")
    staff.click("[data-testid=print-link]")
    staff.wait_for_selector("[data-testid=card]")
    assert staff.locator("[data-testid=card]").count() == 9
    shot = ARTIFACTS / "hhcodes-print-sheet.png"
    staff.screenshot(path=str(shot), full_page=True)
    staff.emulate_media(media="print")
    pdf = staff.pdf(format="A4", print_background=True)  # what the 打印 button sends to the printer
    (ARTIFACTS / "hhcodes-print-sheet.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2  # 8 cards on the first page, 1 on the second
    staff.context.close()

    found = [r.text for r in zxingcpp.read_barcodes(Image.open(shot))]
    assert sorted(found) == sorted(f"{base}/c/{t}/" for t in tokens), found
    url = sorted(found)[0]
    household = tokens[url.rstrip("/").rsplit("/", 1)[-1]]
    assert household in households
    before = Lead.objects.filter(household=household).count()

    phone = new_page(browser, phone=True)  # a fresh context: no account, no cookies
    phone.goto(url)
    phone.wait_for_selector("[data-testid=hhcode-form]")
    phone.screenshot(path=str(ARTIFACTS / "hhcodes-report-form.png"), full_page=True)
    assert "户主" in phone.inner_text("[data-testid=hhcode-household]")
    phone.click("label.trouble-choice:has-text('生病或受伤')")
    phone.fill("#id_text", "丈夫干活摔伤住院，家里没有收入")
    phone.fill("#id_phone", "13912345678")
    phone.click("button[type=submit]")
    phone.wait_for_selector("[data-testid=hhcode-done]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(ARTIFACTS / "hhcodes-report-done.png"), full_page=True)
    phone.reload()  # the browser sends the same form again: still one report
    phone.wait_for_selector("[data-testid=hhcode-done]")
    phone.context.close()

    leads = Lead.objects.filter(household=household)
    assert leads.count() == before + 1
    lead = leads.get()
    assert lead.channel == mcodes.Channel.APPLICATION and lead.status == mcodes.LeadStatus.OPEN
    assert "13912345678" not in lead.summary + lead.evidence
    assert CodeReport.objects.get(household=household).phone == "13912345678"


def test_pages_have_no_serious_accessibility_violations(live_server, browser, policy, village_a):
    household = household_with_members(VILLAGE_A, size=2)
    code = services.code_issue(by=village_a, household=household)
    base = live_server.url
    phone = new_page(browser, phone=True)
    staff = open_as(browser, base, "village_a")
    screens = [
        (phone, f"/c/{code.token}/", "[data-testid=hhcode-form] button[type=submit]"),  # submitted empty: errors
        (staff, f"/household-codes/village/{VILLAGE_A}/", ""),
        (staff, f"/household-codes/households/{household.pk}/", ""),
        (staff, f"/household-codes/village/{VILLAGE_A}/print/", ""),
    ]
    found = []
    for page, path, click in screens:
        page.goto(base + path)
        if click:
            page.click(click)
            page.wait_for_selector("[data-field=trouble]")
        found += [f"{path} {v}" for scheme in ("light", "dark") for v in axe_blocking(page, base, scheme)]
    phone.context.close()
    staff.context.close()
    assert not found, "\n".join(found)


def test_the_village_contact_follows_the_panel_and_reveals_the_phone_once(live_server, browser, policy, village_a):
    """The workbench panel (once core/workbench.html holds it) lists the report and leads to the village page;
    there the phone is masked until 「查看完整电话」, whose answer page shows the number and is logged — and has
    no serious accessibility violations, as the village page with the button has none."""
    from django.template.loader import get_template

    from shoudi.core.models import AuditEntry
    from shoudi.hhcodes import reports

    household = household_with_members(VILLAGE_A, size=2)
    code = services.code_issue(by=village_a, household=household)
    report = reports.report_submit(code=code, trouble="illness", text="父亲住院做手术", phone="13912345678")
    base = live_server.url
    staff = open_as(browser, base, "village_a")
    if "hhcodes_panel" in get_template("core/workbench.html").template.source:
        panel = staff.locator("[data-testid=hhcodes-panel]")
        assert panel.locator("[data-testid=hhcodes-panel-row]").count() == 1
        assert "生病或受伤" in panel.inner_text() and "待入户核实" in panel.inner_text()
        assert panel.locator("[data-testid=hhcodes-panel-lead]").get_attribute("href") == (
            f"/monitoring/leads/{report.lead_id}/"
        )
        panel.locator("[data-testid=hhcodes-panel-village]").click()
    else:
        staff.goto(f"{base}/household-codes/village/{VILLAGE_A}/")
    staff.wait_for_selector("[data-testid=report-phone]")
    assert staff.inner_text("[data-testid=report-phone]").startswith("139****5678")
    found = [f"village {v}" for scheme in ("light", "dark") for v in axe_blocking(staff, base, scheme)]
    staff.click("[data-testid=reveal-phone]")
    staff.wait_for_selector("[data-testid=full-phone]")
    assert staff.inner_text("[data-testid=full-phone]") == "13912345678"
    found += [f"answer {v}" for scheme in ("light", "dark") for v in axe_blocking(staff, base, scheme)]
    staff.go_back()
    staff.reload()  # back on the village page: masked again
    assert "13912345678" not in staff.inner_text("[data-testid=reports]")
    staff.context.close()
    assert AuditEntry.objects.filter(action="reveal", object_id=str(report.pk), actor=village_a).count() == 1
    assert not found, "\n".join(found)
