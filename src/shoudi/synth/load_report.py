"""What a province load tells: the audit entry of a load, and a failure — a unique or foreign-key violation of
PostgreSQL's COPY (or SQLite's insert) — as one Chinese sentence naming the file, the row and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError

from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Region
from shoudi.registry.models import FinanceRecord, Household, Person

if TYPE_CHECKING:
    from shoudi.synth.loader import LoadSummary, Part


def psycopg_integrity() -> type[Exception]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return IntegrityError
    return psycopg.IntegrityError


def conflict_message(exc: Exception, part: Part | None) -> str:
    """A unique or foreign-key violation as a Chinese sentence: the file, the row and the field if known."""
    diag = getattr(exc, "diag", None) or getattr(exc.__cause__, "diag", None)
    detail = (getattr(diag, "message_detail", "") or "") if diag else ""
    detail = detail or str(exc)
    context = (getattr(diag, "context", "") or "") if diag else ""
    table, line = "", ""
    if m := re.search(r"COPY (\w+), line (\d+)", context):
        table, line = m.group(1), m.group(2)
    source = {"registry_household": "households", "registry_person": "persons", "registry_financerecord": "income"}
    if part is None:
        where = "重建索引和外键时"
    else:
        where = f"{source.get(table, '')}/{part.stem}.parquet 第 {line} 行" if line else f"{part.stem} 分片"
    if m := re.search(r"Key \((.+)\)=\((.+)\) already exists", detail):
        return f"{where}：{labels(m.group(1))} {m.group(2)} 已存在于数据库中，未载入任何数据"
    if m := re.search(r"Key \((.+)\)=\((.+)\) is duplicated", detail):
        return f"{where}：{labels(m.group(1))} {m.group(2)} 重复（文件中重复，或与数据库已有数据重复），未载入任何数据"
    if m := re.search(r"Key \((.+)\)=\((.+)\) is not present", detail):
        return f"{where}：{labels(m.group(1))} {m.group(2)} 在数据库中不存在，未载入任何数据"
    if m := re.search(r"UNIQUE constraint failed: (\w+)\.(\w+)", str(exc)):  # SQLite names no value
        return f"{where}：{labels(m.group(2))} 与数据库中已有数据重复，未载入任何数据"
    return f"{where}：与数据库中已有数据冲突（{exc}），未载入任何数据"


def labels(columns: str) -> str:
    names = {}
    for model in (Household, Person, FinanceRecord):
        names.update({f.column: str(f.verbose_name) for f in model._meta.concrete_fields})
    return "、".join(names.get(c.strip(), c.strip()) for c in columns.split(","))


def audit_load(region: Region, summary: LoadSummary, directory: Path, replace: bool) -> None:
    audit_entry(
        actor=None,
        action=AuditEntry.Action.IMPORT,
        obj=region,
        area_code=region.code,
        changes={
            "户数": summary.households,
            "人数": summary.persons,
            "收支记录": summary.finance_rows,
            "监测对象": summary.counts.get("cases", 0),
            "线索": summary.counts.get("leads", 0),
            "来源目录": str(directory),
            "替换": replace,
        },
        reason="载入全省模拟数据（shoudi synth load-province）",
    )
