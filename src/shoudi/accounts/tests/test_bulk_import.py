"""Bulk creation from Excel through the pages: the template, the staged check (row and column of every error,
nothing written), all-or-nothing or valid rows only, and the one-time password file downloaded once."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from shoudi.accounts.models import User, UserImport
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db
IMPORT = reverse("accounts:import")
HEADER = ["用户名", "姓名", "角色", "负责区域代码", "部门", "手机号"]
GOOD = [
    ["pan_a", "潘甲", "village_contact", VILLAGE_A, "", "13800000001"],
    ["pan_b", "潘乙", "乡镇审核员", TOWNSHIP_A, "", ""],
    ["pan_c", "潘丙", "dept_clerk", COUNTY, "民政", ""],
    ["pan_d", "潘丁", "county_admin", COUNTY, "", ""],
]


def xlsx(rows: list[list[str]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "用户"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("用户.xlsx", buffer.getvalue())


def upload(client, rows):
    response = client.post(IMPORT, {"file": xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return UserImport.objects.latest("created_at"), client.get(response["Location"]).content.decode()


def test_the_template_lists_columns_roles_and_departments(admin_client):
    response = admin_client.get(IMPORT, {"template": "1"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["用户", "填写说明"]
    assert [c.value for c in book["用户"][1]] == HEADER
    notes = " ".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    assert "village_contact（监测联系人/网格员）" in notes and "county_admin（县级系统管理员）" in notes
    assert "civil_affairs（民政）" in notes


def test_a_clean_file_is_checked_then_created_in_one_go(admin_client):
    batch, page = upload(admin_client, GOOD)
    assert "无误 4 行" in page and not User.objects.filter(username__startswith="pan_").exists()
    response = admin_client.post(reverse("accounts:import_batch", args=[batch.pk]), {})
    assert response.status_code == 302
    users = {u.username: u for u in User.objects.filter(username__startswith="pan_")}
    assert set(users) == {"pan_a", "pan_b", "pan_c", "pan_d"}
    assert users["pan_c"].department == "civil_affairs" and users["pan_d"].role_title == "县级系统管理员"
    assert all(u.must_change_password for u in users.values())
    assert AuditEntry.objects.filter(object_type="user").count() == 4


def test_a_bad_row_is_shown_with_row_and_column_and_nothing_is_written(admin_client):
    rows = [
        *GOOD,
        ["pan_a", "重复", "village_contact", VILLAGE_B, "", ""],  # row 6: duplicate in the file
        ["admin", "已有", "village_contact", VILLAGE_B, "", ""],  # row 7: an existing user
        ["pan_x", "", "province_admin", "52", "", ""],  # row 8: above the admin's level
        ["pan_y", "", "village_contact", "520627", "", ""],  # row 9: wrong level / not in the area
        ["pan_z", "", "boss", VILLAGE_A, "", "abc"],  # row 10: unknown role, bad phone
    ]
    batch, page = upload(admin_client, rows)
    assert "第 6 行" in page and "与第 2 行的用户名重复" in page
    assert "第 7 行" in page and "已被使用" in page
    assert "第 8 行" in page and "不能设置省级系统管理员" in page
    assert "第 9 行" in page and "负责区域代码" in page
    assert "角色“boss”不在可选范围内" in page and "手机号应为" in page
    response = admin_client.post(reverse("accounts:import_batch", args=[batch.pk]), {})
    assert response.status_code == 400 and "未创建任何账号" in response.content.decode()
    assert not User.objects.filter(username__startswith="pan_").exists()
    assert not AuditEntry.objects.exists()


def test_valid_only_creates_the_good_rows(admin_client):
    batch, _ = upload(admin_client, [*GOOD, ["pan_y", "", "village_contact", "520627", "", ""]])
    response = admin_client.post(reverse("accounts:import_batch", args=[batch.pk]), {"valid_only": "on"})
    assert response.status_code == 302
    assert set(User.objects.filter(username__startswith="pan_").values_list("username", flat=True)) == {
        "pan_a",
        "pan_b",
        "pan_c",
        "pan_d",
    }
    again = admin_client.post(reverse("accounts:import_batch", args=[batch.pk]), {"valid_only": "on"})
    assert again.status_code == 400 and User.objects.filter(username__startswith="pan_").count() == 4


def test_the_password_file_downloads_once(admin_client):
    batch, _ = upload(admin_client, GOOD[:2])
    admin_client.post(reverse("accounts:import_batch", args=[batch.pk]), {})
    url = reverse("accounts:import_passwords", args=[batch.pk])
    first = admin_client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(first.content)).active.iter_rows(values_only=True))
    secrets = {r[0]: r[-1] for r in rows if r[0] in ("pan_a", "pan_b")}
    assert len(secrets) == 2
    second = admin_client.get(url)
    assert second.status_code == 410 and "不能再次下载" in second.content.decode()
    batch.refresh_from_db()
    assert batch.passwords is None and batch.passwords_taken_at is not None
    newcomer = type(admin_client)()
    newcomer.post(reverse("accounts:login"), {"username": "pan_a", "password": secrets["pan_a"]})
    assert newcomer.get("/")["Location"] == reverse("accounts:password_change")


def test_another_admin_cannot_open_the_batch(admin_client, province_admin, client):
    batch, _ = upload(admin_client, GOOD[:1])
    client.force_login(province_admin)
    assert client.get(reverse("accounts:import_batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("accounts:import_passwords", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a spreadsheet", "无法读取"),
        (b"", "空文件"),
    ],
)
def test_an_unreadable_file_is_refused(admin_client, content, message):
    response = admin_client.post(IMPORT, {"file": SimpleUploadedFile("x.xlsx", content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not UserImport.objects.exists()


def test_a_file_without_the_columns_is_refused(admin_client):
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "1"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = admin_client.post(IMPORT, {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())})
    assert response.status_code == 400 and "缺少列" in response.content.decode()
