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

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audited_create, audited_update
from shoudi.policy.document import ParameterDocument, ParameterEntry
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


def _area(param: Parameter) -> str:
    return "" if param.region_code == NATIONAL else param.region_code


def _apply(plan: _Plan, by: Any, reason: str) -> None:
    actor = by if getattr(by, "pk", None) else None
    for param, end in plan.close:
        audited_update(
            param,
            by=by,
            changes={"valid_to": end},
            fields=AUDIT_FIELDS,
            area_code=_area(param),
            reason="新值生效，旧值截止",
        )
    for param, rec in plan.update:
        changes = {name: getattr(rec, name) for name in VALUE_FIELDS} | {"set_by": actor}
        audited_update(param, by=by, changes=changes, fields=AUDIT_FIELDS, area_code=_area(param), reason=reason)
    for rec in plan.create:
        param = Parameter(
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
        )
        audited_create(param, by=by, fields=AUDIT_FIELDS, area_code=_area(param), reason=reason)


def parameter_load(*, by: Any, data: ParameterDocument, reason: str = "") -> LoadResult:
    """Load a document of the ``policy load`` format (``policy.document``: the file of the command, the
    built-in data, the page's one entry). Raises ParameterLoadError (one message per entry)."""
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
    entry: ParameterEntry = {"key": key, "region": region_code, "source": source, "article": article, "note": note}
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
    try:
        return parameter_load(by=by, data={"parameters": [entry]}, reason="页面新增参数")
    except ParameterLoadError as exc:
        raise _on_fields(exc, period="year" if year is not None else "valid_from", formula=bool(formula)) from None


# Words of the load format's messages → the field of the page's form they are about (first match wins).
FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("无权", "region"),
    ("重叠", ""),  # the period: the year, or the start date
    ("source", "source"),
    ("formula", "formula"),
    ("公式", "formula"),
    ("value", "value"),
    ("year", "year"),
    ("valid_", "valid_from"),
    ("key", "key"),
    ("region", "region"),
)


def _on_fields(exc: ParameterLoadError, *, period: str, formula: bool) -> ValidationError:
    """The errors of a one-entry load as a ValidationError on the add form's fields (the entry's number
    dropped; a formula that cannot be computed is about the formula)."""
    found: dict[str, list[str]] = {}
    for message in exc.errors:
        if message.startswith("第1条"):
            message = message.split("：", 1)[-1]
            field = next((f or period for words, f in FIELD_WORDS if words in message), NON_FIELD_ERRORS)
        else:
            field = "formula" if formula else NON_FIELD_ERRORS
        found.setdefault(field, []).append(message)
    return ValidationError(found)


def builtin_document() -> ParameterDocument:
    document: ParameterDocument = json.loads(BUILTIN.read_text(encoding="utf-8"))
    return document


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
