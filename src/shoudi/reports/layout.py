"""The fixed layout of the monthly and annual reports: tables of rows (townships, counties…) with a total.

A table is plain JSON (stored on the report, rendered as a page, a print page and an XLSX):
``{"key", "title", "head": [...], "units": [...], "rows": [[label, code, v…]], "total": [...], "note"}``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.monitoring import codes
from shoudi.monitoring.checks import CHECK_BY_NAME, CHECKS
from shoudi.reports import consumption, cooperation, employment, lowincome
from shoudi.reports.generator import ROW_NAME, Generated
from shoudi.reports.indicators import BY_CODE, INDICATORS
from shoudi.rounds.report import round_table

Column = tuple[str, str, str]  # (indicator code, dim, header)

LEAD_COLUMNS = ["received", "checked", "confirmed", "rejected"]


def _col(code: str, dim: str = "", header: str = "") -> Column:
    return (code, dim, header or BY_CODE[code].name)


def _dim_cols(code: str, prefix: str = "") -> list[Column]:
    indicator = BY_CODE[code]
    return [(code, key, f"{prefix}{label}") for key, label in (indicator.dims or ())]


def area_table(g: Generated, key: str, title: str, columns: list[Column], note: str = "") -> dict[str, Any]:
    head = [ROW_NAME.get(g.row_length, "区域"), "区划代码", *(c[2] for c in columns)]
    units = ["", "", *(BY_CODE[c[0]].unit for c in columns)]
    rows = [[r.name, r.code, *(g.value(c, r.code, d) for c, d, _h in columns)] for r in g.rows]
    total = ["合计", g.area.code, *(g.value(c, None, d) for c, d, _h in columns)]
    return {"key": key, "title": title, "head": head, "units": units, "rows": rows, "total": total, "note": note}


def dim_table(g: Generated, key: str, title: str, by: str, first: str) -> dict[str, Any]:
    """Leads: one row per channel (or department rule), the measures as columns."""
    codes_ = [f"leads_{m}_by_{by}" for m in LEAD_COLUMNS] + [f"leads_confirmation_rate_by_{by}"]
    result = g.results[codes_[0]]
    dims = result.dims()
    head = [first, *(BY_CODE[c].name.split("（")[0] for c in codes_)]
    units = ["", *(BY_CODE[c].unit for c in codes_)]

    def label(dim: str, text: str) -> str:
        if by == "rule":
            department, _sep, rule = dim.partition("|")
            return f"{department or '未填部门'} · {rule_name(rule)}"
        return text

    rows = [[label(d, text), *(g.value(c, None, d) for c in codes_)] for d, text in dims]
    total: list[Any] = ["合计"]
    for c in codes_:
        parts = [g.results[c].part(None, d) for d, _t in dims]
        present = [p for p in parts if p is not None]
        if not present:
            total.append(0 if BY_CODE[c].additive else None)
            continue
        merged = present[0]
        for p in present[1:]:
            merged = merged + p
        total.append(merged.value())
    return {"key": key, "title": title, "head": head, "units": units, "rows": rows, "total": total, "note": ""}


def rule_name(rule: str) -> str:
    """A department warning rule by its Chinese name (``medical_oop`` → 大额医疗自付)."""
    if not rule:
        return "未填规则"
    from shoudi.screening.rules import RULES_BY_ID  # ibis is loaded only when a report is built

    found = RULES_BY_ID.get(rule)
    return found.label if found is not None else f"其他规则（{rule}）"


def target_table(g: Generated) -> dict[str, Any]:
    """Each target against the value it has in the reported year: the year is the period's, the target value the
    milestone due by then (the plan's last one after it ends)."""
    year = g.period.year
    rows = []
    for result in g.results.values():
        target = result.indicator.target
        if target is None:
            continue
        value = result.value()
        wanted, _due, _text = target.milestone(year)
        met = target.met(value, year)
        rows.append(
            [
                result.indicator.name,
                result.indicator.unit,
                value,
                wanted,
                target.text_for(year),
                f"{year}年",
                "—" if met is None else ("是" if met else "否"),
                target.source,
            ]
        )
    head = ["目标指标", "单位", "本期值", "目标值", "目标要求", "报告年度", "是否达到", "依据"]
    return {
        "key": "targets",
        "title": f"目标任务完成情况（{g.period.label}）",
        "head": head,
        "units": [""] * 8,
        "rows": rows,
        "total": [],
    }


def quality_table(g: Generated) -> dict[str, Any]:
    """The latest data-quality run over the area: every check, by row, with the run's date; said when none ran."""
    found = [d for d, _l in g.results["quality_failures"].dims()]
    names = [c.name for c in CHECKS] + [d for d in found if d not in CHECK_BY_NAME]
    columns = [("quality_failures", n, CHECK_BY_NAME[n].label if n in CHECK_BY_NAME else n) for n in names]
    run = g.quality_run
    if run is None:
        note = "本区域尚未运行数据质量检查（“数据质量”页面或 shoudi quality run），下表各项为空"
        title = "数据质量问题（按检查项）"
    else:
        started = timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M")
        note = f"最近一次覆盖本区域的数据质量检查：检查基准日 {run.as_of:%Y-%m-%d}，运行于 {started}"
        title = f"数据质量问题（按检查项，{run.as_of:%Y-%m-%d}检查）"
    table = area_table(g, "quality", title, columns, note=note)
    if run is None:
        table["rows"] = [[*row[:2], *([None] * len(columns))] for row in table["rows"]]
        table["total"] = [*table["total"][:2], *([None] * len(columns))]
    else:
        table["run"] = {"as_of": run.as_of.isoformat(), "started_at": run.started_at.isoformat()}
    return table


def tables(g: Generated) -> list[dict[str, Any]]:
    return [
        area_table(
            g,
            "overview",
            "监测对象总体情况",
            [
                _col("monitored_households"),
                _col("monitored_people"),
                _col("at_risk_households"),
                _col("at_risk_people"),
                _col("new_households"),
                *_dim_cols("eliminated_households", "本期"),
                *_dim_cols("eliminated_total", "累计"),
                _col("returned_to_poverty"),
                _col("newly_poor"),
            ],
        ),
        area_table(
            g,
            "categories",
            "监测对象类型与风险类型",
            [*_dim_cols("monitored_by_category"), *_dim_cols("at_risk_by_risk", "风险未消除·")],
            note="风险类型一户可填多项，各列之和不等于户数",
        ),
        area_table(
            g,
            "assistance",
            "帮扶措施落实情况",
            [
                _col("risk_matched_share"),
                _col("development_share"),
                _col("no_labour_protected_share"),
                *_dim_cols("problems_open", "未解决·"),
            ],
            note="占比的合计行按合计的分子、分母重新计算",
        ),
        area_table(
            g,
            "identification",
            "识别时效",
            [
                _col("identification_days_median"),
                _col("identification_days_p90"),
                _col("identified_in_time_share", header=f"{g.identification_days}天内完成识别占比"),
                _col("identification_overdue"),
            ],
        ),
        dim_table(g, "leads_channel", "线索核实情况（按渠道）", "channel", "发现渠道"),
        dim_table(g, "leads_rule", "部门筛查预警线索（按部门·规则）", "rule", "预警部门 · 规则"),
        area_table(
            g,
            "income",
            "脱贫户收入情况",
            [_col("former_poor_income_pc"), _col("former_poor_income_growth"), _col("rural_income_growth")],
        ),
        quality_table(g),
        area_table(g, "supervision", "社会监督（投诉举报）", [*_dim_cols("complaints")]),
        *(area_table(g, key, title, cols, note) for key, title, cols, note in lowincome.table_specs()),
        *(area_table(g, key, title, cols, note) for key, title, cols, note in employment.table_specs()),
        *(area_table(g, key, title, cols, note) for key, title, cols, note in cooperation.table_specs()),
        *(area_table(g, key, title, cols, note) for key, title, cols, note in consumption.table_specs()),
        *_round_tables(g),
        target_table(g),
    ]


def _round_tables(g: Generated) -> list[dict[str, Any]]:
    """The 集中排查 section (rounds app) when a round ran over the area during the period."""
    table = round_table(g.area.code, g.row_length, g.rows, g.period.start, g.period.end)
    return [] if table is None else [table]


def versions_text(versions: dict[str, int]) -> str:
    """The indicator versions of a report by the indicators' Chinese names, in catalogue order."""
    known = [(i.name, versions[i.code]) for i in INDICATORS if i.code in versions]
    unknown = [(code, v) for code, v in sorted(versions.items()) if code not in BY_CODE]
    return "；".join(f"{name} 第{v}版" for name, v in [*known, *unknown])


def content(g: Generated) -> dict[str, Any]:
    return {
        "area": {"code": g.area.code, "name": g.area.name},
        "period": {"key": g.period.key, "label": g.period.label},
        "data_time": g.data_time.isoformat(),
        "tables": tables(g),
    }


CHANNEL_LABELS = dict(codes.Channel.choices)
