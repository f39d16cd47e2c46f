"""``shoudi users …``: the first admin on a fresh install, and the same services from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from shoudi.accounts.models import User
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import COUNTY, VILLAGE_A, make_user

pytestmark = pytest.mark.django_db


def users(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("users", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_first_province_admin_gets_a_one_time_password(client, regions):
    out, err = users(
        "create", "--username", "gz_admin", "--role", "province_admin", "--area", "52", "--name", "省管理员"
    )
    secret = out.strip()
    admin = User.objects.get(username="gz_admin")
    assert admin.role == "admin" and admin.area_id == "52" and admin.role_title == "省级系统管理员"
    assert admin.must_change_password and "只显示这一次" in err
    client.post("/accounts/login/", {"username": "gz_admin", "password": secret})
    assert client.get("/")["Location"] == "/accounts/password/"
    assert AuditEntry.objects.get(object_id=str(admin.pk)).actor_name == "系统"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "county_admin", "--area", "52"], "应为 6 位"),
        (["--role", "village_contact", "--area", "999999999999"], "不存在"),
        (["--role", "nobody", "--area", COUNTY], "不在可选范围内"),
        (["--role", "dept_clerk", "--area", COUNTY], "必须指定所属部门"),
        (["--role", "county_admin", "--area", COUNTY, "--password", "123"], "密码太短"),
    ],
)
def test_bad_arguments_are_refused_in_chinese(regions, args, message):
    with pytest.raises(CommandError, match=message):
        users("create", "--username", "x1", *args)
    assert not User.objects.filter(username="x1").exists()


def test_create_with_a_password_and_department(regions):
    out, _ = users(
        "create",
        "--username",
        "mz",
        "--role",
        "dept_clerk",
        "--area",
        COUNTY,
        "--department",
        "民政",
        "--password",
        "Minzheng-clerk-2027",
    )
    user = User.objects.get(username="mz")
    assert out == "" and user.department == "civil_affairs" and not user.must_change_password


def test_list_masks_phones_and_filters(regions):
    make_user("ad", "admin", COUNTY, phone="13800001234")
    make_user("vc", "village_contact", VILLAGE_A)
    out, _ = users("list", "--role", "county_admin")
    assert "ad" in out and "138****1234" in out and "13800001234" not in out and "vc\t" not in out
    assert "vc" in users("list", "--area", VILLAGE_A)[0]


def test_deactivate_and_reset(regions):
    user = make_user("vc", "village_contact", VILLAGE_A)
    secret, _ = users("reset-password", "vc")
    user.refresh_from_db()
    assert user.check_password(secret.strip()) and user.must_change_password
    users("deactivate", "vc")
    user.refresh_from_db()
    assert not user.is_active
    with pytest.raises(CommandError, match="不存在"):
        users("deactivate", "nobody")


def test_import_writes_the_password_file_and_refuses_a_bad_file_whole(regions, tmp_path):
    template = tmp_path / "t.xlsx"
    users("template", str(template))
    book = load_workbook(template)
    assert "填写说明" in book.sheetnames
    data = Workbook()
    data.active.append(["用户名", "姓名", "角色", "负责区域代码", "部门", "手机号"])
    data.active.append(["c1", "甲", "village_contact", VILLAGE_A, "", ""])
    data.active.append(["c2", "乙", "township_reviewer", VILLAGE_A, "", ""])  # wrong level
    source, passwords = tmp_path / "u.xlsx", tmp_path / "p.xlsx"
    data.save(source)
    with pytest.raises(CommandError, match="1 处错误"):
        users("import", str(source), "--passwords", str(passwords))
    assert not User.objects.filter(username__in=["c1", "c2"]).exists() and not passwords.exists()
    out, err = users("import", str(source), "--passwords", str(passwords), "--valid-only")
    assert "第 3 行 负责区域代码" in err and "已创建 1 个账号" in out
    rows = list(load_workbook(passwords).active.iter_rows(values_only=True))
    assert any(r[0] == "c1" and r[-1] for r in rows)


def test_import_as_an_admin_is_limited_to_its_area(regions, tmp_path):
    make_user("ad", "admin", COUNTY)
    data = Workbook()
    data.active.append(["用户名", "角色", "负责区域代码"])
    data.active.append(["c3", "county_officer", "520627"])
    source = tmp_path / "u.xlsx"
    data.save(source)
    with pytest.raises(CommandError, match="错误"):
        users("import", str(source), "--passwords", str(tmp_path / "p.xlsx"), "--as", "ad")
    with pytest.raises(CommandError, match="不是在用的系统管理员"):
        users("import", str(source), "--passwords", str(tmp_path / "p.xlsx"), "--as", "nobody")
