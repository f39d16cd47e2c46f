"""A report as an XLSX: one sheet per table, Chinese headers, frozen header row, numbers as numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import xlsxwriter

INVALID = re.compile(r"[\[\]:*?/\\]")


def _safe(value: Any) -> Any:
    """Text that a spreadsheet could read as a formula (=, +, -, @) is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook(title: str, tables: list[dict[str, Any]], *, meta: Sequence[tuple[str, str]] = ()) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    head = book.add_format({"bold": True, "bg_color": "#E8EEF5", "border": 1, "text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True})
    used: set[str] = set()
    for n, table in enumerate(tables, 1):
        name = INVALID.sub("", f"{n}.{table['title']}")[:31]
        while name in used:
            name = name[:29] + f"{n:02d}"
        used.add(name)
        sheet = book.add_worksheet(name)
        units = table.get("units") or []
        for col, text in enumerate(table["head"]):
            unit = units[col] if col < len(units) else ""
            sheet.write_string(0, col, f"{text}（{unit}）" if unit else text, head)
            sheet.set_column(col, col, 14 if col else 18)
        row = 1
        for values in table["rows"]:
            _write_row(sheet, row, values)
            row += 1
        if table.get("total"):
            _write_row(sheet, row, table["total"], bold)
            row += 1
        if table.get("note"):
            sheet.write_string(row + 1, 0, f"注：{table['note']}")
        sheet.freeze_panes(1, 0)
    info = book.add_worksheet("说明")
    info.write_string(0, 0, title, bold)
    for i, (key, value) in enumerate(meta, 1):
        info.write_string(i, 0, key)
        info.write_string(i, 1, value)
    info.set_column(0, 1, 30)
    book.close()
    return buffer.getvalue()


def _write_row(sheet: Any, row: int, values: list[Any], fmt: Any = None) -> None:
    for col, value in enumerate(values):
        if value is None:
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            sheet.write_string(row, col, "是" if value else "否", fmt)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(_safe(value)), fmt)
