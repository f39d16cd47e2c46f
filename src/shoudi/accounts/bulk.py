"""Creating many accounts from one Excel sheet (a county onboards ~500 people at once).

Staged like every import: the upload is read and every row checked (row, column, why), nothing is written; the
admin then confirms, and all rows are created in one transaction — or, with ``valid_only``, the rows without
errors. Synchronous: the accounts app sits below the jobs kit, and 500 rows take seconds (one-time passwords
are hashed with fewer rounds, see ``services.ONE_TIME_ITERATIONS``). The one-time passwords are written only
to an XLSX that the uploader downloads once (``passwords_take`` hands it out and clears it)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook

from shoudi.accounts.models import User, UserImport
from shoudi.accounts.roles import ADMIN_ALIASES, ADMIN_TITLES, Department, Role, role_title
from shoudi.accounts.services import check_assignment, check_phone, check_username, levels_text, staff_create
from shoudi.core import exports, inputs
from shoudi.core.access import Capability, require

# key → column header, in the order of the template
COLUMNS = {
    "username": "用户名",
    "full_name": "姓名",
    "role": "角色",
    "area": "负责区域代码",
    "department": "部门",
    "phone": "手机号",
}
REQUIRED = ("username", "role", "area")
MAX_ROWS = 3000
MAX_BYTES = 5 * 1024 * 1024
SHEET = "用户"


class PasswordsGone(Exception):
    """The password file was downloaded already (or the accounts were never created)."""


def parse_role(text: str, area_code: str) -> str:
    """A role code, its Chinese name, or an admin alias (province_admin / 县级系统管理员 …) whose level must match
    the area's."""
    text = text.strip()
    titles = {title: length for length, title in ADMIN_TITLES.items()}
    length = ADMIN_ALIASES.get(text) or titles.get(text)
    if length is not None:
        if len(area_code) != length:
            raise ValidationError({"role": f"“{text}”的负责区域代码应为 {length} 位（当前“{area_code}”）"})
        return str(Role.ADMIN)
    return inputs.choice(text, Role, "role", "角色")


# ---- the template ----------------------------------------------------------------------------------------------


def template_bytes() -> bytes:
    roles = [(code, title) for code, title in ((r.value, r.label) for r in Role) if code != Role.ADMIN]
    roles += [(alias, ADMIN_TITLES[n]) for alias, n in ADMIN_ALIASES.items()]
    role_lines = "；".join(f"{code}（{title}）" for code, title in roles)
    dept_lines = "；".join(f"{d.value}（{d.label}）" for d in Department)
    rows = [
        ("用户名", "是", "登录名：字母、数字和 @ . + - _，不能与文件中其他行或已有用户重复", "如 pansz_wuyi"),
        ("姓名", "否", "真实姓名", "如 吴一"),
        ("角色", "是", "角色代码或中文名称；系统管理员按级别填写", role_lines),
        (
            "负责区域代码",
            "是",
            "统计用区划代码，须在您的负责区域内，且级别与角色相符："
            + "；".join(f"{Role(r).label}：{levels_text(r)}" for r in Role if r != Role.ADMIN),
            "如 520628101203（村 12 位）、520628101（乡镇 9 位）、520628（县 6 位）",
        ),
        ("部门", "部门数据员必填", "部门代码或中文名称", dept_lines),
        ("手机号", "否", "7–20 位数字，可含“-”", "如 13800001111"),
    ]
    intro = (
        "在“用户”工作表中每行填写一个账号（第一行为列名，不要修改）。上传后系统逐行检查并列出错误，"
        "确认后才创建账号；每个账号的一次性密码写入一个只能下载一次的文件，用户首次登录须修改密码。"
    )
    example = {
        "用户名": "example_village",
        "姓名": "示例（请删除本行）",
        "角色": "village_contact",
        "负责区域代码": "520628101203",
        "部门": "",
        "手机号": "13800001111",
    }

    def build(book: exports.Workbook) -> None:
        sheet = book.sheet(SHEET, [exports.Column(h, "text", required=k in REQUIRED) for k, h in COLUMNS.items()])
        sheet.write(example)
        book.instructions(intro, rows)

    return exports.export_bytes(build)


# ---- reading and checking -----------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value).replace("\x00", "").strip()
    if len(raw) > 1 and raw[0] == exports.GUARD and raw[1] in exports.FORMULA_PREFIXES:
        raw = raw[1:]
    return raw


def read_sheet(data: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for every non-blank row under the header row (the one naming 用户名)."""
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"文件“{name}”超过 5 MB"})
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        sheet = book.get_sheet_by_name(SHEET if SHEET in names else names[0])
        table = sheet.to_python(skip_empty_area=False)
    except Exception:  # any unreadable file gets the same answer
        raise ValidationError({"file": f"无法读取“{name}”：请上传用模板填写的 .xlsx 文件"}) from None
    header: list[str] = []
    by_header = {h: k for k, h in COLUMNS.items()}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(table, start=1):
        texts = [_cell(c) for c in cells]
        if not header:
            if "用户名" in texts:
                header = texts
            continue
        values = {by_header[h]: t for h, t in zip(header, texts, strict=False) if h in by_header}
        if any(values.values()):
            rows.append((number, values))
    missing = [COLUMNS[k] for k in REQUIRED if COLUMNS[k] not in header]
    if missing:
        raise ValidationError({"file": f"文件“{name}”缺少列：{'、'.join(missing)}（请使用导入模板）"})
    if not rows:
        raise ValidationError({"file": f"文件“{name}”没有数据行"})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"一次最多导入 {MAX_ROWS} 个账号（文件有 {len(rows)} 行），请分批上传"})
    return rows


def check_row(by: User | None, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The row as ``staff_create`` takes it, and its errors (field → message)."""
    found = inputs.Errors()
    username = found.take(inputs.text, values.get("username"), "username", "用户名", max_length=150) or ""
    full_name = found.take(inputs.text, values.get("full_name"), "full_name", "姓名", required=False, max_length=50)
    area = found.take(inputs.text, values.get("area"), "area", "负责区域代码", max_length=12) or ""
    role = found.take(parse_role, values.get("role", ""), area) or ""
    department = found.take(inputs.choice, values.get("department"), Department, "department", "部门", required=False)
    phone = found.take(inputs.text, values.get("phone"), "phone", "手机号", required=False, max_length=20) or ""
    errors = {k: "；".join(v) for k, v in found.found.items()}
    if username and "username" not in errors and (message := check_username(username)):
        errors["username"] = message
    if role and area and "area" not in errors:
        for field, message in check_assignment(by=by, role=role, area_code=area, department=department or "").items():
            errors.setdefault(field, message)
    if phone and (message := check_phone(phone)):
        errors["phone"] = message
    row = {
        "username": username,
        "full_name": full_name or "",
        "role": role,
        "area": area,
        "department": department or "",
        "phone": phone,
    }
    return row, errors


def check_rows(by: User | None, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[dict[str, Any]], list[dict]]:
    """The valid rows (each with its ``row`` number) and every error as {row, column, message}."""
    good: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        row, problems = check_row(by, values)
        key = row["username"].lower()
        if key and key in seen and "username" not in problems:
            problems["username"] = f"与第 {seen[key]} 行的用户名重复"
        seen.setdefault(key, number)
        errors += [{"row": number, "column": COLUMNS.get(f, f), "message": m} for f, m in problems.items()]
        if not problems:
            good.append({"row": number, **row})
    return good, errors


# ---- staging, applying, the password file ------------------------------------------------------------------------


def import_stage(*, by: User, file_name: str, data: bytes) -> UserImport:
    """Read and check an uploaded sheet; nothing but the check's outcome is stored."""
    require(by, Capability.MANAGE_USERS)
    rows = read_sheet(data, file_name)
    good, errors = check_rows(by, rows)
    return UserImport.objects.create(
        created_by=by,
        area_code=by.area_id or "",
        file_name=file_name[:200],
        total=len(rows),
        rows=good,
        errors=errors,
    )


def create_rows(by: User | None, rows: list[dict[str, Any]], *, valid_only: bool) -> list[tuple[User, str]]:
    """Create the accounts of checked rows in the caller's transaction; a row refused now (a username taken since
    the check) fails the whole import, or with ``valid_only`` is left out."""
    created: list[tuple[User, str]] = []
    for row in rows:
        fields = {k: row[k] for k in ("username", "full_name", "role", "department", "phone")}
        try:
            with transaction.atomic():
                user, secret = staff_create(by=by, area_code=row["area"], **fields)
        except ValidationError as exc:
            if valid_only:
                continue
            raise ValidationError(f"第 {row['row']} 行：{'；'.join(exc.messages)}") from None
        created.append((user, secret or ""))
    return created


def passwords_bytes(created: list[tuple[User, str]]) -> bytes:
    columns = [exports.Column(h, "text") for h in ("用户名", "姓名", "角色", "负责区域代码", "部门", "一次性密码")]

    def build(book: exports.Workbook) -> None:
        sheet = book.sheet(
            "一次性密码",
            columns,
            title_rows=["新建账号的一次性密码（首次登录须修改；请分别告知本人后删除本文件）"],
        )
        for user, secret in created:
            dept = user.get_department_display() if user.department else ""
            sheet.write(
                [user.username, user.full_name, role_title(user.role, user.area_id), user.area_id, dept, secret]
            )

    return exports.export_bytes(build)


def import_apply(*, by: User, batch: UserImport, valid_only: bool) -> UserImport:
    """Create the accounts of a staged upload: all rows (refused while any row has an error) or, with
    ``valid_only``, the rows without errors; the one-time passwords go into the batch's password file."""
    require(by, Capability.MANAGE_USERS)
    with transaction.atomic():
        batch = UserImport.objects.select_for_update().get(pk=batch.pk)
        if batch.created_by_id != by.pk or batch.status != UserImport.Status.STAGED:
            raise ValidationError("该批次已处理，不能再次导入")
        if batch.errors and not valid_only:
            raise ValidationError(
                f"文件有 {len(batch.errors)} 处错误，未创建任何账号。请修改后重新上传，或选择“只导入无误的行”"
            )
        if not batch.rows:
            raise ValidationError("没有无误的行可以导入")
        created = create_rows(by, batch.rows, valid_only=valid_only)
        batch.status = UserImport.Status.APPLIED
        batch.created_count = len(created)
        batch.passwords = passwords_bytes(created)
        batch.save(update_fields=["status", "created_count", "passwords"])
    return batch


def passwords_take(*, by: User, batch: UserImport) -> bytes:
    """The password file, once: the same transaction that reads it clears it."""
    require(by, Capability.MANAGE_USERS)
    with transaction.atomic():
        locked = UserImport.objects.select_for_update().filter(pk=batch.pk, created_by=by).first()
        if locked is None or locked.passwords is None:
            raise PasswordsGone()
        data = bytes(locked.passwords)
        locked.passwords = None
        locked.passwords_taken_at = timezone.now()
        locked.save(update_fields=["passwords", "passwords_taken_at"])
    return data
