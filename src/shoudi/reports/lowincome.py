"""常态化帮扶 in the monthly and annual reports and on the dashboard: the rural low-income population by layer
(households and people, each household once in the total), the overlaps of layers (监测对象 ∩ 低保…), the period's
entries and exits, 低保 in its 渐退期, verifications overdue and 待落实 entitlements not delivered — by row.

The figures come from ``lowincome.counts`` (grouped queries, shared through ``Scope.once``): the layers held on
the period's last day (today while the period runs), the entries and exits within the period, the 待落实 items
open now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.lowincome import counts
from shoudi.lowincome.counts import FLOW_LAYERS, KINDS, LAYERS, PAIRS, Tally, pair_key, pair_label, short
from shoudi.reports.definitions import Indicator
from shoudi.reports.parts import N
from shoudi.reports.queries import Cells, Scope
from shoudi.reports.sources import CENTRAL_OPINION, FAKU_PLAN

S_LOWINCOME = "常态化帮扶"
ANY = "any"
SOURCE = f"{CENTRAL_OPINION}第五部分“健全农村低收入人口常态化帮扶机制”（十）加强农村低收入人口监测、（十一）分层分类实施社会救助"
FOLLOW_SOURCE = f"{FAKU_PLAN}第三部分（二）1：对已纳入兜底保障的脱贫人口按季度入户跟踪调查，确定继续保留、实施渐退保障或停止兜底保障"
ENTITLEMENT_SOURCE = f"{FAKU_PLAN}第二部分（三）1③、第三部分（三）1、3"
LAYER_DIMS = (*((layer, short(layer)) for layer in LAYERS), (ANY, "合计（去重）"))
PAIR_DIMS = tuple((pair_key(a, b), pair_label(a, b)) for a, b in PAIRS)
FLOW_DIMS = tuple((layer, short(layer)) for layer in FLOW_LAYERS)
KIND_LABELS = {
    "premium_subsidy": "医保缴费资助",
    "medical_assistance": "医疗救助",
    "university_grant": "大学新生资助",
    "tuition_support": "学费住宿费补助",
}
KIND_DIMS = tuple((kind, KIND_LABELS.get(kind, kind)) for kind in KINDS)


def reference_day(s: Scope) -> dt.date:
    return min(s.period.end, s.today)


def _tally(s: Scope, people: bool) -> Tally:
    both = s.once("lowincome_tallies", lambda: counts.layer_tallies(s.area, reference_day(s), s.group_len))
    return both[1 if people else 0]


def _by_layer(tally: Tally) -> Cells:
    cells: Cells = {}
    for g in tally.groups:
        for layer in LAYERS:
            cells[(g, layer)] = N(tally.count(layer, group=g))
        cells[(g, ANY)] = N(tally.count(group=g))
    return cells


def households(s: Scope) -> Cells:
    return _by_layer(_tally(s, people=False))


def people(s: Scope) -> Cells:
    return _by_layer(_tally(s, people=True))


def overlaps(s: Scope) -> Cells:
    tally = _tally(s, people=False)
    return {(g, pair_key(a, b)): N(tally.count(a, b, group=g)) for g in tally.groups for a, b in PAIRS}


def _flows(s: Scope) -> dict[tuple[str, str], int]:
    return s.once("lowincome_flows", lambda: counts.flows_by_group(s.area, s.period.start, s.period.end, s.group_len))


def entries(s: Scope) -> Cells:
    return {(g, key[3:]): N(n) for (g, key), n in _flows(s).items() if key.startswith("in_") and n}


def exits(s: Scope) -> Cells:
    return {(g, key[4:]): N(n) for (g, key), n in _flows(s).items() if key.startswith("out_") and n}


def _follow(s: Scope) -> dict[str, dict[str, int]]:
    return s.once("lowincome_follow", lambda: counts.follow_up_counts(s.area, reference_day(s), s.group_len))


def phasing_out(s: Scope) -> Cells:
    return {(g, ""): N(v["phasing_out"]) for g, v in _follow(s).items() if v["phasing_out"]}


def overdue(s: Scope) -> Cells:
    return {(g, ""): N(v["overdue"]) for g, v in _follow(s).items() if v["overdue"]}


def entitlements_open(s: Scope) -> Cells:
    return {key: N(n) for key, n in counts.open_entitlements(s.area, s.group_len).items()}


def indicators() -> list[Indicator]:
    def make(code: str, name: str, unit: str, formula: str, source: str, compute: Any, **kw: Any) -> Indicator:
        return Indicator(code, name, unit, formula, source, S_LOWINCOME, compute, **kw)

    on_day = "报告期末（报告期未结束的为今天）"
    return [
        make(
            "lowincome_households",
            "农村低收入人口户数（分层）",
            "户",
            f"{on_day}属于各类别的户数：低保、特困、低保边缘、刚性支出困难（台账在保，含渐退期）、"
            "防止返贫致贫监测对象（纳入监测、风险未消除）、脱贫户（基础数据库户类型）；合计按户去重",
            SOURCE,
            households,
            dims=LAYER_DIMS,
        ),
        make(
            "lowincome_people",
            "农村低收入人口人数（分层）",
            "人",
            "上述各类别户的家庭成员人数；合计按人去重",
            SOURCE,
            people,
            dims=LAYER_DIMS,
        ),
        make(
            "lowincome_overlaps",
            "同时属于两个类别的户数",
            "户",
            f"{on_day}同时属于两个类别的户数（如 监测对象∩低保）",
            SOURCE,
            overlaps,
            dims=PAIR_DIMS,
        ),
        make(
            "lowincome_entries",
            "本期新增（分层）",
            "户",
            "纳入日期在报告期内的台账类别；纳入监测日期在报告期内的监测对象",
            SOURCE,
            entries,
            dims=FLOW_DIMS,
        ),
        make(
            "lowincome_exits",
            "本期退出（分层）",
            "户",
            "退出日期在报告期内的台账类别；风险消除（结束）日期在报告期内的监测对象",
            SOURCE,
            exits,
            dims=FLOW_DIMS,
        ),
        make(
            "lowincome_phasing_out",
            "低保渐退期中户数",
            "户",
            f"{on_day}仍在低保渐退期内（渐退期截止日期未过）的户数",
            FOLLOW_SOURCE,
            phasing_out,
        ),
        make(
            "lowincome_overdue",
            "低收入人口核查超期",
            "户·类别",
            f"仍在保、下次核查日期早于{on_day}的台账类别数",
            FOLLOW_SOURCE,
            overdue,
            higher_is_better=False,
        ),
        make(
            "lowincome_entitlements_open",
            "待落实待遇",
            "项",
            "医保、教育部门数据未显示落实、尚未办结的低保、特困人员和脱贫户成员应享待遇项目（当前，各年度）",
            ENTITLEMENT_SOURCE,
            entitlements_open,
            dims=KIND_DIMS,
            higher_is_better=False,
        ),
    ]


def table_specs() -> list[tuple[str, str, list[tuple[str, str, str]], str]]:
    """The report's 常态化帮扶 tables: (key, title, columns (indicator, dim, header), note)."""

    def dims(code: str, pairs: tuple[tuple[str, str], ...], prefix: str = "") -> list[tuple[str, str, str]]:
        return [(code, key, f"{prefix}{label}") for key, label in pairs]

    layers = [
        *dims("lowincome_households", LAYER_DIMS, "户·"),
        *dims("lowincome_people", LAYER_DIMS, "人·"),
    ]
    follow = [
        *dims("lowincome_entries", FLOW_DIMS, "新增·"),
        *dims("lowincome_exits", FLOW_DIMS, "退出·"),
        ("lowincome_phasing_out", "", "渐退期中（户）"),
        ("lowincome_overdue", "", "核查超期"),
        *dims("lowincome_entitlements_open", KIND_DIMS, "待落实·"),
    ]
    return [
        ("lowincome_layers", "常态化帮扶·分层情况", layers, "一户可同时属于多个类别，合计按户（人）去重"),
        ("lowincome_overlaps", "常态化帮扶·交叉情况（户）", dims("lowincome_overlaps", PAIR_DIMS), ""),
        ("lowincome_follow", "常态化帮扶·进出、渐退、核查与待落实待遇", follow, "待落实待遇为当前尚未办结的项目"),
    ]


DASHBOARD_CODES = ["lowincome_households", "lowincome_phasing_out", "lowincome_overdue", "lowincome_entitlements_open"]


def tiles(g: Any) -> list[dict[str, Any]]:
    """The dashboard's 常态化帮扶 tiles (from a ``Generated`` that computed ``DASHBOARD_CODES``)."""
    value = g.value
    found = [("any", "低收入人口户数"), ("dibao", "低保户数"), ("tekun", "特困户数"), ("monitoring", "监测对象户数")]
    return [
        *({"key": key, "label": label, "value": value("lowincome_households", None, key)} for key, label in found),
        {"key": "phasing_out", "label": "渐退期中", "value": value("lowincome_phasing_out")},
        {"key": "overdue", "label": "核查超期", "value": value("lowincome_overdue")},
        {
            "key": "entitlements",
            "label": "待落实待遇",
            "value": sum(value("lowincome_entitlements_open", None, kind) for kind in KINDS),
        },
    ]
