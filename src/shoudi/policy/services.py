"""Writes of policy parameters. Loading is all-or-nothing: every entry is checked (format, permission,
overlap with stored periods, formulas), errors are reported per entry, and only a clean file is applied —
in one transaction, each change with its audit entry.

Periods of one key in one region never overlap. A new value that starts after an open-ended one closes it
(the day before); the same period again replaces the value (a correction, audited before → after).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, diff, snapshot
from shoudi.core.models import AuditEntry
from shoudi.policy.keys import NATIONAL, lookup_chain
from shoudi.policy.models import Parameter
from shoudi.policy.values import (
    ParameterLoadError,
    ParameterTable,
    ParamRecord,
    check_formulas,
    parse_entries,
    parse_numbered,
)

BUILTIN = Path(__file__).resolve().parent / "data" / "builtin.json"
AUDIT_FIELDS = [
    "key",
    "region_code",
    "valid_from",
    "valid_to",
    "value_type",
    "value",
    "formula",
    "source",
    "article",
    "note",
]
VALUE_FIELDS = ["value_type", "value", "formula", "source", "article", "note"]


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"新增 {self.created} 条，修改 {self.updated} 条，截止旧记录 {self.closed} 条，未变 {self.unchanged} 条"


@dataclass
class _Plan:
    create: list[ParamRecord] = dataclasses.field(default_factory=list)
    update: list[tuple[Parameter, ParamRecord]] = dataclasses.field(default_factory=list)
    close: list[tuple[Parameter, dt.date]] = dataclasses.field(default_factory=list)
    unchanged: int = 0


def may_edit_region(by: Any, region_code: str) -> bool:
    """A county officer sets their county; an administrator at province level their province and its counties."""
    if by is None:
        return True  # the system itself: data migration, `shoudi policy load` without --user
    if not getattr(by, "is_authenticated", False) or not by.can(Capability.EDIT_POLICY):
        return False
    return region_code != NATIONAL and code_in_user_area(by, region_code)


def _same_values(param: Parameter, rec: ParamRecord) -> bool:
    return all(getattr(param, f) == getattr(rec, f) for f in VALUE_FIELDS)


def _plan(numbered: Sequence[tuple[int, ParamRecord]], by: Any) -> tuple[_Plan, list[str]]:
    plan, errors = _Plan(), []
    regions = {r.region_code for _, r in numbered}
    stored = list(Parameter.objects.filter(key__in={r.key for _, r in numbered}, region_code__in=regions))
    for number, rec in numbered:
        label = f"第{number}条（{rec.key}，区划 {rec.region_code}，{rec.period}）"
        if not may_edit_region(by, rec.region_code):
            errors.append(f"{label}：无权设定该区划的参数（只能设定您负责区域内的省级或县级参数）")
            continue
        same_key = [p for p in stored if p.key == rec.key and p.region_code == rec.region_code]
        exact = next((p for p in same_key if p.record().same_slot(rec)), None)
        if exact is not None:
            if _same_values(exact, rec):
                plan.unchanged += 1
            else:
                plan.update.append((exact, rec))
            continue
        clash = False
        for p in same_key:
            if not p.record().overlaps(rec):
                continue
            if p.valid_to is None and p.valid_from < rec.valid_from:
                plan.close.append((p, rec.valid_from - dt.timedelta(days=1)))
            else:
                errors.append(f"{label}：与已有记录（{p.record().period}，取值 {p.shown_value}）有效期重叠")
                clash = True
        if not clash:
            plan.create.append(rec)
    return plan, errors


def _formula_errors(plan: _Plan, records: Sequence[ParamRecord]) -> list[str]:
    if not any(r.formula for r in records):
        return []
    chains = {code for r in records for code in lookup_chain(r.region_code)}
    changed = {p.pk: rec for p, rec in plan.update}
    closed = {p.pk: end for p, end in plan.close}
    current = []
    for p in Parameter.objects.filter(region_code__in=chains):
        rec = changed.get(p.pk) or p.record()
        if p.pk in closed:
            rec = dataclasses.replace(rec, valid_to=closed[p.pk])
        current.append(rec)
    return check_formulas(ParameterTable([*current, *plan.create]), records)


def _entry_number(message: str) -> int:
    digits = message[1 : message.find("条")] if message.startswith("第") else ""
    return int(digits) if digits.isdigit() else 0


def _audit(by: Any, action: str, param: Parameter, changes: dict[str, Any], reason: str = "") -> None:
    area = "" if param.region_code == NATIONAL else param.region_code
    audit_entry(actor=by, action=action, obj=param, changes=changes, area_code=area, reason=reason)


def _apply(plan: _Plan, by: Any, reason: str) -> None:
    actor = by if getattr(by, "pk", None) else None
    for param, end in plan.close:
        before = snapshot(param, AUDIT_FIELDS)
        param.valid_to = end
        param.updated_by = actor
        param.save(update_fields=["valid_to", "updated_by", "updated_at"])
        _audit(by, AuditEntry.Action.UPDATE, param, diff(before, snapshot(param, AUDIT_FIELDS)), "新值生效，旧值截止")
    for param, rec in plan.update:
        before = snapshot(param, AUDIT_FIELDS)
        for name in VALUE_FIELDS:
            setattr(param, name, getattr(rec, name))
        param.set_by = actor
        param.updated_by = actor
        param.save()
        _audit(by, AuditEntry.Action.UPDATE, param, diff(before, snapshot(param, AUDIT_FIELDS)), reason)
    for rec in plan.create:
        param = Parameter.objects.create(
            key=rec.key,
            region_code=rec.region_code,
            valid_from=rec.valid_from,
            valid_to=rec.valid_to,
            value_type=rec.value_type,
            value=rec.value,
            formula=rec.formula,
            source=rec.source,
            article=rec.article,
            note=rec.note,
            set_by=actor,
            created_by=actor,
            updated_by=actor,
        )
        _audit(by, AuditEntry.Action.CREATE, param, snapshot(param, AUDIT_FIELDS), reason)


def parameter_load(*, by: Any, data: Any, reason: str = "") -> LoadResult:
    """Load a document of the ``policy load`` format. Raises ParameterLoadError (one message per entry)."""
    numbered, errors = parse_numbered(data)
    records = [rec for _, rec in numbered]
    with transaction.atomic():
        plan, plan_errors = _plan(numbered, by)
        errors = sorted([*errors, *plan_errors], key=_entry_number)
        if not errors:
            errors = _formula_errors(plan, records)
        if errors:
            raise ParameterLoadError(errors)
        _apply(plan, by, reason)
    return LoadResult(len(plan.create), len(plan.update), len(plan.close), plan.unchanged)


def parameter_add(
    *,
    by: Any,
    key: str,
    region_code: str,
    source: str,
    year: int | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    value: str = "",
    formula: str = "",
    article: str = "",
    note: str = "",
) -> LoadResult:
    """One new value (the page's form): the same checks and audit as a load of one entry."""
    entry: dict[str, Any] = {"key": key, "region": region_code, "source": source, "article": article, "note": note}
    if year is not None:
        entry["year"] = year
    if valid_from is not None:
        entry["valid_from"] = valid_from.isoformat()
    if valid_to is not None:
        entry["valid_to"] = valid_to.isoformat()
    if formula:
        entry["formula"] = formula
    else:
        entry["value"] = value
    return parameter_load(by=by, data={"parameters": [entry]}, reason="页面新增参数")


def builtin_document() -> dict[str, Any]:
    return json.loads(BUILTIN.read_text(encoding="utf-8"))


def parameter_load_builtin(*, by: Any = None) -> LoadResult:
    return parameter_load(by=by, data=builtin_document(), reason="载入内置参数")


def apply_builtin(model: Any) -> int:
    """The built-in values into ``model`` (the historical model of a data migration); no audit, idempotent."""
    created = 0
    for rec in parse_entries(builtin_document()):
        fields = {
            f: getattr(rec, f) for f in ("valid_to", "value_type", "value", "formula", "source", "article", "note")
        }
        _, made = model.objects.get_or_create(
            key=rec.key, region_code=rec.region_code, valid_from=rec.valid_from, defaults=fields
        )
        created += int(made)
    return created
