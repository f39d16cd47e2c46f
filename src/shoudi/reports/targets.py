"""The targets section of the indicator catalogue (目标任务): indicators with a target value, its milestones and
the document that sets it (``reports.sources``)."""

from __future__ import annotations

from shoudi.reports import employment
from shoudi.reports import queries as q
from shoudi.reports import sources as src
from shoudi.reports.definitions import Indicator, Target

S_TARGET = "目标任务"


RURAL_INCOME_STEPS = ((2021, 12100.0, "≥12,100元"), (2023, 14400.0, "≥14,400元"))


def targets() -> list[Indicator]:
    return [
        Indicator(
            "target_income_growth_gap",
            "脱贫户收入增速高于农村居民平均",
            "百分点",
            "脱贫户人均纯收入增长率 − 农村居民人均可支配收入增长率",
            src.INCOME_GROWTH,
            S_TARGET,
            lambda s: q.income_growth(s, gap=True),
            additive=False,
            version=2,  # 2: person-months ÷ 12, from the village income summary
            target=Target(0, 2025, ">", "增速高于农村居民平均（差值 > 0）", src.INCOME_GROWTH),
        ),
        Indicator(
            "target_rural_income_pc",
            "农户人均纯收入",
            "元",
            "截至期末的12个月内，全部农户收入合计减生产经营性支出 ÷（有收支记录的人月数 ÷ 12）",
            src.RURAL_INCOME,
            S_TARGET,
            lambda s: q.income_pc(s, former_poor=False),
            additive=False,
            version=2,  # 2: person-months ÷ 12, from the village income summary
            target=Target(17100, 2025, ">=", "≥17,100元", src.RURAL_INCOME, steps=RURAL_INCOME_STEPS),
        ),
        Indicator(
            "target_relocated_employment",
            "易地搬迁有劳动力户稳定就业占比",
            "%",
            f"有劳动力的易地扶贫搬迁户中，有成员全年务工{q.STABLE_WORK_MONTHS}个月以上的户数 ÷ 此类户数",
            src.RELOCATION_JOBS,
            S_TARGET,
            q.relocated_employment,
            additive=False,
            target=Target(100, None, ">=", "100%（一户一人以上稳定就业）", src.RELOCATION_JOBS),
        ),
        Indicator(
            "target_welfare_posts_relocated",
            "公益岗位用于搬迁群众占比",
            "%",
            "公益性岗位台账有聘用记录的：本年1月1日至报告期末上岗的聘用中易地扶贫搬迁劳动力的占比；"
            "尚无台账记录的：本年内有效的公益岗位帮扶措施中，受益户为易地扶贫搬迁户的占比",
            src.RELOCATION_POSTS,
            S_TARGET,
            employment.welfare_posts_relocated,
            additive=False,
            version=2,  # 2: the posts ledger (PostHolding) when the area has holdings
            target=Target(20, None, ">=", "≥20%", src.RELOCATION_POSTS),
        ),
    ]
