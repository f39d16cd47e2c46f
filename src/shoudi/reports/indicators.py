"""The indicator catalogue: named, versioned definitions (code, Chinese name, formula, unit, source).

Raise ``version`` whenever a formula changes; stored reports record the versions they were computed with.
Each ``compute`` is one grouped query (or a share of one) over the area — see ``queries``.
"""

from __future__ import annotations

from functools import partial

from shoudi.monitoring import codes
from shoudi.reports import consumption, cooperation, employment, lowincome, supervision
from shoudi.reports import queries as q
from shoudi.reports import sources as src
from shoudi.reports.definitions import Indicator, Target
from shoudi.reports.parts import Const, N
from shoudi.reports.targets import S_TARGET, targets

ALL = "*"  # a cell that holds for every row (a parameter of the whole area)

S_SIZE, S_HELP, S_ID, S_LEADS, S_INCOME, S_QUALITY = (
    "监测规模",
    "帮扶落实",
    "识别时效",
    "线索核实",
    "收入",
    "数据质量",
)
LEAD_MEASURE_NAMES = {"received": "收到", "checked": "已核实", "confirmed": "确认纳入", "rejected": "排除"}
# 确认纳入: the lead's case finished 纳入监测 (entered monitoring; later steps, elimination included, count too),
# not every case opened from a lead (version 2; version 1 counted leads turned into or joined to any case).
CONFIRMED = "所转为或并入的监测对象已完成纳入监测（含其后进入风险消除等环节的）"
LEAD_VERSIONS = {"confirmed": 2}


def _counts() -> list[Indicator]:
    return [
        Indicator(
            "monitored_households",
            "累计纳入监测户数",
            "户",
            "纳入监测日期不晚于期末的监测对象户数（含已消除风险）",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(q.entered(s)),
        ),
        Indicator(
            "monitored_people",
            "累计纳入监测人数",
            "人",
            "上述户的家庭成员人数",
            src.MONITORING,
            S_SIZE,
            lambda s: q.people_of(s, q.entered(s)),
        ),
        Indicator(
            "monitored_by_category",
            "累计纳入监测户数（按类型）",
            "户",
            "累计纳入监测户数，按监测对象类型分列",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(q.entered(s), "category"),
            dims=tuple(codes.Category.choices),
        ),
        Indicator(
            "at_risk_households",
            "风险未消除户数",
            "户",
            "期末已纳入监测且未标注风险消除的户数",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(q.at_risk(s)),
            higher_is_better=False,
        ),
        Indicator(
            "at_risk_people",
            "风险未消除人数",
            "人",
            "风险未消除户的家庭成员人数",
            src.MONITORING,
            S_SIZE,
            lambda s: q.people_of(s, q.at_risk(s)),
            higher_is_better=False,
        ),
        Indicator(
            "at_risk_by_risk",
            "风险未消除户数（按风险类型）",
            "户",
            "风险未消除户按所填风险类型分列（一户可有多项，合计不等于户数）",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(q.at_risk(s).filter(risks__code__in=q.RISK_TYPES), "risks__code"),
            dims=tuple(codes.RiskType.choices),
        ),
        Indicator(
            "new_households",
            "本期新纳入监测户数",
            "户",
            "纳入监测日期在本期内的户数",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(q.cases(s).filter(period_start__gte=s.period.start, period_start__lte=s.period.end)),
        ),
        Indicator(
            "eliminated_households",
            "本期风险消除户数",
            "户",
            "风险消除标注日期在本期内的户数，按帮扶消除、自然消除分列",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(
                q.cases(s)
                .filter(period_end__gte=s.period.start, period_end__lte=s.period.end)
                .exclude(elimination_kind=""),
                "elimination_kind",
            ),
            dims=tuple(codes.EliminationKind.choices),
        ),
        Indicator(
            "eliminated_total",
            "累计风险消除户数",
            "户",
            "风险消除标注日期不晚于期末的户数，按帮扶消除、自然消除分列",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(
                q.cases(s).filter(period_end__lte=s.period.end).exclude(elimination_kind=""), "elimination_kind"
            ),
            dims=tuple(codes.EliminationKind.choices),
        ),
        Indicator(
            "returned_to_poverty",
            "本期返贫户数",
            "户",
            "本期新纳入监测的脱贫户中，研判人均纯收入低于研判时监测范围的户数",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(_new_below_line(s).filter(household__status__in=q.FORMER_POOR)),
            higher_is_better=False,
        ),
        Indicator(
            "newly_poor",
            "本期新致贫户数",
            "户",
            "本期新纳入监测的一般农户中，研判人均纯收入低于研判时监测范围的户数",
            src.MONITORING,
            S_SIZE,
            lambda s: q.count(_new_below_line(s).exclude(household__status__in=q.FORMER_POOR)),
            higher_is_better=False,
        ),
    ]


def _new_below_line(s: q.Scope) -> q.QuerySet[q.Case]:
    qs = q.cases(s).filter(period_start__gte=s.period.start, period_start__lte=s.period.end)
    return qs.filter(assessed_income_pc__isnull=False, assessed_income_pc__lt=q.F("assessed_line"))


def _assistance() -> list[Indicator]:
    return [
        Indicator(
            "risk_matched_share",
            "风险均有对应措施的户占比",
            "%",
            "风险未消除户中，每项风险类型和问题都有一项对应类型的有效帮扶措施的户数 ÷ 风险未消除户数",
            src.MATCHED,
            S_HELP,
            lambda s: q.shares(q.at_risk(s), q.every_risk_matched()),
            additive=False,
        ),
        Indicator(
            "development_share",
            "落实开发式帮扶措施的户占比",
            "%",
            "风险未消除户中，有产业、就业或金融帮扶措施的户数 ÷ 风险未消除户数",
            src.DEVELOPMENT,
            S_HELP,
            lambda s: q.shares(q.at_risk(s), q.development_measure()),
            additive=False,
        ),
        Indicator(
            "no_labour_protected_share",
            "无劳动力户纳入综合保障占比",
            "%",
            "风险未消除且家中无劳动力的户中，有综合保障措施或有成员享受低保、特困供养的户数 ÷ 此类户数",
            src.SAFETY_NET,
            S_HELP,
            lambda s: q.shares(q.at_risk(s).filter(q.without_labour()), q.social_protection()),
            additive=False,
        ),
        Indicator(
            "problems_open",
            "“三保障”和饮水安全问题未解决户数",
            "户",
            "风险未消除户中，填有住房、义务教育、饮水、医疗保险问题的户数，按问题分列",
            src.PROBLEMS,
            S_HELP,
            lambda s: q.count(q.at_risk(s).filter(risks__code__in=q.PROBLEMS), "risks__code"),
            dims=tuple(codes.Problem.choices),
            higher_is_better=False,
        ),
    ]


def _identification() -> list[Indicator]:
    return [
        Indicator(
            "identification_days_median",
            "识别用时中位数",
            "天",
            "本期办结识别（纳入或不予纳入）的对象，从发现线索到纳入监测或作出不予纳入决定的天数，最近秩中位数",
            src.IDENTIFICATION,
            S_ID,
            lambda s: q.identification_dist(s, 0.5),
            additive=False,
            higher_is_better=False,
        ),
        Indicator(
            "identification_days_p90",
            "识别用时90%分位数",
            "天",
            "同上天数的最近秩90%分位数",
            src.IDENTIFICATION,
            S_ID,
            lambda s: q.identification_dist(s, 0.9),
            additive=False,
            higher_is_better=False,
        ),
        Indicator(
            "identified_in_time_share",
            "按期完成识别占比",
            "%",
            "本期办结识别的对象中，用时不超过政策参数“识别办结天数”（identification_days）的占比",
            src.IDENTIFICATION,
            S_ID,
            q.identification_in_time,
            additive=False,
        ),
        Indicator(
            "identification_overdue",
            "识别超期未办结数",
            "户",
            "当前仍在识别程序中、已超过识别办结期限的对象数（按当前状态）",
            src.IDENTIFICATION,
            S_ID,
            q.identification_overdue,
            higher_is_better=False,
        ),
    ]


def _leads() -> list[Indicator]:
    out = []
    for by, by_name, dims in (
        ("channel", "按渠道", tuple(codes.Channel.choices)),
        ("rule", "按部门预警规则", None),
    ):
        for measure, label in LEAD_MEASURE_NAMES.items():
            out.append(
                Indicator(
                    f"leads_{measure}_by_{by}",
                    f"线索{label}数（{by_name}）",
                    "条",
                    f"发现日期在本期内的线索中{label}的条数，{by_name}分列"
                    + (f"；确认纳入指{CONFIRMED}" if measure == "confirmed" else "")
                    + ("（部门筛查预警渠道，按预警部门·规则）" if by == "rule" else ""),
                    src.CHANNELS,
                    S_LEADS,
                    partial(q.lead_counts, by=by, measure=measure),
                    dims=dims,
                    version=LEAD_VERSIONS.get(measure, 1),
                )
            )
        out.append(
            Indicator(
                f"leads_confirmation_rate_by_{by}",
                f"线索确认率（{by_name}）",
                "%",
                f"确认纳入（{CONFIRMED}）的线索数 ÷ 已核实线索数",
                src.CHANNELS,
                S_LEADS,
                partial(q.lead_confirmation, by=by),
                dims=dims,
                additive=False,
                version=2,
            )
        )
    return out


def _income() -> list[Indicator]:
    return [
        Indicator(
            "former_poor_income_pc",
            "脱贫户人均纯收入",
            "元",
            "截至期末的12个月内，脱贫户（含不享受政策户）收入合计减生产经营性支出 ÷（有收支记录的人月数 ÷ 12）：某户只有6个月有记录，其成员按半年计",
            src.INCOME_GROWTH,
            S_INCOME,
            q.income_pc,
            additive=False,
            version=2,  # 2: person-months ÷ 12, from the village income summary
        ),
        Indicator(
            "former_poor_income_growth",
            "脱贫户人均纯收入增长",
            "%",
            "上项与前12个月同口径数值相比的增长率",
            src.INCOME_GROWTH,
            S_INCOME,
            q.income_growth,
            additive=False,
            version=2,  # 2: person-months ÷ 12, from the village income summary
        ),
        Indicator(
            "rural_income_growth",
            "农村居民人均可支配收入增长",
            "%",
            "政策参数“农村居民人均可支配收入”（rural_disposable_income）本年值较上年的增长率",
            "政策参数（统计部门公布）",
            S_INCOME,
            lambda s: {(ALL, ""): Const(s.rural_growth)},
            additive=False,
        ),
    ]


def _quality() -> list[Indicator]:
    return [
        Indicator(
            "quality_failures",
            "数据质量问题数",
            "条",
            "区域内最近一次数据质量检查（覆盖本区域）发现的问题数，按检查项分列",
            src.QUALITY,
            S_QUALITY,
            q.quality_failures,
            dims=None,
            higher_is_better=False,
        ),
    ]


INDICATORS: list[Indicator] = [*_counts(), *_assistance(), *_identification(), *_leads(), *_income(), *_quality()]
INDICATORS += supervision.indicators()
INDICATORS += lowincome.indicators()
INDICATORS += employment.indicators()
INDICATORS += cooperation.indicators()
INDICATORS += consumption.indicators()
INDICATORS += targets()
BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
SECTIONS = [
    S_SIZE,
    S_HELP,
    S_ID,
    S_LEADS,
    S_INCOME,
    S_QUALITY,
    supervision.S_SUPERVISION,
    lowincome.S_LOWINCOME,
    employment.S_EMPLOYMENT,
    cooperation.S_COOPERATION,
    consumption.S_CONSUMPTION,
    S_TARGET,
]


def versions(codes_: list[str] | None = None) -> dict[str, int]:
    return {i.code: i.version for i in INDICATORS if codes_ is None or i.code in codes_}


__all__ = ["ALL", "BY_CODE", "INDICATORS", "Indicator", "N", "Target", "versions"]
