"""The dashboard of an area: the data of each chart, and the same figures as a table under it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from shoudi.markets.produce_charts import dashboard_charts
from shoudi.monitoring import codes
from shoudi.regions.models import Region
from shoudi.reports import employment, lowincome
from shoudi.reports.generator import ROW_NAME, Generated, generate
from shoudi.reports.periods import Period, add_months
from shoudi.reports.queries import cases

CODES = [
    "at_risk_households",
    "monitored_households",
    "at_risk_by_risk",
    "identification_days_median",
    "identification_days_p90",
    "identified_in_time_share",
    "leads_received_by_channel",
    "leads_checked_by_channel",
    "leads_confirmed_by_channel",
    *lowincome.DASHBOARD_CODES,
    *employment.DASHBOARD_CODES,
]
TREND_MONTHS = 12


def _trend(g: Generated) -> dict[str, Any]:
    """Households at risk at each month end and households eliminated in each month, 帮扶消除 and 自然消除 apart:
    two grouped queries."""
    from shoudi.reports.generator import scope_for

    scope = scope_for(g.area.code, g.period)
    last = g.period.end.replace(day=1)
    months = [add_months(last, -n) for n in range(TREND_MONTHS - 1, -1, -1)]
    base = cases(scope).filter(period_start__isnull=False)
    entered = base.annotate(m=TruncMonth("period_start")).values("m").annotate(n=Count("id"))
    ended = (
        base.filter(period_end__isnull=False)
        .annotate(m=TruncMonth("period_end"))
        .values("m", "elimination_kind")
        .annotate(n=Count("id"))
    )
    entered_by = {r["m"]: r["n"] for r in entered}
    ended_by: dict[Any, int] = {}
    kind_by: dict[tuple[Any, str], int] = {}
    for r in ended:
        ended_by[r["m"]] = ended_by.get(r["m"], 0) + r["n"]
        kind_by[(r["m"], r["elimination_kind"])] = r["n"]
    kinds = list(codes.EliminationKind.choices)
    at_risk = []
    for month in months:
        cum_in = sum(n for m, n in entered_by.items() if m <= month)
        cum_out = sum(n for m, n in ended_by.items() if m <= month)
        at_risk.append(cum_in - cum_out)
    by_kind = [[kind_by.get((month, kind), 0) for month in months] for kind, _label in kinds]
    labels = [f"{m:%Y-%m}" for m in months]
    names = [f"当月{label}户数" for _kind, label in kinds]
    return {
        "id": "trend",
        "title": "风险未消除户数与当月帮扶消除、自然消除户数（近12个月）",
        "kind": "line",
        "categories": labels,
        "series": [
            {"name": "风险未消除户数", "data": at_risk},
            *({"name": name, "data": data} for name, data in zip(names, by_kind, strict=True)),
        ],
        "head": ["月份", "风险未消除户数", *names],
        "rows": [[m, a, *(d[i] for d in by_kind)] for i, (m, a) in enumerate(zip(labels, at_risk, strict=True))],
    }


def _risks(g: Generated) -> dict[str, Any]:
    dims = g.results["at_risk_by_risk"].dims()
    values = [g.value("at_risk_by_risk", None, d) for d, _l in dims]
    labels = [label for _d, label in dims]
    return {
        "id": "risks",
        "title": "风险未消除户的风险类型分布",
        "kind": "bar",
        "categories": labels,
        "series": [{"name": "户数", "data": values}],
        "head": ["风险类型", "户数"],
        "rows": [[label, v] for label, v in zip(labels, values, strict=True)],
    }


def _areas(g: Generated, drill: bool) -> dict[str, Any]:
    names = [r.name for r in g.rows]
    at_risk = [g.value("at_risk_households", r.code) for r in g.rows]
    monitored = [g.value("monitored_households", r.code) for r in g.rows]
    links = [reverse("reports:dashboard", args=[r.code]) + f"?period={g.period.key}" if drill else "" for r in g.rows]
    return {
        "id": "areas",
        "title": f"各{ROW_NAME.get(g.row_length, '区域')}监测户数对比" + ("（点击柱子查看下级）" if drill else ""),
        "kind": "bar",
        "categories": names,
        "series": [{"name": "累计纳入监测户数", "data": monitored}, {"name": "风险未消除户数", "data": at_risk}],
        "links": links,
        "codes": [r.code for r in g.rows],
        "head": [ROW_NAME.get(g.row_length, "区域"), "累计纳入监测户数", "风险未消除户数"],
        "rows": [[n, m, a] for n, m, a in zip(names, monitored, at_risk, strict=True)],
    }


def _speed(g: Generated) -> dict[str, Any]:
    names = [r.name for r in g.rows]
    median = [g.value("identification_days_median", r.code) for r in g.rows]
    p90 = [g.value("identification_days_p90", r.code) for r in g.rows]
    in_time = [g.value("identified_in_time_share", r.code) for r in g.rows]
    return {
        "id": "speed",
        "title": f"识别用时（天，本期办结；{g.identification_days}天内完成占比见表）",
        "kind": "bar",
        "categories": names,
        "series": [{"name": "中位数", "data": median}, {"name": "90%分位数", "data": p90}],
        "head": [ROW_NAME.get(g.row_length, "区域"), "中位数（天）", "90%分位数（天）", "按期完成占比（%）"],
        "rows": [[n, m, p, t] for n, m, p, t in zip(names, median, p90, in_time, strict=True)],
    }


def _funnel(g: Generated) -> dict[str, Any]:
    channels = list(codes.Channel.choices)
    stages = [
        ("leads_received_by_channel", "收到"),
        ("leads_checked_by_channel", "已核实"),
        ("leads_confirmed_by_channel", "确认纳入"),
    ]
    series = [{"name": label, "data": [g.value(code, None, c) for c, _l in channels]} for code, label in stages]
    return {
        "id": "leads",
        "title": "线索漏斗（按渠道，本期发现）",
        "kind": "bar",
        "categories": [label for _c, label in channels],
        "series": series,
        "head": ["发现渠道", *(label for _c, label in stages)],
        "rows": [[label, *(s["data"][i] for s in series)] for i, (_c, label) in enumerate(channels)],
    }


def build(area: Region, period: Period) -> dict[str, Any]:
    g = generate(area, period, codes=CODES)
    drill = g.row_length > len(area.code)
    charts = [_trend(g), _risks(g), _areas(g, drill), _speed(g), _funnel(g)]
    for chart in charts:  # rows for the table under each chart; the area rows link to the area below
        links, area_codes = chart.get("links") or [], chart.get("codes") or []
        chart["table"] = [
            {
                "cells": row,
                "link": links[i] if i < len(links) else "",
                "code": area_codes[i] if i < len(area_codes) else "",
            }
            for i, row in enumerate(chart["rows"])
        ]
    return {
        "generated": g,
        "charts": charts,
        "lowincome": lowincome.tiles(g),
        "employment": employment.tiles(g),
        "produce_charts": dashboard_charts(area.code, min(period.end, timezone.localdate())),
        "summary": {
            "monitored": g.value("monitored_households"),
            "at_risk": g.value("at_risk_households"),
            "in_time": g.value("identified_in_time_share"),
            "leads": sum(g.value("leads_received_by_channel", None, c) for c in codes.Channel.values),
        },
    }
