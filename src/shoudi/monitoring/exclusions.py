"""The exclusions of seed 001 as a gate, not a remark: "家庭成员存在拥有享受型轿车或大中型货车及挖机等、财政供养人员、
拥有商品房（或门面房）、经商办企业等情形的，原则上该户不纳入监测，特殊情况由村民代表大会组织评议认定。"

An exclusion fact holds when the registry says so (the policy assessment lists it) or when 信息比对 marked a
department record that proves one 相符. While a fact holds, the identification cannot pass 民主评议 unless the
village recorded either a 村民代表大会 decision (date, attendance, votes for and against, the minutes) or a finding
that the fact is wrong (e.g. the car was sold), with its evidence — an ``ExclusionDecision`` covering it.

A decision recorded by mistake (wrong votes, wrong facts, the wrong household) is withdrawn in the same window
(``exclusion_withdraw``): it stays on record with the date, reason and who withdrew it, and covers nothing any
more, so the gate stops 民主评议 again until a new decision is recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.core.access import Capability, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import clean_text
from shoudi.monitoring import codes, datacheck, policy_bridge
from shoudi.monitoring.common import check_date, discard_files
from shoudi.monitoring.models import Attachment, Case
from shoudi.monitoring.models_checks import DecisionKind, ExclusionDecision
from shoudi.monitoring.services import attachment_add
from shoudi.monitoring.uploads import validate_upload

S = codes.Status
# Before the review has passed, a decision may be recorded (and the gate is checked at the review).
OPEN_FOR_DECISION = frozenset({S.ID_HOME_CHECK, S.ID_DATA_CHECK, S.ID_REVIEW})


def fact_key(text: str) -> str:
    """ "家庭成员中有财政供养人员（1人）" and "家庭成员中有财政供养人员" are the same fact."""
    return re.sub(r"（[^）]*）", "", text).strip()


def registry_facts(case: Case, on: dt.date, *, fresh: bool = True) -> list[str]:
    """The exclusions the policy assessment finds in the registry: assessed today when ``fresh`` (the gate), else
    as last frozen on the case (the pages, which must not run an assessment on every view)."""
    result = policy_bridge.assess_household(case.household, on) if fresh else {"error": "frozen"}
    if result.get("error"):
        result = case.assessment or {}
    return [str(x) for x in result.get("exclusions") or []]


def data_facts(case: Case) -> list[str]:
    """Exclusions proven by department records the last 信息比对 marked 相符, with the record."""
    return [
        f"{item.exclusion}（{item.source_label}：{item.summary}）"
        for item in datacheck.latest_items(case)
        if item.exclusion_hit
    ]


def facts(case: Case, on: dt.date, *, fresh: bool = True) -> list[str]:
    seen: dict[str, str] = {}
    for text in [*registry_facts(case, on, fresh=fresh), *data_facts(case)]:
        seen.setdefault(fact_key(text), text)
    return list(seen.values())


def uncovered(case: Case, on: dt.date, *, fresh: bool = True) -> list[str]:
    """The facts no recorded decision (withdrawn ones aside) covers (``fresh``: see ``registry_facts``)."""
    covered = {fact_key(f) for d in case.exclusion_decisions.all() if not d.is_withdrawn for f in d.facts}
    return [f for f in facts(case, on, fresh=fresh) if fact_key(f) not in covered]


def gate(case: Case, on: dt.date) -> None:
    """Raised at a passing 民主评议 of an identification while an exclusion fact is uncovered."""
    missing = uncovered(case, on)
    if missing:
        raise ValidationError(
            {
                "exclusions": f"该户存在原则上不纳入监测的情形：{'；'.join(missing)}。须先在监测对象页面录入"
                "“村民代表大会评议认定”或“经核实情形不属实”的结论（附会议记录或佐证材料），才能通过民主评议"
            }
        )


def _votes(attendance: int | None, votes_for: int | None, votes_against: int | None) -> None:
    if attendance is None or attendance < 1:
        raise ValidationError({"attendance": "请填写参会人数（至少1人）"})
    if votes_for is None:
        raise ValidationError({"votes_for": "请填写同意票数"})
    if votes_against is None:
        raise ValidationError({"votes_against": "请填写反对票数"})
    if votes_for < 0 or votes_against < 0 or votes_for + votes_against > attendance:
        raise ValidationError({"votes_for": "同意票与反对票之和不能超过参会人数，票数不能为负"})
    if votes_for * 2 <= attendance:
        raise ValidationError(
            {"votes_for": "同意票未超过参会人数的一半，村民代表大会未同意纳入；应在民主评议中记录“未通过”或终止识别"}
        )


def exclusion_decide(
    *,
    by: Any,
    case: Case,
    kind: str,
    decided_on: dt.date | None,
    note: str,
    document: UploadedFile | None,
    attendance: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
) -> ExclusionDecision:
    """Record a 村民代表大会 decision or a finding that the fact is wrong, covering the facts that hold now."""
    require(by, Capability.VILLAGE_REVIEW, case.village_id)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": "请选择认定方式（村民代表大会评议认定或经核实情形不属实）"})
    if not note.strip():
        what = "评议情况（会议议题、表决结果）" if kind == DecisionKind.ASSEMBLY else "核实情况（如车辆已于何时转让）"
        raise ValidationError({"note": f"请填写{what}"})
    if kind == DecisionKind.ASSEMBLY:
        _votes(attendance, votes_for, votes_against)
    else:
        attendance = votes_for = votes_against = None
    field = "document"
    if document is None:
        what = "村民代表大会会议记录" if kind == DecisionKind.ASSEMBLY else "佐证材料（如车辆转让证明）"
        raise ValidationError({field: f"请上传{what}（照片或扫描件）"})
    validate_upload(document, field=field)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            current = Case.objects.select_for_update().get(pk=case.pk)
            if current.status not in OPEN_FOR_DECISION:
                raise ValidationError({"kind": "只有识别程序民主评议通过之前可以录入不纳入情形认定"})
            on = check_date(decided_on, field="decided_on", not_before=current.opened_on, what="线索发现日期")
            holding = facts(current, on)
            if not holding:
                raise ValidationError({"kind": "该户目前没有原则上不纳入监测的情形，无需认定"})
            upload_kind = (
                codes.AttachmentKind.ASSEMBLY if kind == DecisionKind.ASSEMBLY else codes.AttachmentKind.EVIDENCE
            )
            attachment = attachment_add(by=by, case=current, kind=upload_kind, upload=document)
            stored.append(attachment)
            decision = audited_create(
                ExclusionDecision(
                    case=current,
                    kind=kind,
                    facts=holding,
                    decided_on=on,
                    attendance=attendance,
                    votes_for=votes_for,
                    votes_against=votes_against,
                    note=note.strip(),
                    attachment=attachment,
                ),
                by=by,
                fields=["kind", "facts", "decided_on", "attendance", "votes_for", "votes_against", "note"],
                household_id=current.household_id,
                area_code=current.village_id,
            )
    except Exception:
        discard_files(stored)
        raise
    return decision


WITHDRAWN_REASON_MAX = 500


def exclusion_withdraw(
    *, by: Any, decision: ExclusionDecision, reason: str, on: dt.date | None = None
) -> ExclusionDecision:
    """Withdraw a decision recorded by mistake, while the case has not passed 民主评议 (the window in which a
    decision may be recorded): it stays on record as 已撤回 and covers no fact any more."""
    case = decision.case
    require(by, Capability.VILLAGE_REVIEW, case.village_id)
    text = clean_text(reason, field="reason", label="撤回原因", max_length=WITHDRAWN_REASON_MAX, required=True)
    with transaction.atomic():
        current_case = Case.objects.select_for_update().get(pk=case.pk)
        current = ExclusionDecision.objects.select_for_update().get(pk=decision.pk)
        if current.withdrawn_on is not None:
            raise ConflictError({"reason": f"该认定已于 {current.withdrawn_on.isoformat()} 撤回，不能重复撤回"})
        if current_case.status not in OPEN_FOR_DECISION:
            now = current_case.get_status_display()
            raise ConflictError({"reason": f"只有识别程序民主评议通过之前可以撤回不纳入情形认定（当前环节：{now}）"})
        day = check_date(on, field="on", not_before=current.decided_on, what="认定日期")
        withdrawn, _ = audited_update(
            current,
            by=by,
            changes={"withdrawn_on": day, "withdrawn_reason": text, "withdrawn_by": by},
            fields=["withdrawn_on", "withdrawn_reason"],
            lock=False,
            household_id=current_case.household_id,
            area_code=current_case.village_id,
            reason=f"撤回不纳入情形认定：{text}",
        )
    return withdrawn
