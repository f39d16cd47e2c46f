"""信息比对 (national-practice.md §4 step 2): the county checks the household against department data — 交管,
不动产, 市场监管, 财政供养, 医保, 民政 — and marks each record 相符 / 不符 / 无记录.

The records come from the apps above monitoring (feeds registers a provider from its ``AppConfig.ready``), so
monitoring never imports them. The rows shown are one per record plus one "无记录" row for each source with
none; the county's marks are kept with the step as ``DataCheckItem`` rows, frozen as seen. A record that proves
an exclusion of seed 001 (a car, a truck or excavator, a shop, a business, public payroll) and is marked 相符 is
an exclusion hit, which the gate at 民主评议 (``monitoring.exclusions``) weighs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.monitoring.models_checks import DataCheckItem, Mark

# The sources the step shows, in this order (feeds' source ids and labels).
SOURCES: tuple[tuple[str, str], ...] = (
    ("vehicles", "交管车辆"),
    ("real_estate", "不动产"),
    ("market", "市场监管"),
    ("payroll", "财政供养"),
    ("medical_enrolment", "医保参保"),
    ("medical_claims", "医保结算"),
    ("civil_assistance", "民政救助"),
)
SOURCE_LABELS = dict(SOURCES)


@dataclass(frozen=True)
class DepartmentRecord:
    """One department record of a household member, as the 信息比对 page shows it."""

    key: str  # stable while the record exists, e.g. "feed:123"
    source: str
    on: dt.date | None
    batch: str  # the batch it came in with (file name and date)
    person: str  # the member's name (never the ID number)
    summary: str  # what the record says, e.g. "小型轿车，登记日期 2023-05-01"
    exclusion: str = ""  # the exclusion of seed 001 it would prove, or ""


@dataclass(frozen=True)
class Row:
    key: str
    source: str
    source_label: str
    on: dt.date | None
    batch: str
    person: str
    summary: str
    exclusion: str

    @property
    def none(self) -> bool:
        return self.key.startswith("none:")


RecordProvider = Callable[[Any], Iterable[DepartmentRecord]]
_PROVIDERS: list[RecordProvider] = []


def provide_department_records(provider: RecordProvider) -> None:
    """Called from an ``AppConfig.ready`` (feeds): ``provider(household)`` yields its department records."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def rows_for(household: Any) -> list[Row]:
    """The rows of the 信息比对 step for ``household``: its records by source, then 无记录 for the rest."""
    order = {source: i for i, (source, _) in enumerate(SOURCES)}
    records = [r for provider in _PROVIDERS for r in provider(household) if r.source in order]
    records.sort(key=lambda r: (order[r.source], r.on or dt.date.min, r.key))
    rows = [
        Row(r.key, r.source, SOURCE_LABELS[r.source], r.on, r.batch, r.person, r.summary, r.exclusion) for r in records
    ]
    seen = {r.source for r in records}
    rows += [
        Row(f"none:{source}", source, label, None, "", "", "未查询到该户成员的记录", "")
        for source, label in SOURCES
        if source not in seen
    ]
    return rows


MarkInput = tuple[str, str, str]  # (row key, mark, note)


def clean_marks(
    rows: Sequence[Row], marks: Iterable[MarkInput] | Mapping[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """Every row marked once: a record 相符 or 不符 (不符 with a note), a source without records 无记录.
    Errors name the source and the record."""
    given = dict(marks) if isinstance(marks, Mapping) else {key: (mark, note) for key, mark, note in marks}
    known = {row.key for row in rows}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValidationError({"marks": f"比对记录“{unknown[0]}”不是该户的部门记录，请刷新页面后重新比对"})
    cleaned: dict[str, tuple[str, str]] = {}
    errors: list[str] = []
    for row in rows:
        mark, note = given.get(row.key, (Mark.NONE if row.none else "", ""))
        note = (note or "").strip()[:300]
        what = f"{row.source_label}“{row.summary}”"
        if row.none:
            cleaned[row.key] = (Mark.NONE, note)
            continue
        if mark not in (Mark.MATCH, Mark.MISMATCH):
            errors.append(f"{what}：请选择“相符”或“不符”")
        elif mark == Mark.MISMATCH and not note:
            errors.append(f"{what}：比对为“不符”的，请在说明中写明实际情况")
        cleaned[row.key] = (mark, note)
    if errors:
        raise ValidationError({"marks": errors})
    return cleaned


def record_items(
    case: Any, row_obj: Any, rows: Sequence[Row], marks: Mapping[str, tuple[str, str]]
) -> list[DataCheckItem]:
    items = [
        DataCheckItem(
            case=case,
            transition=row_obj,
            source=row.source,
            source_label=row.source_label,
            record_key=row.key,
            record_on=row.on,
            batch=row.batch[:120],
            person=row.person[:50],
            summary=row.summary[:200],
            exclusion=row.exclusion[:60],
            mark=marks[row.key][0],
            note=marks[row.key][1],
        )
        for row in rows
    ]
    return DataCheckItem.objects.bulk_create(items)


def summary_text(rows: Sequence[Row], marks: Mapping[str, tuple[str, str]]) -> str:
    """One line per source for the step's record, e.g. "交管车辆：1条，相符1" / "不动产：无记录"."""
    lines = []
    for source, label in SOURCES:
        mine = [r for r in rows if r.source == source]
        if not mine or mine[0].none:
            lines.append(f"{label}：无记录")
            continue
        matched = sum(1 for r in mine if marks[r.key][0] == Mark.MATCH)
        lines.append(f"{label}：{len(mine)}条，相符{matched}，不符{len(mine) - matched}")
    return "；".join(lines)


def latest_items(case: Any) -> list[DataCheckItem]:
    """The marks of the case's last 信息比对 (a return and a second check replace the first)."""
    last = case.transitions.filter(action="id_data_check").order_by("-at", "-id").first()
    return list(last.data_check_items.order_by("id")) if last else []
