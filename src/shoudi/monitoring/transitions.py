"""The procedures, one service per step (``workflow.CASE_FLOW`` says which step a status allows, by whom).

Each service validates its own input and hands the step to ``stepping.take``, which runs it through the one
workflow engine (lock, version, status, role, area, approval level, date) with the monitoring hooks (frozen
assessment, uploads, notices), writing status, history row and audit entry in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shoudi.monitoring import codes, exclusions, staff
from shoudi.monitoring.common import RiskInput, clean_category, clean_risks, set_risks
from shoudi.monitoring.datacheck_step import case_data_check
from shoudi.monitoring.models import Case, NoticeEntry
from shoudi.monitoring.stepping import EliminationBlocked, Upload, action_for, take
from shoudi.monitoring.uploads import validate_upload

__all__ = [
    "EliminationBlocked",
    "case_data_check",
    "case_decide",
    "case_enter",
    "case_home_check",
    "case_notice_end",
    "case_reject",
    "case_return",
    "case_township_review",
    "case_village_review",
    "elimination_start",
    "rollback_start",
]
S = codes.Status


# ---- identification ------------------------------------------------------------------------------------


def case_home_check(
    *,
    by: Any,
    case: Case,
    findings: str,
    on: dt.date | None = None,
    category: str = "",
    risks: Sequence[RiskInput] | None = None,
    promise: UploadedFile | None = None,
    photos: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Case:
    """入户核实: the household signs the promise and data authorisation (uploaded as photo or scan)."""
    if not findings.strip():
        raise ValidationError({"findings": "请填写入户核实情况"})
    clean_category(category)
    risk_list = clean_risks(risks) if risks is not None else None
    if promise is not None:
        validate_upload(promise, field="promise")
    for photo in photos:
        validate_upload(photo, field="photo", kinds=("jpg", "png"))
    uploads: list[Upload] = [("promise", promise)] if promise is not None else []
    uploads += [("photo", p) for p in photos]

    def check(case: Case, day: dt.date) -> dict[str, Any]:
        if promise is None and not case.attachments.filter(kind=codes.AttachmentKind.PROMISE).exists():
            raise ValidationError({"promise": "请上传农户签字的承诺授权书（照片或扫描件）"})
        if risk_list is not None:
            set_risks(case, risk_list)
        return {"category": category} if category else {}

    return take(
        case,
        action_for(case, "id_home_check"),
        by=by,
        on=on,
        reason=findings.strip(),
        check=check,
        payload={"findings": findings.strip()},
        uploads=uploads,
        expected_version=expected_version,
    )


def case_village_review(
    *,
    by: Any,
    case: Case,
    attendance: int | None,
    attendees: str,
    passed: bool,
    minutes: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """民主评议 (any procedure): attendance and result. A failed review ends the procedure without its result
    (the step "<procedure>_review_failed", recorded as 民主评议未通过)."""
    if attendance is None or attendance < 1:
        raise ValidationError({"attendance": "请填写参会人数（至少1人）"})
    for name, votes in (("votes_for", votes_for), ("votes_against", votes_against)):
        if votes is not None and (votes < 0 or votes > attendance):
            raise ValidationError({name: "票数应在0与参会人数之间"})
    if not attendees.strip():
        raise ValidationError({"attendees": "请填写参会人员"})
    payload = {
        "attendance": attendance,
        "attendees": attendees.strip(),
        "result": "通过" if passed else "未通过",
        "votes_for": votes_for,
        "votes_against": votes_against,
        "minutes": minutes.strip(),
    }
    action = action_for(case, "_review")

    def check(case: Case, day: dt.date) -> None:
        if passed and case.status == S.ID_REVIEW:
            exclusions.gate(case, day)

    return take(
        case,
        action if passed else f"{action}_failed",
        by=by,
        on=on,
        reason=minutes.strip() or f"民主评议{payload['result']}",
        check=check,
        payload=payload,
        expected_version=expected_version,
    )


def case_notice_end(*, by: Any, case: Case, on: dt.date | None = None, expected_version: int | None = None) -> Case:
    """公示结束: the notice has run its days and every objection is resolved and not upheld."""
    payload: dict[str, Any] = {}

    def check(case: Case, day: dt.date) -> None:
        kind = codes.NOTICE_KIND_BY_STATUS[codes.Status(case.status)]
        entry = NoticeEntry.objects.select_related("notice").filter(case=case, active=True, notice__kind=kind).first()
        if entry is None:
            raise ValidationError({"notice": "该户尚未张贴公示，请先发布公示"})
        notice = entry.notice
        if day <= notice.ends_on:
            raise ValidationError({"on": f"公示期至 {notice.ends_on.isoformat()} 止，公示期满后才能结束公示"})
        objections = list(case.objections.filter(notice=notice))
        if any(o.resolution == codes.Resolution.PENDING for o in objections):
            raise ValidationError({"notice": "公示期间收到的异议尚未核实完毕"})
        if any(o.resolution == codes.Resolution.UPHELD for o in objections):
            raise ValidationError({"notice": "异议经核实成立，不能继续办理，请退回上一步或终止"})
        payload.update(
            {
                "notice_id": str(notice.pk),
                "posted_on": notice.posted_on.isoformat(),
                "ends_on": notice.ends_on.isoformat(),
                "objections": [
                    {
                        "received_on": o.received_on.isoformat(),
                        "content": o.content,
                        "resolution": o.get_resolution_display(),
                        "note": o.resolution_note,
                    }
                    for o in objections
                ],
            }
        )

    return take(
        case,
        action_for(case, "_notice_end"),
        by=by,
        on=on,
        check=check,
        payload=payload,
        reason="公示期满",
        expected_version=expected_version,
    )


def _with_category(case: Case, category: str) -> dict[str, Any]:
    """监测对象类型 chosen at 乡镇审核 or 审定 of an identification: set on the case and on its inclusion notice
    (the notice lists the type the township and county settled on; the change is in the step's record)."""
    if not category:
        return {}
    label = codes.Category(category).label
    NoticeEntry.objects.filter(case=case, active=True, notice__kind=codes.NoticeKind.INCLUSION).update(category=label)
    return {"category": category}


def case_township_review(
    *,
    by: Any,
    case: Case,
    opinion: str,
    on: dt.date | None = None,
    category: str = "",
    expected_version: int | None = None,
) -> Case:
    """乡镇审核 (any procedure): agree and pass on to 审定; in identification the township may settle the
    监测对象类型 (the county may still change it). To disagree, return or reject instead."""
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写审核意见"})
    clean_category(category)

    def check(case: Case, day: dt.date) -> dict[str, Any]:
        if category and case.status != S.ID_TOWNSHIP:
            raise ValidationError({"category": "只有识别纳入的乡镇审核可以确定监测对象类型"})
        return _with_category(case, category)

    payload: dict[str, Any] = {"opinion": opinion.strip()}
    if category:
        payload["category"] = codes.Category(category).label
    return take(
        case,
        action_for(case, "_township"),
        by=by,
        on=on,
        reason=opinion.strip(),
        check=check,
        payload=payload,
        expected_version=expected_version,
    )


def case_decide(
    *,
    by: Any,
    case: Case,
    opinion: str,
    on: dt.date | None = None,
    category: str = "",
    expected_version: int | None = None,
) -> Case:
    """县级审定 (or city, per approval_level), any procedure; in identification the 监测对象类型 is confirmed or
    changed here, and must be settled by now."""
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写审定意见"})
    clean_category(category)

    def check(case: Case, day: dt.date) -> dict[str, Any]:
        if case.status == S.ID_DECISION and not (category or case.category):
            raise ValidationError({"category": "请确定监测对象类型"})
        fields = _with_category(case, category) if case.status == S.ID_DECISION else {}
        if case.status == S.RB_DECISION:
            fields.update(period_end=None, elimination_kind="")
        return fields

    payload: dict[str, Any] = {"opinion": opinion.strip()}
    if category and case.status == S.ID_DECISION:
        payload["category"] = codes.Category(category).label
    return take(
        case,
        action_for(case, "_decision"),
        by=by,
        on=on,
        reason=opinion.strip(),
        check=check,
        payload=payload,
        expected_version=expected_version,
    )


def case_enter(
    *, by: Any, case: Case, on: dt.date | None = None, note: str = "", expected_version: int | None = None
) -> Case:
    """一头一尾: the monitoring contact enters the inclusion (head) or the elimination (tail)."""

    def check(case: Case, day: dt.date) -> dict[str, Any]:
        if case.status == S.ID_ENTRY:
            return {"period_start": day, "contact": case.contact or by}
        return {"period_end": day}

    return take(
        case,
        action_for(case, "_entry"),
        by=by,
        on=on,
        reason=note.strip(),
        check=check,
        payload={"note": note.strip()},
        expected_version=expected_version,
    )


# ---- elimination and rollback -----------------------------------------------------------------------------


def elimination_start(
    *,
    by: Any,
    case: Case,
    kind: str,
    findings: str,
    second_checker: str = "",
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """风险消除·入户核实, confirmed by two staff (the one taking the step and ``second_checker``, a username);
    runs the elimination check and blocks, listing why, when it fails."""
    if kind not in codes.EliminationKind.values:
        raise ValidationError({"kind": "请选择风险消除方式（帮扶消除或自然消除）"})
    if not findings.strip():
        raise ValidationError({"findings": "请填写入户核实情况"})
    second = staff.co_checker(by, case.village_id, second_checker.strip())
    return take(
        case,
        action_for(case, "el_home_check"),
        by=by,
        on=on,
        reason=findings.strip(),
        kind=kind,
        check=lambda case, day: {"elimination_kind": kind},
        payload={
            "findings": findings.strip(),
            "kind": kind,
            "second_checker": second.username,
            "second_checker_name": second.display_name,
        },
        expected_version=expected_version,
    )


def rollback_start(
    *,
    by: Any,
    case: Case,
    reason: str,
    findings: str = "",
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """回退: an elimination found wrong goes back through the same steps to monitoring."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写回退原因"})

    def check(case: Case, day: dt.date) -> None:
        if Case.objects.filter(household=case.household_id, is_open=True).exclude(pk=case.pk).exists():
            raise ValidationError({"household": "该户已有在办的监测对象（风险再标注），不能回退本次消除"})

    return take(
        case,
        action_for(case, "rb_home_check"),
        by=by,
        on=on,
        reason=reason.strip(),
        check=check,
        payload={"findings": findings.strip()},
        expected_version=expected_version,
    )


# ---- going back -----------------------------------------------------------------------------------------


def case_return(
    *, by: Any, case: Case, reason: str, on: dt.date | None = None, expected_version: int | None = None
) -> Case:
    """退回上一步, with the reason; only whoever acts at the current step may return it."""
    return take(case, "return", by=by, on=on, reason=reason, expected_version=expected_version)


def case_reject(
    *,
    by: Any,
    case: Case,
    reason: str,
    on: dt.date | None = None,
    expected_version: int | None = None,
    payload: Mapping[str, Any] | None = None,
) -> Case:
    """End the current procedure without its result: 不予纳入 / 不予消除（继续监测）/ 不予回退."""
    return take(
        case,
        "reject",
        by=by,
        on=on,
        reason=reason,
        payload=dict(payload or {}),
        expected_version=expected_version,
    )
