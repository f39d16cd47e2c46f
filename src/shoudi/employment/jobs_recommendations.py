"""Recommendations (岗位推荐) and their outcomes: the 人社 clerk (``MANAGE_JOBS``) puts persons forward for an
open opening — each recommendation carries the matching's score and reasons as they were then — and records what
became of it: 已联系 → 已面试 → 已上岗 or 未成, each step forward only, with its date and note (optimistic
version).

已上岗 opens the person's work spell through ``work.work_start`` (trusted: the right was checked here) with the
opening's employer, place and pay (source 岗位推荐上岗), which keeps the registry's work fields in step and adds
the 就业帮扶 measure to the household's monitoring case; the spell is kept on the recommendation, and the opening
is marked 已招满 once its 招聘人数 are at work."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.core.models import AuditEntry
from shoudi.employment import codes, matching, work
from shoudi.employment.access import MANAGE_JOBS, require_may
from shoudi.employment.jobs import EARLIEST, clean_pay
from shoudi.employment.matching_pool import Pool, pool_for
from shoudi.employment.models import Opening, Recommendation
from shoudi.regions.models import Region
from shoudi.registry.models import Person

RECOMMENDATION_FIELDS = ["opening", "person", "score", "reasons", "outcome", "outcome_on", "outcome_note", "work"]
STEP: dict[str, int] = {
    codes.Outcome.RECOMMENDED: 0,
    codes.Outcome.CONTACTED: 1,
    codes.Outcome.INTERVIEWED: 2,
    codes.Outcome.HIRED: 3,
    codes.Outcome.FAILED: 3,
}
MAX_AT_ONCE = 200
CONFLICT = "该推荐记录已被他人修改，请刷新后重试"
OUT_OF_POOL = "不在劳动力匹配范围（年龄、劳动能力或就业意愿不符）"


def _check_open(opening: Opening) -> None:
    if opening.status != codes.OpeningStatus.OPEN:
        raise ValidationError({"opening": f"岗位“{opening.title}”{opening.get_status_display()}，不能再推荐"})


def _in_county(opening: Opening, person: Person) -> None:
    if not person.household.village_id.startswith(opening.area_id[:6]):
        raise ValidationError({"person": f"{person.name}不是本县劳动力，不能推荐到该岗位"})


def _scored(pool: Pool, feat: matching.Features, person: Person) -> tuple[Decimal, str]:
    found = matching.one(pool, feat, person.pk)
    return (found.score, found.reasons) if found else (Decimal("0"), OUT_OF_POOL)


def recommend(*, by: Any, opening: Opening, persons: Iterable[Person]) -> tuple[list[Recommendation], int]:
    """Recommend ``persons`` for ``opening``; those already recommended for it are skipped. Returns (the new
    recommendations, how many were skipped)."""
    people = list(persons)
    if not people:
        raise ValidationError({"persons": "请选择要推荐的劳动力"})
    if len(people) > MAX_AT_ONCE:
        raise ValidationError({"persons": f"一次最多推荐 {MAX_AT_ONCE} 人"})
    require_may(by, MANAGE_JOBS, opening.area_id)
    _check_open(opening)
    for person in people:
        require_may(by, MANAGE_JOBS, person.household.village_id)
        _in_county(opening, person)
    pool = pool_for(opening.area_id[:6])
    feat = matching.Features.of(opening)
    made, skipped = [], 0
    with transaction.atomic():
        Opening.objects.select_for_update().filter(pk=opening.pk).first()
        existing = set(
            Recommendation.objects.filter(opening=opening, person__in=people).values_list("person_id", flat=True)
        )
        for person in people:
            if person.pk in existing:
                skipped += 1
                continue
            existing.add(person.pk)
            score, why = _scored(pool, feat, person)
            rec = Recommendation(
                opening=opening, person=person, village_id=person.household.village_id, score=score, reasons=why
            )
            made.append(
                audited_create(
                    rec,
                    by=by,
                    fields=RECOMMENDATION_FIELDS,
                    household_id=person.household_id,
                    area_code=person.household.village_id,
                )
            )
    if not made and len(people) == 1:
        raise ValidationError({"persons": f"{people[0].name}已推荐到该岗位，不能重复推荐"})
    return made, skipped


@dataclass(frozen=True)
class OutcomeInput:
    outcome: str
    on: dt.date
    note: str = ""
    monthly_pay: Decimal | None = None  # 已上岗: the agreed pay (default: the opening's 月薪下限)


def _outcome_date(on: Any, rec: Recommendation) -> dt.date:
    if not isinstance(on, dt.date):
        raise ValidationError({"outcome_on": "请填写结果日期"})
    if on > timezone.localdate():
        raise ValidationError({"outcome_on": f"结果日期（{on.isoformat()}）不能晚于今天"})
    if on < EARLIEST:
        raise ValidationError({"outcome_on": "结果日期不能早于2000年"})
    if rec.outcome_on and on < rec.outcome_on:
        raise ValidationError({"outcome_on": f"结果日期不能早于上一步的日期（{rec.outcome_on.isoformat()}）"})
    return on


def recommendation_outcome(
    *, by: Any, recommendation: Recommendation, entry: OutcomeInput, expected_version: int | None
) -> Recommendation:
    rec = recommendation
    require_may(by, MANAGE_JOBS, rec.village_id)
    outcome = str(entry.outcome or "")
    if outcome not in STEP or outcome == codes.Outcome.RECOMMENDED:
        known = "、".join(str(codes.Outcome(o).label) for o in STEP if o != codes.Outcome.RECOMMENDED)
        raise ValidationError({"outcome": f"请选择推荐结果（可选：{known}）"})
    if rec.outcome not in codes.OPEN_OUTCOMES:
        raise ValidationError({"outcome": f"该推荐已是“{rec.get_outcome_display()}”，不能再变更"})
    if STEP[outcome] <= STEP[rec.outcome]:
        raise ValidationError({"outcome": f"该推荐已是“{rec.get_outcome_display()}”，只能记录之后的结果"})
    on = _outcome_date(entry.on, rec)
    note = clean_text(entry.note, field="outcome_note", label="结果说明", max_length=200)
    pay = clean_pay(entry.monthly_pay, field="monthly_pay", label="月工资")
    if outcome == codes.Outcome.FAILED and not note:
        raise ValidationError({"outcome_note": "未成的请写明原因"})
    with transaction.atomic():
        opening = Opening.objects.select_for_update().select_related("employer").get(pk=rec.opening_id)
        changes: dict[str, Any] = {"outcome": outcome, "outcome_on": on, "outcome_note": note}
        if outcome == codes.Outcome.HIRED:
            changes["work"] = _hire(by=by, rec=rec, opening=opening, on=on, pay=pay)
        rec, _ = audited_update(
            rec,
            by=by,
            changes=changes,
            fields=RECOMMENDATION_FIELDS,
            expected_version=expected_version,
            household_id=rec.person.household_id,
            area_code=rec.village_id,
            conflict_message=CONFLICT,
        )
        if outcome == codes.Outcome.HIRED:
            _fill_if_done(by=by, opening=opening)
    return rec


def _hire(*, by: Any, rec: Recommendation, opening: Opening, on: dt.date, pay: Decimal | None) -> Any:
    if opening.status != codes.OpeningStatus.OPEN:
        raise ValidationError({"outcome": f"岗位“{opening.title}”{opening.get_status_display()}，不能再记录上岗"})
    current = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if current.outcome not in codes.OPEN_OUTCOMES:
        raise ValidationError({"outcome": f"该推荐已是“{current.get_outcome_display()}”，不能再变更"})
    detail = opening.place_detail or (opening.workplace.name if opening.workplace_id and opening.workplace else "")
    entry = work.WorkInput(
        place=opening.place,
        started_on=on,
        employer=opening.employer,
        employer_name=opening.employer.name,
        job=opening.title,
        place_detail=detail,
        monthly_pay=pay if pay is not None else opening.pay_min,
        source=codes.WorkSource.PLACEMENT,
        source_ref=str(rec.pk),
    )
    try:
        return work.work_start(by=by, person=rec.person, entry=entry, trusted=True)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "started_on" in exc.error_dict:
            raise ValidationError({"outcome_on": exc.message_dict["started_on"]}) from None
        raise


def _fill_if_done(*, by: Any, opening: Opening) -> None:
    hired = Recommendation.objects.filter(opening=opening, outcome=codes.Outcome.HIRED).count()
    if hired >= opening.headcount and opening.status == codes.OpeningStatus.OPEN:
        audited_update(
            opening,
            by=by,
            changes={"status": codes.OpeningStatus.FILLED},
            fields=["status"],
            lock=False,
            area_code=opening.area_id,
            reason=f"已上岗 {hired} 人，达到招聘人数",
        )


@dataclass
class BatchResult:
    persons: int  # in the pool
    targets: int  # not at work, not unwilling
    openings: int
    pairs: int  # proposed (best per person)
    new: int  # of them not yet recommended
    written: int
    seconds: float


def batch_recommend(
    *,
    by: Any,
    county: str,
    per_person: int = 3,
    per_opening: int = 0,
    min_score: float = 40.0,
    write: bool = False,
    today: dt.date | None = None,
) -> BatchResult:
    """批量推荐: for every person of the county not at work, the ``per_person`` best open openings (scoring at
    least ``min_score``); written as recommendations only when ``write`` — one transaction, pairs already
    recommended skipped, one audit entry for the batch."""
    started = time.perf_counter()
    if by is not None:  # None: the system (the command without --user)
        require_may(by, MANAGE_JOBS, county)
    today = today or timezone.localdate()
    from shoudi.employment.selectors_jobs import open_openings_of

    openings = open_openings_of(county, today)
    pool = pool_for(county, today=today, fresh=True)
    feats = [matching.Features.of(o) for o in openings]
    pairs = matching.batch(pool, feats, per_person=per_person, per_opening=per_opening, min_score=min_score)
    done = (
        set(Recommendation.objects.filter(opening__in=openings).values_list("opening_id", "person_id"))
        if pairs
        else set()
    )
    fresh = [p for p in pairs if (openings[p.opening].pk, pool.person_id(p.person)) not in done]
    written = 0
    if write and fresh:
        written = _write_batch(by=by, county=county, pool=pool, openings=openings, feats=feats, pairs=fresh)
    targets = int(((~pool.at_work) & (pool.willing != -1)).sum())
    elapsed = time.perf_counter() - started
    return BatchResult(pool.size, targets, len(openings), len(pairs), len(fresh), written, elapsed)


COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "created_by_id",
    "updated_by_id",
    "opening_id",
    "person_id",
    "village_id",
    "score",
    "reasons",
    "outcome",
    "outcome_on",
    "outcome_note",
    "work_id",
    "version",
)


def _write_batch(
    *, by: Any, county: str, pool: Pool, openings: list[Opening], feats: list[Any], pairs: list[matching.Pair]
) -> int:
    """The pairs as recommendations, in one transaction: on PostgreSQL COPY into a temporary table, then one
    INSERT … ON CONFLICT DO NOTHING of the rows whose person still exists; elsewhere ``bulk_create``."""
    now = timezone.now()
    user = by.pk if getattr(by, "pk", None) else None
    rows = [
        (
            uuid.uuid4(),
            now,
            now,
            user,
            user,
            openings[pair.opening].pk,
            pool.person_id(pair.person),
            str(int(pool.village[pair.person])),
            Decimal(f"{max(pair.score, 0.0):.2f}"),
            matching.reasons_of(pool, feats[pair.opening], pair.person),
            codes.Outcome.RECOMMENDED.value,
            None,
            "",
            None,
            1,
        )
        for pair in pairs
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            written = _copy(rows)
        else:
            present = set(Person.objects.filter(pk__in={r[6] for r in rows}).values_list("pk", flat=True))
            objs = [Recommendation(**dict(zip(COLUMNS, r, strict=True))) for r in rows if r[6] in present]
            written = len(Recommendation.objects.bulk_create(objs, batch_size=2000, ignore_conflicts=True))
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=Region.objects.get(code=county),
            area_code=county,
            changes={"批量推荐人次": written, "涉及岗位": len({p.opening for p in pairs})},
            reason="批量推荐（岗位匹配）",
        )
    return written


def _copy(rows: list[tuple[Any, ...]]) -> int:
    table = Recommendation._meta.db_table
    names = ", ".join(COLUMNS)
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE batch_rec (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
        with cur.cursor.copy(f"COPY batch_rec ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        selected = ", ".join("b." + c for c in COLUMNS)
        insert = f"INSERT INTO {table} ({names}) SELECT {selected} FROM batch_rec b "  # noqa: S608 - constant names
        cur.execute(insert + "JOIN registry_person p ON p.id = b.person_id ON CONFLICT DO NOTHING")
        return int(cur.rowcount)
