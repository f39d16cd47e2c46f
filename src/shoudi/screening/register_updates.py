"""Register updates (户籍变动待办): a death or birth in 公安户籍 that the village writes into the base database.
Closing one — done (a note is optional) or not applicable (with the reason) — is a step of ``WORKFLOW`` on the
one workflow engine: row lock, status check (a second closing is a conflict), role and area, one history row
and one audit entry.

Reads are in ``selectors`` (``register_update_list``, ``access_register_update_by_id``); the rows the page and
the API show are built by ``presenters.register_update_row``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.core.access import Capability
from shoudi.core.workflow import Step, Workflow
from shoudi.screening.models import RegisterUpdate, RegisterUpdateStep

# Who works them: those who may change the base database of their area (village contact, township reviewer,
# county officer). accounts.roles has no narrower capability for it.
CAPABILITY = Capability.EDIT_HOUSEHOLDS
NOTE_MAX = 500
S = RegisterUpdate.Status

WORKFLOW: Workflow[RegisterUpdate] = Workflow(
    name="户籍变动待办",
    model=RegisterUpdate,
    history=RegisterUpdateStep,
    history_fk="register_update",
    area_of=lambda update: update.village_id,
    household_of=lambda update: update.household_id,
    steps=[
        Step("done", "标记为已更新", S.OPEN, S.DONE, CAPABILITY),
        Step(
            "not_applicable",
            "标记为不适用",
            S.OPEN,
            S.NOT_APPLICABLE,
            CAPABILITY,
            reason_required=True,
            reason_label="不适用的原因",
        ),
    ],
)


def register_update_complete(*, by: Any, update: RegisterUpdate, note: str = "") -> RegisterUpdate:
    """The change is in the base database: the update is done (a note is optional)."""
    return _close(by=by, update=update, action="done", text=note, field="note")


def register_update_dismiss(*, by: Any, update: RegisterUpdate, reason: str) -> RegisterUpdate:
    """Nothing to change (already updated, a wrong record…): closed as not applicable, with the reason."""
    return _close(by=by, update=update, action="not_applicable", text=reason, field="reason")


def _close(*, by: Any, update: RegisterUpdate, action: str, text: str, field: str) -> RegisterUpdate:
    text = (text or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationError({field: f"说明不能超过 {NOTE_MAX} 字（现有 {len(text)} 字）"})

    def prepare(current: RegisterUpdate, step: Step, day: dt.date) -> dict[str, Any]:
        return {"note": text, "closed_at": timezone.now(), "closed_by": by}

    closed, _step = WORKFLOW.advance(update, action, by=by, reason=text, prepare=prepare)
    return closed
