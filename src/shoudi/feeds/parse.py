"""Open a department export, find its columns (through a saved mapping) and read every row.

Nothing here writes. ``open_feed`` refuses whole files (not a spreadsheet, empty, too big, no data rows);
``resolve_columns`` refuses files missing a required column; ``parse_rows`` reads each row into canonical
values or into ``RowError``s naming the row and the column in Chinese.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shoudi.core.uploads import check_upload
from shoudi.feeds import normalise
from shoudi.feeds.sources import ID, VILLAGE, Column, Source
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import (
    OLE_MAGIC,
    SPREADSHEET_EXTENSIONS,
    ZIP_MAGIC,
    Table,
    _open_csv,
    _open_excel,
    max_bytes,
    max_rows,
)

Progress = Callable[[str, int, int], None]
PHASE_READ = "读取并校验每一行"
PROGRESS_EVERY = 2000
MAX_KEPT_ERRORS = 100_000

# Headers real exports use for the template's columns (besides a saved mapping).
ALIASES: dict[str, tuple[str, ...]] = {
    "身份证号": ("身份证号码", "公民身份号码", "公民身份证号", "证件号码", "身份证", "证件号"),
    "户主身份证号": ("户主身份证号码", "户主证件号码", "户主公民身份号码"),
    "姓名": ("名字", "人员姓名"),
    "村代码": ("行政村代码", "村级代码", "村区划代码"),
}


class FeedRefused(ImportRefused):
    """The whole file is refused; nothing is written."""


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_head(name: str, size: int, head: bytes) -> None:
    """The cheap checks, before the file is stored: empty, too big, not a spreadsheet."""
    if size == 0:
        raise FeedRefused(f"文件“{name}”是空文件，没有任何内容")
    if size > max_bytes():
        raise FeedRefused(f"文件“{name}”大小为{_mb(size)}，超过{_mb(max_bytes())}的上限，请拆分后分批上传")
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return
    if Path(name).suffix.lower() in SPREADSHEET_EXTENSIONS:
        raise FeedRefused(f"文件“{name}”不是有效的Excel文件（文件已损坏或只是改了扩展名）")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FeedRefused(f"文件“{name}”不是电子表格：请上传 .xlsx、.xls、.ods 或 .csv 文件")


def open_feed(path: str | Path, *, name: str = "") -> Table:
    path = Path(path)
    name = name or path.name
    if not path.exists():
        raise FeedRefused(f"找不到文件“{name}”")
    with open(path, "rb") as fh:
        head = fh.read(8192)
    check_head(name, path.stat().st_size, head)
    check_upload(path, name=name, deep=True, error=FeedRefused)  # a zip bomb, before the parser opens it
    table = _open_excel(path, name) if head.startswith((ZIP_MAGIC, OLE_MAGIC)) else _open_csv(path, name, head)
    if table.total <= 0:
        raise FeedRefused(f"文件“{name}”中没有数据行：第{table.header_row}行为列名，其下每行填写一条记录")
    if table.total > max_rows():
        raise FeedRefused(f"文件“{name}”有{table.total:,}行数据，超过单次上传{max_rows():,}行的上限，请拆分后分批上传")
    return table


def resolve_columns(source: Source, headers: Iterable[Any], mapping: dict[str, str] | None = None) -> dict[int, Column]:
    """File column index → template column. Raises ``FeedRefused`` naming every missing required column."""
    known: dict[str, str] = {}
    for column in source.columns:
        known[norm_header(column.header)] = column.header
        for alias in ALIASES.get(column.header, ()):
            known.setdefault(norm_header(alias), column.header)
    for theirs, target in (mapping or {}).items():
        if target in source.headers and norm_header(theirs):
            known[norm_header(theirs)] = target
    found: dict[int, Column] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        header_name = known.get(norm_header(header))
        if header_name and header_name not in taken:
            matched = source.column(header_name)
            assert matched is not None
            found[index] = matched
            taken.add(header_name)
    missing = [c.header for c in source.columns if c.required and c.header not in taken]
    if source.id_or_village and not taken & {c.header for c in source.columns if c.kind in (ID, VILLAGE)}:
        missing.insert(0, "户主身份证号或村代码")
    if missing:
        shown = "、".join(str(h) for h in headers if str(h or "").strip())[:300]
        raise FeedRefused(
            f"“{source.label}”文件缺少必需的列：{'、'.join(missing)}。文件中的列为：{shown or '（无）'}。"
            "请按模板填写列名，或先在“列对应关系”中设置本部门导出表的列名与模板列名的对应"
        )
    return found


@dataclass(slots=True)
class ParsedRow:
    row: int
    values: dict[str, Any]  # canonical FeedRecord field → value
    cells: list[Any]


@dataclass
class ParseResult:
    source: Source
    headers: list[Any]
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    bad_rows: dict[int, list[str]] = field(default_factory=dict)
    bad_cells: dict[int, list[Any]] = field(default_factory=dict)
    total: int = 0

    def error(self, row: int, column: str, message: str, cells: list[Any]) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(row, column, message))
        self.bad_rows.setdefault(row, []).append(f"{column}：{message}")
        self.bad_cells[row] = cells

    def period(self) -> tuple[Any, Any]:
        dates = [r.values["on"] for r in self.rows if r.values.get("on")]
        return (min(dates), max(dates)) if dates else (None, None)


def _blank(cells: list[Any]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def parse_rows(
    table: Table, source: Source, columns: dict[int, Column], progress: Progress | None = None
) -> ParseResult:
    result = ParseResult(source=source, headers=list(table.headers))
    report = progress or (lambda phase, done, total: None)
    report(PHASE_READ, 0, table.total)
    seen = 0
    for number, cells in table.rows():
        seen += 1
        if seen % PROGRESS_EVERY == 0:
            report(PHASE_READ, seen, table.total)
        if _blank(cells):
            continue
        result.total += 1
        values: dict[str, Any] = {}
        ok = True
        for index, column in columns.items():
            value = cells[index] if index < len(cells) else None
            try:
                values[column.field] = normalise.cell(column, value)
            except normalise.CellError as exc:
                result.error(number, column.header, str(exc), list(cells))
                ok = False
        if ok and source.id_or_village and not values.get("id_number") and not values.get("village_code"):
            result.error(number, "户主身份证号", "户主身份证号和村代码至少填一项", list(cells))
            ok = False
        if ok:
            result.rows.append(ParsedRow(number, values, list(cells)))
    report(PHASE_READ, table.total, table.total)
    return result
