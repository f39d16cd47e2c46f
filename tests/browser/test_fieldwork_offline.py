"""守底外业 (issue 18) in Chromium on a phone-sized screen, as the village contact of 当造村: install the app,
sync, go offline, reload it from the service worker, record a visit with a photo, an income sheet and a new risk,
go online and sync — each record is on the server exactly once; sync again — nothing changes; a household changed
on the server meanwhile shows the conflict screen, and 仍以我的为准提交 applies the record. Five wrong PINs wipe the
phone, and so does a deactivated account at the next online open."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from shoudi.assistance.models import Visit
from shoudi.fieldwork.models import Device, FieldRecord, RecordStatus, SyncKind, SyncLog
from shoudi.income.models import IncomeSheet
from shoudi.monitoring import codes
from shoudi.monitoring.models import Lead
from shoudi.registry.models import Household
from shoudi.testing.browser import PHONE, axe_blocking, sign_in
from shoudi.testing.monitoring import case_at

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "policy")]

PIN = "2468"
YEAR = timezone.localdate().year


def _jpeg() -> bytes:
    """A small photo: 1600×1200, so the app has to shrink it to 1280 px."""
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 120, 80)).save(out, "JPEG", quality=80)
    return out.getvalue()


@pytest.fixture
def phone(browser: Browser, tmp_path: Path) -> Iterator[BrowserContext]:
    """A phone with a browser profile of its own (a persistent one: an incognito window cannot install an app)."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        # Playwright's wait_for_function compiles its predicate in the page, which the CSP forbids ('unsafe-eval');
        # the app under the real CSP is covered by tests/browser/test_csp.py
        bypass_csp=True,
    )
    yield context
    context.close()


def _open_app(phone: BrowserContext, base: str, username: str) -> Page:
    page = sign_in(phone.pages[0] if phone.pages else phone.new_page(), base, username)
    page.goto(f"{base}/field/")
    page.wait_for_selector("#field-app[data-ready='1']")
    return page


def _first_sync(page: Page) -> None:
    """First use: the PIN twice, then the device registers and "my households" come down."""
    page.fill("input[name=pin]", PIN)
    page.fill("input[name=pin2]", PIN)
    page.click("form[data-form='field.setup'] button[type=submit]")
    _synced(page)


def _synced(page: Page) -> None:
    expect(page.locator("#status")).to_contain_text("已同步", timeout=20_000)


def _unlock(page: Page, pin: str = PIN) -> None:
    page.fill("input[name=pin]", pin)
    page.click("form[data-form='field.pin'] button[type=submit]")


def _open_household(page: Page, number: str) -> None:
    page.goto(page.url.split("#")[0] + "#/")
    page.click(f"a.household[data-number='{number}']")
    page.wait_for_selector("nav.actions")


def _installable(page: Page) -> None:
    """Chromium finds the manifest and nothing stops installing; the service worker controls the page."""
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/field/manifest.webmanifest")
    assert not manifest.get("errors"), manifest.get("errors")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    cdp.detach()
    assert errors == [], errors
    # every file the app needs offline is cached (the precache list and the files the page loaded)
    page.wait_for_function(
        """async () => {
          const names = await caches.keys();
          if (!names.length) return false;
          const cache = await caches.open(names[names.length - 1]);
          const urls = [...document.querySelectorAll("link[rel=stylesheet], script[src]")]
            .map((x) => x.href || x.src)
            .concat(Object.entries(document.getElementById("field-app").dataset)
              .filter(([k]) => k.startsWith("mod")).map(([, u]) => new URL(u, location.href).href));
          for (const url of urls) if (!(await cache.match(url))) return false;
          return Boolean(await cache.match("/field/"));
        }"""
    )


def _counts() -> tuple[int, ...]:
    return Visit.objects.count(), IncomeSheet.objects.count(), Lead.objects.count(), FieldRecord.objects.count()


def _states(page: Page) -> list[str]:
    return page.locator("li.record").evaluate_all("nodes => nodes.map(n => n.dataset.state)")


def test_offline_visit_income_and_lead_sync_once_and_a_conflict_is_resolved(live_server, phone, team):
    base = live_server.url
    case = case_at(codes.Status.MONITORED, team=team)
    household = case.household
    head = household.members.order_by("birth_date").first()
    key = f"p{head.pk.hex[:8]}"  # the member's short key on the phone (fieldwork.digest.member_keys)
    leads_before = Lead.objects.filter(household=household).count()

    page = _open_app(phone, base, "village_a")
    _first_sync(page)
    _installable(page)
    expect(page.locator(f"a.household[data-number='{household.number}']")).to_be_visible()
    assert Device.objects.filter(user=team.contact).count() == 1

    # Offline: the app opens from the service worker and asks the PIN.
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("form[data-form='field.pin']")
    probe = "fetch('/field/precache.json').then(r => r.status).catch(() => 'offline')"
    assert phone.service_workers[0].evaluate(probe) == "offline"  # so the shell came from the worker's cache
    _unlock(page)
    expect(page.locator("#net")).to_have_text("离线")  # the sync it tried at open found no network
    _open_household(page, household.number)

    # 帮扶回访 with a photo (shrunk on the phone before it is stored)
    page.click("nav.actions >> text=帮扶回访")
    page.fill("[name=findings]", "户主按时服药，病情稳定；家中生活正常")
    page.set_input_files("#f-photo", {"name": "visit.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()})
    expect(page.locator("img.preview")).to_be_visible()
    width = page.locator("img.preview").evaluate("img => img.naturalWidth")
    assert width == 1280
    page.click("form[data-form='field.visit'] button[type=submit]")
    page.wait_for_selector("nav.actions")

    # 收入采集: the head works in the county; a wrong number is refused on the phone with the server's message
    page.click("nav.actions >> text=收入采集")
    page.select_option(f"select[name={key}_place]", "in_county")
    page.fill(f"[name={key}_amount]", "12000.555")
    page.click("form[data-form='field.income'] button[type=submit]")
    expect(page.locator(f"#e-{key}_amount")).to_have_text("最多保留 2 位小数")
    page.fill(f"[name={key}_amount]", "12000")
    page.fill(f"[name={key}_months]", "10")
    page.click("form[data-form='field.income'] button[type=submit]")
    page.wait_for_selector("nav.actions")

    # 新发现风险: the summary is required, said as the web page says it
    page.click("nav.actions >> text=新发现风险")
    page.select_option("select[name=risk_hint]", "illness")
    page.click("form[data-form='field.lead'] button[type=submit]")
    expect(page.locator("#e-summary")).to_have_text("此项必填")
    page.fill("[name=summary]", "妻子近期查出慢性肾病，需长期透析")
    page.click("form[data-form='field.lead'] button[type=submit]")
    page.wait_for_selector("nav.actions")

    page.click("#tabs >> text=待上传")
    page.wait_for_selector("li.record")
    assert _states(page) == ["pending"] * 3
    assert FieldRecord.objects.count() == 0

    # Online: the queue uploads by itself (the `online` event), the three records of the household in one request.
    page.context.set_offline(False)
    expect(page.locator("li.record[data-state=applied]")).to_have_count(3, timeout=30_000)
    _synced(page)
    assert FieldRecord.objects.filter(status=RecordStatus.APPLIED).count() == 3
    # two requests: the income and the risk first, then the visit with its photo (a photo must not hold them up)
    pushes = SyncLog.objects.filter(kind=SyncKind.PUSH).order_by("at").values_list("records", "applied")
    assert list(pushes) == [(2, 2), (1, 1)]
    visit = Visit.objects.get(case=case)
    assert visit.findings.startswith("户主按时服药") and visit.photo
    sheet = IncomeSheet.objects.get(household=household, year=YEAR)
    assert sheet.lines.filter(member=head, item="local_work", amount=12000).count() == 1
    assert Lead.objects.filter(household=household).count() == leads_before + 1
    assert Lead.objects.filter(household=household, channel=codes.Channel.CADRE_VISIT, risk_hint="illness").exists()

    # Sync again: nothing changes on the server.
    counts = _counts()
    pushes = SyncLog.objects.filter(kind=SyncKind.PUSH).count()
    page.click("#sync-now")
    _synced(page)
    assert _counts() == counts
    assert sheet.lines.filter(member=head, item="local_work").count() == 1
    assert SyncLog.objects.filter(kind=SyncKind.PUSH).count() == pushes  # nothing was waiting

    # The household changes on the server; offline the contact corrects its water safety; the sync finds a conflict.
    Household.objects.filter(pk=household.pk).update(housing_grade="C")
    page.context.set_offline(True)
    _open_household(page, household.number)
    page.click("nav.actions >> text=核实农户信息")
    page.select_option("select[name=water_safe]", "0")
    page.click("form[data-form='field.facts'] button[type=submit]")
    page.wait_for_selector("nav.actions")
    page.context.set_offline(False)
    page.click("#tabs >> text=待上传")
    expect(page.locator("li.record[data-state=conflict]")).to_have_count(1, timeout=30_000)
    record = FieldRecord.objects.get(kind="facts")
    assert record.status == RecordStatus.CONFLICT

    page.click("li.record[data-state=conflict] >> text=处理冲突")
    page.wait_for_selector("[data-action=insist]")
    changed = page.locator(".diff-row.differs")
    expect(changed.filter(has_text="住房安全")).to_contain_text("A级")
    expect(changed.filter(has_text="住房安全")).to_contain_text("C级")
    expect(changed.filter(has_text="饮水安全")).to_have_count(1)  # what I recorded: 否, the server: 是
    page.click("[data-action=insist]")
    expect(page.locator("li.record[data-state=applied]")).to_have_count(4, timeout=30_000)
    record.refresh_from_db()
    assert record.status == RecordStatus.APPLIED and record.resolved_at is not None
    household.refresh_from_db()
    assert household.water_safe is False and household.housing_grade == "C"  # only what the contact changed


def test_five_wrong_pins_wipe_the_phone(live_server, phone, team):
    base = live_server.url
    case_at(codes.Status.MONITORED, team=team)
    page = _open_app(phone, base, "village_a")
    _first_sync(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    for left in (4, 3, 2, 1):
        _unlock(page, "0000")
        expect(page.locator("#e-pin")).to_have_text(f"PIN 不正确，还可以再试 {left} 次")
    _unlock(page, "0000")
    page.wait_for_selector("form[data-form='field.setup']")
    expect(page.locator(".notice")).to_contain_text("连续 5 次输入错误的 PIN")
    assert _stored_rows(page) == 0
    device = Device.objects.get(user=team.contact)
    expect_wiped(device)


def test_a_deactivated_account_wipes_at_the_next_online_open(live_server, phone, team):
    base = live_server.url
    case_at(codes.Status.MONITORED, team=team)
    page = _open_app(phone, base, "village_a")
    _first_sync(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert _stored_rows(page) > 0
    contact = team.contact
    contact.is_active = False
    contact.save(update_fields=["is_active"])
    page.reload()  # the login is gone too: the service worker still opens the app, which asks the server
    page.wait_for_selector("form[data-form='field.setup']")
    expect(page.locator(".notice")).to_contain_text("账号已停用")
    assert _stored_rows(page) == 0
    expect_wiped(Device.objects.get(user=contact))


def _stored_rows(page: Page) -> int:
    """Rows in the app's IndexedDB (households, records, photos and the sealed values)."""
    return page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("shoudi-field");
          open.onsuccess = () => {
            const db = open.result;
            const names = ["households", "records", "photos", "secret"];
            const tx = db.transaction(names);
            let total = 0, left = names.length;
            for (const name of names) {
              const count = tx.objectStore(name).count();
              count.onsuccess = () => { total += count.result; if (--left === 0) resolve(total); };
            }
          };
        })"""
    )


def expect_wiped(device: Device) -> None:
    device.refresh_from_db()
    assert device.wiped_at is not None
    assert SyncLog.objects.filter(device=device, kind=SyncKind.WIPE).count() == 1


def test_the_app_fits_a_phone_and_hides_nothing_personal_in_clear(live_server, phone, team):
    """At 360 px nothing scrolls sideways; what IndexedDB holds about households is ciphertext."""
    base = live_server.url
    case = case_at(codes.Status.MONITORED, team=team)
    page = _open_app(phone, base, "village_a")
    _first_sync(page)
    _open_household(page, case.household.number)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    raw = page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("shoudi-field");
          open.onsuccess = () => {
            const all = open.result.transaction("households").objectStore("households").getAll();
            all.onsuccess = () => resolve(all.result.map((row) => Object.keys(row).sort().join(",")));
          };
        })"""
    )
    assert raw and all(keys == "ct,id,iv" for keys in raw)
    assert re.search(r"\d{6}\*+\d{4}", page.locator("table.members").inner_text())  # ID numbers masked


def test_a_record_the_server_refuses_shows_its_messages_and_is_sent_again(live_server, phone, team):
    """未通过: the server's message next to the field; the person corrects it and the same record goes again."""
    base = live_server.url
    case = case_at(codes.Status.MONITORED, team=team)
    page = _open_app(phone, base, "village_a")
    _first_sync(page)
    _open_household(page, case.household.number)
    page.click("nav.actions >> text=帮扶回访")
    page.fill("[name=findings]", "家中新添一头耕牛")
    page.fill("[name=income_month]", f"{YEAR}-13")  # only the server checks the month
    page.select_option("select[name=income_item]", index=1)
    page.fill("[name=income_amount]", "300")
    page.click("form[data-form='field.visit'] button[type=submit]")
    page.click("#tabs >> text=待上传")
    expect(page.locator("li.record[data-state=rejected]")).to_have_count(1, timeout=20_000)
    expect(page.locator(".record-message")).to_contain_text("请按“年-月”填写月份")
    assert not Visit.objects.exists()

    page.click("li.record >> text=修改后重新提交")
    expect(page.locator("#e-income_month")).to_have_text("请按“年-月”填写月份，如 2026-10")
    page.fill("[name=income_month]", f"{YEAR}-10")
    page.click("form[data-form='field.visit'] button[type=submit]")
    page.click("#tabs >> text=待上传")
    expect(page.locator("li.record[data-state=applied]")).to_have_count(1, timeout=20_000)
    record = FieldRecord.objects.get()
    assert record.status == RecordStatus.APPLIED
    assert Visit.objects.get(case=case).findings == "家中新添一头耕牛"


def test_the_app_screens_have_no_serious_accessibility_violations(live_server, phone, team):
    """axe-core, light and dark, on the screens a village contact goes through: the PIN set-up, the household
    list, a household card, the visit form sent empty (its messages shown), the queue and 我的."""
    base = live_server.url
    case = case_at(codes.Status.MONITORED, team=team)
    page = _open_app(phone, base, "village_a")
    found = [f"setup {v}" for scheme in ("light", "dark") for v in axe_blocking(page, base, scheme)]
    _first_sync(page)
    found += [f"list {v}" for scheme in ("light", "dark") for v in axe_blocking(page, base, scheme)]
    _open_household(page, case.household.number)
    found += [f"card {v}" for scheme in ("light", "dark") for v in axe_blocking(page, base, scheme)]
    page.click("nav.actions >> text=帮扶回访")
    page.click("form[data-form='field.visit'] button[type=submit]")
    expect(page.locator("form[data-form='field.visit']")).to_contain_text("此项必填")
    found += [f"visit {v}" for scheme in ("light", "dark") for v in axe_blocking(page, base, scheme)]
    for tab in ("待上传", "我的"):
        page.click(f"#tabs >> text={tab}")
        found += [f"{tab} {v}" for scheme in ("light", "dark") for v in axe_blocking(page, base, scheme)]
    assert not found, "\n".join(found)
