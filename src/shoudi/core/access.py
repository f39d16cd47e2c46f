"""The one access layer: area scope by region-code range, and role capabilities.

Every read of a household or person goes through selectors built on these helpers; "not found" and
"not allowed" both end as 404 so nobody can probe what exists outside their area.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

CODE_LENGTH = 12
LEVEL_LENGTHS = (2, 4, 6, 9, 12)  # province, city, county, township, village


def covering_codes(code: str) -> list[str]:
    """The code and the code of every area above it, widest first: ``520628`` → ``52, 5206, 520628``."""
    return [code[:n] for n in LEVEL_LENGTHS if n <= len(code)]


def code_range(prefix: str) -> tuple[str, str]:
    """All region codes under ``prefix`` (itself included) lie in ``[lo, hi]`` as strings.

    Codes are digit strings and every child extends its parent's code, so a range on an indexed
    column replaces ``LIKE 'prefix%'`` and uses the B-tree on SQLite and PostgreSQL alike.
    """
    if not prefix.isdigit() or len(prefix) > CODE_LENGTH:
        raise ValueError(f"无效的区划代码: {prefix!r}")
    return prefix, prefix.ljust(CODE_LENGTH, "9")


def in_area(field: str, prefix: str) -> Q:
    lo, hi = code_range(prefix)
    return Q(**{f"{field}__gte": lo, f"{field}__lte": hi})


def user_area_q(user: Any, field: str) -> Q:
    """Filter for rows whose region code ``field`` lies in the user's area; nothing for no area."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "area_id", None):
        return Q(pk__in=[])
    return in_area(field, user.area_id)


def code_in_user_area(user: Any, code: str | None) -> bool:
    if not code or not getattr(user, "area_id", None):
        return False
    lo, hi = code_range(user.area_id)
    return lo <= code <= hi


def require(user: Any, capability: str) -> None:
    """404 unless the user's role grants ``capability`` (roles are in accounts.roles)."""
    if not getattr(user, "is_authenticated", False) or not user.can(capability):
        raise Http404("未找到")
