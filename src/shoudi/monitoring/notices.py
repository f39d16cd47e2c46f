"""Village public notices (公示): post a notice for the cases at the notice step, record and resolve objections.

What a notice shows is frozen when it is posted: head's name, household size, category, reason, dates and the
objection channel — never ID number, phone, bank account or health details (national-practice.md §4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.common import check_date
from shoudi.monitoring.models import Case, Notice, NoticeEntry, Objection
from shoudi.regions.models import Region

STATUS_BY_KIND = {kind: status for status, kind in codes.NOTICE_KIND_BY_STATUS.items()}
DEFAULT_CHANNEL = "如有异议，请在公示期内向村民委员会或乡镇人民政府实名反映，也可拨打 12317 监督举报电话。"


def cases_awaiting_notice(village: Region, kind: str) -> Any:
    """Cases of ``village`` at the notice step of ``kind`` that are on no active notice yet."""
    return (
        Case.objects.filter(village=village, status=STATUS_BY_KIND[codes.NoticeKind(kind)])
        .exclude(notice_entries__active=True, notice_entries__notice__kind=kind)
        .select_related("household")
        .order_by("household__number")
    )


def entry_for(case: Case, kind: str) -> dict[str, Any]:
    """What the notice prints for ``case``: only the fields a public notice may show."""
    household = case.household
    members = list(household.members.all())
    head = next((m for m in members if m.relationship == "head"), None)
    counted = [m for m in members if m.living_in] or members
    risks = "、".join(str(r) for r in case.risks.all() if r.code in codes.RiskType.values)
    if kind == codes.NoticeKind.INCLUSION:
        reason = risks
    elif kind == codes.NoticeKind.ELIMINATION:
        reason = f"{case.get_elimination_kind_display()}（原风险：{risks}）"
    else:
        reason = f"风险消除回退（原风险：{risks}）"
    return {
        "head_name": head.name if head else household.number,
        "size": len(counted),
        "category": case.get_category_display() if case.category else "",
        "reason": reason[:200],
    }


def notice_post(
    *,
    by: Any,
    village: Region,
    kind: str,
    posted_on: dt.date | None = None,
    cases: Sequence[Case] | None = None,
    objection_channel: str = "",
) -> Notice:
    """Post one notice for the village's cases at the notice step (all of them, or those given)."""
    require(by, Capability.VILLAGE_REVIEW, village.code)
    if kind not in codes.NoticeKind.values:
        raise ValidationError({"kind": f"公示类型“{kind}”不在代码表中"})
    with transaction.atomic():
        waiting = list(cases_awaiting_notice(village, kind).select_for_update(of=("self",)))
        if cases is not None:
            wanted = {c.pk for c in cases}
            waiting = [c for c in waiting if c.pk in wanted]
            if len(waiting) != len(wanted):
                raise ValidationError({"cases": "所选农户中有不在公示环节或已在公示中的，请刷新后重试"})
        if not waiting:
            raise ValidationError({"cases": "本村没有等待公示的农户"})
        latest = max(c.status_on for c in waiting)
        posted_on = check_date(posted_on, field="posted_on", not_before=latest, what="民主评议日期")
        days = policy_bridge.int_param("notice_days", village.code, posted_on)
        notice = Notice.objects.create(
            village=village,
            kind=kind,
            posted_on=posted_on,
            ends_on=posted_on + dt.timedelta(days=days - 1),
            objection_channel=objection_channel.strip() or DEFAULT_CHANNEL,
            created_by=by,
        )
        NoticeEntry.objects.bulk_create([NoticeEntry(notice=notice, case=c, **entry_for(c, kind)) for c in waiting])
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=notice,
            changes={"公示": [None, f"{notice.get_kind_display()} {len(waiting)} 户，{posted_on} 至 {notice.ends_on}"]},
            area_code=village.code,
        )
    return notice


def objection_record(*, by: Any, notice: Notice, case: Case, received_on: dt.date | None, content: str) -> Objection:
    require(by, Capability.VILLAGE_REVIEW, notice.village_id)
    if not NoticeEntry.objects.filter(notice=notice, case=case).exists():
        raise ValidationError({"case": "该户不在这张公示上"})
    if not content.strip():
        raise ValidationError({"content": "请填写异议内容"})
    received_on = check_date(received_on, field="received_on", not_before=notice.posted_on, what="公示张贴日期")
    return audited_create(
        Objection(notice=notice, case=case, received_on=received_on, content=content.strip()),
        by=by,
        fields=["received_on", "content"],
        household_id=case.household_id,
        area_code=notice.village_id,
    )


def objection_resolve(
    *, by: Any, objection: Objection, upheld: bool, note: str, on: dt.date | None = None
) -> Objection:
    require(by, Capability.VILLAGE_REVIEW, objection.notice.village_id)
    if not note.strip():
        raise ValidationError({"note": "请填写核实情况"})
    on = check_date(on, field="on", not_before=objection.received_on, what="收到异议日期")
    with transaction.atomic():
        current = Objection.objects.select_for_update().get(pk=objection.pk)
        if current.resolution:
            raise ValidationError({"upheld": "该异议已核实"})
        resolved, _ = audited_update(
            current,
            by=by,
            changes={
                "resolution": codes.Resolution.UPHELD if upheld else codes.Resolution.DISMISSED,
                "resolution_note": note.strip(),
                "resolved_on": on,
            },
            lock=False,
            household_id=objection.case.household_id,
            area_code=objection.notice.village_id,
            reason=note.strip(),
        )
    return resolved
