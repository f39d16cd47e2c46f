"""Files the intake writes: the template of each source (CSV, or XLSX with an explanation sheet) and the
rejected / unmatched rows of a batch (XLSX, the original cells with a first column saying why)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from shoudi.feeds.sources import CHOICE, ID, VILLAGE, Source
from shoudi.registry.io.writers import neutralise

TEXT_KINDS = {ID, VILLAGE}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_name(source: Source, fmt: str) -> str:
    return f"{source.label}模板.{fmt}"


def template_bytes(source: Source, fmt: str) -> bytes:
    """The template of ``source`` as ``csv`` (UTF-8 with BOM, header only) or ``xlsx``."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow(source.headers)
        return buffer.getvalue().encode("utf-8-sig")
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    _template_sheets(book, source)
    book.close()
    return out.getvalue()


def write_template(source: Source, path: str | Path) -> Path:
    path = Path(path)
    fmt = "csv" if path.suffix.lower() == ".csv" else "xlsx"
    path.write_bytes(template_bytes(source, fmt))
    return path


def _template_sheets(book: Any, source: Source) -> None:
    data = book.add_worksheet("数据")
    notes = book.add_worksheet("填写说明")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, column in enumerate(source.columns):
        is_text = column.kind in TEXT_KINDS
        data.set_column(col, col, 22 if is_text else max(10, len(column.header) * 2 + 4), text if is_text else None)
        data.write_string(0, col, column.header, required if column.required else bold)
        if column.kind == CHOICE:
            values = list(column.values)
            data.data_validation(
                1,
                col,
                100_000,
                col,
                {
                    "validate": "list",
                    "source": values,
                    "error_type": "warning",
                    "error_message": f"请填写：{'、'.join(values)}"[:255],
                },
            )
    data.freeze_panes(1, 0)
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 10)
    notes.set_column(2, 2, 40)
    notes.set_column(3, 3, 60)
    intro = (
        f"{source.label}（报送部门：{source.department_label}；数据来源编号：{source.id}）。{source.note}"
        "第一行为列名，其下每行一条记录；列的顺序可以调整，不认识的列会被忽略。"
        "身份证号、村代码列请设为“文本”格式，以免末几位丢失。CSV 文件可用 UTF-8（带或不带 BOM）或 GB18030 编码。"
    )
    notes.merge_range(0, 0, 0, 3, intro, wrap)
    notes.set_row(0, 75)
    for col, title in enumerate(["列名", "是否必填", "说明", "可填写的值"]):
        notes.write_string(2, col, title, bold)
    for row, column in enumerate(source.columns, start=3):
        notes.write_string(row, 0, column.header)
        notes.write_string(row, 1, "必填" if column.required else "可不填")
        notes.write_string(row, 2, column.help, wrap)
        allowed = column.allowed
        if column.kind == CHOICE:
            synonyms = [s for spellings in column.values.values() for s in spellings if s not in column.values]
            if synonyms:
                allowed += f"（也可识别：{'、'.join(synonyms[:20])}）"
        notes.write_string(row, 3, allowed, wrap)


def write_rows(path: str | Path, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Path:
    """``rows`` as an XLSX sheet under ``headers`` (every cell kept as the file had it)."""
    path = Path(path)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("数据")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.set_column(0, 0, 40)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, str(header if header is not None else ""), bold)
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_string(r, col, "是" if value else "否")
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(r, col, float(value))
            elif isinstance(value, dt.date | dt.datetime):
                sheet.write_datetime(r, col, value, date)
            else:
                sheet.write_string(r, col, neutralise(str(value)))
    sheet.freeze_panes(1, 0)
    book.close()
    return path
