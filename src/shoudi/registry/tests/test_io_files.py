"""Files the import refuses, files from other programs it accepts, and the template."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from shoudi.core.audit import snapshot
from shoudi.core.models import AuditEntry
from shoudi.registry.io.apply import HOUSEHOLD_SNAPSHOT, PERSON_SNAPSHOT
from shoudi.registry.io.columns import COLUMNS, HOUSEHOLD
from shoudi.registry.io.reader import MAX_ROWS
from shoudi.registry.io.testing import HEADERS, household_rows, ids, write_rows
from shoudi.registry.models import Household, Person
from shoudi.registry.services import HOUSEHOLD_FIELDS, PERSON_FIELDS, PERSON_INPUT_FIELDS
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db


def run_import(path, *args):
    out = io.StringIO()
    call_command("import", "households", str(path), "--as", "county", "-v0", *args, stdout=out)
    return out.getvalue()


def nothing_written():
    return Household.objects.count() == 0 and Person.objects.count() == 0 and AuditEntry.objects.count() == 0


def _png(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return path


def _docx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return path


def _empty(path):
    path.write_bytes(b"")
    return path


def _huge(path):
    with open(path, "wb") as fh:  # a sparse file: 100 MB + 1 byte without writing them
        fh.truncate(100 * 1024 * 1024 + 1)
    return path


def _header_only(path):
    return write_rows(path, [])


def _missing_columns(path):
    rows = household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(1))
    return write_rows(path, rows, headers=[h for h in HEADERS if h not in ("身份证号", "与户主关系")])


def _too_many_rows(path):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("户编号,村代码,身份证号,姓名,与户主关系\n")
        fh.write("5206281012030001,520628101203,520628196001011234,某,户主\n" * (MAX_ROWS + 1))
    return path


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("picture.xlsx", _png, "不是有效的Excel文件"),
        ("picture.csv", _png, "不是电子表格"),
        ("letter.xlsx", _docx, "不是有效的电子表格"),
        ("empty.xlsx", _empty, "是空文件"),
        ("huge.csv", _huge, "超过100.0 MB的上限"),
        ("header.xlsx", _header_only, "没有数据行"),
        ("columns.xlsx", _missing_columns, "缺少必填列：身份证号、与户主关系"),
        ("many.csv", _too_many_rows, "超过单次导入500,000行的上限"),
    ],
)
def test_refused_files_get_a_chinese_reason_and_nothing_is_written(county, tmp_path, name, build, message):
    path = build(tmp_path / name)
    with pytest.raises(CommandError) as exc:
        run_import(path, "--valid-only")
    assert message in str(exc.value)
    assert nothing_written()


def test_a_file_saved_by_libreoffice_imports(county, tmp_path):
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, "LibreOffice is required for this test: apt-get install libreoffice-calc-nogui"
    rows = household_rows(
        f"{VILLAGE_A}0001", VILLAGE_A, ids(3), **{"户类型": "脱贫户", "脱贫年度": 2016, "耕地面积（亩）": "2.5"}
    )
    source = write_rows(tmp_path / "ledger.csv", rows)
    id_column, number_column = HEADERS.index("身份证号") + 1, HEADERS.index("户编号") + 1
    # Like a clerk who set the ID and household-number columns to text (the template does): CSV filter,
    # UTF-8 (76), those columns as text (2); the 12-digit village code stays a number cell.
    infilter = f"CSV:44,34,76,1,{number_column}/2/{id_column}/2"
    home = tmp_path / "lo-home"
    home.mkdir()
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"--infilter={infilter}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "out" / "ledger.xlsx"
    assert converted.exists(), f"LibreOffice did not convert the file: {result.stdout} {result.stderr}"
    assert "新增1户、3人" in run_import(converted)
    household = Household.objects.get(number=f"{VILLAGE_A}0001")
    assert household.exit_year == 2016 and str(household.land_mu) == "2.50"
    assert household.village_id == VILLAGE_A  # a number cell in LibreOffice's file, read back as the code


def test_the_template_has_chinese_headers_and_an_explanation_sheet(tmp_path):
    xlsx, csv_path = tmp_path / "t.xlsx", tmp_path / "t.csv"
    call_command("template", "households", str(xlsx), stdout=io.StringIO())
    call_command("template", "households", str(csv_path), stdout=io.StringIO())
    book = CalamineWorkbook.from_path(str(xlsx))
    assert book.sheet_names[:2] == ["农户成员", "填写说明"]
    header = next(iter(book.get_sheet_by_name("农户成员").iter_rows()))
    assert header[:4] == ["户编号", "村代码", "详细地址", "户类型"] and "身份证号" in header
    notes = {r[0]: r for r in book.get_sheet_by_name("填写说明").iter_rows()}
    assert notes["户类型"][3] == "脱贫户、一般农户、脱贫不享受政策户"
    assert notes["身份证号"][1] == "必填" and notes["饮水安全"][3] == "是、否"
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == header


def test_a_filled_in_template_imports(county, tmp_path):
    template = tmp_path / "t.csv"
    call_command("template", "households", str(template), stdout=io.StringIO())
    rows = household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(2))
    with open(template, "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow([row.get(h, "") for h in HEADERS])
    assert "新增1户、2人" in run_import(template)


def test_columns_cover_every_field_the_services_write():
    household = {c.field for c in COLUMNS if c.target == HOUSEHOLD}
    person = {c.field for c in COLUMNS if c.target != HOUSEHOLD}
    assert household == {"number", *HOUSEHOLD_FIELDS}
    assert person == set(PERSON_INPUT_FIELDS)
    assert set(PERSON_FIELDS) - person == {"sex", "birth_date"}  # derived from the ID number


def test_fast_snapshots_equal_the_audit_snapshots(regions):
    household = household_with_members(VILLAGE_A, size=2, status="former_poor", exit_year=2019, housing_grade="B")
    person = household.members.first()
    assert HOUSEHOLD_SNAPSHOT(household) == snapshot(household, ["number", *HOUSEHOLD_FIELDS])
    assert PERSON_SNAPSHOT(person) == snapshot(person, PERSON_FIELDS)


def test_an_excel_sheet_over_the_row_limit_is_refused_before_any_row_is_read(county, tmp_path, settings, monkeypatch):
    settings.SHOUDI_IMPORT_MAX_ROWS = 3  # the limit as configured (500,000 by default), on a small file
    path = write_rows(tmp_path / "four.xlsx", household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(4)))

    def no_rows(self):
        raise AssertionError("rows were read")

    monkeypatch.setattr("shoudi.registry.io.reader.Table.rows", no_rows)
    with pytest.raises(CommandError, match="有4行数据，超过单次导入3行的上限"):
        run_import(path)
    assert nothing_written()
