"""Reads of assistance: a case's plan and measures, which risks still lack a matching measure (缺什么补什么),
visits, and the cases due a follow-up visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import DateField, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from shoudi.assistance.models import LIVE_MEASURE_STATUSES, Measure, Plan, RiskMeasureRule, Visit
from shoudi.core.access import get_visible_or_404
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.models import Case
from shoudi.monitoring.selectors import cases_visible


def rule_map() -> dict[str, set[str]]:
    rules: dict[str, set[str]] = {}
    for risk, kind in RiskMeasureRule.objects.values_list("risk_code", "measure_kind"):
        rules.setdefault(risk, set()).add(kind)
    return rules


def case_measures(case: Case) -> QuerySet[Measure]:
    return case.measures.select_related("person").order_by("start", "created_at")


def coverage(
    case: Case, *, rules: dict[str, set[str]] | None = None, measures: list[Measure] | None = None
) -> list[dict[str, Any]]:
    """For each risk type and problem of the case: the measure kinds that answer it and whether one is in
    place. A risk code with no rule rows is answered by any measure. ``measures``: the case's, when the caller
    has read them already."""
    rules = rule_map() if rules is None else rules
    measures = list(case.measures.all()) if measures is None else measures
    live = [m for m in measures if m.status in LIVE_MEASURE_STATUSES]
    rows = []
    for risk in case.risks.all():
        allowed = rules.get(risk.code)
        matching = [m for m in live if allowed is None or m.kind in allowed]
        rows.append(
            {
                "code": risk.code,
                "label": str(risk),
                "allowed": sorted((dict(codes.MeasureKind.choices)[k] for k in allowed), key=str)
                if allowed
                else ["任一措施"],
                "allowed_codes": sorted(allowed) if allowed else [],
                "measures": matching,
                "covered": bool(matching),
            }
        )
    return rows


def missing(case: Case) -> list[str]:
    """Labels of the risks with no matching measure yet."""
    return [row["label"] for row in coverage(case) if not row["covered"]]


def case_visits(case: Case) -> QuerySet[Visit]:
    return case.visits.order_by("-visited_on", "-created_at")


def visit_cadence(area: str, today: dt.date) -> int:
    """Days between follow-up visits (回访) in ``area``'s county (policy parameter ``visit_cadence_days``)."""
    return policy_bridge.int_param("visit_cadence_days", area[:6] if len(area) >= 6 else area, today)


def monitored_with_last_visit(user: Any) -> QuerySet[Case]:
    """The user's cases under monitoring, each with ``last_seen``: its last visit, or its inclusion."""
    qs = cases_visible(user).filter(status__in=codes.UNDER_MONITORING)
    return qs.annotate(last_seen=Coalesce(Max("visits__visited_on"), "period_start", output_field=DateField()))


def visits_due(user: Any, today: dt.date) -> QuerySet[Case]:
    """Cases under monitoring whose last visit (or inclusion) is ``visit_cadence_days`` or more ago."""
    area = getattr(user, "area_id", "") or ""
    if not area:
        return Case.objects.none()
    cutoff = today - dt.timedelta(days=visit_cadence(area, today))
    qs = monitored_with_last_visit(user)
    return qs.filter(Q(last_seen__lte=cutoff) | Q(last_seen__isnull=True)).order_by("last_seen")


def case_plan(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


def access_measure_by_id(user: Any, measure_id: Any) -> Measure:
    """A measure of a case the user may see, or ``NotVisible``."""
    return get_visible_or_404(
        Measure.objects.filter(case__in=cases_visible(user)).select_related("case", "case__household"), measure_id
    )


def access_visit_by_id(user: Any, visit_id: Any) -> Visit:
    """A visit of a case the user may see, or ``NotVisible``."""
    return get_visible_or_404(Visit.objects.filter(case__in=cases_visible(user)).select_related("case"), visit_id)


def live_measures(case: Any) -> list[tuple[str, dt.date]]:
    """(kind, start) of the measures in force for the case: what monitoring's elimination check weighs."""
    return list(Measure.objects.filter(case=case, status__in=LIVE_MEASURE_STATUSES).values_list("kind", "start"))


def visits_between(case: Any, start: dt.date, end: dt.date) -> int:
    """Visits (回访/走访) of the case from ``start`` to ``end``, both included: what monitoring's elimination check
    counts against ``elimination_min_visits``."""
    return Visit.objects.filter(case=case, visited_on__gte=start, visited_on__lte=end).count()
