"""The indicators of a key county's annual evaluation: a code list, not a table.

Each indicator has its code, name, unit, direction (higher better, lower better, or only for reference), and how
it is obtained: ``computed`` from the system's own data by a function (most through the reports generator,
``reports.generator.generate``, so the figures are those of the annual report), or ``entered`` by the county with
its source. An entered value of a computed indicator replaces the system's figure, is shown as such, and must
name its source (``evaluation``). The income-growth gap is derived from the two growth figures as they finally
stand, so an entered 统计局 growth rate flows into it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum

from shoudi.assets import params as asset_params
from shoudi.cooperation.codes import FundSource as CoopFundSource
from shoudi.cooperation.codes import PairingKind
from shoudi.cooperation.models import Fund
from shoudi.core.access import in_area
from shoudi.employment.counts import covering_q
from shoudi.employment.labour_force import county_labour_q
from shoudi.employment.models import Work
from shoudi.keycounties.codes import Direction
from shoudi.markets.models import Purchase
from shoudi.monitoring.codes import EliminationKind
from shoudi.projects import workflow as project_workflow
from shoudi.projects.codes import FundSource, ProjectKind
from shoudi.projects.models import ProjectFunding
from shoudi.regions.models import Region
from shoudi.registry.models import Person
from shoudi.reports import sources
from shoudi.reports.generator import Generated, generate
from shoudi.reports.periods import Period
from shoudi.reports.queries import FORMER_POOR

COMPUTED, ENTERED = "computed", "entered"
HOW_LABELS = {COMPUTED: "系统计算", ENTERED: "填报"}
SIGNED_UNITS = ("%", "百分点")  # growth rates and gaps may be negative
ONE, TENTH, CENT = Decimal("1"), Decimal("0.1"), Decimal("0.01")
REPORT_CODES = (
    "former_poor_income_pc",
    "former_poor_income_growth",
    "rural_income_growth",
    "monitored_households",
    "eliminated_total",
    "at_risk_households",
)
KEY_COUNTY_MONITORING = (
    f"{sources.CENTRAL_OPINION}第六部分（十五）：确定一批国家乡村振兴重点帮扶县……建立跟踪监测评估；"
    f"{sources.GUANGXI_OPINION}第三部分（一）1：对乡村振兴重点帮扶县定期开展监测评估，"
    "对乡村振兴重点帮扶县农民收入开展监测调查"
)
FUNDS = (
    f"{sources.CENTRAL_OPINION}第七部分（十七）：保留并调整优化原财政专项扶贫资金……"
    "适当向国家乡村振兴重点帮扶县倾斜，并逐步提高用于产业发展的比例"
)
EAST_WEST = f"{sources.CENTRAL_OPINION}第六部分（十六）：定期对东西部协作和定点帮扶成效进行考核评价"
EMPLOYMENT = f"{sources.CENTRAL_OPINION}第四部分（七）“促进脱贫人口稳定就业”"


@dataclass
class Facts:
    """What the computed indicators of one county and year read; each query runs once (``once``)."""

    county: Region
    year: int
    today: dt.date
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        """The reference day: the year's last day, or today while the year runs."""
        return min(dt.date(self.year, 12, 31), self.today)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def report(self) -> Generated:
        def run() -> Generated:
            period = Period.year_of(self.year)
            return generate(self.county, period, codes=REPORT_CODES, today=self.today, rows=len(self.county.code))

        found: Generated = self.once("report", run)
        return found


@dataclass(frozen=True)
class Goal:
    """A target the figure is checked against instead of (or besides) last year's figure."""

    op: str  # ">" or ">="
    value: Decimal
    text: str

    def met(self, value: Decimal) -> bool:
        return value > self.value if self.op == ">" else value >= self.value


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    direction: str  # codes.Direction
    how: str  # COMPUTED or ENTERED
    definition: str  # how the figure is counted (口径)
    basis: str  # the document that asks for it
    compute: Callable[[Facts], Decimal | None] | None = None
    derive: tuple[str, str] | None = None  # the difference of two other indicators' final figures
    goal: Callable[[Facts], Goal | None] | None = None

    @property
    def how_label(self) -> str:
        return HOW_LABELS[self.how]

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)

    @property
    def signed(self) -> bool:
        return self.unit in SIGNED_UNITS


def _dec(value: Any, step: Decimal = CENT) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(step)


def _report(code: str, step: Decimal = CENT) -> Callable[[Facts], Decimal | None]:
    return lambda f: _dec(f.report().value(code), step)


def _eliminated(f: Facts) -> Decimal | None:
    report = f.report()
    return Decimal(sum(report.value("eliminated_total", None, kind) or 0 for kind in EliminationKind.values))


def _elimination_share(f: Facts) -> Decimal | None:
    monitored = f.report().value("monitored_households") or 0
    eliminated = _eliminated(f) or 0
    return _dec(100 * Decimal(eliminated) / Decimal(monitored), TENTH) if monitored else None


def _former_poor_labour(f: Facts) -> dict[str, int]:
    def run() -> dict[str, int]:
        working = Exists(Work.objects.filter(covering_q(f.day), person_id=OuterRef("pk")))
        qs = Person.objects.filter(county_labour_q(f.county.code, f.day), household__status__in=FORMER_POOR)
        return qs.annotate(w=working).aggregate(n=Count("id"), employed=Count("id", filter=Q(w=True)))

    found: dict[str, int] = f.once("former_poor_labour", run)
    return found


def _former_poor_employed(f: Facts) -> Decimal | None:
    return Decimal(_former_poor_labour(f)["employed"] or 0)


def _former_poor_employment_rate(f: Facts) -> Decimal | None:
    counts = _former_poor_labour(f)
    return _dec(100 * Decimal(counts["employed"]) / Decimal(counts["n"]), TENTH) if counts["n"] else None


def _industry_share(f: Facts) -> Decimal | None:
    funds = ProjectFunding.objects.filter(
        in_area("project__area_id", f.county.code),
        project__year=f.year,
        project__status__in=project_workflow.IN_PLAN,
        source=FundSource.CENTRAL,
    )
    totals = funds.aggregate(total=Sum("amount"), industry=Sum("amount", filter=Q(project__kind=ProjectKind.INDUSTRY)))
    if not totals["total"]:
        return None
    return _dec(100 * (totals["industry"] or 0) / totals["total"], TENTH)


def _wan(total: Any) -> Decimal:
    return (Decimal(total or 0) / 10000).quantize(CENT)


def _pairing_funds(kind: str, *, fiscal_only: bool) -> Callable[[Facts], Decimal | None]:
    """Funds of the county's pairings of ``kind`` for the year (the cooperation ledger), in 万元; none recorded:
    missing, so the county may enter the figure with its source."""

    def compute(f: Facts) -> Decimal | None:
        funds = Fund.objects.filter(in_area("pairing__area_id", f.county.code), pairing__kind=kind, year=f.year)
        if fiscal_only:
            funds = funds.filter(source=CoopFundSource.FISCAL)
        found = funds.aggregate(n=Count("id"), total=Sum("amount"))
        return _wan(found["total"]) if found["n"] else None

    return compute


def _consumption_sales(f: Facts) -> Decimal | None:
    """Purchases of the county's produce in the year (the 消费帮扶 ledger), in 万元; none recorded: missing."""
    found = Purchase.objects.filter(
        county_id=f.county.code, date__gte=dt.date(f.year, 1, 1), date__lte=dt.date(f.year, 12, 31)
    ).aggregate(n=Count("id"), total=Sum("amount"))
    return _wan(found["total"]) if found["n"] else None


def _industry_goal(f: Facts) -> Goal | None:
    target = asset_params.industry_fund_share(region_code=f.county.code, year=f.year)
    if target is None:
        return None
    percent = (target * 100).quantize(TENTH)
    return Goal(">=", percent, f"不低于政策参数“衔接资金用于产业发展比重”{percent}%，并逐年提高")


def _gap_goal(f: Facts) -> Goal:
    return Goal(">", Decimal(0), "脱贫人口收入增速高于农村居民（差值 > 0）")


H, L, N = "higher", "lower", "neutral"
INCOME_PC = "截至年末的12个月内，脱贫户（含不享受政策户）收入合计减生产经营性支出 ÷（有收支记录的人月数 ÷ 12）"
INDICATORS: list[IndicatorDef] = [
    IndicatorDef(
        "former_poor_income_pc", "脱贫人口人均纯收入", "元", H, COMPUTED, INCOME_PC, sources.INCOME_GROWTH,
        _report("former_poor_income_pc"),
    ),
    IndicatorDef(
        "former_poor_income_growth", "脱贫人口人均纯收入增速", "%", H, COMPUTED,
        "上项与前12个月同口径数值相比的增长率（年报“脱贫户人均纯收入增长”）", sources.INCOME_GROWTH,
        _report("former_poor_income_growth", TENTH),
    ),
    IndicatorDef(
        "rural_income_growth", "农村居民人均可支配收入增速", "%", H, COMPUTED,
        "政策参数“农村居民人均可支配收入”（统计部门公布）本年值较上年的增长率；统计部门对本县另有监测调查数的，填报替代",
        KEY_COUNTY_MONITORING, _report("rural_income_growth", TENTH),
    ),
    IndicatorDef(
        "income_growth_gap", "脱贫人口收入增速高于农村居民", "百分点", H, COMPUTED,
        "脱贫人口人均纯收入增速 − 农村居民人均可支配收入增速（两项以最终采用的数值计算）", sources.INCOME_GROWTH,
        derive=("former_poor_income_growth", "rural_income_growth"), goal=_gap_goal,
    ),
    IndicatorDef(
        "farmers_income_survey", "农民人均可支配收入（监测调查）", "元", H, ENTERED,
        "统计部门对本县农民收入的监测调查结果", KEY_COUNTY_MONITORING,
    ),
    IndicatorDef(
        "monitored_households", "累计纳入监测户数", "户", N, COMPUTED,
        "纳入监测日期不晚于年末的监测对象户数（含已消除风险）", sources.MONITORING, _report("monitored_households", ONE),
    ),
    IndicatorDef(
        "eliminated_households", "累计风险消除户数", "户", H, COMPUTED,
        "风险消除标注日期不晚于年末的户数（帮扶消除与自然消除之和）", sources.MONITORING, _eliminated,
    ),
    IndicatorDef(
        "elimination_share", "监测对象风险消除占比", "%", H, COMPUTED,
        "累计风险消除户数 ÷ 累计纳入监测户数", sources.MONITORING, _elimination_share,
    ),
    IndicatorDef(
        "at_risk_households", "风险未消除户数", "户", L, COMPUTED,
        "年末已纳入监测且未标注风险消除的户数", sources.MONITORING, _report("at_risk_households", ONE),
    ),
    IndicatorDef(
        "former_poor_employed", "脱贫劳动力务工就业人数", "人", H, COMPUTED,
        "年末（本年未结束的为今天）脱贫户中劳动年龄内、有劳动能力、非在校的成员，有覆盖该日的务工就业记录的人数",
        EMPLOYMENT, _former_poor_employed,
    ),
    IndicatorDef(
        "former_poor_employment_rate", "脱贫劳动力就业率", "%", H, COMPUTED,
        "上项 ÷ 脱贫户劳动力人数", EMPLOYMENT, _former_poor_employment_rate,
    ),
    IndicatorDef(
        "industry_fund_share", "中央衔接资金用于产业发展比重", "%", H, COMPUTED,
        "本年度列入计划（计划、实施、完工、验收、绩效评价）的项目中，中央衔接资金用于产业发展类项目的金额 ÷ 中央衔接资金合计",
        FUNDS, _industry_share, goal=_industry_goal,
    ),
    IndicatorDef(
        "east_west_funds", "东西部协作财政援助资金", "万元", H, COMPUTED,
        "协作台账中本县东西部协作结对计入本年度的财政援助资金合计", EAST_WEST,
        _pairing_funds(PairingKind.EAST_WEST, fiscal_only=True),
    ),
    IndicatorDef(
        "designated_support_funds", "定点帮扶单位投入（引进）资金", "万元", H, COMPUTED,
        "协作台账中本县定点帮扶结对计入本年度的各类资金合计（帮扶单位直接投入和帮助引进）", EAST_WEST,
        _pairing_funds(PairingKind.DESIGNATED, fiscal_only=False),
    ),
    IndicatorDef(
        "consumption_sales", "消费帮扶销售额", "万元", H, COMPUTED,
        "消费帮扶台账中本县产品本年度（按采购日期）的采购金额合计（预算单位采购、东西部协作、专柜专馆等）", EAST_WEST,
        _consumption_sales,
    ),
]  # fmt: skip
BY_CODE: dict[str, IndicatorDef] = {i.code: i for i in INDICATORS}
ENTERABLE = [(i.code, i.name) for i in INDICATORS if i.derive is None]


def indicator(code: str) -> IndicatorDef | None:
    return BY_CODE.get(code)
