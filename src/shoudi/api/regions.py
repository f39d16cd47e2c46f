"""区划: the divisions a user may look up (their area, and the chain of regions above it)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from shoudi.api.common import actor
from shoudi.api.schemas import RegionOut
from shoudi.core.access import get_visible_or_404
from shoudi.core.api import ERRORS
from shoudi.regions.models import Region
from shoudi.regions.selectors import region_children_for_user, region_search_for_user, regions_visible

router = Router()
CODE_PATTERN = r"^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$"


def _visible_or_404(request: HttpRequest, code: str) -> Region:
    """A region the caller may look up (their area and the chain above it), or 404."""
    return get_visible_or_404(regions_visible(actor(request)), code)


@router.get("/", response={200: list[RegionOut], **ERRORS}, summary="下级区划（不带 parent 时为省级）")
def region_children(
    request: HttpRequest,
    parent: str | None = Query(None, title="上级区划代码", pattern=CODE_PATTERN),
) -> list[Region]:
    if parent:
        _visible_or_404(request, parent)
    return list(region_children_for_user(actor(request), parent))


@router.get("/search", response={200: list[RegionOut], **ERRORS}, summary="按名称或代码查找区划")
def region_search(
    request: HttpRequest,
    q: str = Query("", title="名称或代码开头", max_length=50),
    within: str | None = Query(None, title="只在该区划范围内", pattern=CODE_PATTERN),
    limit: int = Query(50, ge=1, le=200, title="最多返回条数"),
) -> list[Region]:
    if within:
        _visible_or_404(request, within)
    return region_search_for_user(actor(request), q, within=within, limit=limit)


@router.get("/{code}", response={200: RegionOut, **ERRORS}, summary="区划详情")
def region_detail(request: HttpRequest, code: str) -> Region:
    return _visible_or_404(request, code)
