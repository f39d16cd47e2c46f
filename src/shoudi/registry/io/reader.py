"""Open an uploaded table: XLSX / XLS / ODS through python-calamine, CSV in UTF-8 (with or without BOM),
GB18030 (what Chinese Excel writes) or UTF-16. Every refusal is a Chinese ``ImportRefused``."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from shoudi.core.uploads import check_upload
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
DATA_SHEET = "农户成员"
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
HEADER_SCAN_ROWS = 10
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
ID_MARKERS = frozenset({"身份证号", "身份证号码", "公民身份号码", "证件号码"})


def max_bytes() -> int:
    return int(getattr(settings, "SHOUDI_IMPORT_MAX_BYTES", MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "SHOUDI_IMPORT_MAX_ROWS", MAX_ROWS))


@dataclass
class Table:
    """Header and rows of the data sheet. ``rows()`` yields (row number as shown in the sheet, cells)."""

    path: Path
    kind: str  # "excel" or "csv"
    headers: list[Any]
    header_row: int
    total: int  # data rows below the header (blank rows included)
    encoding: str = ""
    delimiter: str = ","
    sheet: str = ""
    # the sheet as calamine loaded it when the file was checked (reading it costs seconds at 10⁵ rows)
    loaded: tuple[Any, int] | None = field(default=None, repr=False, compare=False)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        if self.kind == "csv":
            yield from self._csv_rows()
        else:
            yield from self._excel_rows()

    def _excel_rows(self) -> Iterator[tuple[int, list[Any]]]:
        sheet, offset = self.loaded or _open_sheet(self.path, self.sheet)
        for index, cells in enumerate(sheet.iter_rows()):
            number = offset + index + 1
            if number > self.header_row:
                yield number, cells

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        with open(self.path, encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            for index, cells in enumerate(reader):
                number = index + 1
                if number > self.header_row:
                    yield number, cells


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def open_table(path: str | Path, *, name: str = "") -> Table:
    """Check the file and find its header; nothing is read beyond what the checks need."""
    path = Path(path)
    name = name or path.name
    head, suffix = _check_file(path, name)
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        table = _open_excel(path, name)
    elif suffix in SPREADSHEET_EXTENSIONS:
        raise ImportRefused(f"文件“{name}”不是有效的Excel文件（文件已损坏或只是改了扩展名）")
    else:
        table = _open_csv(path, name, head)
    if table.total <= 0:
        raise ImportRefused(f"文件“{name}”中没有数据行：第{table.header_row}行为列名，其下每行填写一名成员")
    _check_rows(table, name)
    return table


def open_tables(
    path: str | Path, *, name: str = "", markers: frozenset[str], skip: frozenset[str] = frozenset()
) -> list[Table]:
    """Every worksheet (but those named in ``skip``) of a workbook, or the one table of a CSV, each with the header
    found by ``markers`` (normalised header names); sheets may be empty (``total`` ≤ 0). Same file checks as
    ``open_table``; the row limit counts the rows of all sheets together."""
    path = Path(path)
    name = name or path.name
    head, suffix = _check_file(path, name)
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            kinds = {m.name: str(m.typ) for m in workbook.sheets_metadata}
            names = [n for n in workbook.sheet_names if kinds.get(n, "WorkSheet").endswith("WorkSheet")]
            tables = [_excel_table(path, workbook.get_sheet_by_name(n), markers) for n in names if n not in skip]
        except ImportRefused:
            raise
        except Exception as exc:  # calamine raises several of its own types (ZipError, XmlError, PasswordError…)
            raise ImportRefused(f"无法读取文件“{name}”：不是有效的电子表格或设有密码（{type(exc).__name__}）") from None
    elif suffix in SPREADSHEET_EXTENSIONS:
        raise ImportRefused(f"文件“{name}”不是有效的Excel文件（文件已损坏或只是改了扩展名）")
    else:
        tables = [_open_csv(path, name, head, markers)]
    _check_rows(Table(path, "", [], 0, sum(max(t.total, 0) for t in tables)), name)
    return tables


def _check_rows(table: Table, name: str) -> None:
    if table.total > max_rows():
        raise ImportRefused(
            f"文件“{name}”有{table.total:,}行数据，超过单次导入{max_rows():,}行的上限，请拆分后分批导入"
        )


def _check_file(path: Path, name: str) -> tuple[bytes, str]:
    if not path.exists():
        raise ImportRefused(f"找不到文件“{name}”")
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(f"文件“{name}”是空文件，没有任何内容")
    if size > max_bytes():
        raise ImportRefused(f"文件“{name}”大小为{_mb(size)}，超过{_mb(max_bytes())}的上限，请拆分后分批导入")
    check_upload(path, name=name, deep=True, error=ImportRefused)  # a zip bomb, before any parser opens it
    with open(path, "rb") as fh:
        head = fh.read(8192)
    return head, path.suffix.lower() or Path(name).suffix.lower()


def _open_sheet(path: Path, wanted: str = "") -> tuple[Any, int]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    names = [m.name for m in workbook.sheets_metadata if str(m.typ).endswith("WorkSheet")] or workbook.sheet_names
    if wanted and wanted in names:
        name = wanted
    elif DATA_SHEET in names:
        name = DATA_SHEET
    else:
        name = names[0]
    sheet = workbook.get_sheet_by_name(name)
    start = sheet.start or (0, 0)
    return sheet, int(start[0])


def _open_excel(path: Path, name: str) -> Table:
    from python_calamine import PasswordError

    try:
        sheet, offset = _open_sheet(path)
    except PasswordError:
        raise ImportRefused(f"文件“{name}”设有打开密码，请取消密码后再上传") from None
    except Exception as exc:  # calamine raises several of its own types (ZipError, XmlError, …)
        raise ImportRefused(f"无法读取文件“{name}”：不是有效的电子表格（{type(exc).__name__}）") from None
    if int(sheet.height or 0) == 0:
        raise ImportRefused(f"文件“{name}”的工作表“{sheet.name}”是空的")
    return _excel_table(path, sheet, ID_MARKERS, offset)


def _excel_table(path: Path, sheet: Any, markers: frozenset[str], offset: int | None = None) -> Table:
    if offset is None:
        offset = int((sheet.start or (0, 0))[0])
    height = int(sheet.height or 0)
    scanned: list[tuple[int, list[Any]]] = []
    for index, cells in enumerate(sheet.iter_rows()):
        scanned.append((offset + index + 1, cells))
        if index + 1 >= HEADER_SCAN_ROWS:
            break
    header_row, headers = _find_header(scanned, markers)
    total = offset + height - header_row if height else 0
    return Table(
        path=path,
        kind="excel",
        headers=headers,
        header_row=header_row,
        total=total,
        sheet=sheet.name,
        loaded=(sheet, offset),
    )


def _find_header(scanned: list[tuple[int, list[Any]]], markers: frozenset[str] = ID_MARKERS) -> tuple[int, list[Any]]:
    """The header is the first of the top rows naming a marker column (the ID); else the first non-blank row."""
    for number, cells in scanned:
        names = {norm_header(c) for c in cells}
        if names & markers:
            return number, list(cells)
    for number, cells in scanned:
        if any(str(c).strip() for c in cells):
            return number, list(cells)
    return (scanned[0][0] if scanned else 1), []


def detect_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (BOM or not) if the whole file decodes as UTF-8, else GB18030; UTF-16 by its BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _open_csv(path: Path, name: str, head: bytes, markers: frozenset[str] = ID_MARKERS) -> Table:
    encoding = detect_encoding(path, head)
    if encoding != "utf-16" and b"\x00" in head:
        raise ImportRefused(f"文件“{name}”不是电子表格：请上传 .xlsx、.xls、.ods 或 .csv 文件")
    try:
        with open(path, encoding=encoding, newline="") as fh:
            first_line = fh.readline()
            delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
            fh.seek(0)
            reader = csv.reader(fh, delimiter=delimiter)
            scanned: list[tuple[int, list[Any]]] = []
            count = 0
            for count, cells in enumerate(reader, start=1):
                if count <= HEADER_SCAN_ROWS:
                    scanned.append((count, cells))
                if count > max_rows() + HEADER_SCAN_ROWS:
                    break
    except UnicodeDecodeError:
        raise ImportRefused(f"文件“{name}”的文字编码无法识别，请另存为UTF-8或GB18030编码的CSV") from None
    except csv.Error as exc:
        raise ImportRefused(f"文件“{name}”不是有效的CSV文件：{exc}") from None
    header_row, headers = _find_header(scanned, markers)
    return Table(
        path=path,
        kind="csv",
        headers=headers,
        header_row=header_row,
        total=count - header_row,
        encoding=encoding,
        delimiter=delimiter,
    )
