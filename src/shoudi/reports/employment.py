"""就业帮扶 in the monthly and annual reports and on the dashboard: the labour force, the employed (by place), the
unemployed, households with labour capacity and no one employed (the 一户一人以上稳定就业 target), 公益性岗位 and
their occupancy, the share of the year's new post holdings going to relocated labourers (≥20%), 就业帮扶车间 and
the people they employ, and 以工代赈 pay due and delivered — by row.

The figures come from ``employment.counts`` (grouped queries, run once per report through ``Scope.once``): the
state on the period's last day (today while the period runs); 以工代赈 of the period's months.

``welfare_posts_relocated`` feeds the target 公益岗位用于搬迁群众占比: the posts ledger (``PostHolding``) when the
area has holdings, else the 公益岗位帮扶 measures of monitoring cases (``reports.queries``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from shoudi.core.access import in_area
from shoudi.employment import counts
from shoudi.employment.counts import PLACE_LABELS, PLACES, AreaCounts
from shoudi.employment.models import PostHolding
from shoudi.reports import queries as q
from shoudi.reports.definitions import Indicator
from shoudi.reports.parts import N, Part, Ratio
from shoudi.reports.queries import Cells, Scope
from shoudi.reports.sources import CENTRAL_OPINION, FAKU_PLAN, RELOCATION_JOBS, RELOCATION_POSTS

S_EMPLOYMENT = "就业帮扶"
TOTAL = "total"
SOURCE = f"{CENTRAL_OPINION}第四部分（七）“促进脱贫人口稳定就业”"
RELIEF_SOURCE = (
    f"{CENTRAL_OPINION}第七部分（十七）：确保以工代赈中央预算内投资落实到项目，及时足额发放劳务报酬；"
    f"{FAKU_PLAN}：确保以工代赈中央、省、市预算内投资落实到项目，及时足额发放劳务报酬"
)
PLACE_DIMS = (*((p, PLACE_LABELS[p]) for p in PLACES), (TOTAL, "合计"))
HOUSEHOLD_DIMS = (("all", "全部"), ("relocated", "其中易地搬迁户"))
POST_DIMS = (("posts", "岗位数"), ("filled", "在岗"))
WORKSHOP_DIMS = (("employed", "吸纳就业"), ("priority", "其中脱贫人口和监测对象"))
PAY_DIMS = (("due", "应发"), ("paid", "实发"))


@dataclass
class Money(Part):
    """A sum of yuan, two decimals."""

    amount: Decimal = Decimal(0)

    def __add__(self, other: Any) -> Money:
        return Money(self.amount + other.amount)

    def value(self) -> float:
        return float(self.amount.quantize(Decimal("0.01")))


def reference_day(s: Scope) -> dt.date:
    return min(s.period.end, s.today)


def _counts(s: Scope) -> AreaCounts:
    def run() -> AreaCounts:
        day = reference_day(s)
        return counts.area_counts(s.area, day, s.group_len, start=s.period.start, today=s.today)

    found: AreaCounts = s.once("employment_counts", run)
    return found


def _n(key: str, dim: str = "") -> Any:
    def compute(s: Scope) -> Cells:
        c = _counts(s)
        return {(g, dim): N(int(c.get(key, g))) for g in c.groups}

    return compute


def _dims(pairs: tuple[tuple[str, str], ...]) -> Any:
    """Several counts as the dims of one indicator: ``pairs`` of (dim, figure key)."""

    def compute(s: Scope) -> Cells:
        c = _counts(s)
        return {(g, dim): N(int(c.get(key, g))) for g in c.groups for dim, key in pairs}

    return compute


def _ratio(num: str, den: str) -> Any:
    def compute(s: Scope) -> Cells:
        c = _counts(s)
        return {(g, ""): Ratio(int(c.get(num, g)), int(c.get(den, g))) for g in c.groups}

    return compute


def employed(s: Scope) -> Cells:
    c = _counts(s)
    cells: Cells = {(g, p): N(int(c.get(f"place_{p}", g))) for g in c.groups for p in PLACES}
    cells.update({(g, TOTAL): N(int(c.get("employed", g))) for g in c.groups})
    return cells


def relief_pay(s: Scope) -> Cells:
    c = _counts(s)
    return {(g, dim): Money(Decimal(c.get(f"relief_{dim}", g))) for g in c.groups for dim in ("due", "paid")}


def relief_share(s: Scope) -> Cells:
    c = _counts(s)
    cents = {key: {g: int(Decimal(c.get(key, g)) * 100) for g in c.groups} for key in ("relief_due", "relief_paid")}
    return {(g, ""): Ratio(cents["relief_paid"][g], cents["relief_due"][g]) for g in c.groups}


def welfare_posts_relocated(s: Scope) -> Cells:
    """Holdings of 公益性岗位 started in the reported year up to the period's end, by relocated labourers — from the
    posts ledger when the area has holdings; else the measures of monitoring cases (version 1's reading)."""
    ledger = PostHolding.objects.filter(in_area("post__village_id", s.area))
    has_rows: bool = s.once("employment_posts_ledger", lambda: ledger.exists())
    if not has_rows:
        return q.welfare_posts_relocated(s)
    end = s.period.end
    rows = (
        ledger.filter(started_on__gte=end.replace(month=1, day=1), started_on__lte=end)
        .annotate(g=Substr("post__village_id", 1, s.group_len))
        .order_by()
        .values("g")
        .annotate(n=Count("id"), moved=Count("id", filter=Q(relocated=True)))
    )
    return {(r["g"], ""): Ratio(r["moved"], r["n"]) for r in rows}


def indicators() -> list[Indicator]:
    def make(code: str, name: str, unit: str, formula: str, compute: Any, **kw: Any) -> Indicator:
        kw.setdefault("source", SOURCE)
        source = kw.pop("source")
        return Indicator(code, name, unit, formula, source, S_EMPLOYMENT, compute, **kw)

    on_day = "报告期末（报告期未结束的为今天）"
    labour = "劳动年龄内（政策参数劳动年龄上下限）、有劳动能力（非丧失劳动力、无劳动力）、非在校生的家庭成员"
    return [
        make("employment_labour", "劳动力人数", "人", f"{on_day}{labour}", _n("labour")),
        make(
            "employment_employed",
            "已就业劳动力（按务工地点）",
            "人",
            f"{on_day}有覆盖该日的务工就业记录的劳动力，按务工地点分列",
            employed,
            dims=PLACE_DIMS,
        ),
        make(
            "employment_unemployed",
            "未就业劳动力",
            "人",
            "劳动力中没有覆盖该日的务工就业记录的人数",
            _n("unemployed"),
            higher_is_better=False,
        ),
        make(
            "employment_rate",
            "劳动力就业率",
            "%",
            "已就业劳动力 ÷ 劳动力人数",
            _ratio("employed", "labour"),
            additive=False,
        ),
        make(
            "employment_households_none",
            "有劳动力但无人就业的户数",
            "户",
            f"{on_day}至少有1名劳动力、但没有成员就业的户数（目标：一户一人以上稳定就业）",
            _dims((("all", "households_none"), ("relocated", "relocated_none"))),
            dims=HOUSEHOLD_DIMS,
            higher_is_better=False,
            source=RELOCATION_JOBS,
        ),
        make(
            "employment_posts",
            "公益性岗位",
            "个",
            f"{on_day}设立未撤销的公益性岗位数及其中有人在岗的岗位数",
            _dims((("posts", "posts"), ("filled", "posts_filled"))),
            dims=POST_DIMS,
        ),
        make(
            "employment_post_occupancy",
            "公益性岗位在岗率",
            "%",
            "在岗岗位数 ÷ 岗位数",
            _ratio("posts_filled", "posts"),
            additive=False,
        ),
        make(
            "employment_posts_relocated",
            "本年新聘公益性岗位用于搬迁群众占比",
            "%",
            "本年1月1日至报告期末上岗的公益性岗位聘用中，易地扶贫搬迁劳动力所占比例（目标≥20%）",
            _ratio("holdings_relocated", "holdings_new"),
            additive=False,
            source=RELOCATION_POSTS,
        ),
        make("employment_workshops", "就业帮扶车间", "个", f"{on_day}认定有效的就业帮扶车间数", _n("workshops")),
        make(
            "employment_workshop_employed",
            "就业帮扶车间吸纳就业",
            "人",
            f"{on_day}在认定有效的车间务工的人数及其中脱贫人口和监测对象（按车间所在地）",
            _dims((("employed", "workshop_employed"), ("priority", "workshop_priority"))),
            dims=WORKSHOP_DIMS,
        ),
        make(
            "employment_relief_pay",
            "以工代赈劳务报酬",
            "元",
            "报告期内各月以工代赈务工的应发、实发劳务报酬（按务工群众所在地）",
            relief_pay,
            dims=PAY_DIMS,
            source=RELIEF_SOURCE,
        ),
        make(
            "employment_relief_paid_share",
            "以工代赈劳务报酬发放率",
            "%",
            "实发 ÷ 应发",
            relief_share,
            additive=False,
            source=RELIEF_SOURCE,
        ),
    ]


def table_specs() -> list[tuple[str, str, list[tuple[str, str, str]], str]]:
    """The report's 就业帮扶 table: (key, title, columns (indicator, dim, header), note)."""

    def dims(code: str, pairs: tuple[tuple[str, str], ...], prefix: str = "") -> list[tuple[str, str, str]]:
        return [(code, key, f"{prefix}{label}") for key, label in pairs]

    columns = [
        ("employment_labour", "", "劳动力"),
        *dims("employment_employed", PLACE_DIMS, "已就业·"),
        ("employment_unemployed", "", "未就业"),
        ("employment_rate", "", "就业率"),
        *dims("employment_households_none", HOUSEHOLD_DIMS, "无人就业户·"),
        *dims("employment_posts", POST_DIMS, "公益性岗位·"),
        ("employment_post_occupancy", "", "在岗率"),
        ("employment_posts_relocated", "", "新聘用于搬迁群众占比"),
        ("employment_workshops", "", "帮扶车间"),
        *dims("employment_workshop_employed", WORKSHOP_DIMS, "车间·"),
        *dims("employment_relief_pay", PAY_DIMS, "以工代赈·"),
        ("employment_relief_paid_share", "", "以工代赈发放率"),
    ]
    note = "劳动力、就业、岗位、车间为报告期末状况；以工代赈为报告期内各月；占比的合计行按合计的分子、分母重新计算"
    return [("employment", "就业帮扶", columns, note)]


DASHBOARD_CODES = [
    "employment_labour",
    "employment_employed",
    "employment_rate",
    "employment_households_none",
    "employment_post_occupancy",
    "employment_posts_relocated",
    "employment_relief_paid_share",
]


def tiles(g: Any) -> list[dict[str, Any]]:
    """The dashboard's 就业帮扶 tiles (from a ``Generated`` that computed ``DASHBOARD_CODES``)."""
    value = g.value

    def pct(code: str) -> str:
        found = value(code)
        return "—" if found is None else f"{found}%"

    relocated = value("employment_posts_relocated")
    return [
        {"key": "labour", "label": "劳动力", "value": value("employment_labour")},
        {"key": "employed", "label": "已就业", "value": value("employment_employed", None, TOTAL)},
        {"key": "rate", "label": "就业率", "value": pct("employment_rate")},
        {
            "key": "households_none",
            "label": "有劳动力无人就业户",
            "value": value("employment_households_none", None, "all"),
        },
        {"key": "occupancy", "label": "公益性岗位在岗率", "value": pct("employment_post_occupancy")},
        {
            "key": "relocated_share",
            "label": "新聘公益岗位用于搬迁群众（目标≥20%）",
            "value": pct("employment_posts_relocated"),
            "warn": relocated is not None and relocated < 20,
        },
        {"key": "relief_paid", "label": "以工代赈劳务报酬发放率", "value": pct("employment_relief_paid_share")},
    ]
