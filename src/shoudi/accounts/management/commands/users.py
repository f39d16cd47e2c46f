"""``shoudi users create|import|list|deactivate|reset-password|template``: staff accounts from the command line.

The first step on a fresh install: ``shoudi users create --role province_admin --area 52 --username …`` (or
``county_admin`` with a 6-digit code); that admin then creates everyone else on the 用户管理 pages or here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models.functions import Length

from shoudi.accounts.bulk import check_rows, create_rows, parse_role, passwords_bytes, read_sheet, template_bytes
from shoudi.accounts.models import User
from shoudi.accounts.roles import ADMIN_ALIASES, Department, Role
from shoudi.accounts.selectors import mask_phone
from shoudi.accounts.services import staff_create, staff_reset_password, staff_set_active
from shoudi.core.access import Capability, in_area
from shoudi.core.inputs import choice

ROLE_HELP = "角色代码（" + "、".join(r.value for r in Role if r != Role.ADMIN) + "）或 " + "、".join(ADMIN_ALIASES)


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for ms in exc.message_dict.values() for m in ms)
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = (
        "用户账号：create 创建、import 批量导入、list 列出、deactivate 停用、reset-password 重置密码、template 导入模板"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建账号；不给 --password 时打印一次性密码（首次登录须修改）")
        create.add_argument("--username", required=True)
        create.add_argument("--role", required=True, help=ROLE_HELP)
        create.add_argument("--area", required=True, help="负责区域的区划代码（级别须与角色相符）")
        create.add_argument("--name", default="", help="姓名")
        create.add_argument("--department", default="", help="部门代码或中文名（部门数据员必填）")
        create.add_argument("--phone", default="")
        create.add_argument("--password", default=None, help="指定密码（须符合密码规则）；不给则生成一次性密码")
        create.add_argument("--as", dest="as_user", default="", help="以该系统管理员的身份创建（限其区域）")
        imp = sub.add_parser("import", help="从 XLSX 批量创建账号，一次性密码写入 --passwords 文件")
        imp.add_argument("file")
        imp.add_argument("--passwords", required=True, help="一次性密码输出文件（.xlsx）")
        imp.add_argument("--valid-only", action="store_true", help="只创建无误的行（默认有任何错误则不创建）")
        imp.add_argument("--as", dest="as_user", default="", help="以该系统管理员的身份导入（限其区域）")
        listing = sub.add_parser("list", help="列出账号（手机号脱敏）")
        listing.add_argument("--area", default="", help="只列出该区域（含下级）的账号")
        listing.add_argument("--role", default="", help=ROLE_HELP)
        deactivate = sub.add_parser("deactivate", help="停用账号（不能再登录）")
        deactivate.add_argument("username")
        reset = sub.add_parser("reset-password", help="重置为一次性密码并打印（下次登录须修改）")
        reset.add_argument("username")
        template = sub.add_parser("template", help="写出批量导入模板（含填写说明）")
        template.add_argument("file")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handler = {
            "create": self._create,
            "import": self._import,
            "list": self._list,
            "deactivate": self._deactivate,
            "reset-password": self._reset,
            "template": self._template,
        }[action]
        try:
            handler(options)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None or not found.can(Capability.MANAGE_USERS):
            raise CommandError(f"“{username}”不是在用的系统管理员")
        return found

    def _user(self, username: str) -> User:
        found = User.objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"用户“{username}”不存在")
        return found

    def _create(self, o: dict[str, Any]) -> None:
        area = o["area"].strip()
        role = parse_role(o["role"], area)
        department = o["department"].strip()
        if department:
            department = choice(department, Department, "department", "部门")
        user, secret = staff_create(
            by=self._actor(o["as_user"]),
            username=o["username"].strip(),
            role=role,
            area_code=area,
            full_name=o["name"].strip(),
            department=department,
            phone=o["phone"].strip(),
            password=o["password"],
        )
        where = f"{user.area.name}（{user.area_id}）" if user.area else ""
        self.stderr.write(f"已创建 {user.username}：{user.role_title} · {where}")
        if secret:
            self.stdout.write(secret)
            self.stderr.write("以上是一次性密码，只显示这一次；首次登录须修改密码。")

    def _import(self, o: dict[str, Any]) -> None:
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"文件“{path}”不存在")
        by = self._actor(o["as_user"])
        good, errors = check_rows(by, read_sheet(path.read_bytes(), path.name))
        for e in errors:
            self.stderr.write(f"第 {e['row']} 行 {e['column']}：{e['message']}")
        if errors and not o["valid_only"]:
            raise CommandError(f"发现 {len(errors)} 处错误，未创建任何账号（--valid-only 只创建无误的行）")
        if not good:
            raise CommandError("没有无误的行可以导入")
        out = Path(o["passwords"])
        with transaction.atomic():
            created = create_rows(by, good, valid_only=o["valid_only"])
            out.write_bytes(passwords_bytes(created))  # inside the transaction: no file, no accounts
        self.stdout.write(self.style.SUCCESS(f"已创建 {len(created)} 个账号；一次性密码已写入 {out}（请妥善保管）"))

    def _list(self, o: dict[str, Any]) -> None:
        users = User.objects.select_related("area").order_by("area_id", "role", "username")
        if o["area"]:
            users = users.filter(in_area("area_id", o["area"].strip()))
        if o["role"]:
            role = o["role"].strip()
            if role in ADMIN_ALIASES:
                users = users.annotate(level=Length("area_id")).filter(role=Role.ADMIN, level=ADMIN_ALIASES[role])
            else:
                users = users.filter(role=role)
        for u in users:
            state = "在用" if u.is_active else "已停用"
            area = f"{u.area_id or ''} {u.area.name if u.area else ''}".strip()
            dept = u.get_department_display() if u.department else ""
            line = [u.username, u.full_name, u.role_title, area, dept, mask_phone(u.phone), state]
            self.stdout.write("\t".join(line))

    def _deactivate(self, o: dict[str, Any]) -> None:
        user = self._user(o["username"])
        staff_set_active(by=None, user=user, active=False, reason="shoudi users deactivate")
        self.stdout.write(self.style.SUCCESS(f"已停用 {user.username}，该用户不能再登录"))

    def _reset(self, o: dict[str, Any]) -> None:
        user = self._user(o["username"])
        secret = staff_reset_password(by=None, user=user)
        self.stdout.write(secret)
        self.stderr.write(f"以上是 {user.username} 的一次性密码，只显示这一次；下次登录须修改密码。")

    def _template(self, o: dict[str, Any]) -> None:
        Path(o["file"]).write_bytes(template_bytes())
        self.stdout.write(self.style.SUCCESS(f"已写出导入模板 {o['file']}"))
