"""Builders of income files for the import tests: sheets of rows by header, written as XLSX or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from django.core.management import call_command

WIDE = ["户编号", "年度", "核算日期", "务工收入", "种植业收入", "低保金", "生产经营性支出", "医疗自付"]
LONG = ["户编号", "年度", "项目", "金额", "成员身份证号", "务工地点", "务工月数", *[f"{m}月" for m in range(1, 13)]]


def write_book(path: Path, sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> Path:
    """``{sheet name: (headers, rows)}`` → .xlsx (or the first sheet as .csv)."""
    if path.suffix == ".csv":
        headers, rows = next(iter(sheets.values()))
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(rows)
        return path
    book = xlsxwriter.Workbook(str(path))
    for name, (headers, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(headers))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
    book.close()
    return path


def wide(path: Path, rows: Sequence[Sequence[Any]], headers: Sequence[str] = WIDE) -> Path:
    return write_book(path, {"按户填写": (headers, rows)})


def run(path: Path, *args: str, username: str | None = "county") -> str:
    out = io.StringIO()
    argv = ["import", "income", str(path), "-v0", *args]
    if username:
        argv += ["--as", username]
    call_command(*argv, stdout=out)
    return out.getvalue()
