"""Importing 收入核算表 from Excel: both layouts, staged, errors by sheet/row/column in Chinese, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from shoudi.core.models import AuditEntry
from shoudi.income.models import IncomeLine, IncomeSheet, Source
from shoudi.income.tests.io_helpers import LONG, run, wide, write_book
from shoudi.reports.models import IncomeDirty
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def lines_of(household, year=2026):
    sheet = IncomeSheet.objects.get(household=household, year=year)
    return {ln.item: ln.amount for ln in sheet.lines.all()}


def test_wide_sheet_creates_sheets_lines_history_and_marks_the_village(
    county, tmp_path, django_capture_on_commit_callbacks
):
    a, b = household_with_members(VILLAGE_A), household_with_members(VILLAGE_C)
    path = wide(
        tmp_path / "收入.xlsx",
        [
            [a.number, 2026, "2026-10-15", 36000, 4200.5, "", 1500, 800],
            [b.number, 2026, "", 12000, 0, 3600, "", ""],
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        out = run(path)
    assert "新建2张" in out
    assert lines_of(a) == {
        "migrant_work": Decimal("36000.00"),
        "crops": Decimal("4200.50"),
        "production_cost": Decimal("1500.00"),
        "medical": Decimal("800.00"),
    }
    assert lines_of(b) == {"migrant_work": Decimal("12000"), "crops": Decimal("0"), "dibao": Decimal("3600")}
    sheet = IncomeSheet.objects.get(household=a)
    assert sheet.collected_on == dt.date(2026, 10, 15) and sheet.source == Source.IMPORT and sheet.version == 1
    entry = AuditEntry.objects.get(household_id=a.pk, object_type="incomesheet")
    assert entry.changes["务工收入"] == [None, "36000.00"]
    assert set(IncomeDirty.objects.values_list("village_id", flat=True)) >= {VILLAGE_A, VILLAGE_C}


def test_header_variants_counties_use_are_understood(county, tmp_path):
    a = household_with_members(VILLAGE_A)
    headers = [
        " 户 号 ",
        "年度",
        "务工收入（元）",
        "种植业收入(元/年)",
        "低保金 (元)",
        "序号",
        "户主姓名",
        "人均纯收入",
    ]
    path = wide(tmp_path / "variants.xlsx", [[a.number, "2025年", "1,200", 300, 50, 1, "张三", 9999]], headers)
    run(path)
    assert lines_of(a, 2025) == {"migrant_work": Decimal(1200), "crops": Decimal(300), "dibao": Decimal(50)}


def test_long_layout_with_members_and_months(county, tmp_path):
    a = household_with_members(VILLAGE_A, size=3)
    head, spouse = a.members.order_by("relationship")[:2]
    months = [1000] * 12
    rows = [
        [a.number, 2026, "务工收入", 12000, spouse.id_number, "省外", 10, *months],
        [a.number, 2026, "migrant_work", 6000, head.id_number, "县内", 6],
        [a.number, 2026, "低保金", "", "", "", "", *[300] * 12],
    ]
    run(write_book(tmp_path / "long.xlsx", {"按项目填写": (LONG, rows)}))
    sheet = IncomeSheet.objects.get(household=a, year=2026)
    wages = {ln.member_id: ln for ln in sheet.lines.filter(item="migrant_work")}
    assert wages[spouse.pk].work_place == "out_province" and wages[spouse.pk].work_months == 10
    assert wages[spouse.pk].monthly == ["1000.00"] * 12
    assert sheet.lines.get(item="dibao").amount == Decimal("3600.00")


def test_hostile_cells_are_reported_by_row_and_column_and_nothing_is_written(county, tmp_path):
    a, b, c = (household_with_members(VILLAGE_A) for _ in range(3))
    rows = [
        [a.number, 2026, "", "三千", 1, 1, 1, 1],
        [b.number, 2026, "", -5, "1e30", 1.234, "x\x00y", 1],
        [c.number, 1999, "2026-13-40", 1, 1, 1, 1, 1],
    ]
    with pytest.raises(CommandError, match="未导入任何数据"):
        out = run(wide(tmp_path / "bad.xlsx", rows))
    out = run(wide(tmp_path / "bad.xlsx", rows), "--dry-run")
    assert "第2行 务工收入：应为金额（数字），当前为“三千”" in out
    assert "第3行 务工收入：金额不能为负数" in out
    assert "第3行 种植业收入：金额不能超过 99,999,999.99 元" in out
    assert "第3行 低保金：最多保留两位小数" in out
    assert "第3行 生产经营性支出：含有不可见的控制字符" in out
    assert "第4行 年度：应在2013–2100年之间，当前为1999" in out
    assert "第4行 核算日期：应为日期" in out
    assert not IncomeSheet.objects.exists() and not IncomeLine.objects.exists()


def test_a_household_of_another_county_looks_like_one_that_does_not_exist(township, tmp_path):
    inside, outside = household_with_members(VILLAGE_A), household_with_members(VILLAGE_C)  # C: another township
    path = wide(
        tmp_path / "x.xlsx",
        [
            [inside.number, 2026, "", 1, "", "", "", ""],
            [outside.number, 2026, "", 1, "", "", "", ""],
            ["NOSUCH01", 2026, "", 1, "", "", "", ""],
        ],
    )
    out = run(path, "--dry-run", username="township")
    assert f"第3行 户编号：“{outside.number}”在您负责的区域内没有这一户" in out
    assert "第4行 户编号：“NOSUCH01”在您负责的区域内没有这一户" in out
    out = run(path, "--valid-only", username="township")
    assert IncomeSheet.objects.filter(household=inside).exists()
    assert not IncomeSheet.objects.filter(household=outside).exists()


def test_duplicates_unknown_columns_empty_and_non_excel_files_are_refused(county, tmp_path):
    a = household_with_members(VILLAGE_A)
    dup = write_book(
        tmp_path / "dup.xlsx",
        {"按项目填写": (LONG, [[a.number, 2026, "低保金", 1], [a.number, 2026, "dibao", 2]])},
    )
    assert "与按项目填写第2行重复" in run(dup, "--dry-run")
    with pytest.raises(CommandError, match="不认识的列：奖金"):
        run(wide(tmp_path / "unknown.xlsx", [[a.number, 2026, 5]], ["户编号", "年度", "奖金"]))
    with pytest.raises(CommandError, match="列名无法识别"):
        run(wide(tmp_path / "nohead.xlsx", [["x", 1]], ["姓名", "金额x"]))
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="空文件"):
        run(empty)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a spreadsheet")
    with pytest.raises(CommandError, match="不是有效的Excel文件"):
        run(fake)
    with pytest.raises(CommandError, match="没有数据行"):
        run(wide(tmp_path / "headers-only.xlsx", []))
    assert not IncomeSheet.objects.exists()


def test_reimport_replaces_typed_lines_keeps_department_lines_and_changes_nothing_twice(county, tmp_path):
    a = household_with_members(VILLAGE_A)
    sheet = IncomeSheet.objects.create(household=a, year=2026, starts=dt.date(2026, 1, 1), version=3)
    IncomeLine.objects.create(sheet=sheet, item="livestock", amount=Decimal(900), source=Source.PAGE)
    IncomeLine.objects.create(
        sheet=sheet, item="medical", amount=Decimal(32800), source=Source.FEED, department="medical_insurance"
    )
    IncomeLine.objects.create(
        sheet=sheet, item="dibao", amount=Decimal(2000), source=Source.FEED, department="civil_affairs"
    )
    path = wide(tmp_path / "r.xlsx", [[a.number, 2026, "2026-10-01", 30000, "", 4000, "", ""]])
    run(path)
    assert lines_of(a) == {"migrant_work": Decimal(30000), "dibao": Decimal(4000), "medical": Decimal(32800)}
    sheet.refresh_from_db()
    assert sheet.version == 4
    assert IncomeLine.objects.get(sheet=sheet, item="medical").source == Source.FEED
    entries = AuditEntry.objects.filter(household_id=a.pk).count()
    assert "无变化1张" in run(path)
    sheet.refresh_from_db()
    assert sheet.version == 4 and AuditEntry.objects.filter(household_id=a.pk).count() == entries


def test_head_id_identifies_the_household_and_year_option_fills_the_year(county, tmp_path):
    a = household_with_members(VILLAGE_A)
    head = a.members.get(relationship="head")
    path = wide(tmp_path / "id.xlsx", [[head.id_number, 100]], ["户主身份证号", "低保金"])
    with pytest.raises(CommandError, match="缺少“年度”列"):
        run(path)
    run(path, "--year", "2024")
    assert lines_of(a, 2024) == {"dibao": Decimal(100)}


def test_template_command_writes_the_income_template_and_refuses_csv(tmp_path):
    import io

    from django.core.management import call_command
    from python_calamine import CalamineWorkbook

    path = tmp_path / "模板.xlsx"
    call_command("template", "income", str(path), stdout=io.StringIO())
    book = CalamineWorkbook.from_path(str(path))
    assert book.get_sheet_by_name("按户填写").to_python()[0][:4] == ["户编号", "户主身份证号", "年度", "核算日期"]
    assert "1月" in book.get_sheet_by_name("按项目填写").to_python()[0]
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("template", "income", str(tmp_path / "t.csv"), stdout=io.StringIO())


def test_a_csv_in_the_wide_layout_imports_too(county, tmp_path):
    a = household_with_members(VILLAGE_A)
    path = write_book(tmp_path / "收入.csv", {"": (["户编号", "年度", "低保金（元）"], [[a.number, "2026", "3,600"]])})
    run(path)
    assert lines_of(a) == {"dibao": Decimal(3600)}
