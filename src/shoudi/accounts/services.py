"""Writes to accounts: creating, changing, deactivating users and their passwords.

An administrator (``Capability.MANAGE_USERS``) acts only inside its own area: every user it creates or
changes gets an area within the admin's, never an admin of a wider level, and it cannot deactivate itself or
change its own role or area. ``by=None`` is the system (``shoudi users …`` on a fresh install, ``shoudi demo``).
Every change leaves an ``AuditEntry`` (who, when, before → after; the phone masked; never a password)."""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.accounts.models import User
from shoudi.accounts.roles import ROLE_AREA_LENGTHS, Department, Role, role_title
from shoudi.accounts.selectors import mask_phone, region_name
from shoudi.core.access import Capability, NotVisible, code_in_user_area, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.models import AuditEntry

TRACKED = ["username", "full_name", "role", "area", "department", "phone", "is_active", "must_change_password"]
MASK = {"手机号": mask_phone}
PHONE = re.compile(r"^[0-9][0-9-]{6,19}$")
LEVEL_NAMES = {2: "省级", 4: "市级", 6: "县级", 9: "乡镇级", 12: "村级"}
# A generated one-time password is random (about 75 bits), so fewer PBKDF2 rounds keep it as safe as a chosen
# password with the full count, and 500 accounts are created in seconds instead of minutes. Django re-hashes it
# with the full count at the first sign-in, where the user must replace it anyway.
ONE_TIME_ITERATIONS = 20_000


def generate_password(length: int = 14) -> str:
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(length - 2))
    return f"{core}-{secrets.choice(string.digits)}"


def user_create(
    *, username: str, role: str, area_code: str, password: str, full_name: str = "", department: str = "", **extra: Any
) -> User:
    """Create a user; the role's area level, department and password rules are checked (Chinese errors)."""
    user = User(username=username, role=role, area_id=area_code, full_name=full_name, department=department, **extra)
    # The password is checked and hashed before ``full_clean``: the model field is required, and an unhashed
    # empty field would fail with a bare "此字段不能为空" instead of the password rules.
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
    return user


def user_set_password(*, user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])


# ---- checks shared by the page, the bulk import and the command ------------------------------------------------


def levels_text(role: str) -> str:
    return "、".join(LEVEL_NAMES[n] for n in ROLE_AREA_LENGTHS.get(role, ()))


def check_assignment(*, by: User | None, role: str, area_code: str, department: str) -> dict[str, str]:
    """What is wrong with giving a user ``role`` over ``area_code`` (field → Chinese message); empty when fine."""
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = f"角色“{role}”不存在"
        return errors
    if not area_code:
        errors["area"] = "必须指定负责区域（区划代码）"
    elif (name := region_name(area_code)) is None:
        errors["area"] = f"区划代码“{area_code[:20]}”不存在（区划是否已载入：shoudi regions load）"
    elif by is not None and by.area_id and role == Role.ADMIN and len(area_code) < len(by.area_id):
        errors["role"] = f"{by.role_title}不能设置{role_title(role, area_code)}（高于本级）"
    elif by is not None and not code_in_user_area(by, area_code):
        errors["area"] = f"“{name}”（{area_code}）不在您的负责区域内"
    elif len(area_code) not in ROLE_AREA_LENGTHS.get(role, ()):
        level = LEVEL_NAMES.get(len(area_code), "")
        errors["area"] = (
            f"“{Role(role).label}”的负责区域应为{levels_text(role)}区划，“{name}”（{area_code}）是{level}区划"
        )
    if role == Role.DEPT_CLERK and not department:
        errors["department"] = "部门数据员必须指定所属部门"
    elif department and department not in Department.values:
        errors["department"] = f"部门“{department}”不存在"
    return errors


def check_phone(phone: str) -> str:
    if phone and not PHONE.fullmatch(phone):
        return "手机号应为 7–20 位数字（可含“-”）"
    return ""


def check_username(username: str) -> str:
    if not username:
        return "用户名不能为空"
    if len(username) > 150 or not re.fullmatch(r"[\w.@+-]+", username):
        return "用户名只能包含字母、数字和 @ . + - _，且不超过 150 个字符"
    if User.objects.filter(username__iexact=username).exists():
        return f"用户名“{username}”已被使用"
    return ""


def set_password(user: User, secret: str, *, one_time: bool) -> None:
    if not one_time:
        user.set_password(secret)
        return
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        user.password = hasher.encode(secret, hasher.salt(), iterations=ONE_TIME_ITERATIONS)
    else:
        user.set_password(secret)


def _require_admin(by: User | None, user: User | None = None) -> None:
    if by is None:
        return
    require(by, Capability.MANAGE_USERS)
    if user is not None and not (user.area_id and code_in_user_area(by, user.area_id)):
        raise NotVisible()


# ---- the administrator's services ------------------------------------------------------------------------------


def staff_create(
    *,
    by: User | None,
    username: str,
    role: str,
    area_code: str,
    full_name: str = "",
    department: str = "",
    phone: str = "",
    password: str | None = None,
) -> tuple[User, str | None]:
    """A new account. Without ``password`` a one-time password is generated and returned (shown once; the user
    must change it at first login); with one, it is checked against the password rules and None is returned."""
    _require_admin(by)
    errors = check_assignment(by=by, role=role, area_code=area_code, department=department)
    for field, message in (("username", check_username(username)), ("phone", check_phone(phone))):
        if message:
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    one_time = password is None
    secret = generate_password() if password is None else password
    user = User(
        username=username,
        role=role,
        area_id=area_code,
        full_name=full_name,
        department=department if role == Role.DEPT_CLERK else "",
        phone=phone,
        must_change_password=one_time,
    )
    try:
        validate_password(secret, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    set_password(user, secret, one_time=one_time)
    with transaction.atomic():
        audited_create(user, by=by, fields=TRACKED, area_code=area_code, mask=MASK)
    return user, (secret if one_time else None)


def staff_update(
    *,
    by: User | None,
    user: User,
    role: str,
    area_code: str,
    full_name: str,
    department: str = "",
    phone: str | None = None,
) -> User:
    """Change role, area, department, name and phone (``phone=None`` keeps the current one)."""
    _require_admin(by, user)
    errors = check_assignment(by=by, role=role, area_code=area_code, department=department)
    if by is not None and user.pk == by.pk and (role != user.role or area_code != user.area_id):
        errors["role"] = "不能修改自己的角色或负责区域，请由上级系统管理员办理"
    if phone is not None and (message := check_phone(phone)):
        errors["phone"] = message
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {
        "role": role,
        "area_id": area_code,
        "full_name": full_name,
        "department": department if role == Role.DEPT_CLERK else "",
    }
    if phone is not None:
        changes["phone"] = phone
    updated, _ = audited_update(user, by=by, changes=changes, fields=TRACKED, area_code=area_code, mask=MASK)
    return updated


def staff_set_active(*, by: User | None, user: User, active: bool, reason: str = "") -> User:
    """Deactivate (the user can no longer sign in; open sessions end) or reactivate an account."""
    _require_admin(by, user)
    if by is not None and user.pk == by.pk and not active:
        raise ValidationError("不能停用自己的账号")
    updated, _ = audited_update(
        user, by=by, changes={"is_active": active}, fields=TRACKED, area_code=user.area_id or "", reason=reason
    )
    return updated


def staff_reset_password(*, by: User | None, user: User) -> str:
    """A new one-time password, returned once; the old one stops working, a lockout after failed sign-ins is
    lifted, and the user must change it at the next sign-in. The audit entry says a reset happened, never the
    password."""
    _require_admin(by, user)
    if not user.is_active:
        raise ValidationError("该账号已停用，请先启用再重置密码")
    secret = generate_password()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = user.must_change_password
        set_password(user, secret, one_time=True)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        changes: dict[str, Any] = {"密码": ["（原密码）", "（已重置为一次性密码）"]}
        if not before:
            changes["首次登录须修改密码"] = [False, True]
        audit_entry(actor=by, action=AuditEntry.Action.UPDATE, obj=user, changes=changes, area_code=user.area_id or "")
        axes_reset(username=user.username)  # a lockout after failed sign-ins ends with the reset
    return secret


def password_change(*, user: User, old_password: str, new_password: str, new_password_again: str) -> User:
    """The signed-in user sets a new password (checked against the rules, in Chinese); clears the one-time flag."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    if new_password != new_password_again:
        raise ValidationError({"new_password2": "两次输入的新密码不一致"})
    if new_password == old_password:
        raise ValidationError({"new_password1": "新密码不能与原密码相同"})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    with transaction.atomic():
        user.set_password(new_password)
        was_forced = user.must_change_password
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        changes: dict[str, Any] = {"密码": ["（原密码）", "（本人已修改）"]}
        if was_forced:
            changes["首次登录须修改密码"] = [True, False]
        audit_entry(
            actor=user, action=AuditEntry.Action.UPDATE, obj=user, changes=changes, area_code=user.area_id or ""
        )
    return user
