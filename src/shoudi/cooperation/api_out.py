"""The JSON of a pairing's records (the flows list, and the answer to a correction). ID numbers and phones are
masked unless the caller may reveal them."""

from __future__ import annotations

from typing import Any

from shoudi.cooperation.models import Fund, LabourTransfer, Meeting, PairingMember, PairingProject, TalentExchange
from shoudi.registry.idnumber import mask, mask_phone


def member_out(m: PairingMember, reveal: bool) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.name,
        "role": m.role,
        "role_label": m.get_role_display(),
        "unit": m.unit,
        "phone": m.phone if reveal else mask_phone(m.phone),
        "from_date": m.from_date,
        "to_date": m.to_date,
        "updated_at": m.updated_at,
    }


def fund_out(f: Fund) -> dict[str, Any]:
    return {
        "id": f.pk,
        "received_on": f.received_on,
        "year": f.year,
        "amount": f.amount,
        "source": f.source,
        "source_label": f.get_source_display(),
        "project_code": f.project.code if f.project else "",
        "note": f.note,
        "updated_at": f.updated_at,
    }


def project_out(x: PairingProject) -> dict[str, Any]:
    return {"id": x.pk, "year": x.year, "project_code": x.project.code, "project_name": x.project.name}


def transfer_out(t: LabourTransfer, reveal: bool) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.person.name,
        "id_number": t.person.id_number if reveal else mask(t.person.id_number),
        "village_code": t.village_id,
        "destination": t.destination,
        "employer": t.employer,
        "started_on": t.started_on,
        "months": t.months,
        "monthly_pay": t.monthly_pay,
        "from_jobs_database": t.work_id is not None,
    }


def exchange_out(e: TalentExchange) -> dict[str, Any]:
    return {
        "id": e.pk,
        "name": e.name,
        "kind": e.kind,
        "direction": e.direction,
        "unit": e.unit,
        "started_on": e.started_on,
        "ended_on": e.ended_on,
        "note": e.note,
        "updated_at": e.updated_at,
    }


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "held_on": m.held_on,
        "kind": m.kind,
        "place": m.place,
        "leader_level": m.leader_level,
        "leaders": m.leaders,
        "minutes": m.minutes,
        "updated_at": m.updated_at,
    }


def flows_out(lists: dict[str, Any], reveal: bool) -> dict[str, Any]:
    return {
        "members": [member_out(m, reveal) for m in lists["members"]],
        "funds": [fund_out(f) for f in lists["funds"]],
        "projects": [project_out(x) for x in lists["projects"]],
        "transfers": [transfer_out(t, reveal) for t in lists["transfers"]],
        "exchanges": [exchange_out(e) for e in lists["exchanges"]],
        "meetings": [meeting_out(m) for m in lists["meetings"]],
    }
