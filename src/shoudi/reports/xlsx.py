"""A report as an XLSX: one sheet per table, Chinese headers, frozen header row, numbers as numbers.

Written through ``core.exports`` (its formula guard covers every label, note and meta text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shoudi.core.exports import Column, Workbook, export_bytes

KIND_BY_UNIT = {"%": "percent", "元": "money"}


def workbook(title: str, tables: list[dict[str, Any]], *, meta: Sequence[tuple[str, str]] = ()) -> bytes:
    def build(book: Workbook) -> None:
        for n, table in enumerate(tables, 1):
            units = table.get("units") or []
            columns = []
            for col, text in enumerate(table["head"]):
                unit = units[col] if col < len(units) else ""
                header = f"{text}（{unit}）" if unit else text
                columns.append(Column(header, KIND_BY_UNIT.get(unit, "auto"), 14 if col else 18))
            note = table.get("note")
            sheet = book.sheet(f"{n}.{table['title']}", columns, notes=[f"注：{note}"] if note else ())
            sheet.write_rows(table["rows"])
            if table.get("total"):
                sheet.write(table["total"], total=True)
        info = book.sheet("说明", [Column("项目", width=30), Column("内容", width=30)], title_rows=[title])
        info.write_rows(meta)

    return export_bytes(build)
