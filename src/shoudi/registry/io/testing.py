"""Builders of import files for tests and benchmarks: rows by header, written as XLSX or CSV."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from shoudi.registry.idnumber import make
from shoudi.registry.io.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]


def person_row(
    number: str,
    village: str,
    id_number: str,
    name: str,
    relationship: str = "户主",
    **extra: Any,
) -> dict[str, Any]:
    """One row (a member with the household columns) by Chinese header; ``extra`` uses headers too."""
    row: dict[str, Any] = {
        "户编号": number,
        "村代码": village,
        "户类型": "一般农户",
        "住房安全等级": "A级",
        "饮水安全": "是",
        "身份证号": id_number,
        "姓名": name,
        "与户主关系": relationship,
    }
    row.update(extra)
    return row


def household_rows(number: str, village: str, ids: Sequence[str], **household: Any) -> list[dict[str, Any]]:
    """A household: the first ID is the head, then spouse and children."""
    rels = ["户主", "配偶", "之子", "之女", "之子", "之女"]
    return [
        person_row(number, village, id_number, f"{number[-4:]}成员{i + 1}", rels[i % len(rels)], **household)
        for i, id_number in enumerate(ids)
    ]


def write_rows(
    path: str | Path,
    rows: Iterable[Mapping[str, Any]],
    *,
    headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8",
) -> Path:
    """Write rows by header to ``path`` (.xlsx, or .csv in ``encoding``: utf-8, utf-8-sig, gb18030)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for row in rows:
                writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
        return path
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("农户成员")
    sheet.write_row(0, 0, list(headers))
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            value = row.get(header)
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def ids(count: int, *, region: str = "520628", start: dt.date = dt.date(1960, 1, 1), sequence: int = 101) -> list[str]:
    """``count`` distinct valid IDs (one per day from ``start``)."""
    return [make(region, start + dt.timedelta(days=i), sequence) for i in range(count)]
