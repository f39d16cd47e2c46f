"""Export the households and members of an area, row by row, through the scoped selectors.

Only ``registry.selectors.households_visible`` decides what a user may export; the area asked for can
only narrow it. ID numbers and phones are masked unless the role may see them (``reveal_id``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet

from shoudi.core.access import Capability, in_area
from shoudi.core.models import AuditEntry
from shoudi.registry import codes
from shoudi.registry.idnumber import mask, mask_phone
from shoudi.registry.io.columns import COLUMNS, HOUSEHOLD, Column
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.io.writers import RowWriter, text_columns
from shoudi.registry.models import Household, Person
from shoudi.registry.selectors import households_visible

Progress = Callable[[str, int, int], None]
PHASE_EXPORT = "导出农户和成员"
CHUNK = 250  # households per fetch; their members come in one query (see validate.LOOKUP_CHUNK)
REL_ORDER = {value: i for i, value in enumerate(codes.Relationship.values)}


def export_headers() -> list[str]:
    headers: list[str] = []
    for column in COLUMNS:
        headers.append(column.header)
        if column.field == "village" and column.target == HOUSEHOLD:
            headers.append("所在村")
        if column.field == "name":
            headers.append("性别")
    return headers


def export_queryset(user: Any, area: str) -> QuerySet[Household]:
    if not user.can(Capability.EXPORT_HOUSEHOLDS):
        raise ImportRefused("当前角色无权导出农户数据")
    area = (area or getattr(user, "area_id", "") or "").strip()
    if not area.isdigit() or len(area) > 12:
        raise ImportRefused(f"区划代码“{area}”无效")
    user_area = getattr(user, "area_id", None) or ""
    if not area.startswith(user_area):
        raise ImportRefused(f"区划代码“{area}”不在您负责的区域内")
    members = Prefetch("members", queryset=Person.objects.order_by("birth_date", "id_number"))
    return (
        households_visible(user)
        .filter(in_area("village_id", area))
        .select_related("village")
        .prefetch_related(members)
        .order_by("number")
    )


LABELS: dict[str, dict[Any, str]] = {
    c.header: {v: str(label) for v, label in c.model_field().flatchoices}
    for c in COLUMNS
    if c.kind.startswith("choice")
}


def _display(column: Column, value: Any, reveal: bool) -> Any:
    kind = column.kind
    if kind == "bool":
        return "是" if value else "否"
    if kind.startswith("choice"):
        if value in (None, ""):
            return ""
        return LABELS[column.header].get(value, value)
    if kind == "id":
        return value if reveal else mask(value)
    if kind == "phone":
        return value if reveal else mask_phone(value)
    return value


def household_rows(households: QuerySet[Household], *, reveal: bool) -> Iterator[list[Any]]:
    hh_cols = [c for c in COLUMNS if c.target == HOUSEHOLD]
    p_cols = [c for c in COLUMNS if c.target != HOUSEHOLD]
    for household in households.iterator(chunk_size=CHUNK):
        head: list[Any] = []
        for column in hh_cols:
            value = household.number if column.field == "number" else getattr(household, column.model_field().attname)
            head.append(_display(column, value, reveal))
            if column.field == "village":
                head.append(household.village.name)
        people = sorted(household.members.all(), key=lambda p: (REL_ORDER.get(p.relationship, 99), p.birth_date))
        members: list[Person | None] = [*people] or [None]
        for person in members:
            row = list(head)
            for column in p_cols:
                value = getattr(person, column.field) if person is not None else None
                row.append(_display(column, value, reveal) if person is not None else None)
                if column.field == "name":
                    row.append(person.get_sex_display() if person is not None else None)
            yield row


def export_households(*, user: Any, area: str, path: str | Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write the file; log the export (who, which area, whether IDs were shown)."""
    households = export_queryset(user, area)
    area = area or user.area_id
    total = households.count()
    reveal = bool(user.can(Capability.REVEAL_ID))
    headers = export_headers()
    writer = RowWriter(path, headers, text_columns=text_columns(headers))
    seen: set[str] = set()
    try:
        if progress:
            progress(PHASE_EXPORT, 0, total)
        for row in household_rows(households, reveal=reveal):
            writer.write(row)
            seen.add(row[0])
            if progress and len(seen) % 1000 == 0:
                progress(PHASE_EXPORT, len(seen), total)
    finally:
        writer.close()
    if progress:
        progress(PHASE_EXPORT, total, total)
    summary = {"households": len(seen), "persons": writer.rows, "area": area, "revealed": reveal}
    AuditEntry.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_name=getattr(user, "display_name", "") or "系统",
        action=AuditEntry.Action.EXPORT,
        object_type="export",
        object_id=area,
        object_label=f"导出{area}农户和成员"[:200],
        area_code=area,
        changes={"农户": len(seen), "成员行": writer.rows, "显示完整证件号": reveal},
        reason=Path(path).name,
    )
    return summary
