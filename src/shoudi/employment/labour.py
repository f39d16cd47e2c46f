"""Writes of the labour force database (劳动力数据库): a person's profile (skills, certificates, wishes) and the
events of their working life (失业登记 / 返乡 / 就业登记 / 参加培训). Work spells are ``work.work_start`` /
``work.work_end`` (the lead's); what other ledgers feed in (income sheets, registry edits, the 人社 feed) is
``labour_sync`` and ``feed_labour``.

- ``profile_save``: creates the profile on the first save, else changes it; ``expected_version`` is the version
  the person saw (0: no profile yet) — someone quicker gets a ``ConflictError`` (409 / said on the page).
- ``event_record``: 失业登记 and 返乡 end the person's open work spell on the event's date (when the spell began
  before it); a training of a member of a household under monitoring becomes a 就业帮扶 measure of its case
  ("技能培训：…"). An event with a ``source_ref`` (a feed row) is recorded once: the same again returns the
  stored one and changes nothing.

Every write checks ``RECORD_WORK`` in the person's village (unless a trusted ledger says it checked its own),
runs in one transaction and is audited on the household."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import choice, clean_text, money
from shoudi.employment import codes, measures, work
from shoudi.employment.access import RECORD_WORK, require_may
from shoudi.employment.models import LabourEvent, LabourProfile, Work
from shoudi.registry.models import Person

PROFILE_FIELDS = [
    "skills",
    "certificates",
    "training_wish",
    "wish_kind",
    "wish_place",
    "wish_pay",
    "available",
    "note",
]
EVENT_FIELDS = ["kind", "on_date", "detail", "hours", "certificate", "source", "source_ref"]
CONFLICT = "该成员的劳动力信息已被他人修改，请刷新后重试"
EARLIEST = dt.date(2000, 1, 1)
MAX_PAY = Decimal("1e8")
MAX_HOURS = 10_000
ENDING = frozenset({codes.EventKind.UNEMPLOYED, codes.EventKind.RETURNED})


@dataclass(frozen=True)
class ProfileInput:
    skills: str = ""
    certificates: str = ""
    training_wish: str = ""
    wish_kind: str = ""
    wish_place: str = ""
    wish_pay: Decimal | None = None
    available: bool = True
    note: str = ""


@dataclass(frozen=True)
class EventInput:
    kind: str
    on_date: dt.date
    detail: str = ""
    hours: int | None = None
    certificate: str = ""
    source: str = codes.WorkSource.PAGE
    source_ref: str = ""


def _where(person: Person) -> dict[str, Any]:
    return {"household_id": person.household_id, "area_code": person.household.village_id}


def clean_day(value: dt.date | None, *, field: str, label: str, future_days: int = 0) -> dt.date:
    """A date typed by a person: given, not before 2000, at most ``future_days`` after today."""
    if value is None:
        raise ValidationError({field: f"请填写{label}"})
    if value < EARLIEST:
        raise ValidationError({field: f"{label}不能早于2000年"})
    if value > timezone.localdate() + dt.timedelta(days=future_days):
        raise ValidationError({field: f"{label}（{value.isoformat()}）不能晚于今天"})
    return value


def clean_pay(value: Any, *, field: str, label: str) -> Decimal | None:
    return money(value, field, label, required=False, maximum=MAX_PAY)


def _choice(value: str, choices: Any, *, field: str, label: str, blank: bool = False) -> str:
    return choice(value, choices, field, label, required=not blank)


# ---- the profile ---------------------------------------------------------------------------------------------


def _profile_values(entry: ProfileInput) -> dict[str, Any]:
    return {
        "skills": clean_text(entry.skills, field="skills", label="技能特长", max_length=200),
        "certificates": clean_text(entry.certificates, field="certificates", label="职业资格/技能证书", max_length=200),
        "training_wish": clean_text(entry.training_wish, field="training_wish", label="培训意愿", max_length=200),
        "wish_kind": clean_text(entry.wish_kind, field="wish_kind", label="求职意向（工种）", max_length=100),
        "wish_place": _choice(entry.wish_place, codes.WorkPlace, field="wish_place", label="意向务工地点", blank=True),
        "wish_pay": clean_pay(entry.wish_pay, field="wish_pay", label="期望月收入"),
        "available": bool(entry.available),
        "note": clean_text(entry.note, field="note", label="备注", max_length=200),
    }


def profile_save(*, by: Any, person: Person, entry: ProfileInput, expected_version: int | None = None) -> LabourProfile:
    """Record ``person``'s skills and wishes (created on the first save)."""
    require_may(by, RECORD_WORK, person.household.village_id)
    values = _profile_values(entry)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer creates the profile
        found = LabourProfile.objects.select_for_update().filter(person=person).first()
        if found is None:
            if expected_version not in (None, 0):
                raise ConflictError(CONFLICT, code="conflict")
            profile = LabourProfile(person=person, village_id=person.household.village_id, **values)
            return audited_create(profile, by=by, fields=PROFILE_FIELDS, **_where(person))
        saved, _ = audited_update(
            found,
            by=by,
            changes=values,
            fields=PROFILE_FIELDS,
            expected_version=expected_version,
            lock=False,
            conflict_message=CONFLICT,
            **_where(person),
        )
    return saved


# ---- events --------------------------------------------------------------------------------------------------


def _event(person: Person, entry: EventInput) -> LabourEvent:
    kind = _choice(entry.kind, codes.EventKind, field="kind", label="事项")
    training = kind == codes.EventKind.TRAINING
    on_date = clean_day(entry.on_date, field="on_date", label="日期")
    detail = clean_text(entry.detail, field="detail", label="说明", max_length=200, required=training)
    certificate = clean_text(entry.certificate, field="certificate", label="取得证书", max_length=100)
    hours = entry.hours
    if not training and (hours is not None or certificate):
        field = "hours" if hours is not None else "certificate"
        raise ValidationError({field: "培训课时和取得证书只用于“参加培训”"})
    if hours is not None and not (isinstance(hours, int) and 0 < hours <= MAX_HOURS):
        raise ValidationError({"hours": f"培训课时应为1–{MAX_HOURS}之间的整数"})
    return LabourEvent(
        person=person,
        village_id=person.household.village_id,
        kind=kind,
        on_date=on_date,
        detail=detail,
        hours=hours,
        certificate=certificate,
        source=_choice(entry.source, codes.WorkSource, field="source", label="来源"),
        source_ref=clean_text(entry.source_ref, field="source_ref", label="来源记录", max_length=100),
    )


def training_content(event: LabourEvent) -> str:
    extra = [f"{event.hours}课时"] if event.hours else []
    if event.certificate:
        extra.append(f"取得{event.certificate}")
    tail = f"（{'，'.join(extra)}）" if extra else ""
    return f"技能培训：{event.detail}{tail}"[:500]


def event_record(*, by: Any, person: Person, entry: EventInput, trusted: bool = False) -> LabourEvent:
    """Record an event of ``person``'s working life and what follows from it (see the module)."""
    if not trusted:
        require_may(by, RECORD_WORK, person.household.village_id)
    event = _event(person, entry)
    with transaction.atomic():
        if event.source_ref:
            same = LabourEvent.objects.filter(
                person=person, kind=event.kind, on_date=event.on_date, source_ref=event.source_ref
            ).first()
            if same is not None:
                return same
        event = audited_create(event, by=by, fields=EVENT_FIELDS, **_where(person))
        if event.kind in ENDING:
            _end_open_work(by=by, person=person, event=event)
        if event.kind == codes.EventKind.TRAINING:
            measures.link(
                by=by, person=person, kind=measures.EMPLOYMENT, start=event.on_date, content=training_content(event)
            )
    return event


def _end_open_work(*, by: Any, person: Person, event: LabourEvent) -> Work | None:
    """失业登记 / 返乡 end the open spell on the event's date — unless the spell began after it (the event is
    older news than the work recorded since)."""
    current = Work.objects.filter(person=person, ended_on__isnull=True).select_related("person").first()
    if current is None or event.on_date < current.started_on:
        return None
    reason = event.get_kind_display() + (f"：{event.detail}" if event.detail else "")
    return work.work_end(by=by, work=current, ended_on=event.on_date, reason=reason, trusted=True)


def open_work(person: Person) -> Work | None:
    return Work.objects.filter(person=person, ended_on__isnull=True).order_by("-started_on").first()


def end_current(*, by: Any, person: Person, ended_on: dt.date | None, reason: str) -> Work:
    """End ``person``'s open spell (the page's and the API's 结束务工)."""
    require_may(by, RECORD_WORK, person.household.village_id)
    current = open_work(person)
    if current is None:
        raise ValidationError({"ended_on": "该成员当前没有务工记录"})
    day = clean_day(ended_on, field="ended_on", label="结束日期", future_days=31)
    if day < current.started_on:
        raise ValidationError({"ended_on": f"结束日期（{day}）不能早于务工开始日期（{current.started_on}）"})
    text = clean_text(reason, field="end_reason", label="结束原因", max_length=200, required=True)
    return work.work_end(by=by, work=current, ended_on=day, reason=text)


def start_work(*, by: Any, person: Person, entry: work.WorkInput) -> Work:
    """Open a spell for ``person`` (the page's and the API's 登记务工): the text is checked here, the rest by
    ``work.work_start``."""
    require_may(by, RECORD_WORK, person.household.village_id)
    clean_day(entry.started_on, field="started_on", label="务工开始日期", future_days=31)
    for field, label, limit in (
        ("employer_name", "务工单位", 200),
        ("job", "工种/岗位", 100),
        ("place_detail", "具体地点", 200),
    ):
        clean_text(getattr(entry, field), field=field, label=label, max_length=limit)
    clean_pay(entry.monthly_pay, field="monthly_pay", label="月工资")
    months = entry.months_this_year
    if months is not None and not 0 <= months <= 12:
        raise ValidationError({"months_this_year": "本年务工月数应在0–12之间"})
    return work.work_start(by=by, person=person, entry=entry)
