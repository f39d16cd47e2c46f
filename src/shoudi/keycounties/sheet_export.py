"""The annual evaluation sheet of a key county as XLSX (``core.exports``): one row per indicator with this year's
and last year's figure, where each comes from, the direction or goal and whether it was met; then the support
measures of the year."""

from __future__ import annotations

from decimal import Decimal

from shoudi.core.exports import Column, Workbook, export_bytes
from shoudi.keycounties.codes import Direction
from shoudi.keycounties.evaluation import SheetRow
from shoudi.keycounties.models import KeyCounty, SupportMeasure

COLUMNS = [
    Column("指标", width=26),
    Column("单位", width=8),
    Column("本年数值", kind="auto", width=14),
    Column("数据来源", width=60),
    Column("上年数值", kind="auto", width=14),
    Column("方向", width=10),
    Column("评价依据", width=40),
    Column("评价结果", width=10),
    Column("政策依据", width=60),
]
MEASURE_COLUMNS = [
    Column("类别", width=12),
    Column("措施名称", width=30),
    Column("责任单位", width=16),
    Column("主要内容", width=50),
    Column("进展状态", width=10),
    Column("进展说明", width=40),
]


def _number(value: Decimal | None) -> Decimal | str:
    return "缺数据" if value is None else value


def evaluation_xlsx(key_county: KeyCounty, year: int, rows: list[SheetRow], measures: list[SupportMeasure]) -> bytes:
    title = f"{key_county.county.name}{year}年度{key_county.get_level_display()}评价表"

    def build(book: Workbook) -> None:
        sheet = book.sheet(
            "年度评价",
            COLUMNS,
            title_rows=[title, f"认定：{key_county.designated_year}年 {key_county.document_no}（{key_county.source}）"],
            notes=[
                "“系统计算”的数值由本系统按所列口径从监测、收入、就业、项目库数据计算；“填报”的数值由县乡村振兴部门"
                "按所列来源填报，替代系统计算值的已注明。",
                "评价：有目标的按目标评价，其余按指标方向与上年比较；缺数据的无法判断。",
            ],
            borders=True,
            freeze_columns=1,
        )
        for row in rows:
            item = row.figure.indicator
            sheet.write(
                [
                    item.name,
                    item.unit,
                    _number(row.figure.value),
                    row.figure.source_text,
                    _number(row.previous.value),
                    Direction(item.direction).label,
                    row.basis,
                    row.verdict_label,
                    item.basis,
                ]
            )
        listed = book.sheet("支持措施", MEASURE_COLUMNS, title_rows=[f"{key_county.county.name}{year}年度支持措施"])
        for m in measures:
            listed.write(
                [
                    m.get_category_display(),
                    m.title,
                    m.responsible_unit,
                    m.content,
                    m.get_status_display(),
                    m.progress_note,
                ]
            )

    return export_bytes(build)
