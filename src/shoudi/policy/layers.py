"""The layers of the rural low-income population (分层分类): which a household qualifies for, and why.

Pure functions over the assessment's plain data, like ``policy.assessment`` (DOMAIN.md §6, §12; 国办发〔2023〕39号
as recalled there; seed 000, 003, 004). Every comparison is exact (``net < standard × members``) and the
reasons give the numbers compared; money is rounded only when shown.

| layer | qualifies |
| --- | --- |
| ``dibao`` 最低生活保障对象 | ``None`` — 民政 decides; a *candidate* when not held, property conditions met and per-capita net income below the annual 低保 standard (``dibao_standard_annual`` where a county publishes one, else 12 × ``dibao_standard_monthly``) |
| ``tekun`` 特困人员 | ``None`` — 民政 decides; a *candidate* when not held, property conditions met, every member counted without labour capacity and per-capita net income below the annual 低保 standard |
| ``dibao_edge`` 低保边缘家庭 | not 低保 or 特困 (held), property conditions met, per-capita net income below ``dibao_edge_ratio`` × the annual 低保 standard |
| ``rigid_hardship`` 刚性支出困难家庭 | none of the above (held, or qualifying as 低保边缘), property conditions met, per-capita net income below last year's ``rural_disposable_income``, and the window's medical and education spending less insurance payouts above 0 and at least ``rigid_hardship_share`` × the household's income |
| ``monitoring`` 防止返贫致贫监测对象 | the assessment gives a (potential) category: within the monitoring range, or 突发严重困难户 by rigid spending or an income drop — not excluded |

Without a 低保 standard (monthly or annual) for the region and date, ``dibao_edge`` and ``rigid_hardship`` are ``None`` (cannot be
decided) and no 低保 / 特困 candidate is named; without last year's disposable income, ``rigid_hardship`` is
``None``. The screening engine's expression (``lowincome.engine``) implements the same table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from shoudi.policy.assessment import Assessment, Measures
from shoudi.policy.facts import CATEGORY_LABELS, ZERO, HouseholdFacts, RigidKind, money, per_capita
from shoudi.policy.records import Resolved


class Layer(StrEnum):
    DIBAO = "dibao"
    TEKUN = "tekun"
    DIBAO_EDGE = "dibao_edge"
    RIGID_HARDSHIP = "rigid_hardship"
    MONITORING = "monitoring"
    FORMER_POOR = "former_poor"


LAYER_LABELS: dict[str, str] = {
    Layer.DIBAO: "最低生活保障对象",
    Layer.TEKUN: "特困人员",
    Layer.DIBAO_EDGE: "最低生活保障边缘家庭",
    Layer.RIGID_HARDSHIP: "刚性支出困难家庭",
    Layer.MONITORING: "防止返贫致贫监测对象",
    Layer.FORMER_POOR: "脱贫户",
}
SHORT_LABELS: dict[str, str] = {
    Layer.DIBAO: "低保",
    Layer.TEKUN: "特困",
    Layer.DIBAO_EDGE: "低保边缘",
    Layer.RIGID_HARDSHIP: "刚性支出困难",
    Layer.MONITORING: "监测对象",
    Layer.FORMER_POOR: "脱贫户",
}
# The layers the command line reports (contract v2), in this order.
CONTRACT_LAYERS: tuple[str, ...] = (
    Layer.DIBAO,
    Layer.TEKUN,
    Layer.DIBAO_EDGE,
    Layer.RIGID_HARDSHIP,
    Layer.MONITORING,
)
# Decided by 民政: a household that qualifies (or is a candidate) and does not hold one is referred (转介) to it.
CIVIL_AFFAIRS_LAYERS = frozenset({Layer.DIBAO, Layer.TEKUN, Layer.DIBAO_EDGE, Layer.RIGID_HARDSHIP})
BASIC_LIVING = frozenset({Layer.DIBAO, Layer.TEKUN})  # 兜底保障
RIGID_KINDS = frozenset({RigidKind.MEDICAL, RigidKind.EDUCATION})
MONTHS = Decimal(12)

# The parameters the layers read, with the defaults of those that have one (value, type, source).
LAYER_DEFAULTS: dict[str, tuple[Decimal, str, str]] = {
    "dibao_edge_ratio": (
        Decimal("1.5"),
        "decimal",
        "国办发〔2023〕39号：低保边缘家庭人均收入低于当地低保标准的1.5倍（据 DOMAIN.md §12 转述）",
    ),
    "rigid_hardship_share": (
        Decimal("0.5"),
        "decimal",
        "县级惯例：近12个月医疗、教育刚性支出（扣除理赔）达到家庭收入的50%即视为导致基本生活困难，各省标准不一",
    ),
}


@dataclass(frozen=True)
class Standards:
    """The layer parameters resolved for one region and date. ``disposable`` is last year's."""

    dibao_monthly: Resolved | None
    edge_ratio: Resolved
    disposable: Resolved | None
    rigid_share: Resolved
    dibao_yearly: Resolved | None = None  # a county that publishes its standard per year: it wins over 12 × monthly

    @property
    def dibao_annual(self) -> Decimal | None:
        if self.dibao_yearly is not None:
            return self.dibao_yearly.decimal
        return self.dibao_monthly.decimal * MONTHS if self.dibao_monthly is not None else None

    def dibao_source(self) -> str:
        """How the annual standard was reached, for the reasons: "450.00 元/月 × 12" or "按年公布"."""
        if self.dibao_yearly is not None:
            return "按年公布的标准"
        return f"{self.dibao_monthly.display()} 元/月 × 12" if self.dibao_monthly is not None else ""

    @property
    def used(self) -> tuple[Resolved, ...]:
        monthly = None if self.dibao_yearly is not None else self.dibao_monthly
        found = (self.dibao_yearly, monthly, self.edge_ratio, self.disposable, self.rigid_share)
        return tuple(r for r in found if r is not None)


@dataclass(frozen=True)
class Figures:
    """What the layers compare, for one household (also what the engine computes per household)."""

    members: int
    income: Decimal  # the four kinds over the window, before costs
    net_income: Decimal
    rigid: Decimal  # medical and education spending in the window less payouts, never below 0
    all_without_labour: bool
    property_ok: bool

    def below(self, amount: Decimal, standard: Decimal) -> bool:
        return amount < standard * self.members


@dataclass(frozen=True)
class LayerResult:
    code: str
    qualifies: bool | None
    holds: bool
    candidate: bool  # not held, and qualifies (or, for 低保 / 特困, income below the standard): refer or lead
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return LAYER_LABELS[self.code]

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "label": self.label,
            "qualifies": self.qualifies,
            "holds": self.holds,
            "candidate": self.candidate,
            "reasons": list(self.reasons),
        }


def rigid_spending(facts: HouseholdFacts, window: tuple[dt.date, dt.date]) -> Decimal:
    """Medical and education spending of the window less the window's insurance payouts, at least 0."""
    start, end = window
    spent = sum((e.amount for e in facts.rigid if e.kind in RIGID_KINDS and start <= e.month <= end), ZERO)
    paid = sum((e.amount for e in facts.payouts if start <= e.month <= end), ZERO)
    return max(ZERO, spent - paid)


def _holding(code: str, holds: Collection[str]) -> list[str]:
    return [f"现为{LAYER_LABELS[code]}"] if code in holds else []


def _pc(f: Figures) -> str:
    return money(per_capita(f.net_income, f.members))


def _dibao(f: Figures, s: Standards, holds: Collection[str]) -> LayerResult:
    held = Layer.DIBAO in holds
    reasons = _holding(Layer.DIBAO, holds)
    annual = s.dibao_annual
    candidate = False
    if annual is None:
        reasons.append("未设定农村低保标准（dibao_standard_monthly 或 dibao_standard_annual），无法比较")
    else:
        below = f.below(f.net_income, annual)
        reasons.append(
            f"人均纯收入 {_pc(f)} 元{'低于' if below else '不低于'}农村低保标准 {money(annual)} 元/年"
            f"（{s.dibao_source()}）"
        )
        if not f.property_ok:
            reasons.append("家庭财产状况不符合条件")
        candidate = not held and below and f.property_ok
    reasons.append("是否纳入低保由民政部门审核确认" + ("，建议转介民政部门" if candidate else ""))
    return LayerResult(Layer.DIBAO, None, held, candidate, tuple(reasons))


def _tekun(f: Figures, s: Standards, holds: Collection[str]) -> LayerResult:
    held = Layer.TEKUN in holds
    reasons = _holding(Layer.TEKUN, holds)
    annual = s.dibao_annual
    candidate = False
    if f.all_without_labour:
        reasons.append("计入的家庭成员均无劳动能力")
    else:
        reasons.append("家庭中有劳动能力的成员")
    if annual is None:
        reasons.append("未设定农村低保标准（dibao_standard_monthly 或 dibao_standard_annual），无法比较")
    else:
        below = f.below(f.net_income, annual)
        reasons.append(f"人均纯收入 {_pc(f)} 元{'低于' if below else '不低于'}农村低保标准 {money(annual)} 元/年")
        candidate = not held and below and f.all_without_labour and f.property_ok
    reasons.append("是否纳入特困人员救助供养由民政部门认定" + ("，建议转介民政部门" if candidate else ""))
    return LayerResult(Layer.TEKUN, None, held, candidate, tuple(reasons))


def _edge(f: Figures, s: Standards, holds: Collection[str]) -> LayerResult:
    held = Layer.DIBAO_EDGE in holds
    reasons = _holding(Layer.DIBAO_EDGE, holds)
    qualifies: bool | None
    annual = s.dibao_annual
    basic = [LAYER_LABELS[c] for c in (Layer.DIBAO, Layer.TEKUN) if c in holds]
    if basic:
        qualifies = False
        reasons.append(f"已是{'、'.join(basic)}，不属于低保边缘家庭")
    elif not f.property_ok:
        qualifies = False
        reasons.append("家庭财产状况不符合条件，不属于低保边缘家庭")
    elif annual is None:
        qualifies = None
        reasons.append(
            "未设定农村低保标准（dibao_standard_monthly 或 dibao_standard_annual），无法判断是否属于低保边缘家庭"
        )
    else:
        ratio = s.edge_ratio.decimal
        limit = annual * ratio
        qualifies = f.below(f.net_income, limit)
        reasons.append(
            f"人均纯收入 {_pc(f)} 元{'低于' if qualifies else '不低于'}低保标准的 {s.edge_ratio.display()} 倍"
            f"（{money(annual)} × {s.edge_ratio.display()} = {money(limit)} 元/年）"
            + ("，属于低保边缘家庭" if qualifies else "，不属于低保边缘家庭")
        )
    return LayerResult(Layer.DIBAO_EDGE, qualifies, held, bool(qualifies) and not held, tuple(reasons))


def _rigid(f: Figures, s: Standards, holds: Collection[str], edge: LayerResult) -> LayerResult:
    held = Layer.RIGID_HARDSHIP in holds
    reasons = _holding(Layer.RIGID_HARDSHIP, holds)
    qualifies: bool | None
    above = [LAYER_LABELS[c] for c in (Layer.DIBAO, Layer.TEKUN, Layer.DIBAO_EDGE) if c in holds]
    if above or edge.qualifies:
        qualifies = False
        reasons.append(f"已{'是' + '、'.join(above) if above else '符合低保边缘家庭条件'}，不属于刚性支出困难家庭")
    elif not f.property_ok:
        qualifies = False
        reasons.append("家庭财产状况不符合条件，不属于刚性支出困难家庭")
    elif edge.qualifies is None:
        qualifies = None
        reasons.append("未设定农村低保标准，无法先行排除低保边缘家庭，暂不判断")
    elif s.disposable is None:
        qualifies = None
        reasons.append("未设定上年度农村居民人均可支配收入（rural_disposable_income），无法判断")
    else:
        line = s.disposable.decimal
        low = f.below(f.net_income, line)
        share = s.rigid_share.decimal
        hard = f.rigid > ZERO and f.rigid >= share * f.income
        qualifies = low and hard
        reasons.append(
            f"人均纯收入 {_pc(f)} 元{'低于' if low else '不低于'}上年度农村居民人均可支配收入 "
            f"{s.disposable.display()} 元（{s.disposable.describe()}）"
        )
        reasons.append(
            f"医疗、教育刚性支出（扣除理赔）{money(f.rigid)} 元，{'达到' if hard else '未达到'}家庭收入 "
            f"{money(f.income)} 元的 {s.rigid_share.display()} 倍（{money(share * f.income)} 元）"
            + ("，属于刚性支出困难家庭" if qualifies else "，不属于刚性支出困难家庭")
        )
    return LayerResult(Layer.RIGID_HARDSHIP, qualifies, held, bool(qualifies) and not held, tuple(reasons))


def _monitoring(potential: str | None, excluded: bool, label: str, holds: Collection[str]) -> LayerResult:
    held = Layer.MONITORING in holds
    reasons = _holding(Layer.MONITORING, holds)
    if excluded:
        reasons.append("存在原则上不纳入监测的情形，不纳入监测")
    elif potential is None:
        reasons.append("收入和刚性支出均未落入监测范围")
    else:
        reasons.append(f"落入防止返贫致贫监测范围（{label}），经入户核实存在风险的按程序纳入监测")
    qualifies = potential is not None and not excluded
    return LayerResult(Layer.MONITORING, qualifies, held, qualifies and not held, tuple(reasons))


def classify_layers(
    f: Figures,
    s: Standards,
    *,
    potential_category: str | None,
    excluded: bool,
    category_label: str = "",
    holds: Collection[str] = frozenset(),
) -> tuple[LayerResult, ...]:
    """One result per layer of ``CONTRACT_LAYERS``, in that order. ``potential_category`` and ``excluded`` come
    from the monitoring assessment (``assessment.Verdict``)."""
    edge = _edge(f, s, holds)
    return (
        _dibao(f, s, holds),
        _tekun(f, s, holds),
        edge,
        _rigid(f, s, holds, edge),
        _monitoring(potential_category, excluded, category_label, holds),
    )


def property_ok_from(facts: HouseholdFacts) -> bool:
    """Property conditions from the registry's facts (a county's own 民政 rules may be stricter): no 享受型轿车,
    no truck or excavator, no commercial housing or shopfront, no business."""
    return not (facts.leisure_car or facts.truck_or_excavator or facts.commercial_property or facts.business)


def figures(facts: HouseholdFacts, m: Measures, *, property_ok: bool | None = None) -> Figures:
    """The figures of one household from its measures (``property_ok`` from the registry's facts if not given)."""
    return Figures(
        members=m.members_counted,
        income=m.income,
        net_income=m.net_income,
        rigid=rigid_spending(facts, m.window),
        all_without_labour=m.all_without_labour,
        property_ok=property_ok_from(facts) if property_ok is None else property_ok,
    )


def layers_of(
    facts: HouseholdFacts,
    assessment: Assessment,
    standards: Standards,
    *,
    holds: Collection[str] = frozenset(),
    property_ok: bool | None = None,
) -> tuple[LayerResult, ...]:
    """The layers of a household already assessed for monitoring."""
    v = assessment.verdict
    potential = v.potential_category
    return classify_layers(
        figures(facts, assessment.measures, property_ok=property_ok),
        standards,
        potential_category=potential,
        excluded=v.excluded,
        category_label=CATEGORY_LABELS[potential] if potential else "",
        holds=holds,
    )
