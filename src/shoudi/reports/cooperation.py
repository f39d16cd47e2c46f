"""东西部协作和定点帮扶 in the monthly and annual reports: pairings in effect, funds received, projects counted for
the year, labour transfers, talent days on post, produce bought by the partners' buyers and meetings — by row.

Rows follow the pairing's own area (the county for 东西部协作 and 定点帮扶, a village for 驻村 and 万企兴万村), so
a county-level pairing's figures appear in the total of a report by township but in no township's row; labour
transfers follow the village of the person sent. The arithmetic is the pairing pages' (``cooperation.results``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from shoudi.cooperation import codes
from shoudi.cooperation.models import Fund, LabourTransfer, Meeting, Pairing, PairingProject, TalentExchange
from shoudi.core.access import in_area
from shoudi.markets.models import Purchase
from shoudi.reports.definitions import Indicator
from shoudi.reports.employment import Money
from shoudi.reports.parts import N
from shoudi.reports.queries import Cells, Scope
from shoudi.reports.sources import CENTRAL_OPINION, TONGREN_PLAN

S_COOPERATION = "东西部协作和定点帮扶"
SOURCE = (
    f"{CENTRAL_OPINION}：坚持和完善东西部协作和对口支援、社会力量参与帮扶机制，定期对东西部协作和定点帮扶成效进行考核评价；"
    f"{TONGREN_PLAN}：保持资金投入力度和干部选派交流力度，加强劳务协作、加强产业协作和加强消费协作"
)
MEETING_SOURCE = f"{TONGREN_PLAN}：每年开展互访对接并召开联席会议（座谈会）不少于2次"
KIND_DIMS = tuple((value, str(label)) for value, label in codes.PairingKind.choices)


def _pairings(s: Scope) -> Any:
    return Pairing.objects.filter(in_area("area_id", s.area))


def pairings(s: Scope) -> Cells:
    start, end = s.period.start, s.period.end
    rows = (
        _pairings(s)
        .filter(Q(agreement_to__isnull=True) | Q(agreement_to__gte=start), agreement_from__lte=end)
        .annotate(g=s.g("area_id"))
        .values("g", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["g"], r["kind"]): N(r["n"]) for r in rows}


def funds(s: Scope) -> Cells:
    qs = Fund.objects.filter(in_area("pairing__area_id", s.area), received_on__range=(s.period.start, s.period.end))
    rows = qs.annotate(g=s.g("pairing__area_id")).values("g").annotate(v=Sum("amount")).order_by()
    return {(r["g"], ""): Money(Decimal(r["v"] or 0)) for r in rows}


def projects(s: Scope) -> Cells:
    qs = PairingProject.objects.filter(in_area("pairing__area_id", s.area), year=s.period.end.year)
    rows = qs.annotate(g=s.g("pairing__area_id")).values("g").annotate(n=Count("project", distinct=True)).order_by()
    return {(r["g"], ""): N(r["n"]) for r in rows}


def labour(s: Scope) -> Cells:
    qs = LabourTransfer.objects.filter(in_area("village_id", s.area), started_on__range=(s.period.start, s.period.end))
    rows = qs.annotate(g=s.g("village_id")).values("g").annotate(n=Count("person", distinct=True)).order_by()
    return {(r["g"], ""): N(r["n"]) for r in rows}


def talent(s: Scope) -> Cells:
    start, end = s.period.start, min(s.period.end, s.today)
    qs = TalentExchange.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start), in_area("pairing__area_id", s.area), started_on__lte=end
    ).values_list("pairing__area_id", "started_on", "ended_on")
    cells: dict[tuple[str, str], N] = {}
    for area, started_on, ended_on in qs:
        days = _days(started_on, ended_on, start, end)
        key = (area[: s.group_len], "")
        cells[key] = N(cells.get(key, N()).n + days)
    return dict(cells)


def _days(started_on: dt.date, ended_on: dt.date | None, start: dt.date, end: dt.date) -> int:
    """Days on post within [start, end] (both counted), as ``cooperation.results.talent_days`` counts a year."""
    last = min(ended_on or end, end)
    first = max(started_on, start)
    return (last - first).days + 1 if last >= first else 0


def consumption(s: Scope) -> Cells:
    """Purchases of the period by the buyers linked to a pairing of the row (a buyer once per row)."""
    links = Pairing.buyers.through.objects.filter(in_area("pairing__area_id", s.area)).values_list(
        "pairing__area_id", "buyer_id"
    )
    groups: dict[Any, set[str]] = {}
    for area, buyer in links:
        groups.setdefault(buyer, set()).add(area[: s.group_len])
    rows = (
        Purchase.objects.filter(buyer_id__in=list(groups), date__range=(s.period.start, s.period.end))
        .values("buyer_id")
        .annotate(v=Sum("amount"))
        .order_by()
    )
    cells: dict[tuple[str, str], Money] = {}
    for r in rows:
        for g in groups[r["buyer_id"]]:
            cells[(g, "")] = cells.get((g, ""), Money()) + Money(Decimal(r["v"] or 0))
    return dict(cells)


def meetings(s: Scope) -> Cells:
    qs = Meeting.objects.filter(in_area("pairing__area_id", s.area), held_on__range=(s.period.start, s.period.end))
    rows = qs.annotate(g=s.g("pairing__area_id")).values("g").annotate(n=Count("id")).order_by()
    return {(r["g"], ""): N(r["n"]) for r in rows}


def indicators() -> list[Indicator]:
    def make(code: str, name: str, unit: str, formula: str, compute: Any, **kw: Any) -> Indicator:
        source = kw.pop("source", SOURCE)
        return Indicator(code, name, unit, formula, source, S_COOPERATION, compute, **kw)

    return [
        make(
            "cooperation_pairings",
            "协作结对",
            "个",
            "协议期与报告期有交叠的结对，按协作类型分列",
            pairings,
            dims=KIND_DIMS,
        ),
        make("cooperation_funds", "协作帮扶资金到位", "元", "报告期内到位的协作资金（按结对区域）", funds),
        make("cooperation_projects", "协作项目", "个", "计入报告期所在年度的协作项目（项目库）", projects),
        make("cooperation_labour", "劳务协作输出", "人", "报告期内上岗的劳务输出人数（按务工人员所在村）", labour),
        make(
            "cooperation_talent_days",
            "人才交流在岗",
            "人·天",
            "挂职干部、教师、医生等在报告期内的在岗天数合计（起止日均计入；仍在岗的计至期末或今天）",
            talent,
        ),
        make(
            "cooperation_consumption",
            "消费协作采购",
            "元",
            "与结对关联的协作方采购单位在报告期内的消费帮扶采购金额（消费帮扶台账；同一单位在一行中只计一次）",
            consumption,
        ),
        make(
            "cooperation_meetings",
            "联席会议和互访",
            "次",
            "报告期内的联席会议、高层互访、考察对接等",
            meetings,
            source=MEETING_SOURCE,
        ),
    ]


def table_specs() -> list[tuple[str, str, list[tuple[str, str, str]], str]]:
    """The report's table: (key, title, columns (indicator, dim, header), note)."""
    columns = [
        *(("cooperation_pairings", value, f"结对·{label}") for value, label in KIND_DIMS),
        ("cooperation_funds", "", "资金到位（元）"),
        ("cooperation_projects", "", "协作项目"),
        ("cooperation_labour", "", "劳务输出（人）"),
        ("cooperation_talent_days", "", "人才交流（人·天）"),
        ("cooperation_consumption", "", "消费协作（元）"),
        ("cooperation_meetings", "", "会议互访（次）"),
    ]
    note = "东西部协作、定点帮扶按本县计入合计行（不分乡镇）；驻村帮扶、万企兴万村按村；劳务输出按务工人员所在村"
    return [("cooperation", S_COOPERATION, columns, note)]
