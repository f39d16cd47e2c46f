"""Files we write: the import template, exports, and the rejected rows of an import.

All of them go through ``core.exports``: XLSX streamed in xlsxwriter's ``constant_memory`` mode (rows go to disk
as they come), CSV in UTF-8 with a BOM so that Excel opens it with the right characters, and its one formula
guard (text starting with = + - @, tab or CR gets a leading apostrophe; the import takes it off again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from shoudi.core import exports
from shoudi.registry.io.columns import COLUMNS, PERSON, Column

TEXT_KINDS = {"code", "village", "id", "phone"}
DATA_SHEET = "农户成员"


def neutralise(text: str) -> str:
    """The formula guard of ``core.exports`` for one text."""
    return str(exports.guard(text))


class RowWriter:
    """Write rows to ``path`` as XLSX or CSV (by extension). Values: str, int, float, Decimal, bool, date, None."""

    def __init__(self, path: str | Path, headers: Sequence[str], *, text_columns: Iterable[int] = ()) -> None:
        self.path = Path(path)
        fmt = exports.format_of(self.path)
        self.csv = fmt == "csv"
        texts = set(text_columns)
        columns = [
            exports.Column("" if h is None else str(h), "text" if i in texts else "auto", 20 if i in texts else None)
            for i, h in enumerate(headers)
        ]
        self._book = exports.open_export(self.path, fmt)
        self._sheet = self._book.sheet(DATA_SHEET, columns)

    @property
    def rows(self) -> int:
        return self._sheet.written

    def write(self, values: Sequence[Any]) -> None:
        self._sheet.write(values)

    def close(self) -> None:
        self._book.close()


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


INTRO = (
    "每行填写一名家庭成员；同一户的各行填写相同的户编号，户的各列（户编号至户联系电话）在同户各行中须一致。"
    "按户编号匹配系统中已有农户、按身份证号匹配已有成员：相同则不变，不同则修改并记入变更历史；"
    "文件中未列出的已有成员保持不变。列的顺序可以调整，不认识的列会被忽略。"
)


def write_template(path: str | Path) -> Path:
    """The import template: the data sheet with headers (and drop-down lists), and 填写说明 (XLSX only)."""
    path = Path(path)
    fmt = exports.format_of(path)
    columns = []
    for column in COLUMNS:
        is_text = column.kind in TEXT_KINDS
        width = 20 if is_text else max(10, len(column.header) * 2 + 2)
        kind = "text" if is_text else "auto"
        columns.append(
            exports.Column(column.header, kind, width, required=column.required, choices=tuple(_choices(column)))
        )
    with exports.open_export(path, fmt) as book:
        book.sheet(DATA_SHEET, columns)
        if fmt == "xlsx":
            rows = [
                (
                    column.header,
                    "必填" if column.required else "",
                    f"（{'成员' if column.target == PERSON else '户'}）{column.help}".rstrip("（）"),
                    column.allowed,
                )
                for column in COLUMNS
            ]
            footer = [("性别、出生日期", "", "由身份证号推算，无需填写；导出文件中的“所在村”“性别”列导入时忽略")]
            book.instructions(INTRO, rows, widths=(22, 8, 50, 60), footer=footer)
    return path
