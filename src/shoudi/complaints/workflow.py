"""The steps of a complaint (``core.workflow``): taken up (待办理 → 办理中), closed with its outcome (from either
open status: a question answered on the phone is closed at once). Feedback and the conversion to a risk lead
are recorded on the same history without moving the status."""

from __future__ import annotations

from shoudi.complaints.access import WORK
from shoudi.complaints.codes import Status
from shoudi.complaints.models import Complaint, ComplaintChange
from shoudi.core.workflow import Step, Workflow

TAKE_UP, CLOSE = "take_up", "close"

COMPLAINT_FLOW: Workflow[Complaint] = Workflow(
    name="投诉举报",
    model=Complaint,
    steps=[
        Step(TAKE_UP, "开始办理", Status.PENDING, Status.IN_PROGRESS, WORK),
        Step(CLOSE, "办结", Status.PENDING, Status.CLOSED, WORK),
        Step(CLOSE, "办结", Status.IN_PROGRESS, Status.CLOSED, WORK),
    ],
    history=ComplaintChange,
    history_fk="complaint",
    area_of=lambda c: c.township_id,
    household_of=lambda c: c.household_id,
)
