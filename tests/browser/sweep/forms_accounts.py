"""Signing in and out."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from shoudi.testing.factories import PASSWORD

from .spec import Upload, form

form(
    name="accounts.login",
    form="accounts.login",
    url_name="accounts:login",
    persona="",
    page=lambda w, ctx: "/accounts/login/",
    valid={"username": "village_a", "password": PASSWORD},
    changed=lambda w, ctx: Session.objects.exists(),
    success=None,
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=count-households]"),
)

form(
    name="accounts.logout",
    form="accounts.logout",
    url_name="accounts:logout",
    persona="village_a",
    page=lambda w, ctx: "/",
    valid={},
    changed=lambda w, ctx: not Session.objects.exists(),  # the only session, the persona's, has ended
    success=None,
    after_valid=lambda page, w, ctx: page.wait_for_selector("form[data-form='accounts.login']"),
)

form(
    name="core.quick_search",
    form="core.quick_search",
    url_name="registry:list",
    persona="village_a",
    method="get",
    page=lambda w, ctx: "/",
    valid={"q": "吴"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("#results"),
)


# ---- user management (系统管理员) and the password change ---------------------------------------------------------


def _target(w, **extra):
    """A village contact of the admin's county, the object of the user forms."""
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("sweep_target", Role.VILLAGE_CONTACT, w.village, full_name="被管理的联系人", **extra)


def _user(ctx):
    from shoudi.accounts.models import User

    return User.objects.get(pk=ctx.pk)


def _staged(w):
    import io

    from openpyxl import Workbook

    from shoudi.accounts.bulk import import_stage

    book = Workbook()
    book.active.title = "用户"
    book.active.append(["用户名", "姓名", "角色", "负责区域代码", "部门", "手机号"])
    book.active.append(["sweep_bulk", "批量导入的人", "village_contact", w.village, "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return import_stage(by=w.user("admin"), file_name="用户.xlsx", data=buffer.getvalue())


def _users_xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "用户"
    book.active.append(["用户名", "姓名", "角色", "负责区域代码", "部门", "手机号"])
    book.active.append(["sweep_upload", "上传的人", "township_reviewer", "520628101", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

form(
    name="accounts.user_filter",
    form="accounts.user_filter",
    url_name="accounts:users",
    persona="admin",
    method="get",
    page=lambda w, ctx: "/accounts/users/",
    valid={"q": "联系人", "role": "village_contact"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("text=village_a"),
)

form(
    name="accounts.user_create",
    form="accounts.user_create",
    url_name="accounts:user_create",
    persona="admin",
    page=lambda w, ctx: "/accounts/users/new/",
    valid={
        "username": "sweep_new",
        "full_name": "吴新",
        "role": "village_committee",
        "area": "520628101203",
        "phone": "13800002222",
    },
    changed=lambda w, ctx: _created("sweep_new"),
    success="已创建账号",
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=one-time-password]"),
)


def _created(username: str) -> bool:
    from shoudi.accounts.models import User

    return User.objects.filter(username=username, role="village_committee", must_change_password=True).exists()


form(
    name="accounts.user_edit",
    form="accounts.user_edit",
    url_name="accounts:user_edit",
    persona="admin",
    setup=_target,
    page=lambda w, ctx: f"/accounts/users/{ctx.pk}/edit/",
    valid={"full_name": "改名的联系人", "role": "township_reviewer", "area": "520628101"},
    changed=lambda w, ctx: _user(ctx).role == "township_reviewer" and _user(ctx).area_id == "520628101",
    success="已保存",
)

form(
    name="accounts.user_deactivate",
    form="accounts.user_deactivate",
    url_name="accounts:user_deactivate",
    persona="admin",
    setup=_target,
    page=lambda w, ctx: f"/accounts/users/{ctx.pk}/",
    valid={"reason": "调离本村"},
    changed=lambda w, ctx: not _user(ctx).is_active,
    success="已停用",
)

form(
    name="accounts.user_reactivate",
    form="accounts.user_reactivate",
    url_name="accounts:user_reactivate",
    persona="admin",
    setup=lambda w: _target(w, is_active=False),
    page=lambda w, ctx: f"/accounts/users/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: _user(ctx).is_active,
    success="已启用",
)

form(
    name="accounts.user_reset_password",
    form="accounts.user_reset_password",
    url_name="accounts:user_reset_password",
    persona="admin",
    setup=_target,
    page=lambda w, ctx: f"/accounts/users/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: _user(ctx).must_change_password,
    success="已重置密码",
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=one-time-password]"),
)

form(
    name="accounts.import",
    form="accounts.import",
    url_name="accounts:import",
    persona="admin",
    page=lambda w, ctx: "/accounts/users/import/",
    valid={"file": Upload("用户.xlsx", _users_xlsx(), XLSX)},
    changed=lambda w, ctx: _import_staged(),
    success="文件已检查",
)


def _import_staged() -> bool:
    from shoudi.accounts.models import UserImport

    return UserImport.objects.filter(status="staged", total=1, errors=[]).exists()


form(
    name="accounts.import_confirm",
    form="accounts.import_confirm",
    url_name="accounts:import_batch",
    persona="admin",
    setup=_staged,
    page=lambda w, ctx: f"/accounts/users/import/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: _user_exists("sweep_bulk"),
    success="已创建 1 个账号",
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=passwords-link]"),
)


def _user_exists(username: str) -> bool:
    from shoudi.accounts.models import User

    return User.objects.filter(username=username).exists()


form(
    name="accounts.password_change",
    form="accounts.password_change",
    url_name="accounts:password_change",
    persona="leader",
    page=lambda w, ctx: "/accounts/password/",
    valid={"old_password": PASSWORD, "new_password1": "Tongren-leader-2027", "new_password2": "Tongren-leader-2027"},
    changed=lambda w, ctx: _password_is("leader", "Tongren-leader-2027"),
    success="密码已修改",
)


def _password_is(username: str, password: str) -> bool:
    from shoudi.accounts.models import User

    return User.objects.get(username=username).check_password(password)
