"""The set-based lead writing (``monitoring.bulk_leads``) gives what the per-lead path
(``monitoring.leads.lead_from_warning``, one call per hit) gives: the same leads, tracks, evidence and audit
entries on the same county, on a first run and on a re-run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shoudi.core.models import AuditEntry
from shoudi.monitoring import bulk_leads
from shoudi.monitoring.leads import lead_from_warning
from shoudi.monitoring.models import Lead
from shoudi.monitoring.policy_bridge import int_param
from shoudi.registry.models import Household
from shoudi.screening import findings
from shoudi.screening.models import LeadEvidence, RunHit, ScreeningLead, ScreeningRun
from shoudi.screening.tests.test_rules import run
from shoudi.screening.tests.world import expected_pairs

pytestmark = pytest.mark.django_db


def per_lead(rows: list[bulk_leads.WarningRow], *, by: Any = None) -> list[tuple[Any, bool]]:
    """The per-lead path: each warning through the monitoring module's single-lead service."""
    result = []
    for w in rows:
        before = Lead.objects.count()
        lead = lead_from_warning(
            household=Household.objects.get(pk=w.household_id),
            department=w.department,
            summary=w.summary,
            evidence=w.evidence,
            reported_on=w.reported_on,
            external_ref=w.external_ref,
            rule=w.rule,
            risk_hint=w.risk_hint,
            by=by,
        )
        result.append((lead.pk.hex, Lead.objects.count() > before))  # as leads_from_screening: 32 hex digits
    return result


def written() -> dict[str, Any]:
    """Everything a run wrote, without keys and times (they differ between two runs by construction)."""
    leads = Lead.objects.values_list(
        "household__number",
        "village_id",
        "channel",
        "online",
        "department",
        "external_ref",
        "rule",
        "summary",
        "evidence",
        "risk_hint",
        "reported_on",
        "due_on",
        "status",
        "case_id",
        "created_by_id",
    )
    audits = AuditEntry.objects.filter(object_type="lead").values_list(
        "actor_id", "actor_name", "action", "object_label", "household_id", "area_code", "changes", "reason"
    )
    tracks = ScreeningLead.objects.values_list("household__number", "rule", "lead__rule", "first_seen", "last_seen")
    evidence = LeadEvidence.objects.values_list(
        "screening_lead__household__number", "screening_lead__rule", "record_id", "text"
    )
    hits = RunHit.objects.values_list("run__as_of", "household__number", "rule", "township_code")
    return {
        "leads": sorted(leads),
        "audits": sorted(audits, key=repr),
        "tracks": sorted(tracks),
        "evidence": sorted(evidence),
        "hits": sorted(hits),
        "audit_ids": set(AuditEntry.objects.filter(object_type="lead").values_list("object_id", flat=True))
        == {str(pk) for pk in Lead.objects.values_list("pk", flat=True)},
    }


def forget() -> None:
    LeadEvidence.objects.all().delete()
    ScreeningLead.objects.all().delete()
    RunHit.objects.all().delete()
    ScreeningRun.objects.all().delete()
    AuditEntry.objects.filter(object_type="lead").delete()
    Lead.objects.all().delete()


def test_bulk_and_per_lead_paths_write_the_same_leads(world, monkeypatch):
    first = run()
    second = run()  # a re-run: nothing new, the existing leads stand
    bulk = written()
    assert {(lead[0], lead[6]) for lead in bulk["leads"]} == expected_pairs(world)
    assert bulk["audit_ids"] and len(bulk["audits"]) == len(bulk["leads"])
    forget()
    monkeypatch.setattr(findings, "leads_from_screening", per_lead)
    first_slow = run()
    second_slow = run()
    assert written() == bulk
    assert (first.leads_created, second.leads_created) == (first_slow.leads_created, second_slow.leads_created)
    assert second.leads_created == 0


def test_a_warning_already_recorded_gives_back_its_lead(world):
    household = world["med_51"]
    row = bulk_leads.WarningRow(
        household_id=household.pk,
        household_number=household.number,
        village_id=household.village_id,
        department="医保",
        summary="医疗费用高",
        external_ref="screening:x:1",
        rule="medical_oop",
    )
    [(pk, new)] = bulk_leads.leads_from_screening([row])
    again = bulk_leads.leads_from_screening([row, row])
    assert new and again == [(pk, False), (pk, False)]
    assert Lead.objects.filter(household=household, external_ref="screening:x:1").count() == 1
    lead = Lead.objects.get(pk=pk)
    days = int_param("lead_check_days", household.village_id, lead.reported_on)
    assert (lead.status, lead.channel, lead.due_on) == (
        "open",
        "department",
        lead.reported_on + dt.timedelta(days=days),
    )
    assert AuditEntry.objects.filter(object_type="lead", object_id=str(lead.pk)).count() == 1
