"""Village public notices (公示): post a notice, record and resolve objections.

Four kinds, each with its own minimum length (a policy parameter by area and date): 纳入监测对象公示
(``notice_days``), 风险消除 and 风险消除回退公示 (``notice_days_elimination``) — neither shorter than the national
value of its parameter (national-practice.md §4, §7: at least 5 days) — and 帮扶计划公示 (``notice_days_assistance_plan``;
seed 001: "制定针对性帮扶计划…并进行公开公示"). A notice dated before the decision it announces is refused: a case
notice before the 民主评议, a plan notice before the household's measures were planned.

What a notice shows is frozen when it is posted: head's name, household size, category, the reason (or, on a plan
notice, the kinds of the planned measures), dates and the objection channel — never ID number, phone, bank
account or health details (national-practice.md §4).
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
from shoudi.monitoring import codes, extensions, policy_bridge
from shoudi.monitoring.common import check_date
from shoudi.monitoring.models import Case, Notice, NoticeEntry, Objection
from shoudi.regions.models import Region

K = codes.NoticeKind
STATUS_BY_KIND = {kind: status for status, kind in codes.NOTICE_KIND_BY_STATUS.items()}
DEFAULT_CHANNEL = "如有异议，请在公示期内向村民委员会或乡镇人民政府实名反映，也可拨打 12317 监督举报电话。"
DAYS_KEY = {
    K.INCLUSION: "notice_days",
    K.ELIMINATION: "notice_days_elimination",
    K.ROLLBACK: "notice_days_elimination",
    K.ASSISTANCE_PLAN: "notice_days_assistance_plan",
}
DAYS_LABEL = {
    "notice_days": "村内公示最少天数",
    "notice_days_elimination": "风险消除（回退）公示最少天数",
    "notice_days_assistance_plan": "帮扶计划公示最少天数",
}
NATIONAL_FLOOR = frozenset({K.INCLUSION, K.ELIMINATION, K.ROLLBACK})  # not shorter than the national value
NATIONAL = "00"


def notice_days(kind: str, region_code: str, on: dt.date) -> int:
    """The days a notice of ``kind`` posted on ``on`` in ``region_code`` runs. A value below one day, or (for
    identification, elimination and rollback) below the national value, is an error the county must fix."""
    key = DAYS_KEY[K(kind)]
    days = policy_bridge.int_param(key, region_code, on)
    floor = policy_bridge.int_param(key, NATIONAL, on) if kind in NATIONAL_FLOOR else 1
    if days < max(floor, 1):
        least = f"全国规定的 {floor} 天" if floor > 1 else "1 天"
        raise ValidationError(
            {
                "kind": f"政策参数“{DAYS_LABEL[key]}”（{key}）在本地为 {days} 天，少于{least}，"
                "请县级管理员在政策参数中修改后再发布公示"
            }
        )
    return days


def cases_awaiting_notice(village: Region, kind: str) -> Any:
    """Cases of ``village`` waiting for a notice of ``kind``: at its notice step and on no active notice of it
    yet; for a plan notice, the households under monitoring (whether or not an earlier plan notice listed
    them: a new plan notice lists the village's plans as they stand and supersedes the earlier one)."""
    if kind == K.ASSISTANCE_PLAN:
        qs = Case.objects.filter(village=village, status__in=codes.UNDER_MONITORING)
    else:
        qs = Case.objects.filter(village=village, status=STATUS_BY_KIND[K(kind)]).exclude(
            notice_entries__active=True, notice_entries__notice__kind=kind
        )
    return qs.select_related("household").order_by("household__number")


def planned_measures(case: Case) -> list[tuple[str, dt.date]]:
    """(measure kind, start date) of the measures planned for ``case`` (``extensions.live_measures``), by date."""
    return sorted(extensions.live_measures(case), key=lambda m: (m[1], m[0]))


def measure_kinds(measures: Sequence[tuple[str, dt.date]]) -> str:
    """The kinds' names, each once (a plan notice shows what kind of help, never the details)."""
    labels = dict(codes.MeasureKind.choices)
    return "、".join(dict.fromkeys(str(labels.get(kind, kind)) for kind, _ in measures))


def entry_for(case: Case, kind: str, measures: Sequence[tuple[str, dt.date]] | None = None) -> dict[str, Any]:
    """What the notice prints for ``case``: only the fields a public notice may show (``measures``: the planned
    measures of a plan notice, when the caller has them already)."""
    household = case.household
    members = list(household.members.all())
    head = next((m for m in members if m.relationship == "head"), None)
    counted = [m for m in members if m.living_in] or members
    risks = "、".join(str(r) for r in case.risks.all() if r.code in codes.RiskType.values)
    if kind == K.INCLUSION:
        reason = risks
    elif kind == K.ELIMINATION:
        reason = f"{case.get_elimination_kind_display()}（原风险：{risks}）"
    elif kind == K.ASSISTANCE_PLAN:
        reason = measure_kinds(planned_measures(case) if measures is None else measures)
    else:
        reason = f"风险消除回退（原风险：{risks}）"
    return {
        "head_name": head.name if head else household.number,
        "size": len(counted),
        "category": case.get_category_display() if case.category else "",
        "reason": reason[:200],
    }


def _plan_cases(
    waiting: list[Case], posted_on: dt.date | None
) -> tuple[list[Case], dict[Any, list[tuple[str, dt.date]]], dt.date]:
    """The households with planned measures, and the day the last of their plans was made (the earliest
    measure of each household: the day its plan was made). A household without measures has no plan to show."""
    planned = [(case, planned_measures(case)) for case in waiting]
    planned = [(case, measures) for case, measures in planned if measures]
    if not planned:
        raise ValidationError({"village": "本村监测户尚未制定帮扶措施，没有可公示的帮扶计划"})
    made_of = {case.pk: measures for case, measures in planned}
    made = {case.pk: measures[0][1] for case, measures in planned}
    latest = max(made.values())
    if posted_on is not None and posted_on < latest:
        late = [c for c, _ in planned if made[c.pk] > posted_on]
        names = "、".join(entry_for(c, K.ASSISTANCE_PLAN, made_of[c.pk])["head_name"] for c in late[:5])
        raise ValidationError(
            {
                "posted_on": f"张贴日期 {posted_on.isoformat()} 早于帮扶措施的制定日期（{names}户："
                f"{min(made[c.pk] for c in late).isoformat()} 起），公示不能早于所公示的帮扶计划"
            }
        )
    return [case for case, _ in planned], made_of, latest


def notice_post(
    *,
    by: Any,
    village: Region,
    kind: str,
    posted_on: dt.date | None = None,
    cases: Sequence[Case] | None = None,
    objection_channel: str = "",
) -> Notice:
    """Post one notice of ``kind`` for the village's cases waiting for it (all of them, or those given). The
    notice runs the days of its kind's parameter; one dated before the decision it announces is refused."""
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
        measures: dict[Any, list[tuple[str, dt.date]]] = {}
        if kind == K.ASSISTANCE_PLAN:
            waiting, measures, latest = _plan_cases(waiting, posted_on)
            posted_on = check_date(posted_on, field="posted_on", not_before=latest, what="帮扶措施制定日期")
        else:
            latest = max(c.status_on for c in waiting)
            posted_on = check_date(posted_on, field="posted_on", not_before=latest, what="民主评议日期")
        days = notice_days(kind, village.code, posted_on)
        if kind == K.ASSISTANCE_PLAN:  # the new plan notice supersedes the earlier one for these households
            NoticeEntry.objects.filter(case__in=waiting, active=True, notice__kind=kind).update(active=False)
        notice = Notice.objects.create(
            village=village,
            kind=kind,
            posted_on=posted_on,
            ends_on=posted_on + dt.timedelta(days=days - 1),
            objection_channel=objection_channel.strip() or DEFAULT_CHANNEL,
            created_by=by,
        )
        NoticeEntry.objects.bulk_create(
            [NoticeEntry(notice=notice, case=c, **entry_for(c, kind, measures.get(c.pk))) for c in waiting]
        )
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
