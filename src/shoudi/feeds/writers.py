"""Files the intake writes: the template of each source (CSV, or XLSX with an explanation sheet) and the
rejected / unmatched rows of a batch (XLSX, the original cells with a first column saying why).

All through ``core.exports`` (streamed XLSX, UTF-8-with-BOM CSV, one formula guard)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from shoudi.core import exports
from shoudi.feeds.sources import CHOICE, ID, VILLAGE, Source

TEXT_KINDS = {ID, VILLAGE}
XLSX_TYPE = exports.XLSX_TYPE


def template_name(source: Source, fmt: str) -> str:
    return f"{source.label}模板.{fmt}"


def template_bytes(source: Source, fmt: str) -> bytes:
    """The template of ``source`` as ``csv`` (UTF-8 with BOM, header only) or ``xlsx``."""
    return exports.export_bytes(lambda book: _template_sheets(book, source), fmt)


def write_template(source: Source, path: str | Path) -> Path:
    path = Path(path)
    with exports.open_export(path, exports.format_of(path)) as book:
        _template_sheets(book, source)
    return path


def _template_sheets(book: exports.Workbook, source: Source) -> None:
    columns = []
    for column in source.columns:
        is_text = column.kind in TEXT_KINDS
        width = 22 if is_text else max(10, len(column.header) * 2 + 4)
        choices = tuple(column.values) if column.kind == CHOICE else ()
        columns.append(
            exports.Column(
                column.header, "text" if is_text else "auto", width, required=column.required, choices=choices
            )
        )
    book.sheet("数据", columns)
    if book.fmt == "csv":
        return
    intro = (
        f"{source.label}（报送部门：{source.department_label}；数据来源编号：{source.id}）。{source.note}"
        "第一行为列名，其下每行一条记录；列的顺序可以调整，不认识的列会被忽略。"
        "身份证号、村代码列请设为“文本”格式，以免末几位丢失。CSV 文件可用 UTF-8（带或不带 BOM）或 GB18030 编码。"
    )
    rows = []
    for column in source.columns:
        allowed = column.allowed
        if column.kind == CHOICE:
            synonyms = [s for spellings in column.values.values() for s in spellings if s not in column.values]
            if synonyms:
                allowed += f"（也可识别：{'、'.join(synonyms[:20])}）"
        rows.append((column.header, "必填" if column.required else "可不填", column.help, allowed))
    book.instructions(intro, rows, widths=(16, 10, 40, 60), intro_height=75)


def write_rows(path: str | Path, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Path:
    """``rows`` as an XLSX sheet under ``headers`` (every cell kept as the file had it, text guarded)."""
    path = Path(path)
    columns = [exports.Column("" if h is None else str(h), width=40 if i == 0 else None) for i, h in enumerate(headers)]
    with exports.open_export(path, "xlsx") as book:
        book.sheet("数据", columns).write_rows(rows)
    return path
