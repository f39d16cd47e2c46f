"""Writes of what flows through a pairing: funds (optionally arranged to a project of the library), projects,
labour transfers (typed, or taken from the jobs database's partner-city work spells), talent exchanges and
meetings. Each checks the county's ``MANAGE`` for the pairing's area, refuses dates after today, and is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.cooperation import codes, selectors
from shoudi.cooperation.access import require_manage
from shoudi.cooperation.models import Fund, LabourTransfer, Meeting, Pairing, PairingProject, TalentExchange
from shoudi.cooperation.services import check_date, check_year
from shoudi.core.audit import audited_create
from shoudi.core.inputs import clean_text
from shoudi.projects.models import Project
from shoudi.registry import idnumber

MAX_AMOUNT = Decimal("1e11")


def _not_future(day: dt.date, field: str, label: str) -> dt.date:
    check_date(day, field, label)
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    return day


def _amount(value: Decimal | None, field: str, label: str, *, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            raise ValidationError({field: f"请填写{label}"})
        return None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ValidationError({field: f"{label}应为不小于0的金额，且小于1000亿元"})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label}最多保留两位小数"})
    return value


def _project(pairing: Pairing, code: str) -> Project:
    text = clean_text(code, field="project_code", label="项目编号", max_length=40, required=True)
    found = selectors.project_in(pairing, text)
    if found is None:
        raise ValidationError({"project_code": f"项目库中没有本结对区域内编号为“{text}”的项目"})
    return found


# The note of a project link made by recording a fund: such a link goes again when no fund names the project.
FUND_LINK_NOTE = "随资金计入"


def _link(by: Any, pairing: Pairing, project: Project, year: int, note: str = "") -> PairingProject:
    found = PairingProject.objects.filter(pairing=pairing, project=project).first()
    if found is not None:
        return found
    link = PairingProject(pairing=pairing, project=project, year=year, note=note)
    return audited_create(link, by=by, area_code=pairing.area_id)


def link_for_fund(by: Any, pairing: Pairing, project: Project, year: int) -> PairingProject:
    """A fund arranged to a project counts the project for the fund's year (unless it is counted already)."""
    return _link(by, pairing, project, year, FUND_LINK_NOTE)


def fund_values(
    *,
    pairing: Pairing,
    received_on: dt.date,
    amount: Decimal,
    source: str,
    year: int | None = None,
    project_code: str = "",
    note: str = "",
) -> dict[str, Any]:
    """The checked fields of a fund (adding or correcting one)."""
    _not_future(received_on, "received_on", "到位日期")
    year = check_year(year if year is not None else received_on.year)
    if abs(year - received_on.year) > 1:
        raise ValidationError({"year": "资金年度与到位日期相差不能超过一年"})
    if source not in codes.FundSource.values:
        raise ValidationError({"source": "请选择资金来源"})
    return {
        "received_on": received_on,
        "year": year,
        "amount": _amount(amount, "amount", "金额"),
        "source": source,
        "project": _project(pairing, project_code) if str(project_code or "").strip() else None,
        "note": clean_text(note, field="note", label="说明", max_length=200),
    }


@transaction.atomic
def fund_add(
    *,
    by: Any,
    pairing: Pairing,
    received_on: dt.date,
    amount: Decimal,
    source: str,
    year: int | None = None,
    project_code: str = "",
    note: str = "",
) -> Fund:
    require_manage(by, pairing.area_id)
    values = fund_values(
        pairing=pairing,
        received_on=received_on,
        amount=amount,
        source=source,
        year=year,
        project_code=project_code,
        note=note,
    )
    fund = audited_create(Fund(pairing=pairing, **values), by=by, area_code=pairing.area_id)
    if values["project"] is not None:
        link_for_fund(by, pairing, values["project"], values["year"])
    return fund


@transaction.atomic
def project_link(*, by: Any, pairing: Pairing, project_code: str, year: int, note: str = "") -> PairingProject:
    require_manage(by, pairing.area_id)
    check_year(year)
    project = _project(pairing, project_code)
    if PairingProject.objects.filter(pairing=pairing, project=project).exists():
        raise ValidationError({"project_code": f"项目“{project.name}”已计入本结对"})
    return _link(by, pairing, project, year, clean_text(note, field="note", label="说明", max_length=200))


@transaction.atomic
def transfer_add(
    *,
    by: Any,
    pairing: Pairing,
    id_number: str,
    destination: str,
    started_on: dt.date,
    employer: str = "",
    months: int | None = None,
    monthly_pay: Decimal | None = None,
) -> LabourTransfer:
    require_manage(by, pairing.area_id)
    number = idnumber.normalize(
        clean_text(id_number, field="id_number", label="身份证号", max_length=18, required=True)
    )
    person = selectors.person_in(pairing, number)
    if person is None:
        raise ValidationError({"id_number": "本结对区域的基础数据库中没有这个身份证号的人员"})
    _not_future(started_on, "started_on", "上岗日期")
    if months is not None and not 0 <= months <= 12:
        raise ValidationError({"months": "务工月数应在0–12之间"})
    transfer = LabourTransfer(
        pairing=pairing,
        person=person,
        village_id=person.household.village_id,
        destination=clean_text(destination, field="destination", label="务工地", max_length=100, required=True),
        employer=clean_text(employer, field="employer", label="用工单位", max_length=200),
        started_on=started_on,
        months=months,
        monthly_pay=_amount(monthly_pay, "monthly_pay", "月工资", required=False),
    )
    return audited_create(transfer, by=by, area_code=person.household.village_id, household_id=person.household_id)


@transaction.atomic
def transfers_import(*, by: Any, pairing: Pairing, work_ids: Iterable[Any]) -> int:
    """Transfers for the picked partner-city work spells of the jobs database; a spell already counted (by any
    pairing) is skipped, so a second run adds nothing. Returns how many were created."""
    require_manage(by, pairing.area_id)
    if pairing.kind != codes.PairingKind.EAST_WEST:
        raise ValidationError({"works": "只有东西部协作结对可以从岗位数据库带入劳务协作"})
    keys = set()
    for raw in work_ids:
        try:
            keys.add(uuid.UUID(str(raw)))
        except ValueError:
            raise ValidationError({"works": "请从列表中选择务工记录"}) from None
    if not keys:
        raise ValidationError({"works": "请至少选择一条务工记录"})
    today = timezone.localdate()
    allowed = {w.pk: w for w in selectors.transfer_candidates(pairing, today).filter(pk__in=keys)}
    taken = set(LabourTransfer.objects.filter(work_id__in=keys).values_list("work_id", flat=True))
    if keys - set(allowed) - taken:
        raise ValidationError({"works": "所选务工记录不在本结对的协议期内或不是东部协作城市的务工"})
    made = 0
    for work in sorted(allowed.values(), key=lambda w: (w.started_on, str(w.pk))):
        transfer = LabourTransfer(
            pairing=pairing,
            person=work.person,
            village=work.village,
            destination=work.place_detail or pairing.partner_location or pairing.partner,
            employer=work.employer_name,
            started_on=work.started_on,
            months=work.months_this_year,
            monthly_pay=work.monthly_pay,
            work=work,
        )
        audited_create(
            transfer,
            by=by,
            area_code=work.village_id,
            household_id=work.person.household_id,
            reason="从岗位数据库带入",
        )
        made += 1
    return made


def exchange_values(
    *,
    name: str,
    kind: str,
    direction: str,
    started_on: dt.date,
    unit: str = "",
    ended_on: dt.date | None = None,
    note: str = "",
) -> dict[str, Any]:
    """The checked fields of a talent exchange (adding or correcting one)."""
    if kind not in codes.TalentKind.values:
        raise ValidationError({"kind": "请选择人才类别"})
    if direction not in codes.Direction.values:
        raise ValidationError({"direction": "请选择方向"})
    _not_future(started_on, "started_on", "到岗日期")
    if ended_on is not None:
        check_date(ended_on, "ended_on", "离岗日期")
        if ended_on < started_on:
            raise ValidationError({"ended_on": "离岗日期不能早于到岗日期"})
    return {
        "name": clean_text(name, field="name", label="姓名", max_length=50, required=True),
        "kind": kind,
        "direction": direction,
        "unit": clean_text(unit, field="unit", label="派出或挂职单位", max_length=200),
        "started_on": started_on,
        "ended_on": ended_on,
        "note": clean_text(note, field="note", label="备注", max_length=200),
    }


@transaction.atomic
def exchange_add(
    *,
    by: Any,
    pairing: Pairing,
    name: str,
    kind: str,
    direction: str,
    started_on: dt.date,
    unit: str = "",
    ended_on: dt.date | None = None,
    note: str = "",
) -> TalentExchange:
    require_manage(by, pairing.area_id)
    values = exchange_values(
        name=name, kind=kind, direction=direction, started_on=started_on, unit=unit, ended_on=ended_on, note=note
    )
    return audited_create(TalentExchange(pairing=pairing, **values), by=by, area_code=pairing.area_id)


def meeting_values(
    *,
    held_on: dt.date,
    kind: str,
    place: str,
    leader_level: str,
    leaders: str = "",
    minutes: str = "",
) -> dict[str, Any]:
    """The checked fields of a meeting (adding or correcting one)."""
    _not_future(held_on, "held_on", "日期")
    if kind not in codes.MeetingKind.values:
        raise ValidationError({"kind": "请选择类型"})
    if leader_level not in codes.LeaderLevel.values:
        raise ValidationError({"leader_level": "请选择参加领导层级"})
    return {
        "held_on": held_on,
        "kind": kind,
        "place": clean_text(place, field="place", label="地点", max_length=100, required=True),
        "leader_level": leader_level,
        "leaders": clean_text(leaders, field="leaders", label="参加领导", max_length=200),
        "minutes": clean_text(minutes, field="minutes", label="会议纪要", max_length=2000),
    }


@transaction.atomic
def meeting_add(
    *,
    by: Any,
    pairing: Pairing,
    held_on: dt.date,
    kind: str,
    place: str,
    leader_level: str,
    leaders: str = "",
    minutes: str = "",
) -> Meeting:
    require_manage(by, pairing.area_id)
    values = meeting_values(
        held_on=held_on, kind=kind, place=place, leader_level=leader_level, leaders=leaders, minutes=minutes
    )
    return audited_create(Meeting(pairing=pairing, **values), by=by, area_code=pairing.area_id)
