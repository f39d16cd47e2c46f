"""Department warnings in bulk (部门筛查预警): a screening run's warnings become leads in a few queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.models import Case, Lead
from shoudi.registry.models import Household


@dataclass(frozen=True)
class Warning:
    """One department warning for ``leads_from_warnings`` (the same fields as ``lead_from_warning``)."""

    household: Household
    department: str
    summary: str
    evidence: str = ""
    reported_on: dt.date | None = None
    external_ref: str = ""
    rule: str = ""
    risk_hint: str = ""


def leads_from_warnings(warnings: Sequence[Warning], *, by: Any = None) -> list[Lead]:
    """Many department warnings at once (a screening run): a few queries whatever their number.
    As ``lead_from_warning``: trusted caller, and a warning already recorded (same household and
    ``external_ref``) gives back the existing lead instead of a new one. Inside the caller's transaction."""
    if not warnings:
        return []
    refs = {w.external_ref for w in warnings if w.external_ref}
    found: dict[tuple[Any, str], Lead] = {}
    if refs:
        households = {w.household.pk for w in warnings}
        for lead in Lead.objects.filter(household_id__in=households, external_ref__in=refs):
            found[(lead.household_id, lead.external_ref)] = lead
    open_cases = dict(
        Case.objects.filter(household_id__in={w.household.pk for w in warnings}, is_open=True).values_list(
            "household_id", "pk"
        )
    )
    days: dict[tuple[str, dt.date], int] = {}
    today = timezone.localdate()
    result: list[Lead] = []
    new: list[Lead] = []
    for w in warnings:
        existing = found.get((w.household.pk, w.external_ref)) if w.external_ref else None
        if existing is not None:
            result.append(existing)
            continue
        reported_on = w.reported_on or today
        key = (w.household.village_id, reported_on)
        if key not in days:
            days[key] = policy_bridge.int_param("lead_check_days", w.household.village_id, reported_on)
        lead = Lead(
            household=w.household,
            village_id=w.household.village_id,
            channel=codes.Channel.DEPARTMENT,
            department=w.department,
            summary=w.summary,
            evidence=w.evidence,
            reported_on=reported_on,
            due_on=reported_on + dt.timedelta(days=days[key]),
            status=codes.LeadStatus.OPEN,
            case_id=open_cases.get(w.household.pk),
            external_ref=w.external_ref,
            rule=w.rule,
            risk_hint=w.risk_hint,
            created_by=by if getattr(by, "pk", None) else None,
        )
        if w.external_ref:
            found[(w.household.pk, w.external_ref)] = lead
        new.append(lead)
        result.append(lead)
    with transaction.atomic():
        Lead.objects.bulk_create(new, batch_size=1000)
        AuditEntry.objects.bulk_create(
            [
                audit_entry(
                    actor=by,
                    action=AuditEntry.Action.CREATE,
                    obj=lead,
                    changes={"发现渠道": [None, codes.Channel.DEPARTMENT.label], "线索内容": [None, lead.summary]},
                    household_id=lead.household_id,
                    area_code=lead.village_id,
                    save=False,
                )
                for lead in new
            ],
            batch_size=1000,
        )
    return result
