"""What the markets imports share (消费帮扶 ``import_products``, ``import_purchases``; 滞销预警 ``produce_import``,
``produce_growers_import``): reading the sheet with the
registry's reader (XLSX/XLS/ODS through python-calamine, CSV in UTF-8 or GB18030, with its size, type and encoding
checks), the refusal that lists every bad row as "第N行 列名：问题", and the template workbook (header with required columns marked, an example row, the 填写说明 sheet), and the
worker's run of one import job (``run_import``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from shoudi.core import exports
from shoudi.core.access import Capability
from shoudi.employment.import_openings import cell_text
from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress
from shoudi.jobs.services import JobError
from shoudi.markets.access import may
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import open_tables

MAX_ERRORS = 200
T = TypeVar("T")


class RowsRefused(ValidationError):
    """Some rows are bad: nothing was written; ``errors`` lists them."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__([str(e) for e in errors[:MAX_ERRORS]])


@dataclass(frozen=True)
class Sheet:
    """One import's columns: header → key, the required headers, the marker column, the row limit."""

    what: str  # 产品 / 采购记录
    columns: dict[str, str]
    required: tuple[str, ...]
    marker: str
    max_rows: int

    @property
    def header_of(self) -> dict[str, str]:
        return {key: header for header, key in self.columns.items()}


def read_rows(sheet: Sheet, path: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    markers = frozenset({norm_header(sheet.marker)})
    key_of = {norm_header(h): k for h, k in sheet.columns.items()}
    tables = [t for t in open_tables(path, name=name, markers=markers) if t.total > 0]
    table = next((t for t in tables if markers & {norm_header(h) for h in t.headers}), None)
    if table is None:
        raise ImportRefused(f"文件“{name}”中找不到“{sheet.marker}”列（请使用{sheet.what}导入模板）")
    header = [norm_header(h) for h in table.headers]
    missing = [h for h in sheet.required if norm_header(h) not in header]
    if missing:
        raise ImportRefused(f"文件“{name}”缺少列：{'、'.join(missing)}（请使用{sheet.what}导入模板）")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in table.rows():
        values = {key_of[h]: cell_text(v) for h, v in zip(header, cells, strict=False) if h in key_of}
        if any(values.values()):
            if len(rows) >= sheet.max_rows:
                raise ImportRefused(f"文件“{name}”超过{sheet.max_rows:,}行{sheet.what}，请拆分后分批导入")
            rows.append((number, values))
    if not rows:
        raise ImportRefused(f"文件“{name}”中没有{sheet.what}数据行")
    return rows


def check_rows(
    sheet: Sheet, rows: list[tuple[int, dict[str, str]]], check: Callable[[int, dict[str, str]], T]
) -> list[T]:
    """``check`` every row; any ValidationError becomes "第N行 列名：问题" and, at the end, the refusal."""
    plan: list[T] = []
    errors: list[RowError] = []
    header_of = sheet.header_of
    for number, row in rows:
        try:
            plan.append(check(number, row))
        except ValidationError as exc:
            items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
            for key, messages in items:
                for message in messages:
                    errors.append(RowError(number, header_of.get(key, "整行" if key == "__all__" else key), message))
    if errors:
        raise RowsRefused(errors)
    return plan


def template_bytes(
    sheet: Sheet,
    example: dict[str, str],
    choices: dict[str, Sequence[str]],
    intro: str,
    notes: list[tuple[str, str, str, str]],
) -> bytes:
    def build(book: exports.Workbook) -> None:
        columns = [
            exports.Column(header, "text", required=header in sheet.required, choices=tuple(choices.get(header, ())))
            for header in sheet.columns
        ]
        book.sheet(sheet.what, columns).write(example)
        book.instructions(intro, notes)

    return exports.export_bytes(build)


def first_errors(exc: RowsRefused) -> list[str]:
    return [str(e) for e in exc.errors[:MAX_ERRORS]]


def refusal_text(exc: Any) -> str:
    if isinstance(exc, RowsRefused):
        shown = "；".join(first_errors(exc)[:20])
        more = f"（共 {len(exc.errors)} 处，仅列前20处）" if len(exc.errors) > 20 else ""
        return f"有 {len(exc.errors)} 处错误，未导入任何数据：{shown}{more}"
    return str(exc)


def run_import(
    job: Job,
    progress: Progress,
    *,
    imports: Mapping[str, Callable[..., Any]],
    labels: Mapping[str, str],
    capability: Capability,
) -> dict[str, Any]:
    """The worker's run of one import job (``params["what"]`` names which): the submitter must still hold
    ``capability``; every row is checked and all are written in one transaction, or none — the job fails with the
    bad rows listed ("第N行 列名：问题")."""
    what = str(job.params.get("what") or "")
    if what not in imports:
        raise JobError("未知的导入类型")
    by = job.created_by
    if by is None or not by.is_active or not may(by, capability):
        raise JobError("提交任务的账号已停用或已无相应权限")
    progress("检查并导入", 0, 1)
    try:
        done = imports[what](by=by, path=Path(job.input_file.path), name=job.input_name or labels[what])
    except RowsRefused as exc:
        raise JobError(refusal_text(exc)) from None
    except ValidationError as exc:
        raise JobError(f"未导入：{'；'.join(exc.messages)}") from None
    progress("完成", 1, 1)
    return {"what": what, **asdict(done)}
