"""结果公告 (national-practice.md §4 step 6): after 审定 the township announces the approved list in the village.

A case awaits an announcement of its procedure's kind when its latest 审定 of that procedure stands (the case
went on from it, not back) and no announcement lists it with that decision's date. What is printed is frozen
when posted: head's name, household size, 监测对象类型, the decision's date and body — never ID, phone, bank
account or health. An announcement dated before a decision it announces is refused.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from shoudi.core.access import Capability, can, require, user_area_q
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.monitoring.common import check_date
from shoudi.monitoring.models import Case, CaseTransition
from shoudi.monitoring.models_checks import Announcement, AnnouncementEntry
from shoudi.monitoring.notices import entry_for
from shoudi.monitoring.presenters import short_name
from shoudi.regions.models import Region

S = codes.Status
K = codes.NoticeKind
DECISION = {K.INCLUSION: "id_decision", K.ELIMINATION: "el_decision", K.ROLLBACK: "rb_decision"}
# Where a case may be once the decision stands (it went on, not back).
STANDING = {
    K.INCLUSION: frozenset(
        {S.ID_ENTRY, S.MONITORED, *codes.ELIMINATION_STATUSES, S.ELIMINATED, *codes.ROLLBACK_STATUSES}
    ),
    K.ELIMINATION: frozenset({S.EL_ENTRY, S.ELIMINATED, *codes.ROLLBACK_STATUSES}),
    K.ROLLBACK: frozenset({S.MONITORED, *codes.ELIMINATION_STATUSES}),
}
TITLES = {
    K.INCLUSION: "纳入防止返贫监测对象结果公告",
    K.ELIMINATION: "防止返贫监测对象风险消除结果公告",
    K.ROLLBACK: "风险消除回退结果公告",
}
HOTLINE = "12317"


@dataclass(frozen=True)
class Awaiting:
    case: Case
    decided_on: dt.date


def awaiting_in(cases: QuerySet[Case], kind: str, since: dt.date | None = None) -> list[Awaiting]:
    """Of ``cases``, those whose standing decision of ``kind`` no announcement lists yet (decided on or after
    ``since`` when given). Three queries, whatever the number of cases."""
    kind = K(kind)
    standing = cases.filter(status__in=STANDING[kind])
    rows = CaseTransition.objects.filter(case__in=standing, action=DECISION[kind])
    if since is not None:
        rows = rows.filter(on__gte=since)
    decided: dict[Any, dt.date] = {}
    for case_id, on in rows.order_by("case_id", "on", "id").values_list("case_id", "on"):
        decided[case_id] = on  # the last one wins
    announced = set(
        AnnouncementEntry.objects.filter(case_id__in=decided, announcement__kind=kind).values_list(
            "case_id", "decided_on"
        )
    )
    pending = {pk for pk, on in decided.items() if (pk, on) not in announced}
    found = standing.filter(pk__in=pending).select_related("household", "village").order_by("household__number")
    return [Awaiting(c, decided[c.pk]) for c in found]


def awaiting(village: Region, kind: str, since: dt.date | None = None) -> list[Awaiting]:
    return awaiting_in(Case.objects.filter(village=village), kind, since)


def waiting_rows(cases: QuerySet[Case], today: dt.date) -> list[dict[str, Any]]:
    """Per village and kind, how many of ``cases`` (the user's visible ones) decided in the last year await an
    announcement, for the list page."""
    rows: list[dict[str, Any]] = []
    since = today - dt.timedelta(days=365)
    for kind, title in TITLES.items():
        counts = Counter(w.case.village_id for w in awaiting_in(cases, kind, since))
        names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
        rows += [
            {"village": code, "name": short_name(names.get(code, code)), "kind": kind, "label": title, "n": n}
            for code, n in sorted(counts.items())
        ]
    return rows


def announcements_visible(user: Any) -> QuerySet[Announcement]:
    """The announcements of villages in the user's area (none without the right to see cases)."""
    if not can(user, Capability.VIEW_CASES):
        return Announcement.objects.none()
    return Announcement.objects.filter(user_area_q(user, "village_id"))


def decided_by(village_code: str) -> str:
    """The body that decided: the county (or the city, by the approval_level parameter) by its name."""
    county = Region.objects.filter(code=village_code[:6]).values_list("name", flat=True).first()
    return f"{county or village_code[:6]}人民政府"


def announcement_post(
    *,
    by: Any,
    village: Region,
    kind: str,
    posted_on: dt.date | None,
    issuer: str,
    hotline: str = "",
    cases: Sequence[Case] | None = None,
) -> Announcement:
    """The township announces, in ``village``, the approved list (all awaiting cases, or those given)."""
    require(by, Capability.REVIEW_CASES, village.code)
    if kind not in DECISION:
        raise ValidationError({"kind": f"公告类型“{kind}”不在代码表中"})
    if not issuer.strip():
        raise ValidationError({"issuer": "请填写公告单位（如××镇人民政府）"})
    with transaction.atomic():
        Region.objects.select_for_update().filter(code=village.code).first()  # one poster per village at a time
        waiting = awaiting(village, kind)
        if cases is not None:
            wanted = {c.pk for c in cases}
            waiting = [w for w in waiting if w.case.pk in wanted]
            if len(waiting) != len(wanted):
                raise ValidationError({"cases": "所选农户中有尚未审定或已公告的，请刷新后重试"})
        if not waiting:
            raise ValidationError({"village": "本村没有已审定、待公告的农户"})
        latest = max(w.decided_on for w in waiting)
        on = check_date(posted_on, field="posted_on", not_before=latest, what="所公告事项的审定日期")
        announcement = Announcement.objects.create(
            village=village,
            kind=kind,
            posted_on=on,
            issuer=issuer.strip()[:100],
            hotline=hotline.strip()[:100],
            created_by=by,
        )
        body = decided_by(village.code)
        AnnouncementEntry.objects.bulk_create(
            [
                AnnouncementEntry(
                    announcement=announcement,
                    case=w.case,
                    decided_on=w.decided_on,
                    decided_by=body,
                    **{k: v for k, v in entry_for(w.case, kind).items() if k != "reason"},
                )
                for w in waiting
            ]
        )
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=announcement,
            changes={"结果公告": [None, f"{TITLES[K(kind)]} {len(waiting)} 户，{on}"]},
            area_code=village.code,
        )
    return announcement
