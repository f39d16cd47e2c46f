"""The grouped queries behind the indicators: each groups the rows of an area by region-code prefix.

A ``Scope`` is the area, the prefix length of its rows (township = 9, county = 6…), the period and the
day "now" is; a query shared by several indicators (the lead funnel, the identification histogram) runs
once per scope and is remembered in ``Scope.memo``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models import Case as When_
from django.db.models import When as WhenClause
from django.db.models.functions import Substr

from shoudi.assistance.models import LIVE_MEASURE_STATUSES, Measure, RiskMeasureRule
from shoudi.core.access import code_range, covering_codes, in_area
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case, Lead, QualityFinding, QualityRun
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household, Person
from shoudi.reports import income
from shoudi.reports.models import IncomeMonth
from shoudi.reports.parts import Dist, Growth, N, Part, PerCapita, Ratio
from shoudi.reports.periods import Period, add_months

Cells = dict[tuple[str, str], Part]
FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)
PROBLEMS = tuple(codes.Problem.values)
RISK_TYPES = tuple(codes.RiskType.values)
STABLE_WORK_MONTHS = 6  # 稳定就业: working six months or more of the year (county practice)


@dataclass
class Scope:
    area: str
    group_len: int
    period: Period
    today: dt.date
    identification_days: int = 15
    rural_growth: float | None = None
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def g(self, field_name: str) -> Substr:
        return Substr(field_name, 1, self.group_len)


# --- case sets ------------------------------------------------------------------------------------------


def cases(s: Scope) -> QuerySet[Case]:
    return Case.objects.filter(in_area("village_id", s.area)).annotate(g=s.g("village_id")).order_by()


def entered(s: Scope) -> QuerySet[Case]:
    """Cases entered into monitoring (纳入监测) on or before the period's last day."""
    return cases(s).filter(period_start__isnull=False, period_start__lte=s.period.end)


def at_risk(s: Scope) -> QuerySet[Case]:
    """Entered and not eliminated by the period's last day (风险未消除)."""
    return entered(s).exclude(period_end__lte=s.period.end)


def count(qs: QuerySet[Any], dim: str | None = None, field_name: str = "household_id") -> Cells:
    keys = ["g", dim] if dim else ["g"]
    rows = qs.values(*keys).annotate(n=Count(field_name, distinct=True))
    return {(r["g"], str(r[dim]) if dim else ""): N(r["n"]) for r in rows}


def people_of(s: Scope, households: QuerySet[Case]) -> Cells:
    qs = Person.objects.filter(household_id__in=households.values("household_id")).order_by()
    rows = qs.annotate(g=s.g("household__village_id")).values("g").annotate(n=Count("id"))
    return {(r["g"], ""): N(r["n"]) for r in rows}


def shares(qs: QuerySet[Any], condition: Any) -> Cells:
    rows = qs.annotate(ok=condition).values("g").annotate(den=Count("id"), num=Count("id", filter=Q(ok=True)))
    return {(r["g"], ""): Ratio(r["num"], r["den"]) for r in rows}


def _live(**filters: Any) -> QuerySet[Measure]:
    return Measure.objects.filter(status__in=LIVE_MEASURE_STATUSES, **filters)


def every_risk_matched() -> Any:
    """No risk of the case lacks a live measure of a kind that answers it (a risk with no rule rows is
    answered by any live measure — as ``assistance.selectors.coverage`` reads the rule table)."""
    answering = RiskMeasureRule.objects.filter(risk_code=OuterRef(OuterRef("code"))).values("measure_kind")
    matched = Exists(_live(case_id=OuterRef("case_id"), kind__in=answering))
    no_rule = ~Exists(RiskMeasureRule.objects.filter(risk_code=OuterRef("code")))
    any_live = Exists(_live(case_id=OuterRef("case_id")))
    from shoudi.monitoring.models import CaseRisk

    unmatched = CaseRisk.objects.filter(case_id=OuterRef("pk")).exclude(Q(matched) | (Q(no_rule) & Q(any_live)))
    return ~Exists(unmatched)


def development_measure() -> Any:
    return Exists(_live(case_id=OuterRef("pk"), kind__in=list(codes.DEVELOPMENT_KINDS)))


def without_labour() -> Q:
    able = Person.objects.filter(household_id=OuterRef("household_id")).exclude(labor__in=rcodes.NO_LABOUR)
    members = Person.objects.filter(household_id=OuterRef("household_id"))
    return Q(Exists(members)) & ~Q(Exists(able))


def social_protection() -> Any:
    protected = Person.objects.filter(household_id=OuterRef("household_id")).filter(Q(dibao=True) | Q(tekun=True))
    return Q(Exists(_live(case_id=OuterRef("pk"), kind=codes.MeasureKind.SOCIAL_PROTECTION))) | Q(Exists(protected))


# --- identification speed ------------------------------------------------------------------------------


def decided(s: Scope) -> QuerySet[Case]:
    """Cases whose identification ended in the period: entered (纳入) or not included (不予纳入)."""
    decided_on = When_(
        WhenClause(period_start__isnull=False, then=F("period_start")),
        default=F("status_on"),
    )
    qs = cases(s).filter(Q(period_start__isnull=False) | Q(status=codes.Status.NOT_INCLUDED))
    qs = qs.annotate(decided_on=decided_on).filter(decided_on__gte=s.period.start, decided_on__lte=s.period.end)
    return qs.annotate(days=ExpressionWrapper(F("decided_on") - F("opened_on"), output_field=DurationField()))


def identification_histogram(s: Scope) -> dict[str, dict[int, int]]:
    def run() -> dict[str, dict[int, int]]:
        hist: dict[str, dict[int, int]] = {}
        qs: Any = decided(s)  # "g" and "days" are annotations the type checker cannot see
        for r in qs.values("g", "days").annotate(n=Count("id")):
            days = r["days"].days if isinstance(r["days"], dt.timedelta) else int(r["days"] or 0)
            hist.setdefault(r["g"], {})
            hist[r["g"]][days] = hist[r["g"]].get(days, 0) + r["n"]
        return hist

    result: dict[str, dict[int, int]] = s.once("id_hist", run)
    return result


def identification_dist(s: Scope, q: float) -> Cells:
    return {(g, ""): Dist(q, dict(h)) for g, h in identification_histogram(s).items()}


def identification_in_time(s: Scope) -> Cells:
    limit = s.identification_days
    out: Cells = {}
    for g, h in identification_histogram(s).items():
        out[(g, "")] = Ratio(sum(n for d, n in h.items() if d <= limit), sum(h.values()))
    return out


def identification_overdue(s: Scope) -> Cells:
    qs = cases(s).filter(is_open=True, status__in=list(codes.IDENTIFICATION_STATUSES), deadline__lt=s.today)
    return count(qs, field_name="id")


# --- leads -----------------------------------------------------------------------------------------------

LS = codes.LeadStatus
# Each measure is a test of a lead's status and whether its case has entered monitoring (纳入监测: reached
# "monitored" through id_entry, whatever came after). 确认纳入 is a lead whose case entered monitoring, not every
# lead that opened a case: a case still in identification, or not included, is not a confirmation.
LEAD_MEASURES: dict[str, Callable[[str, bool], bool]] = {
    "received": lambda status, entered: True,
    "checked": lambda status, entered: status in (LS.CLOSED, LS.CONVERTED, LS.JOINED),
    "confirmed": lambda status, entered: status in (LS.CONVERTED, LS.JOINED) and entered,
    "rejected": lambda status, entered: status == LS.CLOSED,
}


def lead_rows(s: Scope, by: str) -> list[dict[str, Any]]:
    def run() -> list[dict[str, Any]]:
        qs = Lead.objects.filter(in_area("village_id", s.area), reported_on__gte=s.period.start)
        qs = qs.filter(reported_on__lte=s.period.end).annotate(g=s.g("village_id")).order_by()
        entered = ExpressionWrapper(Q(case__period_start__isnull=False), output_field=BooleanField())
        qs = qs.annotate(entered=entered)
        if by == "rule":
            qs = qs.filter(channel=codes.Channel.DEPARTMENT)
            keys = ["g", "department", "rule", "status", "entered"]
        else:
            keys = ["g", "channel", "status", "entered"]
        rows = []
        for r in qs.values(*keys).annotate(n=Count("id")):
            dim = f"{r['department']}|{r['rule']}" if by == "rule" else r["channel"]
            rows.append({"g": r["g"], "dim": dim, "status": r["status"], "entered": bool(r["entered"]), "n": r["n"]})
        return rows

    result: list[dict[str, Any]] = s.once(f"leads_{by}", run)
    return result


def lead_counts(s: Scope, by: str, measure: str) -> Cells:
    test = LEAD_MEASURES[measure]
    out: dict[tuple[str, str], Part] = {}
    for r in lead_rows(s, by):
        key = (r["g"], r["dim"])
        out[key] = out.get(key, N()) + N(r["n"] if test(r["status"], r["entered"]) else 0)
    return out


def lead_confirmation(s: Scope, by: str) -> Cells:
    out: dict[tuple[str, str], Part] = {}
    for r in lead_rows(s, by):
        key = (r["g"], r["dim"])
        checked = LEAD_MEASURES["checked"](r["status"], r["entered"])
        confirmed = LEAD_MEASURES["confirmed"](r["status"], r["entered"])
        out[key] = out.get(key, Ratio()) + Ratio(r["n"] if confirmed else 0, r["n"] if checked else 0)
    return out


# --- income ----------------------------------------------------------------------------------------------


def income_window(period: Period, shift: int = 0) -> tuple[dt.date, dt.date]:
    """The 12 months that end with the period's last month (shifted back ``shift`` years)."""
    last = add_months(period.end.replace(day=1), -12 * shift)
    return add_months(last, -11), last


INCOME_SQL = """
SELECT substr(village_id, 1, %(g)s), former_poor,
       SUM(CASE WHEN month >= %(a0)s AND month <= %(b0)s THEN net ELSE 0 END),
       SUM(CASE WHEN month >= %(a1)s AND month <= %(b1)s THEN net ELSE 0 END),
       SUM(CASE WHEN month >= %(a0)s AND month <= %(b0)s THEN person_months ELSE 0 END),
       SUM(CASE WHEN month >= %(a1)s AND month <= %(b1)s THEN person_months ELSE 0 END)
FROM {summary}
WHERE village_id >= %(lo)s AND village_id <= %(hi)s AND month >= %(a1)s AND month <= %(b0)s
GROUP BY 1, 2
"""


def _money(value: Any) -> Decimal:
    """A sum as the database returns it (Decimal on PostgreSQL, float on SQLite) to cents."""
    return Decimal(0) if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def per_capita(s: Scope, *, shift: int = 0, former_poor: bool = True) -> dict[str, PerCapita]:
    """Net income (income − production costs) per person over the 12-month window: the net income of the
    households with records ÷ their person-months ÷ 12 — a household with records in six of the months
    counts its members for half a year, so its income is neither lost nor under-counted.

    Read from the village income summary (``reports.income``, brought up to date first) for this window
    and the one a year before, by row and by whether the household is 脱贫户: former-poor income, its growth
    and the rural average share one query."""

    def run() -> dict[tuple[bool, int], dict[str, PerCapita]]:
        income.ensure(s.area)
        (a0, b0), (a1, b1) = income_window(s.period, 0), income_window(s.period, 1)
        lo, hi = code_range(s.area)
        params: dict[str, Any] = {"g": s.group_len, "a0": a0, "b0": b0, "a1": a1, "b1": b1, "lo": lo, "hi": hi}
        out: dict[tuple[bool, int], dict[str, PerCapita]] = {(fp, w): {} for fp in (True, False) for w in (0, 1)}
        with connection.cursor() as cursor:
            cursor.execute(INCOME_SQL.format(summary=IncomeMonth._meta.db_table), params)
            for g, fp, n0, n1, m0, m1 in cursor.fetchall():
                for w, total, person_months in ((0, n0, m0), (1, n1, m1)):
                    if person_months:
                        out[(bool(fp), w)][g] = PerCapita(_money(total), Decimal(int(person_months)) / 12)
        return out

    result: dict[tuple[bool, int], dict[str, PerCapita]] = s.once("income_pc", run)
    if former_poor:
        return result[(True, shift)]
    merged = dict(result[(False, shift)])
    for g, part in result[(True, shift)].items():
        merged[g] = merged.get(g, PerCapita()) + part
    return merged


def income_pc(s: Scope, *, former_poor: bool = True) -> Cells:
    return {(g, ""): part for g, part in per_capita(s, former_poor=former_poor).items()}


def income_growth(s: Scope, *, gap: bool = False) -> Cells:
    now, before = per_capita(s), per_capita(s, shift=1)
    ref = s.rural_growth
    return {(g, ""): Growth(now.get(g, PerCapita()), before.get(g, PerCapita()), ref, gap) for g in {*now, *before}}


# --- relocation targets ----------------------------------------------------------------------------------


def relocated_employment(s: Scope) -> Cells:
    """Relocated households with labour that have a member working six months or more (一户一人以上稳定就业)."""
    members = Person.objects.filter(household_id=OuterRef("pk"))
    qs = Household.objects.filter(in_area("village_id", s.area), relocated=True).order_by()
    qs = qs.filter(Exists(members.exclude(labor__in=rcodes.NO_LABOUR))).annotate(g=s.g("village_id"))
    stable = Exists(members.filter(work_months__gte=STABLE_WORK_MONTHS))
    return shares(qs, stable)


def welfare_posts_relocated(s: Scope) -> Cells:
    """Public-welfare-post measures running in the year that go to relocated households."""
    year_start, year_end = s.period.end.replace(month=1, day=1), s.period.end
    qs = _live(kind=codes.MeasureKind.WELFARE_POST, start__lte=year_end).exclude(end__lt=year_start)
    qs = qs.filter(in_area("case__village_id", s.area)).annotate(g=s.g("case__village_id")).order_by()
    return shares(qs, Q(case__household__relocated=True))


# --- data quality ----------------------------------------------------------------------------------------


def quality_run(s: Scope) -> QualityRun | None:
    """The latest data-quality run over the whole area (run on the area itself or an area above it)."""
    covering = covering_codes(s.area)
    qs = QualityRun.objects.filter(area_id__in=covering, as_of__lte=max(s.period.end, s.today))
    run: QualityRun | None = s.once("quality_run", lambda: qs.order_by("-started_at", "-id").first())
    return run


def quality_failures(s: Scope) -> Cells:
    run = quality_run(s)
    if run is None:
        return {}
    lo, hi = code_range(s.area)
    qs = QualityFinding.objects.filter(run=run, village_code__gte=lo, village_code__lte=hi).order_by()
    rows = qs.annotate(g=s.g("village_code")).values("g", "check_name").annotate(n=Count("id"))
    return {(r["g"], r["check_name"]): N(r["n"]) for r in rows}


__all__ = ["Cells", "Growth", "PerCapita", "Scope"]
