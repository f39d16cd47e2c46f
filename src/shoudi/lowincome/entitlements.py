"""Entitlements a layer brings (seed 003), checked against the departments' data: each member whose layer brings
one that the 医保 / 教育 data of the year do not show becomes a 待落实 item for the responsible department.

| kind | who | the data show it when |
| --- | --- | --- |
| 医保个人缴费资助 | members of a 特困 / 低保 household | an enrolment row (医保参保) of the year, 已参保, 资助类别 全额资助 (特困; 低保 too) or 定额资助 (低保, and 特困 where the county's ``premium_subsidy_share_tekun`` is below 1) |
| 医疗救助 | members of a 特困 / 低保 household with in-patient claims (医保结算, 住院) in the year | the aid shown (医疗救助金额) is at most 1 元 below ``medical_assistance_share`` × the compliant out-of-pocket before aid (合规自付 + 医疗救助), within ``medical_assistance_cap`` when the county stored one |
| 大学新生一次性资助 | members of a 脱贫户 admitted (录取) at university level (大学、本科、专科、高职) in the year | a 录取 row of the year with 资助金额 ≥ ``university_grant`` |
| 学费住宿费补助 | members of a 脱贫户 in school (在校) at university level in the year | an 在校 row of the year with a 资助金额 (据实补助, at most ``tuition_support_max``) |

A household's layer counts when held at any time of the year up to the day of the check (``Membership`` 特困 /
低保; 脱贫户: the registry's status, former_poor or former_poor_no_policy). One item per person, kind and year:
a new gap opens one (待落实); an open item whose data now show the entitlement is closed automatically (已落实,
"部门数据已显示落实"); an item a clerk settled (已落实 / 不适用) is never reopened. Running the check again changes
nothing (idempotent).

Parameters, per county (``policy/keys.py``), with the defaults below when the county stored none;
``medical_assistance_cap`` has no default (without it there is no cap).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from shoudi.core.access import NotVisible, in_area
from shoudi.core.audit import audited_update
from shoudi.core.models import AuditEntry
from shoudi.feeds.models import FeedRecord
from shoudi.feeds.selectors import records_for_area
from shoudi.lowincome import codes
from shoudi.lowincome.access import DELIVER, require_may
from shoudi.lowincome.counts import FORMER_POOR
from shoudi.lowincome.entitlement_rules import (
    DEPARTMENT,
    Finding,
    Kind,
    Params,
    Status,
    grant,
    medical_aid,
    params_for,
    premium,
    tuition,
    university_level,
)
from shoudi.lowincome.models import Entitlement, Membership
from shoudi.policy.layers import Layer
from shoudi.policy.params import ParameterSet
from shoudi.registry.models import Person

AUTO_NOTE = "部门数据已显示落实"
FIRST_YEAR = 2016


# ---- gathering the facts (one query per table) ---------------------------------------------------------------


def _held_during(start: dt.date, end: dt.date) -> Q:
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


BASIC = (codes.StoredLayer.TEKUN, codes.StoredLayer.DIBAO)


def _basic(area: str, start: dt.date, end: dt.date) -> QuerySet[Membership]:
    """The 特困 and 低保 memberships of ``area`` held at any time from ``start`` to ``end``."""
    return Membership.objects.filter(in_area("village_id", area), _held_during(start, end), layer__in=BASIC)


def _members(area: str, start: dt.date, end: dt.date) -> list[tuple[Any, Any, str, set[str]]]:
    """(person, household, village, layers) of every member of a household of ``area`` that holds a layer
    bringing entitlements at any time from ``start`` to ``end``: two queries."""
    basic = _basic(area, start, end)
    layers: dict[Any, set[str]] = defaultdict(set)
    for household_id, layer in basic.values_list("household_id", "layer"):
        layers[household_id].add(layer)
    people = (
        Person.objects.filter(in_area("household__village_id", area))
        .filter(Q(household__status__in=FORMER_POOR) | Q(household_id__in=basic.values("household_id")))
        .order_by("household__village_id", "household_id", "pk")
        .values_list("pk", "household_id", "household__village_id", "household__status")
    )
    found = []
    for person_id, household_id, village_id, status in people:
        held = set(layers.get(household_id, ()))
        if status in FORMER_POOR:
            held.add(Layer.FORMER_POOR)
        found.append((person_id, household_id, village_id, held))
    return found


def _records(area: str, source: str, condition: Q) -> dict[Any, list[FeedRecord]]:
    by_person: dict[Any, list[FeedRecord]] = defaultdict(list)
    qs = records_for_area(area).filter(condition, source=source, person__isnull=False).order_by("on", "row", "id")
    for record in qs.only("person", "on", "year", "category", "status", "detail", "amount", "amount_oop", "amount_aid"):
        by_person[record.person_id].append(record)
    return by_person


Judged = tuple[str, str, tuple[str, str, bool]]  # kind, layer, (expected, found, delivered)


def _judge(
    held: set[str], p: Params, enrolments: list[FeedRecord], claims: list[FeedRecord], schools: list[FeedRecord]
) -> list[Judged]:
    """The entitlements of one member whose household holds ``held``, judged on the member's rows of the year."""
    judged: list[Judged] = []
    basic = Layer.TEKUN if Layer.TEKUN in held else Layer.DIBAO if Layer.DIBAO in held else None
    if basic is not None:
        share = p.tekun_share if basic == Layer.TEKUN else p.dibao_share
        judged.append((Kind.PREMIUM_SUBSIDY, basic, premium(basic, share, enrolments)))
        if claims:
            judged.append((Kind.MEDICAL_ASSISTANCE, basic, medical_aid(p.aid_share, p.cap, claims)))
    if Layer.FORMER_POOR in held:
        rows = [r for r in schools if university_level(r.category)]
        admitted = [r for r in rows if r.status == "录取"]
        enrolled = [r for r in rows if r.status == "在校"]
        if admitted:
            judged.append((Kind.UNIVERSITY_GRANT, Layer.FORMER_POOR, grant(p.grant, admitted)))
        if enrolled:
            judged.append((Kind.TUITION_SUPPORT, Layer.FORMER_POOR, tuition(p.tuition_max, enrolled)))
    return judged


def findings(area: str, year: int, today: dt.date) -> tuple[list[Finding], int]:
    """Every entitlement the data can judge for the members of ``area``'s households holding a layer in
    ``year`` (up to ``today``), and the number of members looked at: one query per table."""
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    members = _members(area, start, end)
    if not members:
        return [], 0
    basic = Q(person__household_id__in=_basic(area, start, end).values("household_id"))
    in_year = Q(on__gte=start, on__lte=end)
    enrolments = _records(area, "medical_enrolment", basic & Q(year=year))
    claims = _records(area, "medical_claims", basic & in_year & Q(category="住院"))
    former_poor = Q(person__household__status__in=FORMER_POOR)
    schools = _records(area, "school", former_poor & in_year & Q(status__in=["录取", "在校"]))
    pset = ParameterSet.load(area, within=True)
    params: dict[str, Params] = {}
    result: list[Finding] = []
    for person_id, household_id, village_id, held in members:
        county = village_id[:6]
        p = params.get(county) or params.setdefault(county, params_for(county, end, pset))
        rows = (enrolments.get(person_id, []), claims.get(person_id, []), schools.get(person_id, []))
        for kind, layer, (expected, found, delivered) in _judge(held, p, *rows):
            result.append(Finding(person_id, household_id, village_id, kind, layer, expected, found, delivered))
    return result, len(members)


# ---- writing the items -------------------------------------------------------------------------------------


def check_year(year: Any, today: dt.date) -> int:
    """The year a check may run for: a whole number from 2016 to this year."""
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "年度应为四位数字，如 2026"}) from None
    if not FIRST_YEAR <= value <= today.year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{today.year}年之间"})
    return value


def check_entitlements(area: str, year: int, today: dt.date, *, by: Any = None) -> dict[str, int]:
    """Check ``area``'s members holding a layer against the departments' data of ``year``; write the items.

    Returns ``members`` (looked at), ``opened`` (new 待落实), ``open`` (待落实 after the check), ``delivered``
    (closed now because the data show them), ``updated`` (open items whose figures changed). The caller checks
    that ``by`` may run it for ``area``; a command passes no user."""
    year = check_year(year, today)
    found, members = findings(area, year, today)
    with transaction.atomic():
        existing = {
            (e.person_id, e.kind): e
            for e in Entitlement.objects.select_for_update().filter(in_area("village_id", area), year=year)
        }
        new: list[Entitlement] = []
        changed: list[Entitlement] = []
        delivered = 0
        for f in found:
            item = existing.get((f.person_id, f.kind))
            if item is None:
                if not f.delivered:
                    new.append(_item(f, year, today, by))
                continue
            if item.status != Status.OPEN:
                continue  # settled by a clerk (or closed earlier): never reopened
            if f.delivered:
                item.status, item.resolved_on, item.note, item.found = Status.DELIVERED, today, AUTO_NOTE, f.found[:200]
                delivered += 1
                changed.append(item)
            elif (item.expected, item.found) != (f.expected[:200], f.found[:200]):
                item.expected, item.found = f.expected[:200], f.found[:200]
                changed.append(item)
        Entitlement.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)  # a check running alongside
        fields = ["status", "resolved_on", "note", "expected", "found", "updated_by", "updated_at"]
        for item in changed:
            item.updated_by = by if getattr(by, "pk", None) else None
        Entitlement.objects.bulk_update(changed, fields, batch_size=500)
        still = Entitlement.objects.filter(in_area("village_id", area), year=year, status=Status.OPEN).count()
        counts = {
            "members": members,
            "opened": len(new),
            "open": still,
            "delivered": delivered,
            "updated": len(changed) - delivered,
        }
        _log_check(by, area, year, counts)
    return counts


def _item(f: Finding, year: int, today: dt.date, by: Any) -> Entitlement:
    user = by if getattr(by, "pk", None) else None
    return Entitlement(
        person_id=f.person_id,
        household_id=f.household_id,
        village_id=f.village_id,
        kind=f.kind,
        layer=f.layer,
        department=DEPARTMENT[codes.EntitlementKind(f.kind)],
        year=year,
        expected=f.expected[:200],
        found=f.found[:200],
        status=Status.OPEN,
        found_on=today,
        created_by=user,
        updated_by=user,
    )


def _log_check(by: Any, area: str, year: int, counts: dict[str, int]) -> None:
    AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        actor_name=(getattr(by, "display_name", "") or getattr(by, "username", "")) if by else "系统",
        action=AuditEntry.Action.UPDATE,
        object_type="entitlement_check",
        object_id=area,
        object_label=f"{area} {year}年度待遇落实核对"[:200],
        area_code=area,
        changes={
            "核对人数": counts["members"],
            "新增待落实": counts["opened"],
            "自动办结": counts["delivered"],
            "待落实": counts["open"],
        },
    )


SETTLE_STATUSES = (Status.DELIVERED, Status.NOT_APPLICABLE)


def entitlement_settle(*, by: Any, item: Entitlement, status: str, on: dt.date | None, note: str = "") -> Entitlement:
    """The responsible department's clerk marks an open item 已落实 or 不适用 (a note is required for 不适用).
    Anyone else — another department's clerk, any role that does not deliver, an item outside the area — gets
    a 404."""
    require_may(by, DELIVER, item.village_id)
    if getattr(by, "department", "") != item.department:
        raise NotVisible()  # another department's item: as if it did not exist
    if status not in SETTLE_STATUSES:
        raise ValidationError({"status": "请选择“已落实”或“不适用”"})
    note = (note or "").strip()
    if "\x00" in note:
        raise ValidationError({"note": "办理情况含有不可见的空字符，请删除后重新填写"})
    if status == Status.NOT_APPLICABLE and not note:
        raise ValidationError({"note": "标记为“不适用”时请写明原因，如：已在外地参保、已转学、已死亡"})
    if len(note) > 300:
        raise ValidationError({"note": f"办理情况不能超过 300 个字（当前 {len(note)} 个）"})
    if on is None:
        raise ValidationError({"on": "请填写办结日期"})
    if on > timezone.localdate():
        raise ValidationError({"on": "办结日期不能晚于今天"})
    if on.year < FIRST_YEAR:
        raise ValidationError({"on": f"办结日期不能早于{FIRST_YEAR}年"})
    with transaction.atomic():
        current = Entitlement.objects.select_for_update().get(pk=item.pk)  # a check may have closed it meanwhile
        if current.status != Status.OPEN:
            raise ValidationError({"status": f"此项已是“{current.get_status_display()}”，不需再办理"})
        saved, _diff = audited_update(
            current,
            by=by,
            changes={"status": status, "resolved_on": on, "note": note},
            fields=["status", "resolved_on", "note"],
            household_id=item.household_id,
            area_code=item.village_id,
            lock=False,
        )
    return saved
