"""The income import/export page as a county officer: a real multipart upload, the staged report, the apply
button on the job page, the export and the template; someone without the right gets 404."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from shoudi.income.models import IncomeSheet
from shoudi.income.tests.io_helpers import wide
from shoudi.jobs.models import Job
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    client.force_login(user)
    return client


def upload(client, path, mode="all"):
    with open(path, "rb") as fh:
        return client.post("/income/data/import/", {"file": fh, "mode": mode})


def test_county_officer_uploads_sees_the_report_and_applies(client, county, tmp_path):
    a = household_with_members(VILLAGE_A)
    login(client, county)
    assert "收入核算表导入导出" in client.get("/income/data/").content.decode()
    response = upload(client, wide(tmp_path / "收入.xlsx", [[a.number, 2026, "2026-10-15", 36000, "", "", "", 800]]))
    assert response.status_code == 302
    job = Job.objects.get(kind=Job.Kind.IMPORT_INCOME)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "确认导入 1 户" in page and not IncomeSheet.objects.exists()
    client.post(f"/jobs/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["applied"]["created_sheets"] == 1
    sheet = IncomeSheet.objects.get(household=a, year=2026)
    assert {ln.item: ln.amount for ln in sheet.lines.all()} == {"migrant_work": Decimal(36000), "medical": Decimal(800)}
    assert "新建 <strong>1</strong> 张" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_errors_are_listed_by_sheet_row_and_column_and_valid_only_imports_the_good_households(client, county, tmp_path):
    good, bad = household_with_members(VILLAGE_A), household_with_members(VILLAGE_A)
    rows = [[good.number, 2026, "", 100, "", "", "", ""], [bad.number, 2026, "", "abc", "", "", "", ""]]
    login(client, county)
    upload(client, wide(tmp_path / "x.xlsx", rows), mode="valid_only")
    job = Job.objects.get(kind=Job.Kind.IMPORT_INCOME)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "按户填写" in page and "第3行" in page and "应为金额（数字），当前为“abc”" in page
    assert "导入无误的 1 户" in page
    rejected = client.get(f"/jobs/{job.pk}/download/")
    path = tmp_path / "rejected.xlsx"
    path.write_bytes(b"".join(rejected.streaming_content))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("按户填写").to_python()
    assert rows[1][0].startswith("务工收入：应为金额") and rows[1][2] == bad.number
    client.post(f"/jobs/{job.pk}/apply/")
    assert (
        IncomeSheet.objects.filter(household=good).exists() and not IncomeSheet.objects.filter(household=bad).exists()
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", b"", "文件是空的"),
        ("pdf.xlsx", b"\x00\x01%PDF binary\x00", "文件不是电子表格"),
    ],
)
def test_hostile_uploads_are_refused_on_the_page(client, county, name, content, message):
    login(client, county)
    response = client.post("/income/data/import/", {"file": SimpleUploadedFile(name, content), "mode": "all"})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_at_upload_in_chinese(client, county, tmp_path):
    login(client, county)
    broken = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken zip")
    response = client.post("/income/data/import/", {"file": broken, "mode": "all"})
    assert response.status_code == 400 and "已损坏" in response.content.decode()  # core.uploads, before any job
    assert not Job.objects.filter(kind=Job.Kind.IMPORT_INCOME).exists()


def test_bad_mode_and_year_are_answered_in_chinese(client, county, tmp_path):
    login(client, county)
    path = wide(tmp_path / "x.xlsx", [["5206281012030001", 2026, "", 1, "", "", "", ""]])
    with open(path, "rb") as fh:
        response = client.post("/income/data/import/", {"file": fh, "mode": "everything"})
    assert response.status_code == 400
    for year in ("abc", "1e30", "-1", "2012", "\x00"):
        response = client.post("/income/data/export/", {"area": county.area_id, "year": year})
        assert response.status_code == 400, year
    response = client.post("/income/data/export/", {"area": VILLAGE_C[:6] + "9", "year": "2026"})
    assert response.status_code == 400


def test_export_then_reimport_changes_nothing_and_ids_are_masked(client, county, township, tmp_path):
    a = household_with_members(VILLAGE_A, size=2)
    head = a.members.get(relationship="head")
    login(client, county)
    upload(client, wide(tmp_path / "in.xlsx", [[a.number, 2026, "2026-10-15", 36000, 4200.5, 0, "", 800]]))
    job = Job.objects.get(kind=Job.Kind.IMPORT_INCOME)
    client.post(f"/jobs/{job.pk}/apply/")
    sheet = IncomeSheet.objects.get(household=a)
    client.post("/income/data/export/", {"area": county.area_id, "year": "2026"})
    export = Job.objects.get(kind=Job.Kind.EXPORT_INCOME)
    assert export.result["sheets"] == 1
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"".join(client.get(f"/jobs/{export.pk}/download/").streaming_content))
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("按户填写").to_python()
    assert rows[1][0] == a.number and rows[1][3] == head.id_number  # the county officer may see full IDs
    masked = tmp_path / "masked.xlsx"
    call_command(
        "export", "income", str(masked), "--area", county.area_id, "--year", "2026", "-v0", stdout=io.StringIO()
    )
    row = CalamineWorkbook.from_path(str(masked)).get_sheet_by_name("按户填写").to_python()[1]
    assert head.id_number not in [str(c) for c in row] and "*" in row[3]  # the command line without --as masks
    out = masked  # the masked file imports back just as well (户编号 is the key)
    with open(out, "rb") as fh:
        client.post("/income/data/import/", {"file": fh, "mode": "all"})
    again = Job.objects.filter(kind=Job.Kind.IMPORT_INCOME).order_by("-created_at").first()
    assert again.result["error_count"] == 0, again.result["errors"]
    client.post(f"/jobs/{again.pk}/apply/")
    again.refresh_from_db()
    assert again.result["applied"]["unchanged_sheets"] == 1 and again.result["applied"]["updated_sheets"] == 0
    assert IncomeSheet.objects.get(pk=sheet.pk).version == sheet.version


def test_template_has_both_layouts_and_the_instructions(client, county):
    login(client, county)
    response = client.get("/income/data/template.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["按户填写", "按项目填写", "填写说明"]
    help_rows = book.get_sheet_by_name("填写说明").to_python()
    assert any(row[0] == "低保金" and row[3] == "代码：dibao" for row in help_rows)
    assert any(str(row[0]).startswith("示例") for row in help_rows)


def test_roles_without_the_right_get_404(client, village_a, leader):
    for user in (village_a, leader):
        login(client, user)
        assert client.get("/income/data/").status_code == 404
        assert client.post("/income/data/export/", {"area": "520628", "year": "2026"}).status_code == 404
        assert client.get("/income/data/template.xlsx").status_code == 404
