"""One entry for every step of a case, by its action key: the page's step forms and the API's step route build
a ``StepInput`` and call ``step_take``, which calls the named service of ``monitoring.transitions`` — so a page
and the API take a step the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from shoudi.core.access import NotVisible
from shoudi.monitoring import transitions
from shoudi.monitoring.common import RiskInput
from shoudi.monitoring.models import Case
from shoudi.monitoring.workflow import STEP_BY_ACTION


@dataclass(frozen=True)
class StepInput:
    """What any step may carry; each step reads its own fields. ``version`` is the case version the user saw."""

    on: dt.date | None = None
    version: int | None = None
    findings: str = ""
    category: str = ""
    risks: tuple[RiskInput, ...] | None = None
    promise: UploadedFile | None = None
    photos: tuple[UploadedFile, ...] = ()
    result: str = ""
    attendance: int | None = None
    attendees: str = ""
    passed: bool = True
    votes_for: int | None = None
    votes_against: int | None = None
    minutes: str = ""
    opinion: str = ""
    note: str = ""
    kind: str = ""
    reason: str = ""
    second_checker: str = ""  # username of the second staff member at an elimination's home check
    marks: tuple[tuple[str, str, str], ...] = ()  # 信息比对: (record key, mark, note)


def suffix_of(action: str) -> str:
    """``id_review`` → ``review``; ``return`` and ``reject`` are their own."""
    return action.split("_", 1)[1] if action in STEP_BY_ACTION else action


def step_take(*, by: Any, case: Case, action: str, entry: StepInput) -> Case:
    """Take the step ``action`` (a forward step's key, "return" or "reject") with ``entry``."""
    common: dict[str, Any] = {"by": by, "case": case, "on": entry.on, "expected_version": entry.version}
    if action == "id_home_check":
        return transitions.case_home_check(
            findings=entry.findings,
            category=entry.category,
            risks=entry.risks,
            promise=entry.promise,
            photos=entry.photos,
            **common,
        )
    if action == "el_home_check":
        return transitions.elimination_start(
            kind=entry.kind, findings=entry.findings, second_checker=entry.second_checker, **common
        )
    if action == "rb_home_check":
        return transitions.rollback_start(reason=entry.reason, findings=entry.findings, **common)
    suffix = suffix_of(action)
    if suffix == "return":
        return transitions.case_return(reason=entry.reason, **common)
    if suffix == "reject":
        return transitions.case_reject(reason=entry.reason, **common)
    if suffix == "data_check":
        return transitions.case_data_check(result=entry.result, marks=entry.marks, **common)
    if suffix == "review":
        return transitions.case_village_review(
            attendance=entry.attendance,
            attendees=entry.attendees,
            passed=entry.passed,
            minutes=entry.minutes,
            votes_for=entry.votes_for,
            votes_against=entry.votes_against,
            **common,
        )
    if suffix == "notice_end":
        return transitions.case_notice_end(**common)
    if suffix == "township":
        return transitions.case_township_review(opinion=entry.opinion, category=entry.category, **common)
    if suffix == "decision":
        return transitions.case_decide(opinion=entry.opinion, category=entry.category, **common)
    if suffix == "entry":
        return transitions.case_enter(note=entry.note, **common)
    raise NotVisible("未知的办理环节")
