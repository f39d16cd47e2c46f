"""Reads of 农副产品滞销监测预警, scoped to the user: the key products, series, growers and warnings of the county
the user's area lies in (a township's staff see their county's products; the households among the growers only
of their own area). Anyone without ``VIEW_MARKETS`` (or a clerk of another department) gets a 404; so does an
object of another county, and a malformed id."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from shoudi.core.access import NotVisible, get_visible_or_404, in_area
from shoudi.markets import codes
from shoudi.markets.access import VIEW, require_may
from shoudi.markets.models_consumption import Buyer, Supplier
from shoudi.markets.models_produce import CheckRun, Commodity, Grower, Observation, ProduceWarning
from shoudi.monitoring.models import Case

OPEN = (codes.WarningStatus.OPEN, codes.WarningStatus.RESPONDING)
SPLIT = re.compile(r"[、,，;；\s]+")


def scope(user: Any) -> str:
    """The region code whose commodities the user sees: their county (or their wider area)."""
    require_may(user, VIEW)
    area = getattr(user, "area_id", "") or ""
    if not area:
        raise NotVisible()
    return area[:6] if len(area) > 6 else area


def commodities(user: Any, *, text: str = "", active: bool | None = None) -> QuerySet[Commodity]:
    qs = Commodity.objects.filter(in_area("county_id", scope(user))).select_related("county")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(keywords__icontains=text))
    if active is not None:
        qs = qs.filter(active=active)
    open_q = Q(warnings__status__in=OPEN)
    return qs.annotate(open_warnings=Count("warnings", filter=open_q, distinct=True)).order_by("county_id", "name")


def access_commodity_by_id(user: Any, commodity_id: Any) -> Commodity:
    return get_visible_or_404(commodities(user), commodity_id)


def series(commodity: Commodity, *, since: dt.date | None = None) -> list[Observation]:
    qs = Observation.objects.filter(commodity=commodity)
    if since is not None:
        qs = qs.filter(period_start__gte=since)
    return list(qs.order_by("period_start"))


def series_bounded(
    user: Any, commodity_id: Any, *, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Observation]:
    commodity = access_commodity_by_id(user, commodity_id)
    qs = Observation.objects.filter(commodity=commodity)
    if start:
        qs = qs.filter(period_start__gte=start)
    if end:
        qs = qs.filter(period_start__lte=end)
    return qs.order_by("period_start")


def warnings(
    user: Any, *, status: str = "", kind: str = "", commodity: Any = None, text: str = ""
) -> QuerySet[ProduceWarning]:
    qs = ProduceWarning.objects.filter(in_area("commodity__county_id", scope(user))).select_related(
        "commodity", "commodity__county"
    )
    if status == "active":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if commodity:
        qs = qs.filter(commodity_id=commodity)
    if text:
        qs = qs.filter(commodity__name__icontains=text)
    return qs.annotate(response_count=Count("responses")).order_by("-period_start", "commodity__name", "kind")


def access_warning_by_id(user: Any, warning_id: Any) -> ProduceWarning:
    return get_visible_or_404(warnings(user), warning_id)


def growers(user: Any, commodity: Commodity) -> list[Grower]:
    """The commodity's growers: cooperatives and enterprises, and the households of the user's own area, each
    household marked 脱贫户 (its type) and 监测对象 (an open case)."""
    area = getattr(user, "area_id", "") or ""
    open_case = Case.objects.filter(household_id=OuterRef("household_id"), is_open=True)
    qs = (
        Grower.objects.filter(commodity=commodity)
        .filter(Q(household__isnull=True) | in_area("household__village_id", area))
        .select_related("village", "household", "supplier")
        .annotate(monitored=Exists(open_case))
        .order_by("village_id", "supplier__name", "household__number")
    )
    return list(qs)


def access_grower_by_id(user: Any, grower_id: Any) -> Grower:
    qs = Grower.objects.filter(in_area("commodity__county_id", scope(user))).select_related("commodity")
    return get_visible_or_404(qs, grower_id)


def words(commodity: Commodity) -> list[str]:
    """The commodity's name and keywords, the words its industry projects are found by."""
    found = [commodity.name, *SPLIT.split(commodity.keywords or "")]
    return [w for w in dict.fromkeys(x.strip() for x in found) if len(w) >= 2]


def related_projects(commodity: Commodity, *, limit: int = 50) -> list[Any]:
    """Industry projects (产业发展) of the project library in the commodity's county whose name or content names
    the commodity or one of its keywords — the villages that grow it beyond the grower rows."""
    from shoudi.projects.codes import ProjectKind
    from shoudi.projects.models import Project

    match = Q()
    for word in words(commodity):
        match |= Q(name__icontains=word) | Q(content__icontains=word)
    if not match:
        return []
    qs = Project.objects.filter(in_area("area_id", commodity.county_id), kind=ProjectKind.INDUSTRY).filter(match)
    return list(qs.select_related("area").order_by("-year", "name")[:limit])


def villages(grower_rows: list[Grower], projects: list[Any]) -> list[dict[str, Any]]:
    """Villages growing the product: from growers (households, cooperatives) and from industry projects."""
    from shoudi.monitoring.presenters import short_name

    found: dict[str, dict[str, Any]] = {}
    for g in grower_rows:
        row = found.setdefault(
            g.village_id,
            {"code": g.village_id, "name": short_name(g.village.name), "households": 0, "suppliers": 0, "projects": []},
        )
        row["households" if g.household_id else "suppliers"] += 1
    for p in projects:
        if len(p.area_id) == 12:
            row = found.setdefault(
                p.area_id,
                {"code": p.area_id, "name": short_name(p.area.name), "households": 0, "suppliers": 0, "projects": []},
            )
            row["projects"].append(p.name)
    return sorted(found.values(), key=lambda r: r["code"])


def suppliers_for(commodity: Commodity) -> list[tuple[str, str]]:
    return [(str(s.pk), s.name) for s in Supplier.objects.filter(county_id=commodity.county_id, active=True)]


def buyers_for(warning: ProduceWarning) -> list[tuple[str, str]]:
    return [(str(b.pk), b.name) for b in Buyer.objects.filter(county_id=warning.commodity.county_id, active=True)]


def runs(user: Any, *, limit: int = 10) -> list[CheckRun]:
    return list(CheckRun.objects.filter(in_area("area_id", scope(user))).select_related("area")[:limit])


def open_warnings(user: Any, *, limit: int = 8) -> tuple[list[ProduceWarning], int]:
    qs = warnings(user, status="active")
    return list(qs[:limit]), qs.count()
