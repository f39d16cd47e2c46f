"""What the pages show of a product's series: the chart data (price this year against the same-period mean of
the three years before and the warning line; stock against the weeks-of-sales line), the latest status, and the
growers as a person may see them (households masked: the head's surname and the household number's tail, never
an ID number). The lines follow the check's rules (``produce_engine``); the warnings themselves are the
check's, not recomputed here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.core.access import in_area
from shoudi.markets import codes
from shoudi.markets import params as market_params
from shoudi.markets.models_produce import Commodity, Grower, Observation, ProduceWarning
from shoudi.registry.codes import HouseholdStatus, Relationship

WEEKS_SHOWN, MONTHS_SHOWN = 52, 24
MONTH_TO_WEEK = 12 / 52


def period_key(day: dt.date, frequency: str) -> tuple[int, int]:
    """(year, period of year): ISO year and week, or calendar year and month."""
    if frequency == codes.Frequency.MONTH:
        return day.year, day.month
    iso = day.isocalendar()
    return iso[0], iso[1]


def rule_params(county_code: str, on: dt.date) -> dict[str, Any]:
    share = market_params.resolved("produce_price_fall_share", county_code, on)
    weeks = market_params.resolved("produce_stock_weeks", county_code, on)
    return {
        "share": share.decimal,
        "weeks": weeks.decimal,
        "share_source": share.record.source,
        "weeks_source": weeks.record.source,
        "share_level": share.level,
        "weeks_level": weeks.level,
    }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if len(values) >= 2 else None


def chart(
    commodity: Commodity, rows: list[Observation], *, share: Decimal, weeks: Decimal, small: bool = False
) -> dict[str, Any]:
    """The chart of the latest year (52 weeks or 24 months) with the reference lines (None where < 2 years)."""
    monthly = commodity.frequency == codes.Frequency.MONTH
    by_key = {period_key(o.period_start, commodity.frequency): o for o in rows}
    shown = rows[-(MONTHS_SHOWN if monthly else WEEKS_SHOWN) :]
    categories, price, mean3, warn, stock, stock_line = [], [], [], [], [], []
    for o in shown:
        year, key = period_key(o.period_start, commodity.frequency)
        before = [by_key.get((year - n, key)) for n in (1, 2, 3)]
        prices = _mean([float(b.price) for b in before if b is not None and b.price is not None])
        sales = _mean([float(b.sales) for b in before if b is not None and b.sales is not None])
        categories.append(o.period_start.strftime("%Y-%m" if monthly else "%Y-%m-%d"))
        price.append(None if o.price is None else float(o.price))
        mean3.append(None if prices is None else round(prices, 2))
        warn.append(None if prices is None else round(prices * float(share), 2))
        stock.append(None if o.stock is None else float(o.stock))
        weekly = None if sales is None else sales * (MONTH_TO_WEEK if monthly else 1)
        stock_line.append(None if weekly is None else round(weekly * float(weeks), 3))
    return {
        "id": str(commodity.pk),
        "title": commodity.name,
        "small": small,
        "categories": categories,
        "price_unit": commodity.price_unit,
        "unit": commodity.unit,
        "price": price,
        "mean3": mean3,
        "warn": warn,
        "stock": stock,
        "stock_line": stock_line,
        "share": float(share),
        "weeks": float(weeks),
    }


def area_charts(commodity_rows: list[Commodity], on: dt.date, *, small: bool = True) -> list[dict[str, Any]]:
    """A chart per commodity (the last four years of observations, read in one query)."""
    if not commodity_rows:
        return []
    since = on - dt.timedelta(days=365 * 4 + 14)
    by_commodity: dict[Any, list[Observation]] = {c.pk: [] for c in commodity_rows}
    qs = Observation.objects.filter(commodity_id__in=list(by_commodity), period_start__gte=since).order_by(
        "period_start"
    )
    for o in qs.only("commodity_id", "period_start", "price", "stock", "sales"):
        by_commodity[o.commodity_id].append(o)
    params: dict[str, dict[str, Any]] = {}
    found = []
    for c in commodity_rows:
        p = params.setdefault(c.county_id, rule_params(c.county_id, on))
        data = chart(c, by_commodity[c.pk], share=p["share"], weeks=p["weeks"], small=small)
        last = by_commodity[c.pk][-1] if by_commodity[c.pk] else None
        data["latest"] = (
            None
            if last is None
            else {
                "period": last.period_start.isoformat(),
                "price": None if last.price is None else str(last.price),
                "stock": None if last.stock is None else str(last.stock),
            }
        )
        data["open_warnings"] = getattr(c, "open_warnings", 0)
        found.append(data)
    return found


def dashboard_charts(area_code: str, on: dt.date, *, limit: int = 6) -> list[dict[str, Any]]:
    """For the reports dashboard: the charts of the area's active key products, those with open warnings first. Key
    products are the county's: a township's or village's dashboard shows its county's."""
    from django.db.models import Count, Q

    area_code = area_code[:6]

    open_q = Q(warnings__status__in=(codes.WarningStatus.OPEN, codes.WarningStatus.RESPONDING))
    rows = (
        Commodity.objects.filter(in_area("county_id", area_code), active=True)
        .annotate(open_warnings=Count("warnings", filter=open_q, distinct=True))
        .order_by("-open_warnings", "name")[:limit]
    )
    return area_charts(list(rows), on, small=True)


def masked_name(name: str) -> str:
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else "—"


def grower_rows(growers: list[Grower]) -> list[dict[str, Any]]:
    """Growers as shown: cooperatives by name, households masked (head's surname, number's last 4), marked."""
    from shoudi.monitoring.presenters import short_name
    from shoudi.registry.models import Person

    ids = [g.household_id for g in growers if g.household_id]
    heads = dict(
        Person.objects.filter(household_id__in=ids, relationship=Relationship.HEAD).values_list("household_id", "name")
    )
    rows = []
    for g in growers:
        h = g.household
        rows.append(
            {
                "pk": g.pk,
                "village": short_name(g.village.name),
                "supplier": g.supplier.name if g.supplier else "",
                "household": "" if h is None else f"{masked_name(heads.get(h.pk, ''))}（户编号尾号{h.number[-4:]}）",
                "former_poor": h is not None and h.status == HouseholdStatus.FORMER_POOR,
                "monitored": bool(getattr(g, "monitored", False)),
                "scale": g.scale,
                "scale_unit": g.scale_unit,
                "note": g.note,
            }
        )
    return rows


def warning_rule(warning: ProduceWarning, params: dict[str, Any]) -> str:
    """The rule a warning was raised by, in words, with the parameter values."""
    if warning.kind == codes.WarningKind.PRICE_FALL:
        return (
            f"本期价格 {warning.value} 低于前三年同期均价 {warning.reference} 的 {params['share']:.0%}"
            f"（比值 {warning.ratio}；至少两年有同期价格）"
        )
    return (
        f"本期库存 {warning.value} 超过 {params['weeks']:g} 周正常销量（前三年同期平均周销量 {warning.reference}；"
        f"库存可销 {warning.ratio} 周）"
    )
