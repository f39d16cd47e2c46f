"""Files we write: the import template, exports, and the rejected rows of an import.

XLSX is streamed with xlsxwriter's ``constant_memory`` mode (rows go to disk as they come); CSV is UTF-8
with a BOM so that Excel opens it with the right characters. Every text cell that a spreadsheet could
take for a formula (starting with = + - @, tab or CR) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from shoudi.registry.io.columns import COLUMNS, FORMULA_PREFIXES, PERSON, Column

TEXT_KINDS = {"code", "village", "id", "phone"}
DATA_SHEET = "农户成员"


def neutralise(text: str) -> str:
    return "'" + text if text and text[0] in FORMULA_PREFIXES else text


class RowWriter:
    """Write rows to ``path`` as XLSX or CSV (by extension). Values: str, int, float, Decimal, bool, date, None."""

    def __init__(self, path: str | Path, headers: Sequence[str], *, text_columns: Iterable[int] = ()) -> None:
        self.path = Path(path)
        self.csv = self.path.suffix.lower() == ".csv"
        self.rows = 0
        if self.csv:
            self._fh = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
            self._csv = csv.writer(self._fh)
            self._csv.writerow([neutralise(str(h)) for h in headers])
            return
        self._book = xlsxwriter.Workbook(str(self.path), {"constant_memory": True, "strings_to_numbers": False})
        self._sheet = self._book.add_worksheet(DATA_SHEET)
        bold = self._book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
        self._text = self._book.add_format({"num_format": "@"})
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        text_columns = set(text_columns)
        for index, header in enumerate(headers):
            width = max(8, min(24, len(str(header)) * 2 + 2))
            is_text = index in text_columns
            self._sheet.set_column(index, index, 20 if is_text else width, self._text if is_text else None)
        self._sheet.freeze_panes(1, 0)
        for col, header in enumerate(headers):
            self._sheet.write_string(0, col, str(header), bold)

    def write(self, values: Sequence[Any]) -> None:
        self.rows += 1
        if self.csv:
            self._csv.writerow([_csv_cell(v) for v in values])
            return
        row, sheet = self.rows, self._sheet
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(row, col, neutralise(value))
            elif isinstance(value, bool):
                sheet.write_string(row, col, "是" if value else "否")
            elif isinstance(value, int | float):
                sheet.write_number(row, col, value)
            elif isinstance(value, Decimal):
                sheet.write_number(row, col, float(value))
            elif isinstance(value, dt.date | dt.datetime):
                sheet.write_datetime(row, col, value, self._date)
            else:
                sheet.write_string(row, col, neutralise(str(value)))

    def close(self) -> None:
        if self.csv:
            self._fh.close()
        else:
            self._book.close()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return neutralise(str(value))


def text_columns(headers: Sequence[str]) -> list[int]:
    kinds = {c.header: c.kind for c in COLUMNS}
    return [i for i, h in enumerate(headers) if kinds.get(h) in TEXT_KINDS]


# -- the template --------------------------------------------------------------------------------------
def _choices(column: Column) -> list[str]:
    if column.kind == "bool":
        return ["是", "否"]
    if column.kind.startswith("choice"):
        return [str(label) for _value, label in column.model_field().flatchoices]
    return []


def write_template(path: str | Path) -> Path:
    """The import template: the data sheet with headers (and drop-down lists), and 填写说明."""
    path = Path(path)
    headers = [c.header for c in COLUMNS]
    if path.suffix.lower() == ".csv":
        writer = RowWriter(path, headers)
        writer.close()
        return path
    book = xlsxwriter.Workbook(str(path))
    data = book.add_worksheet(DATA_SHEET)
    notes = book.add_worksheet("填写说明")
    lists = book.add_worksheet("代码表")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, column in enumerate(COLUMNS):
        is_text = column.kind in TEXT_KINDS
        data.set_column(col, col, 20 if is_text else max(10, len(column.header) * 2 + 2), text if is_text else None)
        data.write_string(0, col, column.header, required if column.required else bold)
        values = _choices(column)
        if values:
            lists.write_string(0, col, column.header, bold)
            for i, value in enumerate(values, start=1):
                lists.write_string(i, col, value)
            letter = xlsxwriter.utility.xl_col_to_name(col)
            data.data_validation(
                1,
                col,
                100_000,
                col,
                {
                    "validate": "list",
                    "source": f"='代码表'!${letter}$2:${letter}${len(values) + 1}",
                    "error_type": "warning",
                    "error_message": f"请从下拉列表中选择：{'、'.join(values)}"[:255],
                },
            )
    data.freeze_panes(1, 0)
    lists.hide()
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 8)
    notes.set_column(2, 2, 50)
    notes.set_column(3, 3, 60)
    intro = (
        "每行填写一名家庭成员；同一户的各行填写相同的户编号，户的各列（户编号至户联系电话）在同户各行中须一致。"
        "按户编号匹配系统中已有农户、按身份证号匹配已有成员：相同则不变，不同则修改并记入变更历史；"
        "文件中未列出的已有成员保持不变。列的顺序可以调整，不认识的列会被忽略。"
    )
    notes.merge_range(0, 0, 0, 3, intro, wrap)
    notes.set_row(0, 60)
    for col, title in enumerate(["列名", "是否必填", "说明", "可填写的值"]):
        notes.write_string(2, col, title, bold)
    for row, column in enumerate(COLUMNS, start=3):
        target = "成员" if column.target == PERSON else "户"
        notes.write_string(row, 0, column.header)
        notes.write_string(row, 1, "必填" if column.required else "")
        notes.write_string(row, 2, f"（{target}）{column.help}".rstrip("（）"), wrap)
        notes.write_string(row, 3, column.allowed, wrap)
    last = len(COLUMNS) + 4
    notes.write_string(last, 0, "性别、出生日期", bold)
    notes.write_string(last, 2, "由身份证号推算，无需填写；导出文件中的“所在村”“性别”列导入时忽略", wrap)
    book.close()
    return path
