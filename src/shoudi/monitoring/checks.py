"""Data-quality checks over the cases of an area (the provincial platforms' checks, national-practice.md §7).

Each check is a named function returning one set-based query of (case id, household id, village code) rows;
``run_checks`` stores the rows as findings of one run. No per-case loop touches the ORM, so a county of
100,000 households is a handful of indexed queries. Thresholds are policy parameters (see policy_bridge).

The checks are a registry: monitoring registers its own here; an app above it registers those that need its
data from its ``AppConfig.ready`` (assistance: the four checks about measures). ``CHECKS`` and
``CHECK_BY_NAME`` are the same objects after every registration, in the order of ``Check.order``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Case as CaseWhen
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from shoudi.core.access import Capability, in_area, require
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.models import Case, CaseRisk, QualityFinding, QualityRun
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household, Person

S, K, M = codes.Status, codes.EliminationKind, codes.MeasureKind
ROW = ("id", "household_id", "village_id")


def cases_in(area: str) -> QuerySet[Case]:
    return Case.objects.filter(in_area("village_id", area))


def months_between(start: str, end: str) -> Any:
    """Whole months from ``start`` to ``end`` (two date columns), in SQL that SQLite and PostgreSQL share."""
    return (
        (ExtractYear(end) - ExtractYear(start)) * 12
        + ExtractMonth(end)
        - ExtractMonth(start)
        - CaseWhen(
            When(Q(**{f"{end}__day__lt": ExtractDay(start)}), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# ---- the checks ---------------------------------------------------------------------------------------------


def eliminated_too_soon(area: str, as_of: dt.date) -> QuerySet[Any]:
    """帮扶消除 within ``quality_elimination_min_months`` months of identification."""
    months = policy_bridge.int_param("quality_elimination_min_months", area, as_of)
    qs = cases_in(area).filter(status=S.ELIMINATED, elimination_kind=K.ASSISTED, period_start__isnull=False)
    qs = qs.annotate(months=months_between("period_start", "period_end")).filter(months__lt=months)
    return qs.values_list(*ROW)


def eliminated_below_line(area: str, as_of: dt.date) -> QuerySet[Any]:
    """Eliminated while the per-capita income frozen at the elimination was below the monitoring line."""
    qs = cases_in(area).filter(status=S.ELIMINATED, assessed_income_pc__lt=F("assessed_line"))
    return qs.values_list(*ROW)


def unstable_work_nobody_can_work(area: str, as_of: dt.date) -> QuerySet[Any]:
    """因务工就业不稳 where no member living in the household can work."""
    risk = CaseRisk.objects.filter(case=OuterRef("pk"), code=codes.RiskType.UNSTABLE_WORK)
    workers = Person.objects.filter(household=OuterRef("household_id"), living_in=True).exclude(
        labor__in=rcodes.NO_LABOUR
    )
    qs = cases_in(area).filter(Exists(risk), is_open=True).filter(~Exists(workers))
    return qs.values_list(*ROW)


def former_poor_unsafe_water_unmonitored(area: str, as_of: dt.date) -> QuerySet[Any]:
    """脱贫户 without safe drinking water and not monitored (one row per household, no case)."""
    open_case = Case.objects.filter(household=OuterRef("pk"), is_open=True)
    qs = Household.objects.filter(in_area("village_id", area), status__in=policy_bridge.FORMER_POOR, water_safe=False)
    return (
        qs.filter(~Exists(open_case))
        .annotate(no_case=Value(None, output_field=IntegerField()))
        .values_list("no_case", "id", "village_id")
    )


def duplicate_id_number(area: str, as_of: dt.date) -> QuerySet[Any]:
    """The same ID number on more than one member in the area (the registry's unique key should prevent it;
    the check guards data that arrived around it)."""
    dupes = (
        Person.objects.filter(in_area("household__village_id", area))
        .values("id_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("id_number")
    )
    qs = Household.objects.filter(in_area("village_id", area), members__id_number__in=dupes).distinct()
    return qs.annotate(no_case=Value(None, output_field=IntegerField())).values_list("no_case", "id", "village_id")


@dataclass(frozen=True)
class Check:
    name: str
    label: str
    query: Callable[[str, dt.date], QuerySet[Any]]
    order: int = 100


CHECKS: list[Check] = []
CHECK_BY_NAME: dict[str, Check] = {}


def register(check: Check) -> None:
    """Add (or replace, by name) one check; ``CHECKS`` stays sorted by ``order``."""
    CHECKS[:] = sorted([*(c for c in CHECKS if c.name != check.name), check], key=lambda c: (c.order, c.name))
    CHECK_BY_NAME.clear()
    CHECK_BY_NAME.update({c.name: c for c in CHECKS})


for _check in (
    Check("eliminated_too_soon", "识别后两个月内即帮扶消除", eliminated_too_soon, 10),
    Check("eliminated_below_line", "风险消除时人均纯收入低于监测范围", eliminated_below_line, 20),
    Check("unstable_work_nobody_can_work", "因务工就业不稳但家中无劳动力", unstable_work_nobody_can_work, 70),
    Check(
        "former_poor_unsafe_water_unmonitored",
        "脱贫户饮水不安全但未纳入监测",
        former_poor_unsafe_water_unmonitored,
        80,
    ),
    Check("duplicate_id_number", "区域内身份证号重复", duplicate_id_number, 90),
):
    register(_check)
BATCH = 5000


def run_checks(area: str, *, as_of: dt.date | None = None, by: Any = None, progress: Any = None) -> QualityRun:
    """Run every check over ``area`` and store the findings as one run (replacing nothing: runs are history)."""
    as_of = as_of or timezone.localdate()
    started = time.perf_counter()
    step = progress or (lambda phase, done, total: None)
    with transaction.atomic():
        run = QualityRun.objects.create(area_id=area, as_of=as_of, started_at=timezone.now(), by=by)
        counts: dict[str, int] = {}
        for n, check in enumerate(CHECKS):
            step(f"检查：{check.label}", n, len(CHECKS))
            rows = check.query(area, as_of).iterator(chunk_size=BATCH)
            batch: list[QualityFinding] = []
            counts[check.name] = 0
            for case_id, household_id, village in rows:
                batch.append(
                    QualityFinding(
                        run=run, check_name=check.name, case_id=case_id, household_id=household_id, village_code=village
                    )
                )
                if len(batch) >= BATCH:
                    QualityFinding.objects.bulk_create(batch)
                    counts[check.name] += len(batch)
                    batch = []
            QualityFinding.objects.bulk_create(batch)
            counts[check.name] += len(batch)
        run.counts = counts
        run.seconds = Decimal(f"{time.perf_counter() - started:.3f}")
        run.save(update_fields=["counts", "seconds"])
    step("已完成", len(CHECKS), len(CHECKS))
    return run


def checks_submit(*, by: Any, area_code: str, as_of: dt.date | None = None, run_now: bool = False) -> Job:
    """Queue the quality checks of ``area_code`` (within ``by``'s area; ``by`` None: the nightly command)."""
    if by is not None:
        require(by, Capability.RUN_CHECKS, area_code)
    params = {"area": area_code, **({"as_of": as_of.isoformat()} if as_of else {})}
    return job_submit(by=by, kind=Job.Kind.QUALITY_CHECKS, area_code=area_code, params=params, run_now=run_now)
