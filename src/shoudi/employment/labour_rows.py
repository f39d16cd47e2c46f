"""What the labour pages, the export and the API show of a person: one list row (from ``selectors_labour.
labour_list``'s annotations and prefetches, no query of its own), one export row, and a person's page. ID
numbers and phones are masked everywhere here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.core.exports import Column
from shoudi.employment import selectors_labour as sel
from shoudi.employment.models import LabourProfile, Work
from shoudi.monitoring.models import Case
from shoudi.monitoring.presenters import short_name
from shoudi.registry.idnumber import mask
from shoudi.registry.models import Person

EXPORT_COLUMNS = [
    Column("姓名", "text", 10),
    Column("身份证号", "text", 20),
    Column("年龄", "int", 6),
    Column("户编号", "text", 18),
    Column("村", "text", 14),
    Column("户类别", "text", 20),
    Column("劳动技能", "text", 14),
    Column("就业状态", "text", 12),
    Column("务工地点", "text", 12),
    Column("务工单位", "text", 24),
    Column("务工开始日期", "date", 12),
    Column("月工资（元）", "money", 12),
    Column("技能特长", "text", 20),
    Column("职业资格/技能证书", "text", 20),
    Column("有就业意愿", "text", 8),
]


def age(person: Person, today: dt.date) -> int:
    born = person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def tags(person: Person, *, monitored: bool) -> list[str]:
    """The household's priority tags (监测对象 first), and the member's 低保 / 特困."""
    found = ["监测对象"] if monitored else []
    if person.household.is_former_poor:
        found.append(person.household.get_status_display())
    found += [label for flag, label in (("dibao", "低保"), ("tekun", "特困")) if getattr(person, flag)]
    return found


def _profile(person: Person) -> LabourProfile | None:
    try:
        return person.labour_profile
    except LabourProfile.DoesNotExist:
        return None


def _current(person: Person) -> Work | None:
    spells = getattr(person, "open_works", None)
    if spells is None:
        spells = list(Work.objects.filter(person=person, ended_on__isnull=True))
    return max(spells, key=lambda w: w.started_on) if spells else None


def status_label(current: Work | None, recent: bool) -> tuple[str, str]:
    if current is not None:
        return sel.Status.WORKING, "在岗"
    if recent:
        return sel.Status.RECENT, "近期失业返乡"
    return sel.Status.IDLE, "未就业"


def row_of(person: Person, today: dt.date | None = None) -> dict[str, Any]:
    """One row of the list (``person`` from ``selectors_labour.labour_list``)."""
    current = _current(person)
    profile = _profile(person)
    status, label = status_label(current, bool(getattr(person, "recent", False)))
    return {
        "person": person,
        "masked_id": mask(person.id_number),
        "village": short_name(person.household.village.name),
        "tags": tags(person, monitored=bool(getattr(person, "monitored", False))),
        "work": current,
        "status": status,
        "status_label": label,
        "skills": profile.skills if profile else "",
        "certificates": profile.certificates if profile else "",
        "available": profile.available if profile else None,
    }


def export_row(person: Person, today: dt.date) -> list[Any]:
    row = row_of(person)
    current: Work | None = row["work"]
    available = row["available"]
    return [
        person.name,
        row["masked_id"],
        age(person, today),
        person.household.number,
        row["village"],
        "、".join(row["tags"]) or person.household.get_status_display(),
        person.get_labor_display(),
        row["status_label"],
        current.get_place_display() if current else "",
        current.employer_name if current else "",
        current.started_on if current else None,
        current.monthly_pay if current else None,
        row["skills"],
        row["certificates"],
        "" if available is None else ("是" if available else "否"),
    ]


def person_context(person: Person, today: dt.date) -> dict[str, Any]:
    """A person's labour page: profile, the open spell and the past ones, events and trainings."""
    works = sel.person_works(person)
    current = next((w for w in works if w.ended_on is None), None)
    events = sel.person_events(person)
    monitored = Case.objects.filter(household_id=person.household_id, is_open=True).exists()
    return {
        "person": person,
        "household": person.household,
        "masked_id": mask(person.id_number),
        "age": age(person, today),
        "working_age": sel.is_working_age(person, today),
        "tags": tags(person, monitored=monitored),
        "profile": _profile(person),
        "current": current,
        "past": [w for w in works if w.ended_on is not None],
        "events": [e for e in events if e.kind != "training"],
        "trainings": [e for e in events if e.kind == "training"],
        "today": today,
    }
