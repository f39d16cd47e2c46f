"""Runs and leads: one open lead per household and rule, evidence appended, re-runs change nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from shoudi.feeds import testing as ft
from shoudi.monitoring.leads import lead_close
from shoudi.monitoring.models import Lead
from shoudi.screening.models import ScreeningLead
from shoudi.screening.tests.test_rules import run
from shoudi.screening.tests.world import AS_OF, EXPECTED

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(Lead.objects.values_list("pk", "household_id", "rule", "summary", "evidence", "status", "updated_at"))


def test_running_again_on_the_same_data_changes_nothing(world):
    first = run()
    before = _snapshot()
    second = run()
    assert _snapshot() == before
    assert second.leads_created == 0 and second.leads_updated == 0
    total = sum(len(v) for v in EXPECTED.values())
    assert first.diff == {"new": total, "continuing": 0, "resolved": 0}
    assert second.diff == {"new": 0, "continuing": total, "resolved": 0}
    assert second.previous == first


def test_later_evidence_is_appended_to_the_open_lead(world):
    run()
    head = world["med_51"].members.get(relationship="head")
    ft.feed("medical_claims", ft.medical_claim(head, "2021-07-02", oop="300"))
    later = run(as_of=dt.date(2021, 7, 31))
    leads = Lead.objects.filter(household=world["med_51"], rule="medical_oop")
    assert leads.count() == 1 and later.leads_updated >= 1
    lead = leads.get()
    assert "【2021年7月31日筛查新增】" in lead.evidence
    track = ScreeningLead.objects.get(lead=lead)
    assert (track.first_seen, track.last_seen) == (AS_OF, dt.date(2021, 7, 31))


def test_a_checked_lead_is_not_raised_again_for_the_same_records_but_is_for_new_ones(world, village_a):
    run()
    lead = Lead.objects.get(household=world["house_c"], rule="housing_unsafe")
    lead_close(by=village_a, lead=lead, reason="已入户核实，房屋已加固", on=AS_OF)
    run()
    assert Lead.objects.filter(household=world["house_c"], rule="housing_unsafe").count() == 1
    ft.feed("housing", ft.housing(world["house_c"].members.get(relationship="head"), "D", "2021-07-01"))
    run(as_of=dt.date(2021, 7, 31))
    assert Lead.objects.filter(household=world["house_c"], rule="housing_unsafe", status="open").count() == 1


def test_a_household_that_no_longer_qualifies_is_counted_as_resolved(world):
    run()
    ft.feed("housing", ft.housing(world["house_c"].members.get(relationship="head"), "A", "2021-07-01"))
    later = run(as_of=dt.date(2021, 7, 1))
    assert later.diff["resolved"] >= 1


def test_the_village_contact_sees_screening_leads_with_their_evidence(world, village_a, client):
    run()
    client.force_login(village_a)
    page = client.get("/monitoring/leads/").content.decode()
    assert "大额医疗自付（因病）：" in page and "部门筛查预警" in page
    lead = Lead.objects.get(household=world["med_example"])
    detail = client.get(f"/monitoring/leads/{lead.pk}/").content.decode()
    assert "合规自付医疗费用 12,300 元" in detail


def test_leads_export_lists_the_open_leads(world, tmp_path, capsys):
    run()
    call_command("leads", "export", "--area", "520628101203", "-")
    rows = json.loads(capsys.readouterr().out)
    example = next(r for r in rows if r["household_number"] == world["med_example"].number)
    assert example["rule"] == "medical_oop" and example["risk_type"] == "因病"
    assert example["village_code"] == "520628101203" and example["first_seen"] == AS_OF.isoformat()
    assert "12,300 元" in example["evidence"]
    assert all(r["village_code"] == "520628101203" for r in rows)
    target = tmp_path / "leads.xlsx"
    call_command("leads", "export", "--area", "520628", "--format", "xlsx", str(target))
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]][:3] == ["户编号", "村代码", "规则"]
    assert sheet.max_row == 1 + sum(len(v) for v in EXPECTED.values())


def test_screen_run_command(world, capsys):
    call_command("screen", "run", "--area", "520628", "--as-of", AS_OF.isoformat())
    out = capsys.readouterr().out
    assert "medical_oop（大额医疗自付）：3 户" in out
    assert f"新建线索 {sum(len(v) for v in EXPECTED.values())}" in out
