"""The import steps together, for the ``import income`` command and the page's jobs: open every sheet, validate,
apply (all or only the households whose rows are all valid), and write the rejected rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shoudi.core import exports
from shoudi.core.access import Capability
from shoudi.core.exports import INSTRUCTIONS
from shoudi.income.io import layout as L
from shoudi.income.io.apply import ApplyResult, apply_plan
from shoudi.income.io.plan import IncomePlan
from shoudi.income.io.validate import validate
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.io.reader import Table, open_tables

Progress = Callable[[str, int, int], None]
SHOWN_ERRORS = 1000
PHASE_REJECTED = "生成未通过校验的行"


@dataclass
class ImportOutcome:
    tables: list[Table]
    plan: IncomePlan
    applied: ApplyResult | None = None
    rejected_path: Path | None = None
    summary: dict[str, Any] = field(default_factory=dict)


def check_import_actor(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.can(Capability.IMPORT_INCOME):
        raise ImportRefused("当前账号无权导入收入核算表")


def prepare(
    path: str | Path, *, actor: Any, name: str = "", year: int | None = None, progress: Progress | None = None
) -> ImportOutcome:
    """Open and validate every sheet; writes nothing."""
    check_import_actor(actor)
    if year is not None and not L.YEAR_MIN <= year <= L.YEAR_MAX:
        raise ImportRefused(f"年度应在{L.YEAR_MIN}–{L.YEAR_MAX}年之间")
    tables = open_tables(path, name=name, markers=L.KEY_MARKERS, skip=frozenset({INSTRUCTIONS}))
    plan = validate(tables, actor=actor, year=year, progress=progress)
    return ImportOutcome(tables=tables, plan=plan, summary=plan.summary())


def can_apply(plan: IncomePlan, *, valid_only: bool) -> bool:
    summary = plan.summary()
    if valid_only:
        return bool(summary["valid_households"])
    return plan.error_count == 0 and summary["valid_households"] > 0


def apply(
    outcome: ImportOutcome,
    *,
    actor: Any,
    valid_only: bool,
    reason: str,
    batch_ref: str = "",
    progress: Progress | None = None,
) -> ApplyResult:
    plan = outcome.plan
    if not can_apply(plan, valid_only=valid_only):
        if plan.error_count:
            raise ImportRefused(
                f"文件有{plan.error_count:,}处错误，未导入任何数据；请改正后重新上传，或选择“仅导入无误的户”"
            )
        raise ImportRefused("文件中没有可导入的户")
    outcome.applied = apply_plan(plan, actor=actor, reason=reason, batch_ref=batch_ref or reason, progress=progress)
    return outcome.applied


def write_rejected(outcome: ImportOutcome, path: str | Path, progress: Progress | None = None) -> Path | None:
    """The rows not imported, as they were in the file, a sheet per sheet of the file, with why in front."""
    rejected = outcome.plan.rejected_rows()
    if not rejected:
        return None
    path = Path(path)
    written = 0
    with exports.open_export(path, "xlsx") as book:
        for table in outcome.tables:
            if not any(sheet == table.sheet for sheet, _ in rejected):
                continue
            headers = ["错误说明", "原行号", *outcome.plan.sheets[table.sheet][1]]
            columns = [
                exports.Column(h or "", "text" if i > 1 else "auto", 24 if i == 0 else None)
                for i, h in enumerate(headers)
            ]
            sheet = book.sheet(table.sheet or "未导入的行", columns)
            for row, cells in table.rows():
                reason = rejected.get((table.sheet, row))
                if reason is None:
                    continue
                sheet.write([reason, row, *cells])
                written += 1
                if progress and written % 1000 == 0:
                    progress(PHASE_REJECTED, written, len(rejected))
    outcome.rejected_path = path
    return path


def error_list(plan: IncomePlan, limit: int = SHOWN_ERRORS) -> list[list[Any]]:
    return [[e.sheet, e.row, e.column, e.message] for e in plan.errors[:limit]]
