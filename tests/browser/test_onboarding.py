"""A new county goes live, in Chromium, the way the README's 新县上线 section tells it: the first administrator from
the command line → staff accounts from Excel (one-time passwords downloaded once) → households from Excel with
their income sheet → a 集中排查 round → the village contact's visit → the first leads on the village workbench.

Nobody here is a superuser and no object is made behind the pages' back except what a fresh install has: the
region tree and the policy parameters (``shoudi regions load``, ``shoudi policy load``)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page

from shoudi.income.models import IncomeSheet
from shoudi.monitoring.models import Lead
from shoudi.registry.models import Household
from shoudi.rounds.models import RoundHousehold
from shoudi.testing.browser import new_page
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, build_region_tree
from shoudi.testing.registry import import_file

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

NEW_PASSWORD = "Panshi-Village-2026!"
TODAY = timezone.localdate()


def _xlsx(sheet: str, rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sign_in_first_time(browser: Browser, base: str, username: str, one_time: str) -> Page:
    """Log in with a one-time password: every page leads to the password change until a new one is set."""
    page = new_page(browser)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", one_time)
    page.click("form[data-form='accounts.login'] button[type=submit]")
    page.wait_for_url(f"{base}/accounts/password/")
    page.goto(f"{base}/households/")  # anything else still leads here
    page.wait_for_url(f"{base}/accounts/password/")
    page.fill("input[name=old_password]", one_time)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("form[data-form='accounts.password_change'] button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/")
    assert page.locator("h1").inner_text() == "工作台"
    return page


def _upload(page: Page, form: str, name: str, data: bytes) -> None:
    page.set_input_files(
        f"form[data-form='{form}'] input[type=file]",
        {"name": name, "mimeType": "application/octet-stream", "buffer": data},
    )
    page.click(f"form[data-form='{form}'] button[type=submit]")


def test_a_new_county_goes_live(live_server, browser, tmp_path: Path, capsys):
    from shoudi.monitoring.testing.builders import setup_policy

    base = live_server.url
    build_region_tree()  # `shoudi regions load`
    setup_policy()  # `shoudi policy load`: the monitoring line of the province

    # 1. The first administrator, from the command line (no --password: a one-time password, printed once).
    call_command("users", "create", "--role", "county_admin", "--area", COUNTY, "--username", "admin_sts",
                 "--name", "县系统管理员")  # fmt: skip
    printed = capsys.readouterr()
    assert "一次性密码" in printed.err  # the explanation on stderr, the password alone on stdout (for a script)
    one_time = printed.out.strip().splitlines()[-1]
    admin = _sign_in_first_time(browser, base, "admin_sts", one_time)

    # 2. Staff accounts from Excel; the passwords come back in a file that downloads once.
    admin.click("text=用户管理")
    admin.wait_for_url(f"{base}/accounts/users/")
    admin.goto(f"{base}/accounts/users/import/")
    staff = [
        ["用户名", "姓名", "角色", "负责区域代码", "部门", "手机号"],
        ["xzj_county", "刘洋", "县级乡村振兴部门", COUNTY, "", "13800000001"],
        ["xzj_township", "张强", "乡镇审核员", TOWNSHIP_A, "", "13800000002"],
        ["dz_contact", "李明", "监测联系人/网格员", VILLAGE_A, "", "13800000003"],
        ["dz_helper", "王芳", "帮扶责任人", VILLAGE_A, "", "13800000004"],
        ["yb_clerk", "陈静", "部门数据员", COUNTY, "医保", "13800000005"],
    ]
    _upload(admin, "accounts.import", "账号.xlsx", _xlsx("用户", staff))
    admin.wait_for_selector("form[data-form='accounts.import_confirm']")
    admin.click("form[data-form='accounts.import_confirm'] button[type=submit]")
    with admin.expect_download() as download:
        admin.click("[data-testid=passwords-link]")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True).active
    passwords = {str(r[0]): str(r[5]) for r in sheet.iter_rows(values_only=True) if r[0] and r[5] and r[0] != "用户名"}
    assert set(passwords) == {row[0] for row in staff[1:]}
    assert admin.request.get(download.value.url).status == 410  # never a second time

    # 3. Households from Excel, then their income sheet (the county's own layout: a column per item).
    county = _sign_in_first_time(browser, base, "xzj_county", passwords["xzj_county"])
    county.goto(f"{base}/data/")
    households_file = import_file(tmp_path / "农户.xlsx", VILLAGE_A, households=3, first=101)
    _upload(county, "registry.import", "农户.xlsx", households_file.read_bytes())
    county.wait_for_selector("form[data-form='registry.import_apply']")
    county.click("form[data-form='registry.import_apply'] button[type=submit]")
    county.wait_for_selector("text=已确认导入")
    numbers = sorted(Household.objects.values_list("number", flat=True))
    assert len(numbers) == 3
    poor, well_off, unknown = numbers
    income = [
        ["户编号", "年度", "务工收入", "种植业收入", "低保金", "生产经营性支出"],
        [poor, str(TODAY.year), "", "1800", "", "300"],  # two people, 750 元 each: in the monitoring range
        [well_off, str(TODAY.year), "56000", "4000", "", "1000"],
    ]
    county.goto(f"{base}/income/data/")
    _upload(county, "income.import", "收入核算.xlsx", _xlsx("按户填写", income))
    county.wait_for_selector("form[data-form='income.import_apply']")
    county.click("form[data-form='income.import_apply'] button[type=submit]")
    county.wait_for_selector("text=已确认导入")
    assert IncomeSheet.objects.filter(year=TODAY.year).count() == 2

    # 4. The county opens this year's 集中排查 over the county.
    county.goto(f"{base}/rounds/new/")
    county.fill("input[name=name]", f"{TODAY.year}年度集中排查")
    county.fill("input[name=starts_on]", (TODAY - dt.timedelta(days=1)).isoformat())
    county.fill("input[name=ends_on]", (TODAY + dt.timedelta(days=30)).isoformat())
    county.select_option("select[name=area]", COUNTY)
    county.click("form[data-form='rounds.open'] button[type=submit]")
    county.wait_for_selector("text=纳入户数")
    assert RoundHousehold.objects.count() == 3

    # 5. The village contact visits: the accounted poor household, and one with a new illness.
    contact = _sign_in_first_time(browser, base, "dz_contact", passwords["dz_contact"])
    for number, risk in ((poor, ""), (unknown, "illness")):
        entry = RoundHousehold.objects.get(household__number=number)
        contact.goto(f"{base}/rounds/{entry.round_id}/visits/{entry.pk}/")
        if risk:
            contact.select_option("select[name=risk_type]", risk)
            contact.fill("[name=risk_note]", "户主今年查出尿毒症，每周透析三次")
        contact.click("form[data-form='rounds.visit'] button[type=submit]")
        contact.wait_for_url(lambda url: "/visits/" not in url)

    # 6. The first leads, channel 集中排查, on the village workbench.
    assert set(Lead.objects.filter(channel="round").values_list("household__number", flat=True)) == {poor, unknown}
    contact.goto(f"{base}/")
    text = contact.locator("main").inner_text()
    assert f"{poor} · 集中排查" in text and f"{unknown} · 集中排查" in text
    assert well_off not in text
