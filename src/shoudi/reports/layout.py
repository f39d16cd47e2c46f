"""The fixed layout of the monthly and annual reports: tables of rows (townships, counties…) with a total.

A table is plain JSON (stored on the report, rendered as a page, a print page and an XLSX):
``{"key", "title", "head": [...], "units": [...], "rows": [[label, code, v…]], "total": [...], "note"}``.
"""

from __future__ import annotations

from typing import Any

from shoudi.monitoring import codes
from shoudi.monitoring.checks import CHECK_BY_NAME
from shoudi.reports.generator import ROW_NAME, Generated
from shoudi.reports.indicators import BY_CODE
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
            return f"{department or '未填部门'} · {rule or '未填规则'}"
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


def target_table(g: Generated) -> dict[str, Any]:
    rows = []
    for result in g.results.values():
        target = result.indicator.target
        if target is None:
            continue
        value = result.value()
        met = target.met(value)
        rows.append(
            [
                result.indicator.name,
                result.indicator.unit,
                value,
                target.value,
                target.text,
                target.year_label,
                "—" if met is None else ("是" if met else "否"),
                target.source,
            ]
        )
    head = ["目标指标", "单位", "本期值", "目标值", "目标要求", "目标年度", "是否达到", "依据"]
    return {"key": "targets", "title": "目标任务完成情况", "head": head, "units": [""] * 8, "rows": rows, "total": []}


def tables(g: Generated) -> list[dict[str, Any]]:
    quality_dims = g.results["quality_failures"].dims()
    quality = [("quality_failures", d, CHECK_BY_NAME[d].label if d in CHECK_BY_NAME else d) for d, _l in quality_dims]
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
        area_table(g, "quality", "数据质量问题（按检查项）", quality, note="取覆盖本区域的最近一次数据质量检查"),
        *_round_tables(g),
        target_table(g),
    ]


def _round_tables(g: Generated) -> list[dict[str, Any]]:
    """The 集中排查 section (rounds app) when a round ran over the area during the period."""
    table = round_table(g.area.code, g.row_length, g.rows, g.period.start, g.period.end)
    return [] if table is None else [table]


def content(g: Generated) -> dict[str, Any]:
    return {
        "area": {"code": g.area.code, "name": g.area.name},
        "period": {"key": g.period.key, "label": g.period.label},
        "data_time": g.data_time.isoformat(),
        "tables": tables(g),
    }


CHANNEL_LABELS = dict(codes.Channel.choices)
