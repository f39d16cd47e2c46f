"""Writing the audit log. Services call these inside their own transaction.

``audited_update`` / ``audited_create`` / ``audited_delete`` are the one way a service changes a row and
records who changed what: lock, version check, snapshot, set, clean, diff, save, audit entry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import models, transaction

from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry

M = TypeVar("M", bound=models.Model)
# Bookkeeping fields: never part of a diff, never validated against user input.
AUDIT_ONLY = frozenset({"created_at", "updated_at", "created_by", "updated_by", "version"})


def plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The displayed values of ``fields`` (choice labels, not codes), ready to diff."""
    result: dict[str, Any] = {}
    for name in fields:
        field = cast(models.Field, instance._meta.get_field(name))
        value = getattr(instance, field.attname)
        if field.choices and value not in (None, ""):
            value = dict(field.flatchoices).get(value, value)
        result[str(field.verbose_name)] = plain(value)
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def actor_name(actor: Any) -> str:
    """How an audit entry names who acted: the user's name, or 系统 for a command run without ``--as``."""
    return (getattr(actor, "display_name", "") or getattr(actor, "username", "")) if actor else "系统"


def audit_entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    household_id: uuid.UUID | None = None,
    area_code: str = "",
    reason: str = "",
    save: bool = True,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        household_id=household_id,
        area_code=area_code,
        changes=dict(changes or {}),
        reason=reason,
    )
    if save:
        entry.save()
    return entry


Snapshot = Callable[[Any], dict[str, Any]]


def _snapshotter(fields: Iterable[str] | None, snapshot_of: Snapshot | None, names: Iterable[str]) -> Snapshot:
    if snapshot_of is not None:
        return snapshot_of
    tracked = list(fields) if fields is not None else list(names)
    return lambda obj: snapshot(obj, tracked)


def _masked(changes: dict[str, Any], mask: Mapping[str, Callable[[Any], Any]]) -> dict[str, Any]:
    for label, hide in mask.items():
        if label in changes:
            changes[label] = [hide(v) if v is not None else None for v in changes[label]]
    return changes


def audited_update(
    instance: M,
    *,
    by: Any,
    changes: Mapping[str, Any],
    fields: Iterable[str] | None = None,
    snapshot_of: Snapshot | None = None,
    expected_version: int | None = None,
    validate: Callable[[M], None] | None = None,
    clean_exclude: Iterable[str] = (),
    lock: bool = True,
    household_id: uuid.UUID | None = None,
    area_code: str = "",
    reason: str = "",
    mask: Mapping[str, Callable[[Any], Any]] | None = None,
    conflict_message: str = "该记录已被他人修改，请刷新后重试",
) -> tuple[M, dict[str, list[Any]]]:
    """Change ``instance`` and write who changed what, in one transaction: lock the row, check the version
    the user saw, snapshot, set ``changes``, run ``validate`` and ``full_clean``, diff, save and write the audit
    entry. Nothing is saved when nothing changed. Returns the saved row and its diff (``{label: [before, after]}``).

    ``fields`` are the fields shown in the diff (default: the changed ones); ``snapshot_of`` replaces the field
    snapshot for objects whose history includes related rows; ``mask`` hides values in the diff by label (ID
    numbers). A model with a ``version`` field gets it incremented."""
    model = type(instance)
    has_version = any(f.name == "version" for f in model._meta.concrete_fields)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk) if lock else instance
        if expected_version is not None and has_version and current.version != expected_version:  # type: ignore[attr-defined]
            raise ConflictError(conflict_message, code="conflict")
        take = _snapshotter(fields, snapshot_of, changes.keys())
        before = take(current)
        for name, value in changes.items():
            setattr(current, name, value)
        if validate is not None:
            validate(current)
        exclude = {*clean_exclude, *(f.name for f in model._meta.concrete_fields if f.name in AUDIT_ONLY)}
        current.full_clean(exclude=sorted(exclude), validate_unique=False)
        diffs = diff(before, take(current))
        if not diffs:
            return current, {}
        if any(f.name == "updated_by" for f in model._meta.concrete_fields):
            current.updated_by = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
        if has_version:
            current.version = current.version + 1  # type: ignore[attr-defined]
        current.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes=_masked(dict(diffs), mask or {}),
            household_id=household_id,
            area_code=area_code,
            reason=reason,
        )
    return current, diffs


def audited_create(
    instance: M,
    *,
    by: Any,
    fields: Iterable[str] | None = None,
    snapshot_of: Snapshot | None = None,
    clean_exclude: Iterable[str] = (),
    household_id: uuid.UUID | None = None,
    area_code: str = "",
    reason: str = "",
    mask: Mapping[str, Callable[[Any], Any]] | None = None,
) -> M:
    """Validate and save a new row and write its audit entry (every field that has a value)."""
    model = type(instance)
    names = [f.name for f in model._meta.concrete_fields if f.name not in AUDIT_ONLY and not f.primary_key]
    for name in ("created_by", "updated_by"):
        if any(f.name == name for f in model._meta.concrete_fields) and getattr(by, "pk", None):
            setattr(instance, name, by)
    exclude = {*clean_exclude, *(n for n in AUDIT_ONLY)}
    with transaction.atomic():
        instance.full_clean(exclude=sorted(exclude))
        instance.save()
        take = _snapshotter(fields, snapshot_of, names)
        shown = {k: [None, v] for k, v in take(instance).items() if v not in (None, "", [], {})}
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=instance,
            changes=_masked(shown, mask or {}),
            household_id=household_id,
            area_code=area_code,
            reason=reason,
        )
    return instance


def audited_delete(
    instance: models.Model,
    *,
    by: Any,
    fields: Iterable[str] | None = None,
    snapshot_of: Snapshot | None = None,
    household_id: uuid.UUID | None = None,
    area_code: str = "",
    reason: str = "",
    mask: Mapping[str, Callable[[Any], Any]] | None = None,
) -> None:
    """Delete a row, keeping what it held in the audit entry."""
    model = type(instance)
    names = [f.name for f in model._meta.concrete_fields if f.name not in AUDIT_ONLY and not f.primary_key]
    with transaction.atomic():
        take = _snapshotter(fields, snapshot_of, names)
        gone = {k: [v, None] for k, v in take(instance).items() if v not in (None, "", [], {})}
        audit_entry(
            actor=by,
            action=AuditEntry.Action.DELETE,
            obj=instance,
            changes=_masked(gone, mask or {}),
            household_id=household_id,
            area_code=area_code,
            reason=reason,
        )
        instance.delete()
