"""Reads of accounts, always scoped to the administrator's area: an admin sees the users whose area lies in its
own (region-code prefix), never one outside it ("not found" and "not allowed" both answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from shoudi.accounts.models import User, UserImport
from shoudi.core.access import Capability, get_visible_or_404, in_area, require
from shoudi.core.models import AuditEntry

PAGE_SIZE = 50


def region_model() -> type[Model]:
    """The region model, reached through ``User.area`` (accounts sits below the regions app)."""
    return User._meta.get_field("area").related_model  # type: ignore[return-value]


def region_name(code: str) -> str | None:
    """The name of the region ``code``, or None when no such region is loaded."""
    if not code or not code.isdigit():
        return None
    found = region_model()._default_manager.filter(code=code).values_list("name", flat=True).first()
    return str(found) if found is not None else None


def region_options(by: User, query: str, *, limit: int = 30) -> list[tuple[str, str]]:
    """Regions of the admin's area whose code starts with ``query`` or whose name contains it: (code, name)."""
    require(by, Capability.MANAGE_USERS)
    query = query.strip()[:50]
    regions = region_model()._default_manager.filter(in_area("code", by.area_id or ""))
    if query.isdigit():
        regions = regions.filter(code__startswith=query)
    elif query:
        regions = regions.filter(name__contains=query)
    else:
        regions = regions.filter(level__lt=5)  # the levels above village; a village is found by name or code
    return [(str(c), str(n)) for c, n in regions.order_by("code").values_list("code", "name")[:limit]]


def users_visible(by: User) -> QuerySet[User]:
    """Every user whose area lies in the admin's area (users without an area: nobody's)."""
    require(by, Capability.MANAGE_USERS)
    return User.objects.filter(in_area("area_id", by.area_id or "")).select_related("area")


def access_user_by_id(by: User, user_id: Any) -> User:
    return get_visible_or_404(users_visible(by), user_id)


def user_list(
    by: User,
    *,
    role: str = "",
    area: str = "",
    department: str = "",
    active: str = "",
    q: str = "",
) -> QuerySet[User]:
    """The admin's users filtered: role, area (a code: that area and below), department, active ("1"/"0"),
    and a search in username, full name and phone."""
    users = users_visible(by)
    if role:
        users = users.filter(role=role)
    if area:
        users = users.filter(in_area("area_id", area))
    if department:
        users = users.filter(department=department)
    if active in ("1", "0"):
        users = users.filter(is_active=active == "1")
    q = q.strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__contains=q))
    return users.order_by("area_id", "role", "username")


def user_history(by: User, target: User) -> QuerySet[AuditEntry]:
    """Who changed the account and how, newest first (the admin sees the accounts it may see)."""
    require(by, Capability.MANAGE_USERS, target.area_id or "")
    return AuditEntry.objects.filter(object_type="user", object_id=str(target.pk)).order_by("-at", "-id")


def imports_visible(by: User) -> QuerySet[UserImport]:
    """An admin's own uploads (they hold the one-time passwords of the accounts it created)."""
    require(by, Capability.MANAGE_USERS)
    return UserImport.objects.filter(created_by=by)


def access_import_by_id(by: User, import_id: Any) -> UserImport:
    return get_visible_or_404(imports_visible(by), import_id)


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits of a phone."""
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def shown_phone(viewer: User, phone: str) -> str:
    return phone if viewer.can(Capability.REVEAL_ID) else mask_phone(phone)
