"""Correcting what was recorded on a pairing, by the county (``MANAGE``) of the pairing's area:

- edit a member, a fund, a talent exchange or a meeting — the same checks as adding one, and the row's
  ``updated_at`` as the editor saw it: if someone saved the row since, nothing is written (``ConflictError``);
- 撤销 (delete with a reason, which lands in the audit log with what the row held) a member, a fund, a project
  link, a labour transfer, a talent exchange, a meeting, or the link to one of the partner's buyers;
- a pairing itself is deleted only while nothing was recorded on it; one with records is ended instead
  (status 已结束, through ``services.pairing_update``).

A fund arranged to a project counted the project for its year (``flows.link_for_fund``); when the fund is
corrected to another project or withdrawn and no other fund of the pairing names that project, the link it
made goes too (a link counted by hand stays). A project link still named by a fund cannot be withdrawn."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from shoudi.cooperation import flows, services
from shoudi.cooperation.access import require_manage
from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    Pairing,
    PairingMember,
    PairingProject,
    TalentExchange,
)
from shoudi.core.audit import AUDIT_ONLY, audit_entry, audited_delete, audited_update, snapshot
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import clean_text
from shoudi.core.models import AuditEntry
from shoudi.markets.models import Buyer
from shoudi.registry.idnumber import mask_phone

M = TypeVar("M", bound=models.Model)
MAX_REASON = 500
CONFLICT = "该记录已被他人修改或撤销，请刷新页面后重新填写"
PHONE_MASK = {"联系电话": mask_phone}


def clean_reason(reason: str) -> str:
    return clean_text(reason, field="reason", label="撤销原因", max_length=MAX_REASON, required=True)


def _ms(moment: dt.datetime) -> dt.datetime:
    """To the millisecond: the API's JSON gives ``updated_at`` with milliseconds (Django's JSON encoder)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _current(row: M, seen: dt.datetime | None) -> M:
    """The row locked for the change, refused when it changed (or went) since the editor loaded it."""
    found = type(row)._default_manager.select_for_update().filter(pk=row.pk).first()
    if found is None:
        raise ConflictError(CONFLICT, code="conflict")
    if seen is not None:
        if timezone.is_naive(seen):
            seen = timezone.make_aware(seen, dt.UTC)
        if _ms(found.updated_at) != _ms(seen):  # type: ignore[attr-defined]
            raise ConflictError(CONFLICT, code="conflict")
    return found


def _save(row: M, *, by: Any, pairing: Pairing, values: dict[str, Any], seen: dt.datetime | None, **kw: Any) -> M:
    current = _current(row, seen)
    saved, _diff = audited_update(current, by=by, changes=values, lock=False, area_code=pairing.area_id, **kw)
    return saved


# ---- edits ----------------------------------------------------------------------------------------------------


@transaction.atomic
def member_update(
    *,
    by: Any,
    pairing: Pairing,
    member: PairingMember,
    seen: dt.datetime | None,
    name: str,
    role: str,
    from_date: dt.date,
    unit: str = "",
    phone: str | None = "",
    to_date: dt.date | None = None,
) -> PairingMember:
    """``phone=None`` keeps the number on file (an editor who may not see it in full leaves it blank)."""
    require_manage(by, pairing.area_id)
    kept = member.phone if phone is None else phone
    values = services.member_values(name=name, role=role, from_date=from_date, unit=unit, phone=kept, to_date=to_date)
    fields = ["name", "role", "unit", "phone", "from_date", "to_date"]
    return _save(member, by=by, pairing=pairing, values=values, seen=seen, fields=fields, mask=PHONE_MASK)


def _fund_snapshot(fund: Fund) -> dict[str, Any]:
    shown = snapshot(fund, ["received_on", "year", "amount", "source", "note"])
    shown["安排项目"] = fund.project.code if fund.project is not None else None
    return shown


def _drop_fund_link(by: Any, pairing: Pairing, project_id: Any, why: str) -> None:
    """The link a fund made to ``project_id``, once no fund of the pairing names that project."""
    if project_id is None or Fund.objects.filter(pairing=pairing, project_id=project_id).exists():
        return
    link = PairingProject.objects.filter(pairing=pairing, project_id=project_id, note=flows.FUND_LINK_NOTE).first()
    if link is not None:
        audited_delete(link, by=by, snapshot_of=_link_snapshot, area_code=pairing.area_id, reason=why)


@transaction.atomic
def fund_update(
    *,
    by: Any,
    pairing: Pairing,
    fund: Fund,
    seen: dt.datetime | None,
    received_on: dt.date,
    amount: Decimal,
    source: str,
    year: int | None = None,
    project_code: str = "",
    note: str = "",
) -> Fund:
    require_manage(by, pairing.area_id)
    values = flows.fund_values(
        pairing=pairing,
        received_on=received_on,
        amount=amount,
        source=source,
        year=year,
        project_code=project_code,
        note=note,
    )
    before = fund.project_id
    saved = _save(fund, by=by, pairing=pairing, values=values, seen=seen, snapshot_of=_fund_snapshot)
    if saved.project is not None:
        flows.link_for_fund(by, pairing, saved.project, saved.year)
    if before != saved.project_id:
        _drop_fund_link(by, pairing, before, "资金改为安排其他项目，随之撤销")
    return saved


@transaction.atomic
def exchange_update(
    *,
    by: Any,
    pairing: Pairing,
    exchange: TalentExchange,
    seen: dt.datetime | None,
    name: str,
    kind: str,
    direction: str,
    started_on: dt.date,
    unit: str = "",
    ended_on: dt.date | None = None,
    note: str = "",
) -> TalentExchange:
    require_manage(by, pairing.area_id)
    values = flows.exchange_values(
        name=name, kind=kind, direction=direction, started_on=started_on, unit=unit, ended_on=ended_on, note=note
    )
    return _save(exchange, by=by, pairing=pairing, values=values, seen=seen, fields=list(values))


@transaction.atomic
def meeting_update(
    *,
    by: Any,
    pairing: Pairing,
    meeting: Meeting,
    seen: dt.datetime | None,
    held_on: dt.date,
    kind: str,
    place: str,
    leader_level: str,
    leaders: str = "",
    minutes: str = "",
) -> Meeting:
    require_manage(by, pairing.area_id)
    values = flows.meeting_values(
        held_on=held_on, kind=kind, place=place, leader_level=leader_level, leaders=leaders, minutes=minutes
    )
    return _save(meeting, by=by, pairing=pairing, values=values, seen=seen, fields=list(values))


# ---- 撤销 ------------------------------------------------------------------------------------------------------


def _link_snapshot(link: PairingProject) -> dict[str, Any]:
    return {"项目编号": link.project.code, "项目名称": link.project.name, "计入年度": link.year, "说明": link.note}


def _transfer_snapshot(t: LabourTransfer) -> dict[str, Any]:
    shown = snapshot(t, ["destination", "employer", "started_on", "months", "monthly_pay"])
    shown.update(
        {"务工人员": t.person.name, "所在村": t.village.name, "来源": "岗位数据库" if t.work_id else "手工登记"}
    )
    return shown


def _fields_of(row: models.Model) -> dict[str, Any]:
    skip = {*AUDIT_ONLY, "id", "pairing"}
    names = [f.name for f in row._meta.concrete_fields if f.name not in skip]
    return snapshot(row, names)


@transaction.atomic
def row_withdraw(*, by: Any, pairing: Pairing, row: models.Model, reason: str) -> None:
    """撤销 one member, fund, project link, labour transfer, exchange or meeting of ``pairing``."""
    require_manage(by, pairing.area_id)
    why = clean_reason(reason)
    if getattr(row, "pairing_id", None) != pairing.pk:
        raise ValidationError({"reason": "该记录不属于本结对"})
    current = _current(row, None)
    area = pairing.area_id
    if isinstance(current, PairingProject):
        if Fund.objects.filter(pairing=pairing, project_id=current.project_id).exists():
            raise ValidationError({"reason": "本结对仍有资金安排到该项目，请先修改或撤销相应的资金记录"})
        audited_delete(current, by=by, snapshot_of=_link_snapshot, area_code=area, reason=why)
    elif isinstance(current, LabourTransfer):
        audited_delete(
            current,
            by=by,
            snapshot_of=_transfer_snapshot,
            area_code=current.village_id,
            household_id=current.person.household_id,
            reason=why,
        )
    elif isinstance(current, Fund):
        project_id = current.project_id
        audited_delete(current, by=by, snapshot_of=_fund_snapshot, area_code=area, reason=why)
        _drop_fund_link(by, pairing, project_id, "所安排的资金已撤销，随之撤销")
    else:
        audited_delete(current, by=by, snapshot_of=_fields_of, area_code=area, reason=why, mask=PHONE_MASK)


@transaction.atomic
def buyer_unlink(*, by: Any, pairing: Pairing, buyer: Buyer, reason: str) -> None:
    """Take one of the partner's buyers off the pairing: its purchases no longer count as 消费帮扶."""
    require_manage(by, pairing.area_id)
    why = clean_reason(reason)
    locked = Pairing.objects.select_for_update().get(pk=pairing.pk)
    names = sorted(b.name for b in locked.buyers.all())
    if not locked.buyers.filter(pk=buyer.pk).exists():
        raise ValidationError({"reason": "该采购单位未关联本结对"})
    locked.buyers.remove(buyer)
    after = sorted(b.name for b in locked.buyers.all())
    audit_entry(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=locked,
        changes={"协作方采购单位": ["、".join(names), "、".join(after)]},
        area_code=locked.area_id,
        reason=why,
    )


RECORDS = ("members", "targets", "funds", "projects", "transfers", "exchanges", "meetings", "buyers")


def has_records(pairing: Pairing) -> bool:
    return any(getattr(pairing, name).exists() for name in RECORDS)


@transaction.atomic
def pairing_delete(*, by: Any, pairing: Pairing, reason: str) -> None:
    """Delete a pairing registered by mistake — only while nothing is recorded on it."""
    require_manage(by, pairing.area_id)
    why = clean_reason(reason)
    locked = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if has_records(locked):
        raise ValidationError(
            {"reason": "该结对已登记目标、成员、资金或其他记录，不能删除；如协作已终止，请将状态改为“已结束”"}
        )
    audited_delete(locked, by=by, fields=services.PAIRING_FIELDS, area_code=locked.area_id, reason=why)
