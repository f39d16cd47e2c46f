"""The 集中排查 section of the monthly and annual reports (``reports.layout`` appends it): the latest round over
the report's area that ran during the period — households in the round, visited, accounted, at risk, leads and
the share done, per report row (township, village…). A closed round reads its frozen per-village results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from shoudi.core.access import covering_codes, in_area
from shoudi.rounds.models import Round, RoundStatus
from shoudi.rounds.selectors import Counts, village_counters

HEAD = ["纳入户数", "已走访", "其中：已核算", "其中：发现风险", "风险线索", "完成率"]
UNITS = ["户", "户", "户", "户", "条", "%"]


def round_for(area_code: str, start: dt.date, end: dt.date) -> Round | None:
    covering = Q(area_id__in=covering_codes(area_code)) | in_area("area_id", area_code)
    return (
        Round.objects.filter(covering, starts_on__lte=end, ends_on__gte=start)
        .select_related("area")
        .order_by("-starts_on", "-created_at")
        .first()
    )


def _cells(c: Counts) -> list[Any]:
    accounted, risk = c.by_status.get("accounted", 0), c.by_status.get("risk", 0)
    return [c.total, c.done, accounted, risk, c.leads, c.percent]


def round_table(area_code: str, row_length: int, rows: Sequence[Any], start: dt.date, end: dt.date) -> dict | None:
    """The report table of the round over ``area_code`` in [start, end], or None when there was none. ``已走访``
    counts every visited household (已走访, 已核算 and 发现风险)."""
    round_ = round_for(area_code, start, end)
    if round_ is None:
        return None
    area = area_code if len(area_code) > len(round_.area_id) else round_.area_id
    villages = village_counters(round_, area)
    grouped: dict[str, Counts] = {}
    total = Counts(area_code, "合计")
    for code, counts in villages.items():
        grouped.setdefault(code[:row_length], Counts(code[:row_length], "")).add(counts)
        total.add(counts)
    table_rows = [[r.name, r.code, *_cells(grouped.get(r.code, Counts(r.code, "")))] for r in rows]
    state = "已结束，结果为结束时冻结的数" if round_.status == RoundStatus.CLOSED else "进行中，为报表生成时的进度"
    return {
        "key": "round",
        "title": f"集中排查（{round_.name}）",
        "head": ["区域", "区划代码", *HEAD],
        "units": ["", "", *UNITS],
        "rows": table_rows,
        "total": ["合计", area_code, *_cells(total)],
        "note": f"{round_.starts_on:%Y-%m-%d} 至 {round_.ends_on:%Y-%m-%d}，{state}",
    }
