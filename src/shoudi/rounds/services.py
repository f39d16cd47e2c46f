"""Writes of 集中排查: open a round (every household in scope put on its village's list in one INSERT … SELECT),
close it (per-village results frozen), and record a visit (registry facts, the income sheet, new risks and the
lead — one transaction). Each checks capability and area and writes its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from shoudi.core.access import COUNTY, TOWNSHIP, Capability, code_range, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Region
from shoudi.rounds.models import (
    CHECKLIST,
    STATUS_FIELDS,
    Round,
    RoundHousehold,
    RoundStatus,
    VillageResult,
    VisitStatus,
)

CLOSED = "该次集中排查已结束，不能再录入走访"
COUNT_SQL = (
    "INSERT INTO rounds_villageresult (round_id, village_id, total, unvisited, visited, accounted, at_risk, leads) "
    "SELECT %s, village_id, COUNT(*), COUNT(*), 0, 0, 0, 0 FROM rounds_roundhousehold WHERE round_id = %s "
    "GROUP BY village_id"
)
ENLIST_SQL = (
    "INSERT INTO rounds_roundhousehold (round_id, household_id, village_id, status) "
    "SELECT %s, h.id, h.village_id, %s FROM registry_household h "
    "WHERE h.village_id >= %s AND h.village_id <= %s"
)
MAX_DAYS = 366


def _check_round(
    *, name: str, year: int, starts_on: dt.date | None, ends_on: dt.date | None, warn_days: int
) -> tuple[str, dt.date, dt.date]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写排查名称"})
    if len(name) > 100:
        raise ValidationError({"name": "排查名称不能超过100个字"})
    if not 2020 <= year <= 2100:
        raise ValidationError({"year": "核算年度应在2020–2100年之间"})
    if starts_on is None:
        raise ValidationError({"starts_on": "请填写开始日期"})
    if ends_on is None:
        raise ValidationError({"ends_on": "请填写结束日期"})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    if (ends_on - starts_on).days > MAX_DAYS:
        raise ValidationError({"ends_on": "排查期限不能超过一年"})
    if not 0 <= warn_days <= 90:
        raise ValidationError({"warn_days": "提前提醒天数应在0–90之间"})
    return name, starts_on, ends_on


def round_open(
    *,
    by: Any,
    name: str,
    year: int,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    area_code: str,
    checklist: dict[str, bool],
    warn_days: int = 7,
) -> Round:
    """Open a round over a county or a township of the officer's area and put every household there on its
    village's list (status 未走访). One open round per area at a time (nor one inside or around it)."""
    require(by, Capability.MANAGE_ROUNDS)
    name, starts, ends = _check_round(name=name, year=year, starts_on=starts_on, ends_on=ends_on, warn_days=warn_days)
    area = Region.objects.filter(code=str(area_code or "").strip()).first()
    if area is None or len(area.code) not in (COUNTY, TOWNSHIP):
        raise ValidationError({"area": "排查范围应为县或乡镇"})
    require(by, Capability.MANAGE_ROUNDS, area.code)
    unknown = set(checklist) - {n for n, _l in CHECKLIST}
    if unknown or not any(checklist.values()):
        raise ValidationError({"check_income": "请至少选择一项排查内容"})
    with transaction.atomic():
        lo, hi = code_range(area.code)
        overlapping = Round.objects.select_for_update().filter(status=RoundStatus.OPEN)
        overlapping = overlapping.filter(area_id__gte=lo, area_id__lte=hi) | overlapping.filter(
            area_id__in=[area.code[:n] for n in (COUNTY, TOWNSHIP) if n < len(area.code)]
        )
        if overlapping.exists():
            raise ValidationError({"area": f"{area.name}已有进行中的集中排查，请先结束后再开启"})
        round_ = Round(
            name=name,
            year=year,
            starts_on=starts,
            ends_on=ends,
            area=area,
            warn_days=warn_days,
            **{n: bool(checklist.get(n)) for n, _l in CHECKLIST},
        )
        audited_create(round_, by=by, area_code=area.code)
        round_.household_count = _enlist(round_, lo, hi)
        Round.objects.filter(pk=round_.pk).update(household_count=round_.household_count)
    return round_


def _enlist(round_: Round, lo: str, hi: str) -> int:
    """Every household of the area onto the round's lists: one INSERT … SELECT (100,000 rows in about a second)."""
    key = Round._meta.pk.get_db_prep_value(round_.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(ENLIST_SQL, [key, VisitStatus.UNVISITED.value, lo, hi])
        enlisted = int(cursor.rowcount)
        cursor.execute(COUNT_SQL, [key, key])
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE rounds_roundhousehold")  # fresh statistics for the village lists' queries
    return enlisted


def village_counts(round_: Round) -> dict[str, dict[str, int]]:
    """{village: {status: n, "leads": n}} of the whole round: one GROUP BY on (round, village, status)."""
    found: dict[str, dict[str, int]] = {}
    rows = (
        RoundHousehold.objects.filter(round=round_)
        .order_by()
        .values_list("village_id", "status")
        .annotate(n=Count("id"))
    )
    for village, status, n in rows:
        found.setdefault(village, {})[status] = n
    leads = (
        RoundHousehold.objects.filter(round=round_, lead__isnull=False)
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("id"))
    )
    for village, n in leads:
        found.setdefault(village, {})["leads"] = n
    return found


def recount(round_: Round) -> list[VillageResult]:
    """Each village's counts from the list itself (one GROUP BY), replacing the counters: what closing freezes."""
    results = []
    for village, counts in village_counts(round_).items():
        statuses = {s: counts.get(s, 0) for s in VisitStatus.values}
        fields = {STATUS_FIELDS[VisitStatus(s)]: n for s, n in statuses.items()}
        results.append(
            VillageResult(
                round=round_, village_id=village, total=sum(statuses.values()), leads=counts.get("leads", 0), **fields
            )
        )
    VillageResult.objects.filter(round=round_).delete()
    VillageResult.objects.bulk_create(results, batch_size=1000)
    return results


def count_visit(entry: RoundHousehold, before: str, after: str, *, new_lead: bool) -> None:
    """Move the village's counters by one visit: ``before`` → ``after``, and the lead it raised."""
    changes: dict[str, Any] = {}
    if before != after:
        changes[STATUS_FIELDS[VisitStatus(before)]] = F(STATUS_FIELDS[VisitStatus(before)]) - 1
        changes[STATUS_FIELDS[VisitStatus(after)]] = F(STATUS_FIELDS[VisitStatus(after)]) + 1
    if new_lead:
        changes["leads"] = F("leads") + 1
    if changes:
        VillageResult.objects.filter(round_id=entry.round_id, village_id=entry.village_id).update(**changes)


def round_close(*, by: Any, round_: Round, on: dt.date | None = None) -> Round:
    """Close the round: visits are refused from now on and each village's counts are frozen for the report."""
    require(by, Capability.MANAGE_ROUNDS, round_.area_id)
    with transaction.atomic():
        current = Round.objects.select_for_update().get(pk=round_.pk)
        if current.status != RoundStatus.OPEN:
            raise ConflictError("该次集中排查已结束", code="conflict")
        results = recount(current)
        closed, _diff = audited_update(
            current,
            by=by,
            changes={"status": RoundStatus.CLOSED, "closed_on": on or timezone.localdate()},
            fields=["status", "closed_on"],
            lock=False,
            area_code=current.area_id,
        )
        audit_entry(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=closed,
            changes={"村数": [None, len(results)], "已走访户数": [None, sum(r.total - r.unvisited for r in results)]},
            area_code=closed.area_id,
            reason="结束集中排查，冻结各村结果",
        )
    return closed


def refuse_if_closed(round_: Round) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ConflictError(CLOSED, code="closed")
