"""Writes to accounts: creating users with a validated role and area."""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from shoudi.accounts.models import User


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
