"""The one exporter: rows streamed to XLSX or CSV, with one formula guard (``guard``).

``open_export(target, fmt, encoding)`` (a path or a binary file object) → ``book.sheet(title, columns, …)`` →
``sheet.write(row)`` / ``write_rows(rows)``. XLSX: xlsxwriter in ``constant_memory`` mode (a row goes to a temporary
file once the next starts; BytesIO targets too), strings never turned into numbers, formulas or links. CSV: one
sheet, UTF-8 with a BOM (Excel then reads Chinese) or GB18030 (older Excel). Text starting with = + - @, tab or CR
gets a leading apostrophe; numbers, Decimals and dates stay numbers and dates (negative numbers too).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
FORMATS = ("xlsx", "csv")
ENCODINGS = ("utf-8-sig", "gb18030")
KINDS = ("auto", "text", "int", "money", "date", "percent")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INSTRUCTIONS = "填写说明"
INSTRUCTION_HEADERS = ("列名", "是否必填", "说明", "可填写的值")
VALIDATION_ROWS = 100_000
CENT = Decimal("0.01")
NUMBER_FORMATS = {"money": "#,##0.00", "percent": "0.0"}
HEAD, REQUIRED_HEAD = "#E8EEF4", "#FCE4D6"
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
BLANK, TEXT, NUMBER, DATE = "blank", "text", "number", "date"
Row = Mapping[str, Any] | Sequence[Any]


class ExportError(ValueError):
    """The exporter was asked for something it cannot do (a second CSV sheet, an unknown format…)."""


def guard(value: Any) -> Any:
    """The formula guard: text starting with = + - @, tab or CR gets a leading ``'``; other values pass unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return GUARD + value
    return value


@dataclass(frozen=True)
class Column:
    """Header; kind (auto: by the value's type, text, int, money, date, percent); width in characters; ``key`` of
    rows given as mappings (default: the header); for templates ``required`` and drop-down ``choices``."""

    header: str
    kind: str = "auto"
    width: float | None = None
    key: str | None = None
    required: bool = False
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ExportError(f"unknown column kind {self.kind!r}; one of {', '.join(KINDS)}")

    @property
    def chars(self) -> float:
        return self.width or max(8, min(24, len(self.header) * 2 + 2))


def cell(value: Any, kind: str = "auto") -> tuple[str, Any]:
    """(blank|text|number|date, value): text guarded, Decimals and money to 2 places; a number is never made text
    and text never a number (a text in a money column stays text)."""
    if value is None or value == "":
        return BLANK, None
    if isinstance(value, bool):
        return TEXT, "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
            return TEXT, str(value)
        if isinstance(value, Decimal) or kind == "money":
            return NUMBER, Decimal(str(value)).quantize(CENT)
        return NUMBER, int(value) if kind == "int" and float(value).is_integer() else value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return DATE, value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return DATE, value
    return TEXT, guard(value if isinstance(value, str) else str(value))


def csv_text(value: Any, kind: str = "auto") -> str:
    """A value as the text of a CSV cell (guarded)."""
    what, v = cell(value, kind)
    if what == NUMBER:
        if isinstance(v, Decimal):
            return f"{v:.2f}"
        return str(int(v)) if isinstance(v, float) and v.is_integer() and kind != "percent" else str(v)
    if what == DATE:
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return "" if v is None else str(v)


def choice_list(column: Column) -> dict[str, Any]:
    """The drop-down validation of a template column (Excel takes at most 255 characters of choices inline)."""
    values = [str(v) for v in column.choices]
    if len(",".join(values)) > 255:
        raise ExportError(f"the choices of {column.header} exceed the 255 characters of an inline list")
    message = f"请从下拉列表中选择：{'、'.join(values)}"[:255]
    return {"validate": "list", "source": values, "error_type": "warning", "error_message": message}


class Sheet:
    """One sheet; rows go out as they are written. ``written`` counts the rows (not totals, titles or notes)."""

    def __init__(self, book: Workbook, columns: Sequence[Column], layout: dict[str, Any]) -> None:
        self.book, self.columns, self.notes, self.written = book, list(columns), list(layout["notes"]), 0
        self.kinds = [c.kind for c in self.columns]
        self.keys = [c.key or c.header for c in self.columns]
        self.styles: dict[tuple[str | None, bool, bool], Any] = {}
        self.borders, title_rows = layout["borders"], layout["title_rows"]
        self.next_row = len(title_rows) + 1
        if book.fmt == "csv":
            self.out = csv.writer(book.text)
            self.out.writerows([[csv_text(line)] for line in title_rows])
            self.out.writerow([csv_text(c.header) for c in self.columns])
            return
        self.ws = ws = book.xlsx.add_worksheet(book.sheet_name(layout["title"]))
        for row, line in enumerate(title_rows):
            style = book.style(bold=True, font_size=14, align="center") if row == 0 else book.style(font_color="#555")
            if row == 0 and len(self.columns) > 1:
                ws.merge_range(0, 0, 0, len(self.columns) - 1, guard(line), style)
            else:
                ws.write_string(row, 0, guard(line), style)
        head = len(title_rows)
        for col, column in enumerate(self.columns):
            ws.set_column(col, col, column.chars, book.style(num_format="@") if column.kind == "text" else None)
            bg = REQUIRED_HEAD if column.required else HEAD
            ws.write_string(head, col, guard(column.header), book.style(bold=True, bg_color=bg, border=1, wrap=True))
            if column.choices:
                ws.data_validation(head + 1, col, VALIDATION_ROWS, col, choice_list(column))
        ws.freeze_panes(head + 1, layout["freeze_columns"])

    def write(self, row: Row, *, total: bool = False) -> None:
        """A sequence in column order (cells beyond the columns are written as ``auto``) or a mapping by column
        key; ``total`` rows are bold and not counted."""
        self.emit([row.get(k) for k in self.keys] if isinstance(row, Mapping) else row, total=total)
        self.written += 0 if total else 1

    def write_rows(self, rows: Iterable[Row]) -> int:
        before = self.written
        for row in rows:
            self.write(row)
        return self.written - before

    def kind(self, col: int) -> str:
        return self.kinds[col] if col < len(self.kinds) else "auto"

    def style(self, number_format: str | None, total: bool, plain: bool) -> Any:
        key = (number_format, total, plain)
        if key not in self.styles:
            border = int(self.borders and not plain)
            self.styles[key] = self.book.style(num_format=number_format, bold=total, border=border)
        return self.styles[key]

    def emit(self, values: Sequence[Any], *, total: bool = False, plain: bool = False) -> None:
        if self.book.fmt == "csv":
            self.out.writerow([csv_text(v, self.kind(i)) for i, v in enumerate(values)])
            return
        row, ws = self.next_row, self.ws
        self.next_row += 1
        for col, value in enumerate(values):
            kind = self.kind(col)
            what, v = cell(value, kind)
            number_format = NUMBER_FORMATS.get(kind) if what == NUMBER else None
            if what == DATE:
                number_format = "yyyy-mm-dd hh:mm:ss" if isinstance(v, dt.datetime) else "yyyy-mm-dd"
            style = self.style(number_format, total, plain)
            if what == TEXT:
                ws.write_string(row, col, v, style)
            elif what == NUMBER:
                ws.write_number(row, col, float(v) if isinstance(v, Decimal) else v, style)
            elif what == DATE:
                ws.write_datetime(row, col, v, style)
            elif style is not None:
                ws.write_blank(row, col, None, style)

    def finish(self) -> None:
        """After the last row: a blank row, then the notes."""
        if self.notes:
            self.emit([])
            for note in self.notes:
                self.emit([note], plain=True)


class Workbook:
    """What ``open_export`` gives: ``sheet(…)`` per sheet (one for CSV), ``instructions(…)``, ``close()``."""

    def __init__(self, target: str | Path | IO[bytes], fmt: str = "xlsx", encoding: str = "utf-8-sig") -> None:
        if fmt not in FORMATS or encoding not in ENCODINGS:
            raise ExportError(f"unsupported export {fmt!r}/{encoding!r}; formats {FORMATS}, encodings {ENCODINGS}")
        self.fmt, self.closed, self.names, self.sheets = fmt, False, set[str](), list[Sheet]()
        self.formats: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.own_file = isinstance(target, str | Path)
        if fmt == "csv":
            if isinstance(target, str | Path):
                self.text: IO[str] = open(target, "w", encoding=encoding, newline="")  # noqa: SIM115 - see close()
            else:
                self.text = io.TextIOWrapper(target, encoding=encoding, newline="", write_through=True)
        else:
            options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
            name = str(target) if isinstance(target, Path) else target
            self.xlsx = xlsxwriter.Workbook(name, {"constant_memory": True, **options})

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet(
        self,
        title: str,
        columns: Sequence[Column],
        *,
        title_rows: Sequence[str] = (),
        notes: Sequence[str] = (),
        borders: bool = False,
        freeze_columns: int = 0,
    ) -> Sheet:
        """A sheet: title rows (the first merged and large), the header (frozen with ``freeze_columns``), the rows;
        the notes after a blank row. ``borders``: every data cell framed."""
        if self.fmt == "csv" and self.sheets:
            raise ExportError("CSV 文件只能有一个工作表；需要多个工作表请导出 XLSX")
        layout = {"title": title, "title_rows": title_rows, "notes": notes, "borders": borders}
        self.sheets.append(Sheet(self, columns, {**layout, "freeze_columns": freeze_columns}))
        return self.sheets[-1]

    def instructions(
        self,
        intro: str,
        rows: Iterable[Sequence[Any]],
        *,
        headers: Sequence[str] = INSTRUCTION_HEADERS,
        widths: Sequence[float] = (22, 8, 50, 60),
        footer: Iterable[Sequence[Any]] = (),
        intro_height: float = 60,
        title: str = INSTRUCTIONS,
    ) -> None:
        """The 填写说明 sheet of a template: an introduction, a row per column of the data sheet, footer rows."""
        if self.fmt == "csv":
            raise ExportError("CSV 文件不能包含填写说明工作表")
        ws = self.xlsx.add_worksheet(self.sheet_name(title))
        wrap, bold = self.style(wrap=True), self.style(bold=True)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.set_row(0, intro_height)
        ws.merge_range(0, 0, 0, max(len(headers) - 1, 1), guard(intro), wrap)
        for col, text in enumerate(headers):
            ws.write_string(2, col, guard(text), self.style(bold=True, bg_color=HEAD, border=1))
        lines = [(3 + n, values, None) for n, values in enumerate(rows)]
        lines += [(len(lines) + 4 + n, values, bold) for n, values in enumerate(footer)]
        for row, values, first in lines:
            for col, value in enumerate(values):
                if value not in (None, ""):
                    ws.write_string(row, col, guard(str(value)), wrap if col else first)

    def style(self, **props: Any) -> Any:
        """A cached xlsxwriter format, or None when it would say nothing; ``wrap`` also aligns to the top."""
        props = {k: v for k, v in props.items() if v}
        if props.pop("wrap", False):
            props.update(text_wrap=True, valign="top")
        key = tuple(sorted(props.items()))
        if props and key not in self.formats:
            self.formats[key] = self.xlsx.add_format(props)
        return self.formats.get(key)

    def sheet_name(self, title: str) -> str:
        """Excel's rules: no []:*?/\\, no apostrophe at either end, at most 31 characters, unique."""
        base = BAD_SHEET_CHARS.sub("", str(title)).strip("'")[:31] or "Sheet"
        name, n = base, 1
        while name.lower() in self.names:
            n += 1
            name = f"{base[: 30 - len(str(n))]}~{n}"
        self.names.add(name.lower())
        return name

    def close(self) -> None:
        """The notes, then the end of the file (a file object given stays open)."""
        if self.closed:
            return
        self.closed = True
        for sheet in self.sheets:
            sheet.finish()
        if self.fmt == "csv":
            self.text.flush()
            self.text.close() if self.own_file else self.text.detach()  # type: ignore[attr-defined]
            return
        self.xlsx.close()


def open_export(target: str | Path | IO[bytes], fmt: str = "xlsx", encoding: str = "utf-8-sig") -> Workbook:
    """A workbook writing to ``target`` (a path or a binary file object); use it in a ``with`` block."""
    return Workbook(target, fmt, encoding)


def export_bytes(build: Callable[[Workbook], object], fmt: str = "xlsx", encoding: str = "utf-8-sig") -> bytes:
    """The bytes of the export ``build(book)`` writes (for small downloads answered at once)."""
    buffer = io.BytesIO()
    with open_export(buffer, fmt, encoding) as book:
        build(book)
    return buffer.getvalue()


def format_of(path: str | Path) -> str:
    """``csv`` for a .csv path, else ``xlsx``."""
    return "csv" if Path(path).suffix.lower() == ".csv" else "xlsx"


def content_type(fmt: str, encoding: str = "utf-8-sig") -> str:
    if fmt == "csv":
        return f"text/csv; charset={'gb18030' if encoding == 'gb18030' else 'utf-8'}"
    return XLSX_TYPE
