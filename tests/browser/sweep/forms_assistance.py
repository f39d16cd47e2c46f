"""Assistance: the plan, a measure (added and edited), a follow-up visit, and the fast track (先帮扶后认定).
Each setup puts a case where the form applies through the services (``shoudi.testing``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.assistance.models import Measure, Plan, Visit
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case
from shoudi.testing import assistance
from shoudi.testing.factories import VILLAGE_A, household_with_members
from shoudi.testing.monitoring import Team, case_at

from .spec import form

TODAY = timezone.localdate().isoformat()
NUMBER = "5206281012039002"  # the household the fast-track form names (made by its setup)


def monitored(w: Any) -> Case:
    return case_at(codes.Status.MONITORED, team=Team.of(w))


def with_measure(w: Any) -> Measure:
    return assistance.measure(monitored(w), w.user("township"), codes.MeasureKind.HEALTH)


form(
    name="assistance.plan",
    form="assistance.plan",
    url_name="assistance:plan",
    persona="township",
    setup=monitored,
    page=lambda w, ctx: f"/assistance/{ctx.pk}/plan/",
    valid={"made_on": TODAY, "participants": "乡镇、村两委、驻村工作队", "summary": "落实医疗救助，稳定务工收入"},
    changed=lambda w, ctx: Plan.objects.filter(case=ctx, summary__startswith="落实医疗救助").exists(),
    success="帮扶计划已保存",
)
form(
    name="assistance.measure_add",
    form="assistance.measure",
    url_name="assistance:measure_add",
    persona="township",
    setup=monitored,
    page=lambda w, ctx: f"/assistance/{ctx.pk}/measures/new/",
    valid={
        "kind": "health",
        "content": "家庭医生签约，落实大病专项救治",
        "start": TODAY,
        "amount": "1200.50",
        "responsible_unit": "盘石镇卫生院",
        "responsible_person": "杨医生",
        "status": "active",
    },
    changed=lambda w, ctx: Measure.objects.filter(case=ctx, content__startswith="家庭医生签约").exists(),
    success="帮扶措施已保存",
)
form(
    name="assistance.measure_edit",
    form="assistance.measure",
    url_name="assistance:measure_edit",
    persona="township",
    setup=with_measure,
    page=lambda w, ctx: f"/assistance/measures/{ctx.pk}/",
    valid={"content": "医疗救助已兑现", "status": "done"},
    changed=lambda w, ctx: Measure.objects.get(pk=ctx.pk).status == "done",
    success="帮扶措施已保存",
)
form(
    name="assistance.visit",
    form="assistance.visit",
    url_name="assistance:visit_add",
    persona="village_a",
    setup=monitored,
    page=lambda w, ctx: f"/assistance/{ctx.pk}/visits/new/",
    valid={
        "visited_on": TODAY,
        "findings": "户主已出院，家中情况稳定",
        "income_note": "月增收约2000元",
        "water_safe": "1",
        "income_month": TODAY[:7],
        "income_item": "migrant_work",
        "income_amount": "2000",
    },
    changed=lambda w, ctx: (
        Visit.objects.filter(case=ctx).exists() and ctx.household.finance_records.filter(item="migrant_work").exists()
    ),
    success="走访记录已保存",
)
form(
    name="assistance.fast_track",
    form="assistance.fast_track",
    url_name="assistance:fast_track",
    persona="village_a",
    setup=lambda w: household_with_members(VILLAGE_A, size=3, number=NUMBER),
    page=lambda w, ctx: "/assistance/fast-track/",
    valid={
        "household": NUMBER,
        "on": TODAY,
        "event": "山洪冲毁房屋，全家临时借住亲戚家",
        "risks": ["disaster"],
        "disaster_subtype": "flood",
        "measure_kind": "housing",
        "measure_content": "临时安置并启动危房重建",
        "responsible_unit": "盘石镇人民政府",
        "responsible_person": "张强",
    },
    changed=lambda w, ctx: Case.objects.filter(household=ctx, fast_track=True, measures__isnull=False).exists(),
    success="先帮扶后认定",
)
