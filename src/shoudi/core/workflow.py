"""The one workflow engine: declared steps, guarded, each writing one status-change row and one audit entry
under a row lock and an optimistic version check.

A ``Workflow`` is declared once per object kind (a monitoring case, a project, an asset disposal…) with its
``Step``s: from which status, by which capability and at which level, into which status. Nothing else moves
the object's status, so no step can be skipped; a page, the API and a command all call ``advance`` and behave
the same. What a step needs beyond the generic checks (a frozen assessment, an uploaded promise, notice dates)
comes in through ``prepare`` (validates, returns the fields to set) and ``after`` (writes related rows, may add to the
row's payload), both inside the same transaction; a step's ``when`` says whether it applies to an object.

Refusals:
- the actor's role lacks the capability, or the object is outside their area → ``NotVisible`` (404);
- the actor works at another level (a county officer on a township step) → ``ValidationError`` (code
  ``wrong_level``): they may see the object, not take this step;
- the object moved on since the user saw it (status or version) → ``ConflictError`` (409 in the API);
- bad input → ``ValidationError`` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone

from shoudi.core.access import Capability, can, code_in_user_area, require, require_level
from shoudi.core.audit import audit_entry
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry, StatusChange

M = TypeVar("M", bound=models.Model)
Level = int | Callable[[Any, dt.date], int | None] | None


@dataclass(frozen=True)
class Step:
    """One step: ``action`` (the key in URLs, the API and the history rows) taken at ``source`` by a holder of
    ``capability`` working at ``level`` (area-code length; a callable decides per object and date; None: any
    level whose area covers the object) leads to ``target``. Apps subclass it to add their own flags."""

    action: str
    label: str
    source: str
    target: str
    capability: Capability
    level: Level = None
    reason_required: bool = False
    reason_label: str = "原因"
    # whether the step applies to this object at all (a project of the county's own level skips the township);
    # a step that does not apply is not offered and cannot be taken
    when: Callable[[Any], bool] | None = None


Prepare = Callable[[Any, Step, dt.date], Mapping[str, Any] | None]
After = Callable[[Any, Step, StatusChange], None]
Snapshot = Callable[[Any], dict[str, Any]]


class Workflow(Generic[M]):
    """The steps of one kind of object. ``area_of`` gives the region code that scopes who may act;
    ``history`` is the concrete ``StatusChange`` model and ``history_fk`` its foreign key to the object."""

    def __init__(
        self,
        *,
        name: str,
        model: type[M],
        steps: Iterable[Step],
        history: type[StatusChange],
        history_fk: str,
        area_of: Callable[[M], str],
        household_of: Callable[[M], Any] | None = None,
        status_field: str = "status",
        audit_object: Callable[[M], models.Model] | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.history = history
        self.history_fk = history_fk
        self.area_of = area_of
        self.household_of = household_of or (lambda obj: None)
        self.status_field = status_field
        self.audit_object = audit_object or (lambda obj: obj)
        self.steps: list[Step] = list(steps)
        self._index: dict[tuple[str, str], Step] = {}
        statuses = {value for value, _ in model._meta.get_field(status_field).choices or ()}  # type: ignore[union-attr]
        for step in self.steps:
            key = (step.source, step.action)
            if key in self._index:
                raise ImproperlyConfigured(f"{name}: two steps '{step.action}' leave status '{step.source}'")
            unknown = {step.source, step.target} - statuses
            if statuses and unknown:
                raise ImproperlyConfigured(f"{name}: step '{step.action}' names unknown statuses {sorted(unknown)}")
            self._index[key] = step
        self.labels: dict[str, str] = {
            str(value): str(label)
            for value, label in (model._meta.get_field(status_field).choices or ())  # type: ignore[union-attr]
        }
        self._fields = {f.name for f in model._meta.concrete_fields}

    # ---- reading the map --------------------------------------------------------------------------------

    def status(self, obj: M) -> str:
        return str(getattr(obj, self.status_field))

    def step(self, status: str, action: str) -> Step | None:
        return self._index.get((status, action))

    def steps_from(self, status: str) -> list[Step]:
        return [s for s in self.steps if s.source == status]

    def actions(self) -> list[str]:
        return list(dict.fromkeys(s.action for s in self.steps))

    def level_of(self, obj: M, step: Step, on: dt.date) -> int | None:
        return step.level(obj, on) if callable(step.level) else step.level

    def may(self, user: Any, obj: M, step: Step, on: dt.date | None = None) -> bool:
        """Whether ``user`` may take ``step`` on ``obj`` (role, area and level; not the step's own guards). A level
        that cannot be worked out (a parameter missing or wrong) offers the step to nobody; taking it says why."""
        if not can(user, step.capability) or not code_in_user_area(user, self.area_of(obj)):
            return False
        try:
            level = self.level_of(obj, step, on or timezone.localdate())
        except ValidationError:
            return False
        return level is None or len(getattr(user, "area_id", "") or "") == level

    def applies(self, obj: M, step: Step) -> bool:
        return step.when is None or bool(step.when(obj))

    def available(self, user: Any, obj: M, on: dt.date | None = None) -> list[Step]:
        """The steps ``user`` may take on ``obj`` now, in declaration order."""
        return [s for s in self.steps_from(self.status(obj)) if self.applies(obj, s) and self.may(user, obj, s, on)]

    def authorize(self, user: Any, obj: M, step: Step, on: dt.date) -> None:
        require(user, step.capability, self.area_of(obj))
        level = self.level_of(obj, step, on)
        if level is not None:
            require_level(user, level, step.label)

    # ---- taking a step ---------------------------------------------------------------------------------

    def _date(self, current: M, on: dt.date | None) -> dt.date:
        today = timezone.localdate()
        day = on or today
        if day > today:
            raise ValidationError({"on": f"日期 {day.isoformat()} 晚于今天，不能预填"})
        since = getattr(current, "status_on", None) if "status_on" in self._fields else None
        if since and day < since:
            raise ValidationError({"on": f"日期 {day.isoformat()} 早于上一环节（{since.isoformat()}）"})
        return day

    def advance(
        self,
        obj: M,
        action: str,
        *,
        by: Any,
        on: dt.date | None = None,
        reason: str = "",
        payload: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
        prepare: Prepare | None = None,
        after: After | None = None,
        snapshot: Snapshot | None = None,
        row: Mapping[str, Any] | None = None,
    ) -> tuple[M, StatusChange]:
        """Take ``action`` on ``obj`` as ``by``: lock, check, set the new status and the fields ``prepare``
        returns, write the status-change row and the audit entry, run ``after`` — all or nothing."""
        reason = (reason or "").strip()
        with transaction.atomic():
            current = self.model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
            seen, now = self.status(obj), self.status(current)
            version = getattr(current, "version", None) if "version" in self._fields else None
            if (expected_version is not None and version is not None and version != expected_version) or seen != now:
                raise ConflictError(f"该{self.name}已被他人办理或修改，请刷新后重试", code="conflict")
            step = self.step(now, action)
            if step is None or not self.applies(current, step):
                raise ConflictError(
                    f"当前为“{self.labels.get(now, now)}”，不能办理此环节，请刷新后重试", code="conflict"
                )
            day = on or timezone.localdate()
            self.authorize(by, current, step, day)
            day = self._date(current, on)
            if step.reason_required and not reason:
                raise ValidationError({"reason": f"请填写{step.reason_label}"})
            fields = dict(prepare(current, step, day) or {}) if prepare is not None else {}
            fields[self.status_field] = step.target
            if "status_on" in self._fields:
                fields.setdefault("status_on", day)
            if "updated_by" in self._fields:
                fields["updated_by"] = by if getattr(by, "pk", None) else None
            if version is not None:
                fields["version"] = version + 1
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
            change = self.history._default_manager.create(
                **{self.history_fk: current},
                action=step.action,
                label=step.label,
                from_status=now,
                to_status=step.target,
                actor=by if getattr(by, "pk", None) else None,
                actor_name=getattr(by, "display_name", "") or getattr(by, "username", "") or "系统",
                on=day,
                reason=reason,
                payload=dict(payload or {}),
                **dict(row or {}),
            )
            audit_entry(
                actor=by,
                action=AuditEntry.Action.TRANSITION,
                obj=self.audit_object(current),
                changes={"环节": [None, step.label], "状态": [self.labels.get(now, now), self.labels.get(step.target)]},
                household_id=self.household_of(current),
                area_code=self.area_of(current),
                reason=reason,
            )
            if after is not None:
                after(current, step, change)  # may add to change.payload (it is saved below)
            if snapshot is not None:  # the object as decided, including what ``after`` wrote
                change.snapshot = snapshot(current)
            if snapshot is not None or after is not None:
                change.save(update_fields=["payload", "snapshot"])
        return current, change

    def record(
        self,
        obj: M,
        *,
        by: Any,
        action: str,
        label: str,
        on: dt.date,
        reason: str = "",
        payload: Mapping[str, Any] | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> tuple[M, StatusChange]:
        """Something that happened to ``obj`` without moving its status (a lead joined a case): the row locked,
        ``fields`` set and the version bumped, one history row from and to the same status, one audit entry."""
        with transaction.atomic():
            current = self.model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
            changes = dict(fields or {})
            if "version" in self._fields:
                changes["version"] = getattr(current, "version", 0) + 1
            if "updated_by" in self._fields:
                changes["updated_by"] = by if getattr(by, "pk", None) else None
            for name, value in changes.items():
                setattr(current, name, value)
            current.save()
            status = self.status(current)
            change = self.history._default_manager.create(
                **{self.history_fk: current},
                action=action,
                label=label,
                from_status=status,
                to_status=status,
                actor=by if getattr(by, "pk", None) else None,
                actor_name=getattr(by, "display_name", "") or getattr(by, "username", "") or "系统",
                on=on,
                reason=(reason or "").strip(),
                payload=dict(payload or {}),
            )
            audit_entry(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=self.audit_object(current),
                changes={"环节": [None, label]},
                household_id=self.household_of(current),
                area_code=self.area_of(current),
                reason=(reason or "").strip(),
            )
        return current, change

    def record_start(
        self,
        obj: M,
        *,
        by: Any,
        action: str,
        label: str,
        on: dt.date | None = None,
        reason: str = "",
        payload: Mapping[str, Any] | None = None,
        snapshot: Snapshot | None = None,
        row: Mapping[str, Any] | None = None,
    ) -> StatusChange:
        """The first row of an object's history (it came into being at its initial status), in the caller's
        transaction; the creation's own audit entry is the caller's."""
        return self.history._default_manager.create(
            **{self.history_fk: obj},
            action=action,
            label=label,
            from_status="",
            to_status=self.status(obj),
            actor=by if getattr(by, "pk", None) else None,
            actor_name=getattr(by, "display_name", "") or getattr(by, "username", "") or "系统",
            on=on or timezone.localdate(),
            reason=(reason or "").strip(),
            payload=dict(payload or {}),
            snapshot=snapshot(obj) if snapshot is not None else {},
            **dict(row or {}),
        )


def statuses_waiting_for(workflows: Sequence[Workflow[Any]], capabilities: Iterable[Capability]) -> list[str]:
    """The statuses at which a holder of ``capabilities`` has a step to take (a "my tasks" list)."""
    held = set(capabilities)
    return list(dict.fromkeys(s.source for w in workflows for s in w.steps if s.capability in held))
