"""Registry-update tasks (户籍变动待办): a death or birth in 公安户籍 that the village writes into the base
database. What to do, where to do it, and closing a task (done, or not applicable with a reason).

Reads are in ``selectors`` (``registry_task_list``, ``access_registry_task_by_id``); the rows the page and the
API show are built here so both say the same thing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from shoudi.core.access import Capability, code_in_user_area, require
from shoudi.core.audit import audit_entry
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.registry.codes import Relationship
from shoudi.registry.idnumber import mask
from shoudi.screening.models import RegistryTask

# Who works the tasks: those who may change the base database of their area (village contact, township
# reviewer, county officer). accounts.roles has no narrower capability for it.
CAPABILITY = Capability.EDIT_HOUSEHOLDS
NOTE_MAX = 500

WHAT_TO_DO = {
    RegistryTask.Kind.DEATH: "核实后在基础数据库中将该成员标注为死亡并更新家庭人口",
    RegistryTask.Kind.BIRTH: "核实后为该户新增家庭成员",
}


def what_to_do(task: RegistryTask) -> str:
    return WHAT_TO_DO.get(RegistryTask.Kind(task.kind), "核实后更新农户信息")


def update_url(task: RegistryTask) -> str:
    """The registry page where the change is made: removing the member (a death; the head is changed on the
    household page first), adding one (a birth)."""
    if task.kind == RegistryTask.Kind.BIRTH:
        return reverse("registry:member_add", kwargs={"household_id": task.household_id})
    person = task.person
    if person is not None and person.household_id == task.household_id and person.relationship != Relationship.HEAD:
        return reverse("registry:member_remove", kwargs={"person_id": person.pk})
    return reverse("registry:detail", kwargs={"household_id": task.household_id})


def task_row(task: RegistryTask, record: Any) -> dict[str, Any]:
    """One task as the page and the API show it; ``record`` is its 公安户籍 FeedRecord (with batch) or None.
    The ID number is always masked here: a full number is revealed (and logged) by the registry's own route."""
    person = task.person
    name = person.name if person is not None else getattr(record, "name", "")
    id_number = person.id_number if person is not None else getattr(record, "id_number", "")
    batch = getattr(record, "batch", None)
    return {
        "task": task,
        "id": str(task.pk),
        "household_id": str(task.household_id),
        "household_number": task.household.number,
        "village_code": task.village_id,
        "village_name": task.village.name,
        "person_id": str(person.pk) if person is not None else None,
        "name": name,
        "id_number": mask(id_number),
        "kind": task.kind,
        "kind_label": task.get_kind_display(),
        "on": task.on,
        "status": task.status,
        "status_label": task.get_status_display(),
        "what_to_do": what_to_do(task),
        "update_url": update_url(task),
        "batch_id": str(batch.pk) if batch is not None else None,
        "batch_label": _batch_label(batch),
        "note": task.note,
        "closed_at": task.closed_at,
        "closed_by": (task.closed_by.display_name or task.closed_by.username) if task.closed_by else "",
    }


def _batch_label(batch: Any) -> str:
    if batch is None:
        return ""
    when = batch.applied_at or batch.created_at
    day = timezone.localtime(when).date().isoformat() if when else ""
    return f"{batch.file_name}（{day} 导入）" if day else str(batch.file_name)


# ---- writes ----------------------------------------------------------------------------------------------


def registry_task_complete(*, by: Any, task: RegistryTask, note: str = "") -> RegistryTask:
    """The change is in the base database: the task is done (a note is optional)."""
    return _close(by=by, task=task, status=RegistryTask.Status.DONE, note=note)


def registry_task_dismiss(*, by: Any, task: RegistryTask, reason: str) -> RegistryTask:
    """Nothing to change (already updated, a wrong record…): closed as not applicable, with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写不适用的原因"})
    return _close(by=by, task=task, status=RegistryTask.Status.NOT_APPLICABLE, note=reason)


def _close(*, by: Any, task: RegistryTask, status: str, note: str) -> RegistryTask:
    require(by, CAPABILITY)
    if not code_in_user_area(by, task.village_id):
        raise Http404("未找到该户籍变动任务")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        field = "reason" if status == RegistryTask.Status.NOT_APPLICABLE else "note"
        raise ValidationError({field: f"说明不能超过 {NOTE_MAX} 字（现有 {len(note)} 字）"})
    with transaction.atomic():
        current = RegistryTask.objects.select_for_update().get(pk=task.pk)
        if current.status != RegistryTask.Status.OPEN:
            raise ConflictError(f"该任务已办结（{current.get_status_display()}），不能再次办结", code="conflict")
        before = current.get_status_display()
        current.status, current.note = status, note
        current.closed_at, current.closed_by, current.updated_by = timezone.now(), by, by
        current.save(update_fields=["status", "note", "closed_at", "closed_by", "updated_by", "updated_at"])
        audit_entry(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=current,
            changes={"状态": [before, current.get_status_display()]},
            household_id=current.household_id,
            area_code=current.village_id,
            reason=note,
        )
    return current
