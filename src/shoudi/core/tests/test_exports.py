"""The one exporter (core.exports): one formula guard for XLSX and CSV, numbers stay numbers, UTF-8 with BOM and
GB18030, rows streamed; and every export of the system goes through it with the guard."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import tracemalloc
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from shoudi.core import exports
from shoudi.core.exports import Column, ExportError, export_bytes, guard, open_export
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
SRC = Path(__file__).resolve().parents[2]  # src/shoudi


def xlsx_rows(content: bytes, sheet: int | str = 0) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    found = book.get_sheet_by_name(sheet) if isinstance(sheet, str) else book.get_sheet_by_index(sheet)
    return found.to_python(skip_empty_area=False)


def csv_rows(content: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding), newline="")))


TWO = (Column("甲"), Column("乙"))


def one_sheet(rows, columns=TWO, fmt="xlsx", encoding="utf-8-sig", **layout) -> bytes:
    return export_bytes(lambda book: book.sheet("表", list(columns), **layout).write_rows(rows), fmt, encoding)


# -- the guard -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", PREFIXES)
def test_guard_prefixes_text_that_could_run_as_a_formula(prefix):
    assert guard(f"{prefix}SUM(A1)") == f"'{prefix}SUM(A1)"


def test_guard_leaves_other_values_alone():
    for value in ("户主", "a=b", "", "'=already", -3, -2.5, Decimal("-12.50"), dt.date(2026, 1, 2), None):
        assert guard(value) == value


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_prefix_is_guarded_in_cells_headers_and_titles(fmt, prefix):
    text = f'{prefix}HYPERLINK("http://x","点我")'
    content = one_sheet([[text, "正常"]], columns=[Column(f"{prefix}列"), Column("乙")], fmt=fmt)
    rows = xlsx_rows(content) if fmt == "xlsx" else csv_rows(content)
    assert rows[0][0] == f"'{prefix}列"
    assert rows[1][:2] == [f"'{text}", "正常"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_numbers_dates_and_decimals_stay_what_they_are(fmt):
    row = [-5, Decimal("-1234.5"), 2.5, dt.date(2026, 10, 1), True, None, "-"]
    columns = [
        Column("a", "int"),
        Column("b", "money"),
        Column("c", "percent"),
        Column("d", "date"),
        *map(Column, "efg"),
    ]
    content = one_sheet([row], columns=columns, fmt=fmt)
    if fmt == "csv":
        assert csv_rows(content)[1] == ["-5", "-1234.50", "2.5", "2026-10-01", "是", "", "'-"]
        return
    values = xlsx_rows(content)[1]
    assert values[:4] == [-5, -1234.5, 2.5, dt.date(2026, 10, 1)] and isinstance(values[0], float)
    assert values[4:] == ["是", "", "'-"]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert (sheet["B2"].number_format, sheet["C2"].number_format, sheet["D2"].number_format) == (
        "#,##0.00",
        "0.0",
        "yyyy-mm-dd",
    )


def test_text_in_a_number_column_stays_text_and_strings_are_never_numbers_or_formulas():
    content = one_sheet(
        [["12.50", "=1+1"], ["0012", "http://example.org"]], columns=[Column("元", "money"), Column("b")]
    )
    assert xlsx_rows(content)[1:] == [["12.50", "'=1+1"], ["0012", "http://example.org"]]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].data_type == "s" and sheet["B3"].hyperlink is None


# -- CSV encodings -------------------------------------------------------------------------------------------
def test_csv_is_utf8_with_a_bom_by_default():
    content = one_sheet([["当造村", 3]], fmt="csv")
    assert content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(content) == [["甲", "乙"], ["当造村", "3"]]


def test_csv_in_gb18030_for_older_excel(tmp_path):
    path = tmp_path / "旧版.csv"
    with open_export(path, "csv", "gb18030") as book:
        book.sheet("表", [Column("户主姓名"), Column("地址")]).write(["龍𠀀", "=cmd"])
    content = path.read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf") and "户主姓名".encode("gb18030") in content
    assert csv_rows(content, "gb18030") == [["户主姓名", "地址"], ["龍𠀀", "'=cmd"]]
    assert exports.content_type("csv", "gb18030") == "text/csv; charset=gb18030"


def test_csv_has_one_sheet_and_no_instructions():
    buffer = io.BytesIO()
    with open_export(buffer, "csv") as book:
        book.sheet("表", [Column("a")])
        with pytest.raises(ExportError, match="只能有一个工作表"):
            book.sheet("另一张", [Column("b")])
        with pytest.raises(ExportError, match="填写说明"):
            book.instructions("说明", [])
    assert not buffer.closed  # a file object given is left open for the caller
    with pytest.raises(ExportError):
        open_export(io.BytesIO(), "ods")
    with pytest.raises(ExportError):
        open_export(io.BytesIO(), "csv", "latin-1")


# -- layout --------------------------------------------------------------------------------------------------
def test_title_rows_header_total_notes_and_instructions():
    def build(book):
        sheet = book.sheet(
            "台账:2026/*?",
            [Column("序号", "int", 5), Column("名称", "text"), Column("金额（元）", "money")],
            title_rows=["=县台账", "导出日期：2026-12-01"],
            notes=["注：@说明"],
            borders=True,
            freeze_columns=2,
        )
        sheet.write_rows([[1, "光伏", Decimal("10.5")], {"序号": 2, "名称": "+茶园", "金额（元）": Decimal(1)}])
        sheet.write(["合计", None, Decimal("11.5")], total=True)
        assert sheet.written == 2
        book.sheet("台账:2026/*?", [Column("a")])
        book.instructions("每行一户。", [("户编号", "必填", "=说明", "")], footer=[("性别", "", "由身份证号推算")])

    content = export_bytes(build)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["台账2026", "台账2026~2", "填写说明"]
    sheet = book["台账2026"]
    assert "A1:C1" in {str(r) for r in sheet.merged_cells.ranges} and sheet["A1"].value == "'=县台账"
    assert sheet.freeze_panes == "C4" and sheet["A3"].value == "序号" and sheet["A3"].font.b
    assert [sheet["B5"].value, sheet["C6"].value, sheet["C6"].font.b] == ["'+茶园", 11.5, True]
    assert sheet["A8"].value == "注：@说明" and sheet["B4"].border.left.style == "thin"
    notes = book["填写说明"]
    assert notes["A1"].value == "每行一户。" and notes["A3"].value == "列名" and notes["C4"].value == "'=说明"
    assert notes["A6"].value == "性别"


def test_template_columns_carry_required_colour_text_format_and_drop_downs():
    columns = [Column("身份证号", "text", 20, required=True), Column("健康状况", choices=("健康", "患病"))]
    sheet = openpyxl.load_workbook(io.BytesIO(one_sheet([], columns=columns))).active
    assert sheet["A1"].fill.fgColor.rgb.endswith("FCE4D6") and sheet.column_dimensions["A"].number_format == "@"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"健康,患病"' and str(validation.sqref) == "B2:B100001"


# -- streaming -----------------------------------------------------------------------------------------------
def test_a_large_export_streams_row_by_row(tmp_path):
    with open_export(tmp_path / "big.xlsx") as book:
        assert book.xlsx.constant_memory
        sheet = book.sheet("大表", [Column("序号", "int")])

        def rows():
            for n in range(200_000):
                assert sheet.written == n  # each row is written before the next one is made
                yield (n,)

        assert sheet.write_rows(rows()) == 200_000
    last = CalamineWorkbook.from_path(str(tmp_path / "big.xlsx")).get_sheet_by_index(0).to_python()[-1]
    assert last == [199_999]


def test_streaming_keeps_memory_flat_even_into_a_bytesio():
    buffer = io.BytesIO()
    tracemalloc.start()
    try:
        with open_export(buffer) as book:
            assert book.xlsx.constant_memory  # constant_memory works for file objects too
            book.sheet("表", [Column("a"), Column("b")]).write_rows((n, f"第{n}行") for n in range(20_000))
            peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000  # xlsxwriter's default mode holds several MB for these rows
    assert len(xlsx_rows(buffer.getvalue())) == 20_001


# -- every export goes through it ----------------------------------------------------------------------------
WRITING = {"xlsxwriter", "csv.writer", "csv.DictWriter"}


def _writers(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "xlsxwriter"}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "xlsxwriter":
                found.add("xlsxwriter")
            if node.module == "csv":
                found |= {f"csv.{a.name}" for a in node.names} & WRITING
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv":
            found |= {f"csv.{node.attr}"} & WRITING
    return found


def test_no_module_but_core_exports_writes_xlsx_or_csv():
    allowed = {SRC / "core" / "exports.py", SRC / "registry" / "io" / "testing.py"}  # testing: fixture files
    offenders = {
        str(path.relative_to(SRC)): names
        for path in SRC.rglob("*.py")
        if path not in allowed and "tests" not in path.parts and "migrations" not in path.parts
        if (names := _writers(path))
    }
    assert offenders == {}
    assert _writers(SRC / "core" / "exports.py") == {"xlsxwriter", "csv.writer"}


def test_core_exports_imports_no_other_app():
    tree = ast.parse((SRC / "core" / "exports.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in modules if m.startswith("shoudi.") and not m.startswith("shoudi.core")}


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_household_export_guards_and_reimports_unchanged(county, tmp_path, suffix):
    household = household_with_members(VILLAGE_A, size=2, address='=HYPERLINK("http://x","点我")')
    household.production_tools = "\r@cmd"
    household.save()
    path = tmp_path / f"households.{suffix}"
    call_command("export", "households", str(path), "--area", COUNTY, "--as", "county", "-v0", stdout=io.StringIO())
    rows = xlsx_rows(path.read_bytes()) if suffix == "xlsx" else csv_rows(path.read_bytes())
    header = rows[0]
    first = dict(zip(header, rows[1], strict=False))
    assert first["详细地址"] == '\'=HYPERLINK("http://x","点我")' and first["主要生产工具"] == "'\r@cmd"
    out = io.StringIO()
    call_command("import", "households", str(path), "--as", "county", "-v0", stdout=out)
    assert "修改0户、0人；无变化1户" in out.getvalue()  # the import takes the guard off again


def test_report_labels_notes_and_meta_are_guarded():
    from shoudi.reports.xlsx import workbook

    table = {
        "title": "监测/总体",
        "head": ["乡镇", "区划代码", "户数", "占比"],
        "units": ["", "", "户", "%"],
        "rows": [["@盘石镇", "520628101", 3, 50.0], ["-负数", "520628102", -1, -2.5]],
        "total": ["合计", "520628", 2, 47.5],
        "note": "=备注",
    }
    content = workbook("=标题", [table], meta=[("区域", "+520628")])
    rows = xlsx_rows(content, "1.监测总体")
    assert rows[0] == ["乡镇", "区划代码", "户数（户）", "占比（%）"]
    assert rows[1] == ["'@盘石镇", "520628101", 3, 50] and rows[2][2:] == [-1, -2.5]
    assert rows[3][0] == "合计" and rows[5][0] == "注：=备注"
    info = xlsx_rows(content, "说明")
    assert info[0][0] == "'=标题" and ["区域", "'+520628"] in info


@pytest.mark.django_db
def test_lead_evidence_starting_with_a_tab_is_guarded(regions, tmp_path):
    from shoudi.monitoring.models import Lead
    from shoudi.screening.models import ScreeningLead

    household = household_with_members(VILLAGE_A, size=1)
    day = dt.date(2026, 10, 1)
    lead = Lead.objects.create(
        household=household,
        village_id=VILLAGE_A,
        channel="department",
        rule="medical_oop",
        summary="大额医疗自付",
        evidence="\t=cmd|' /C calc'!A0",
        reported_on=day,
        due_on=day,
    )
    ScreeningLead.objects.create(lead=lead, household=household, rule="medical_oop", first_seen=day, last_seen=day)
    target = tmp_path / "leads.xlsx"
    call_command("leads", "export", "--area", COUNTY, "--format", "xlsx", str(target), stdout=io.StringIO())
    rows = xlsx_rows(target.read_bytes())
    assert rows[0][:5] == ["户编号", "村代码", "规则", "风险类型", "佐证"]
    assert rows[1][0] == household.number and rows[1][4] == "'\t=cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_asset_ledgers_and_template_are_guarded(county):
    from shoudi.assets.export import ledgers_xlsx
    from shoudi.assets.io import template_bytes
    from shoudi.assets.tests.builders import make_asset

    make_asset(VILLAGE_A, name='=HYPERLINK("x")', value="1234.50", operator="+运营", location="-3组")
    content = ledgers_xlsx(county, title_area="@县", today=dt.date(2026, 12, 1))
    rows = xlsx_rows(content, "经营性资产台账")
    assert rows[0][0].startswith("'@县") and rows[2][:3] == ["序号", "资产编号", "资产名称"]
    assert rows[3][2] == '\'=HYPERLINK("x")' and rows[3][5] == "'-3组" and "'+运营" in rows[3]
    assert rows[3][8] == dt.date(2020, 6, 1) and rows[3][9] == 1234.5 and rows[4][9] == 1234.5
    template = xlsx_rows(template_bytes())
    assert template[0][1] == "资产名称" and template[1][1] == "示例：村级光伏电站"


def test_feed_rejected_rows_and_templates_are_guarded(tmp_path):
    from shoudi.feeds.sources import SOURCES
    from shoudi.feeds.writers import template_bytes, write_rows

    path = write_rows(tmp_path / "rejected.xlsx", ["错误说明", "原行号", "=列"], [["@原因", 5, "-cmd"], ["x", 6, -7.5]])
    assert xlsx_rows(path.read_bytes()) == [["错误说明", "原行号", "'=列"], ["'@原因", 5, "'-cmd"], ["x", 6, -7.5]]
    assert template_bytes(SOURCES["water"], "csv") == "\ufeff户主身份证号,村代码,饮水安全,日期\r\n".encode()
    book = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes(SOURCES["water"], "xlsx")))
    assert book.sheet_names == ["数据", "填写说明"]
