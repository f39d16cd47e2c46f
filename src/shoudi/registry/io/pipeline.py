"""The import and export steps together, shared by the ``import``/``export`` commands and by jobs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shoudi.core.access import Capability
from shoudi.registry.io.apply import ApplyResult, apply_plan
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.io.reader import Table, open_table
from shoudi.registry.io.validate import ImportPlan, validate
from shoudi.registry.io.writers import RowWriter, text_columns

Progress = Callable[[str, int, int], None]
PHASE_REJECTED = "生成未通过校验的行"
SHOWN_ERRORS = 1000


@dataclass
class ImportOutcome:
    table: Table
    plan: ImportPlan
    applied: ApplyResult | None = None
    rejected_path: Path | None = None
    summary: dict[str, Any] = field(default_factory=dict)


def check_import_actor(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.can(Capability.IMPORT_HOUSEHOLDS):
        raise ImportRefused("当前账号无权导入农户数据")


def prepare(path: str | Path, *, actor: Any, name: str = "", progress: Progress | None = None) -> ImportOutcome:
    """Open and validate; writes nothing."""
    check_import_actor(actor)
    table = open_table(path, name=name)
    plan = validate(table, actor=actor, progress=progress)
    return ImportOutcome(table=table, plan=plan, summary=plan.summary())


def can_apply(plan: ImportPlan, *, valid_only: bool) -> bool:
    summary = plan.summary()
    if valid_only:
        return bool(summary["valid_households"])
    return plan.error_count == 0 and summary["valid_households"] > 0


def apply(
    outcome: ImportOutcome, *, actor: Any, valid_only: bool, reason: str, progress: Progress | None = None
) -> ApplyResult:
    plan = outcome.plan
    if not can_apply(plan, valid_only=valid_only):
        if plan.error_count:
            raise ImportRefused(
                f"文件有{plan.error_count:,}处错误，未导入任何数据；请改正后重新上传，或选择“仅导入无误的户”"
            )
        raise ImportRefused("文件中没有可导入的户")
    outcome.applied = apply_plan(plan, actor=actor, reason=reason, progress=progress)
    return outcome.applied


def write_rejected(outcome: ImportOutcome, path: str | Path, progress: Progress | None = None) -> Path | None:
    """The rows not imported, as they were in the file, with a first column saying why."""
    rejected = outcome.plan.rejected_rows()
    if not rejected:
        return None
    path = Path(path)
    headers = ["错误说明", "原行号", *outcome.plan.headers]
    writer = RowWriter(path, headers, text_columns=[i + 2 for i in text_columns(outcome.plan.headers)])
    written = 0
    try:
        for row, cells in outcome.table.rows():
            reason = rejected.get(row)
            if reason is None:
                continue
            writer.write([reason, row, *cells])
            written += 1
            if progress and written % 1000 == 0:
                progress(PHASE_REJECTED, written, len(rejected))
    finally:
        writer.close()
    outcome.rejected_path = path
    return path


def error_list(plan: ImportPlan, limit: int = SHOWN_ERRORS) -> list[list[Any]]:
    return [[e.row, e.column, e.message] for e in plan.errors[:limit]]
