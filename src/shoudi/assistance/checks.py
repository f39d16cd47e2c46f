"""The data-quality checks that need measures (national-practice.md §7), registered into monitoring's check
registry by ``AssistanceConfig.ready``: monitoring runs them with its own, without importing assistance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from shoudi.assistance.models import LIVE_MEASURE_STATUSES, Measure, MeasureStatus
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.checks import ROW, Check, cases_in, register, years_before
from shoudi.monitoring.models import CaseRisk

S, K, M = codes.Status, codes.EliminationKind, codes.MeasureKind


def _live_measures(**filters: Any) -> QuerySet[Measure]:
    return Measure.objects.filter(case=OuterRef("pk"), status__in=LIVE_MEASURE_STATUSES, **filters)


def no_measure_after_a_month(area: str, as_of: dt.date) -> QuerySet[Any]:
    """Under monitoring for ``quality_measure_grace_days`` days or more without any measure."""
    days = policy_bridge.int_param("quality_measure_grace_days", area, as_of)
    qs = cases_in(area).filter(status__in=codes.UNDER_MONITORING, period_start__lte=as_of - dt.timedelta(days=days))
    return qs.filter(~Exists(_live_measures())).values_list(*ROW)


def assisted_without_measure(area: str, as_of: dt.date) -> QuerySet[Any]:
    """帮扶消除 with no measure at all."""
    qs = cases_in(area).filter(status=S.ELIMINATED, elimination_kind=K.ASSISTED)
    return qs.filter(~Exists(_live_measures())).values_list(*ROW)


def illness_without_health_measure(area: str, as_of: dt.date) -> QuerySet[Any]:
    """因病 eliminated without a health or social-protection measure."""
    ill = CaseRisk.objects.filter(case=OuterRef("pk"), code=codes.RiskType.ILLNESS)
    qs = cases_in(area).filter(Exists(ill), status=S.ELIMINATED)
    health = _live_measures(kind__in=(M.HEALTH, M.SOCIAL_PROTECTION))
    return qs.filter(~Exists(health)).values_list(*ROW)


def elderly_in_welfare_post(area: str, as_of: dt.date) -> QuerySet[Any]:
    """A person aged ``quality_welfare_post_max_age`` or more in a public-welfare post (a live 公益岗位 measure)."""
    age = policy_bridge.int_param("quality_welfare_post_max_age", area, as_of)
    posts = Measure.objects.filter(
        Q(end__isnull=True) | Q(end__gte=as_of),
        case=OuterRef("pk"),
        kind=M.WELFARE_POST,
        status__in=(MeasureStatus.PLANNED, MeasureStatus.ACTIVE),
        person__birth_date__lte=years_before(as_of, age),
    )
    return cases_in(area).filter(Exists(posts)).values_list(*ROW)


CHECKS = (
    Check("no_measure_after_a_month", "识别一个月后仍无帮扶措施", no_measure_after_a_month, 30),
    Check("assisted_without_measure", "帮扶消除但无帮扶措施", assisted_without_measure, 40),
    Check("illness_without_health_measure", "因病风险消除但无健康或综合保障措施", illness_without_health_measure, 50),
    Check("elderly_in_welfare_post", "70岁以上人员在公益岗位", elderly_in_welfare_post, 60),
)


def register_checks() -> None:
    for check in CHECKS:
        register(check)
