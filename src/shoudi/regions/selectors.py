"""Reads of regions. Divisions are public facts; area checks apply only where a user acts on them."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Q, QuerySet

from shoudi.core.access import covering_codes, get_visible_or_404, in_area
from shoudi.regions.models import Level, Region


def region_children(code: str | None) -> QuerySet[Region]:
    if not code:
        return Region.objects.filter(level=Level.PROVINCE)
    return Region.objects.filter(parent_id=code)


def region_search(query: str, *, within: str | None = None, limit: int = 50) -> QuerySet[Region]:
    qs = Region.objects.all()
    if within:
        qs = qs.filter(in_area("code", within))
    query = query.strip()
    if query.isdigit():
        qs = qs.filter(code__startswith=query)
    elif query:
        qs = qs.filter(Q(name__contains=query))
    return qs.order_by("code")[:limit]


def regions_in_user_area(user: Any, *, level: int | None = None) -> QuerySet[Region]:
    if not getattr(user, "area_id", None):
        return Region.objects.none()
    qs = Region.objects.filter(in_area("code", user.area_id))
    if level is not None:
        qs = qs.filter(level=level)
    return qs


CHOICES_SECONDS = 300
_choices: dict[tuple[str, int, str], tuple[float, list[tuple[str, str]]]] = {}  # per process


def region_choices(area_code: str, level: int, parent: str = "") -> list[tuple[str, str]]:
    """(code, name) of the regions of ``level`` in ``area_code`` (and under ``parent`` when given), by code: the
    household and case lists' filters. Regions are reference data, read once per process every
    ``CHOICES_SECONDS`` (a save in this process forgets at once; ``regions load`` in another process shows
    within that time), not twice per list page."""
    key = (area_code or "", level, parent)
    now = time.monotonic()
    hit = _choices.get(key)
    if hit is not None and now - hit[0] < CHOICES_SECONDS:
        return list(hit[1])
    qs = Region.objects.filter(in_area("code", area_code), level=level) if area_code else Region.objects.none()
    if parent:
        qs = qs.filter(parent_id=parent)
    rows = [(str(code), str(name)) for code, name in qs.order_by("code").values_list("code", "name")]
    _choices[key] = (now, rows)
    return list(rows)


def forget_region_choices(**_: Any) -> None:
    _choices.clear()


def area_choices(user: Any) -> list[tuple[str, str]]:
    """An export's area choices: the user's whole area, then each region directly below it."""
    area = getattr(user, "area", None)
    if area is None:
        return []
    children = Region.objects.filter(parent_id=area.code).order_by("code").values_list("code", "name")
    return [(area.code, f"{area.name}（全部）"), *children]


def access_region_by_code(user: Any, code: Any) -> Region:
    """A region of the user's own area (itself or below), or ``NotVisible`` (404)."""
    qs = (
        Region.objects.filter(in_area("code", user.area_id))
        if getattr(user, "area_id", None)
        else Region.objects.none()
    )
    return get_visible_or_404(qs, str(code or "").strip())


def region_path(code: str) -> list[Region]:
    codes = covering_codes(code)
    return list(Region.objects.filter(code__in=codes).order_by("level"))


def regions_visible(user: Any) -> QuerySet[Region]:
    """Regions a user may look up: their area's subtree and the chain of regions above it (for paths).

    Sibling areas stay out of sight, so a village contact cannot browse the villages next door."""
    area = getattr(user, "area_id", None)
    if not getattr(user, "is_authenticated", False) or not area:
        return Region.objects.none()
    ancestors = [area[:n] for n in (2, 4, 6, 9) if n < len(area)]
    return Region.objects.filter(in_area("code", area) | Q(code__in=ancestors))


def region_children_for_user(user: Any, code: str | None) -> QuerySet[Region]:
    """Children of ``code`` (provinces without it) that the user may look up, by code."""
    if not code:
        return regions_visible(user).filter(level=Level.PROVINCE).order_by("code")
    return regions_visible(user).filter(parent_id=code).order_by("code")


def region_search_for_user(user: Any, query: str, *, within: str | None = None, limit: int = 50) -> list[Region]:
    """``region_search`` limited to the regions the user may look up."""
    qs = regions_visible(user)
    if within:
        qs = qs.filter(in_area("code", within))
    query = query.strip()
    if query.isdigit():
        qs = qs.filter(code__startswith=query)
    elif query:
        qs = qs.filter(name__contains=query)
    return list(qs.order_by("code")[:limit])
