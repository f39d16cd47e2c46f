"""Work spells (务工就业记录), entered once and kept in step with the registry.

``work_start`` opens a spell (ending the person's open one the day before, if any); ``work_end`` closes one.
Both then recompute the person's registry work fields for the year — 务工地点 (the open spell's place, or 未务工),
务工月数 and 工资性收入 (the year's spells: months × monthly pay) — which the assessment, the screening rules
(job_loss reads who is at work) and the income form read, and add the matching assistance measure to the
household's monitoring case (``measures.link``). The caller's right is checked here (``RECORD_WORK``) unless a
ledger that checked its own (a placement, a post, the 人社 feed) says ``trusted``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.employment import codes, measures
from shoudi.employment.access import RECORD_WORK, require_may
from shoudi.employment.models import Employer, Work
from shoudi.registry.models import Person

WORK_FIELDS = [
    "employer_name",
    "job",
    "place",
    "place_detail",
    "started_on",
    "ended_on",
    "monthly_pay",
    "months_this_year",
    "end_reason",
    "source",
]
CENT = Decimal("0.01")
CHANGED = "变更务工单位或地点"


@dataclass(frozen=True)
class WorkInput:
    place: str
    started_on: dt.date
    employer_name: str = ""
    employer: Employer | None = None
    job: str = ""
    place_detail: str = ""
    monthly_pay: Decimal | None = None
    months_this_year: int | None = None
    source: str = codes.WorkSource.PAGE
    source_ref: str = ""


def months_in_year(started_on: dt.date, ended_on: dt.date | None, year: int, today: dt.date) -> int:
    """Whole or part months of ``year`` the spell covers, up to ``today`` (a started month counts)."""
    first = max(started_on, dt.date(year, 1, 1))
    last = min(ended_on or today, dt.date(year, 12, 31), today)
    if last < first:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1


def year_totals(person: Person, year: int, today: dt.date) -> tuple[int, Decimal | None]:
    """(months worked, wage income) of ``person`` in ``year`` from the spells; the income is None when no spell
    of the year states its pay."""
    months, income, any_pay = 0, Decimal("0"), False
    for spell in Work.objects.filter(person=person, started_on__lte=dt.date(year, 12, 31)):
        n = spell.months_this_year if spell.months_this_year is not None and spell.started_on.year == year else None
        if n is None:
            n = months_in_year(spell.started_on, spell.ended_on, year, today)
        months += n
        if spell.monthly_pay is not None and n:
            income += spell.monthly_pay * n
            any_pay = True
    return min(months, 12), (income.quantize(CENT) if any_pay else None)


def sync_person(*, by: Any, person: Person, today: dt.date | None = None) -> Person:
    """Put the labour database's view of ``person`` into the registry's work fields (audited when they change)."""
    today = today or timezone.localdate()
    open_spell = Work.objects.filter(person=person, ended_on__isnull=True).order_by("-started_on").first()
    months, income = year_totals(person, today.year, today)
    changes: dict[str, Any] = {"work_place": open_spell.place if open_spell else "", "work_months": months}
    if income is not None:
        changes["work_income"] = income
    changed = {k: v for k, v in changes.items() if getattr(person, k) != v}
    if not changed:
        return person
    person, _ = audited_update(
        person,
        by=by,
        changes=changed,
        lock=False,
        household_id=person.household_id,
        area_code=person.household.village_id,
    )
    return person


def _checked(entry: WorkInput) -> None:
    if entry.place not in codes.WorkPlace.values or not entry.place:
        raise ValidationError({"place": "请选择务工地点"})
    if entry.started_on > timezone.localdate() + dt.timedelta(days=31):
        raise ValidationError({"started_on": "务工开始日期不能晚于一个月之后"})
    if not (entry.employer_name.strip() or entry.employer):
        raise ValidationError({"employer_name": "请填写务工单位（灵活就业可填“灵活就业”）"})
    if entry.monthly_pay is not None and (not entry.monthly_pay.is_finite() or entry.monthly_pay < 0):
        raise ValidationError({"monthly_pay": "月工资不能为负数"})
    if entry.monthly_pay is not None and entry.monthly_pay >= Decimal("1e8"):
        raise ValidationError({"monthly_pay": "月工资超出合理范围"})


def work_start(*, by: Any, person: Person, entry: WorkInput, trusted: bool = False, link_measure: bool = True) -> Work:
    """Record that ``person`` works from ``entry.started_on``; the open spell (if any) ends the day before.
    ``link_measure`` False: the caller links its own measure (a 公益性岗位 is 公益岗位帮扶, not 就业帮扶)."""
    village = person.household.village_id
    if not trusted:
        require_may(by, RECORD_WORK, village)
    _checked(entry)
    with transaction.atomic():
        current = Work.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
        if current is not None:
            if entry.started_on <= current.started_on:
                raise ValidationError(
                    {"started_on": f"该成员已有自 {current.started_on} 起的务工记录，开始日期须晚于该日"}
                )
            day_before = entry.started_on - dt.timedelta(days=1)
            _close(by=by, work=current, ended_on=day_before, reason=CHANGED)
            measures.end_link(
                by=by, person=person, kind=measures.EMPLOYMENT, start=current.started_on, end=day_before, reason=CHANGED
            )
        spell = Work(
            person=person,
            village_id=village,
            employer=entry.employer,
            employer_name=(entry.employer_name.strip() or (entry.employer.name if entry.employer else "")),
            job=entry.job.strip(),
            place=entry.place,
            place_detail=entry.place_detail.strip(),
            started_on=entry.started_on,
            monthly_pay=entry.monthly_pay.quantize(CENT) if entry.monthly_pay is not None else None,
            months_this_year=entry.months_this_year,
            source=entry.source,
            source_ref=entry.source_ref,
        )
        spell = audited_create(spell, by=by, fields=WORK_FIELDS, household_id=person.household_id, area_code=village)
        sync_person(by=by, person=person)
        if link_measure:
            measures.link(
                by=by, person=person, kind=measures.EMPLOYMENT, start=spell.started_on, content=_content(spell)
            )
    return spell


def _content(spell: Work) -> str:
    where = spell.get_place_display()
    pay = f"，月工资{spell.monthly_pay}元" if spell.monthly_pay is not None else ""
    return f"就业帮扶：{spell.employer_name}（{where}）{spell.job}{pay}"[:500]


def _close(*, by: Any, work: Work, ended_on: dt.date, reason: str) -> Work:
    if ended_on < work.started_on:
        raise ValidationError({"ended_on": f"结束日期 {ended_on} 早于开始日期 {work.started_on}"})
    work, _ = audited_update(
        work,
        by=by,
        changes={"ended_on": ended_on, "end_reason": reason[:200], "version": work.version + 1},
        lock=False,
        household_id=work.person.household_id,
        area_code=work.village_id,
    )
    return work


def work_end(*, by: Any, work: Work, ended_on: dt.date, reason: str, trusted: bool = False) -> Work:
    """Close an open spell (失业、返乡、合同到期…) and update the person's registry work fields."""
    if not trusted:
        require_may(by, RECORD_WORK, work.village_id)
    if work.ended_on is not None:
        raise ValidationError({"ended_on": f"该务工记录已于 {work.ended_on} 结束"})
    if not reason.strip():
        raise ValidationError({"end_reason": "请填写结束原因"})
    with transaction.atomic():
        work = _close(by=by, work=work, ended_on=ended_on, reason=reason.strip())
        sync_person(by=by, person=work.person)
        measures.end_link(
            by=by, person=work.person, kind=measures.EMPLOYMENT, start=work.started_on, end=ended_on, reason=reason
        )
    return work
