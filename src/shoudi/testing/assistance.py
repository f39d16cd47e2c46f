"""Builders of assistance records for tests, the form sweep and demos — always through the services, so every
record is one the pages could have made: the rules, a plan, a measure, a visit, a fast-tracked case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.assistance import services
from shoudi.assistance.inputs import MeasureInput
from shoudi.assistance.models import Measure, Plan, Visit
from shoudi.assistance.rules import load_default_rules
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case
from shoudi.registry.models import Household


def load_rules() -> int:
    """The default risk → measure rules (what the migration loads), after a test flushed the tables."""
    return load_default_rules()


def measure_input(kind: str = codes.MeasureKind.HEALTH, *, start: dt.date | None = None, **extra: Any) -> MeasureInput:
    values: dict[str, Any] = {
        "kind": kind,
        "content": "落实大病专项救治和医疗救助",
        "start": start or timezone.localdate(),
        "responsible_unit": "盘石镇卫生院",
        "responsible_person": "杨医生",
        "status": "active",
    }
    values.update(extra)
    return MeasureInput(**values)


def measure(case: Case, by: Any, kind: str = codes.MeasureKind.HEALTH, **extra: Any) -> Measure:
    """A measure of ``case`` (by someone who plans assistance: the township or the village contact)."""
    return services.measure_add(by=by, case=case, measure=measure_input(kind, **extra))


def plan(case: Case, by: Any, *, made_on: dt.date | None = None) -> Plan:
    return services.plan_save(by=by, case=case, made_on=made_on, summary="缺什么补什么", participants="乡镇、村两委")


def visit(case: Case, by: Any, *, on: dt.date | None = None, findings: str = "走访正常") -> Visit:
    return services.visit_record(by=by, case=case, visited_on=on or timezone.localdate(), findings=findings)


def fast_tracked(household: Household, by: Any, *, on: dt.date | None = None) -> Case:
    """先帮扶后认定: a case in identification with a measure already in force."""
    day = on or timezone.localdate()
    return services.case_fast_track(
        by=by,
        household=household,
        event="山洪冲毁房屋",
        risks=[(codes.RiskType.DISASTER, codes.DisasterSubtype.FLOOD)],
        measures=[measure_input(codes.MeasureKind.HOUSING, start=day, content="临时安置并启动危房重建")],
        on=day,
    )
