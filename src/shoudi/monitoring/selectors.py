"""Reads of leads and cases. Every function takes the user and returns only rows of their area (helper cadres:
only their paired households); outside it, or not existing, is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, DateField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from shoudi.accounts.roles import CAPABILITIES, Role
from shoudi.core.access import Capability, can, get_visible_or_404, in_area, user_area_q
from shoudi.monitoring import codes, extensions, policy_bridge, workflow
from shoudi.monitoring.models import (
    Attachment,
    Case,
    CaseRisk,
    CaseTransition,
    Lead,
    Notice,
    NoticeEntry,
    Objection,
)
from shoudi.monitoring.models_apply import Application, ApplicationStatus
from shoudi.registry.idnumber import normalize
from shoudi.registry.models import Household, Person
from shoudi.registry.selectors import households_visible

STATUS_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "identification": ("识别中", codes.IDENTIFICATION_STATUSES),
    "monitored": ("监测帮扶中", frozenset({codes.Status.MONITORED})),
    "elimination": ("风险消除办理中", codes.ELIMINATION_STATUSES),
    "rollback": ("回退办理中", codes.ROLLBACK_STATUSES),
    "eliminated": ("风险已消除", frozenset({codes.Status.ELIMINATED})),
    "not_included": ("不予纳入", frozenset({codes.Status.NOT_INCLUDED})),
}


def cases_visible(user: Any) -> QuerySet[Case]:
    if not can(user, Capability.VIEW_CASES):
        return Case.objects.none()
    qs = Case.objects.filter(user_area_q(user, "village_id"))
    if user.role == Role.HELPER_CADRE:
        qs = qs.filter(helper=user)
    return qs


def leads_visible(user: Any) -> QuerySet[Lead]:
    if not can(user, Capability.VIEW_CASES):
        return Lead.objects.none()
    qs = Lead.objects.filter(user_area_q(user, "village_id"))
    if user.role == Role.HELPER_CADRE:
        qs = qs.filter(case__helper=user)
    return qs


def notices_visible(user: Any) -> QuerySet[Notice]:
    if not can(user, Capability.VIEW_CASES):
        return Notice.objects.none()
    return Notice.objects.filter(user_area_q(user, "village_id"))


def plans_not_noticed(user: Any) -> Any:
    """Per village, the households under monitoring that no current 帮扶计划公示 lists (seed 001 asks the plans
    to be public): village code, name and count, for the notice list's "waiting" section."""
    on_plan_notice = NoticeEntry.objects.filter(
        case=OuterRef("pk"), active=True, notice__kind=codes.NoticeKind.ASSISTANCE_PLAN
    )
    return (
        cases_visible(user)
        .filter(status__in=codes.UNDER_MONITORING)
        .exclude(Exists(on_plan_notice))
        .values("village_id", "village__name")
        .annotate(n=Count("id"))
        .order_by("village_id")
    )


def household_by_number(user: Any, number: str) -> Household:
    """The household whose number a person typed on a form: one in their area, else an error on that field."""
    household = households_visible(user).filter(number=number.strip()).first()
    if household is None:
        raise ValidationError({"household": f"户编号“{number}”不存在或不在您负责的区域内"})
    return household


def access_case_by_id(user: Any, case_id: Any) -> Case:
    return get_visible_or_404(cases_visible(user).select_related("household", "village", "contact", "helper"), case_id)


def access_lead_by_id(user: Any, lead_id: Any) -> Lead:
    return get_visible_or_404(leads_visible(user).select_related("household", "village", "case"), lead_id)


def access_notice_by_id(user: Any, notice_id: Any) -> Notice:
    return get_visible_or_404(notices_visible(user).select_related("village"), notice_id)


def access_objection_by_id(user: Any, objection_id: Any) -> Objection:
    """An objection on a notice the user may see."""
    objections = Objection.objects.filter(notice__in=notices_visible(user)).select_related("notice", "case")
    return get_visible_or_404(objections, objection_id)


def access_attachment_by_id(user: Any, case_id: Any, attachment_id: Any) -> Attachment:
    """An attachment of the case ``case_id``, which the user may see."""
    attachments = Attachment.objects.filter(case__in=cases_visible(user), case_id=_uuid_or_none(case_id))
    return get_visible_or_404(attachments, attachment_id)


def _uuid_or_none(value: Any) -> Any:
    try:
        return Case._meta.pk.to_python(value)
    except Exception:  # a malformed id names nothing
        return None


# ---- deadlines: each step's own (入户核实, 信息比对) and the whole identification (national-practice.md §4) ------


@dataclass(frozen=True)
class StepClock:
    """A step with its own deadline: ``key`` (a policy parameter) days from ``start`` (a field or annotation)."""

    status: str
    label: str
    key: str
    start: str


STEP_CLOCKS: dict[str, StepClock] = {
    codes.Status.ID_HOME_CHECK: StepClock(codes.Status.ID_HOME_CHECK, "入户核实", "lead_check_days", "opened_on"),
    codes.Status.ID_DATA_CHECK: StepClock(codes.Status.ID_DATA_CHECK, "信息比对", "data_check_days", "entered_on"),
}
NATIONAL = "00"
ONE_DAY = dt.timedelta(days=1)


def _entries(case: Any, status: Any) -> QuerySet[CaseTransition]:
    """The transitions into ``status`` of ``case``, last first (a row that recorded an event without moving the
    case does not count)."""
    return (
        CaseTransition.objects.filter(case=case, to_status=status)
        .exclude(from_status=F("to_status"))
        .order_by("-at", "-id")
    )


def with_entered_on(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate ``entered_on``: the day of the last transition into the case's current status (``status_on``
    where there is no history)."""
    last = _entries(OuterRef("pk"), OuterRef("status")).values("on")[:1]
    return qs.annotate(entered_on=Coalesce(Subquery(last, output_field=DateField()), F("status_on")))


def entered_on(case: Case) -> dt.date:
    """The day ``case`` entered its status: the annotation when the case came from a list, else one query."""
    found = getattr(case, "entered_on", None)
    if found is None:
        found = _entries(case, case.status).values_list("on", flat=True).first()
    return found or case.status_on


class StepDays:
    """The days a step may take (a policy parameter, by county and date) for any village of ``area``: the
    parameter records of the area are read once (one query) and every value is resolved in memory. The days
    that apply to a step are those in force on the day the step began."""

    def __init__(self, area: str | None) -> None:
        self.area = area or NATIONAL
        self._pset = policy_bridge.ParameterSet.load(self.area, within=True)
        self._records = self._pset.table.records()
        self._cache: dict[tuple[str, str, dt.date], int] = {}

    def days(self, key: str, region_code: str, on: dt.date) -> int:
        found = self._cache.get((key, region_code[:6], on))
        if found is None:
            found = int(policy_bridge.resolved(key, region_code, on, self._pset).value)
            self._cache[(key, region_code[:6], on)] = found
        return found

    def _inside(self, code: str) -> bool:
        return len(code) > len(self.area) and (self.area == NATIONAL or code.startswith(self.area))

    def _scopes(self, key: str) -> list[tuple[str, Q]]:
        """(a region code whose value holds, the villages it holds for): each place inside the area that has its
        own records (a county: without the places inside it that have theirs), then the rest of the area."""
        own = sorted({r.region_code for r in self._records if r.key == key and self._inside(r.region_code)})
        scopes = []
        for code in own:
            where = in_area("village_id", code)
            for inner in own:
                if inner != code and inner.startswith(code):
                    where &= ~in_area("village_id", inner)
            scopes.append((code, where))
        rest = Q()
        for code in own:
            rest &= ~in_area("village_id", code)
        return [*scopes, (self.area, rest)]

    def _segments(self, key: str, scope: str, today: dt.date) -> list[tuple[dt.date | None, dt.date | None, int]]:
        """(from, to exclusive, days): the periods over which the value for ``scope`` does not change."""
        records = [
            r for r in self._records if r.key == key and (r.region_code == NATIONAL or scope.startswith(r.region_code))
        ]
        cuts = sorted({r.valid_from for r in records} | {r.valid_to + ONE_DAY for r in records if r.valid_to})
        bounds: list[dt.date | None] = [None, *cuts, None]
        segments = []
        for low, high in pairwise(bounds):
            probe = low or (high - ONE_DAY if high else today)
            segments.append((low, high, self.days(key, scope, probe)))
        return segments

    def step_overdue_q(self, today: dt.date) -> Q:
        """Cases whose current step ran past its own deadline: start + days < today, with the days in force on
        the start day (the queryset must carry ``with_entered_on``)."""
        q = Q(pk__in=[])
        for clock in STEP_CLOCKS.values():
            for scope, where in self._scopes(clock.key):
                for low, high, days in self._segments(clock.key, scope, today):
                    cutoff = today - dt.timedelta(days=days)  # start + days < today  ⇔  start < today - days
                    upper = min(cutoff, high) if high else cutoff
                    if low is not None and low >= upper:
                        continue
                    part = where & Q(status=clock.status, **{f"{clock.start}__lt": upper})
                    if low is not None:
                        part &= Q(**{f"{clock.start}__gte": low})
                    q |= part
        return q


def whole_overdue_q(today: dt.date) -> Q:
    return Q(status__in=codes.IDENTIFICATION_STATUSES, deadline__lt=today)


def overdue_q(today: dt.date, area: str | None = None) -> Q:
    """Overdue: the current step past its own deadline, or the whole identification past its deadline. The
    queryset must carry ``with_entered_on``."""
    return whole_overdue_q(today) | StepDays(area).step_overdue_q(today)


def my_statuses(user: Any) -> list[str]:
    return workflow.statuses_for(CAPABILITIES.get(user.role, frozenset()))


def case_list(
    user: Any,
    *,
    today: dt.date,
    q: str = "",
    group: str = "",
    status: str = "",
    township: str = "",
    village: str = "",
    category: str = "",
    risk: str = "",
    overdue: bool = False,
    fast_track: bool = False,
    mine: bool = False,
) -> QuerySet[Case]:
    qs = cases_visible(user)
    if village:
        qs = qs.filter(village_id=village)
    elif township:
        qs = qs.filter(in_area("village_id", township))
    if group in STATUS_GROUPS:
        qs = qs.filter(status__in=STATUS_GROUPS[group][1])
    if status in codes.Status.values:
        qs = qs.filter(status=status)
    if category in codes.Category.values:
        qs = qs.filter(category=category)
    if risk in codes.RISK_CODE_LABELS:
        qs = qs.filter(Exists(CaseRisk.objects.filter(case=OuterRef("pk"), code=risk)))
    qs = with_entered_on(qs)
    if overdue:
        qs = qs.filter(overdue_q(today, getattr(user, "area_id", None)))
    if fast_track:
        qs = qs.filter(fast_track=True, status__in=codes.IDENTIFICATION_STATUSES)
    if mine:
        qs = qs.filter(status__in=my_statuses(user))
    q = q.strip()
    if q:
        digits = normalize(q)
        if digits.isdigit() and len(digits) >= 12:
            qs = qs.filter(household__number__startswith=digits)
        elif len(digits) == 18:
            qs = qs.filter(Exists(Person.objects.filter(household=OuterRef("household_id"), id_number=digits)))
        else:
            qs = qs.filter(Exists(Person.objects.filter(household=OuterRef("household_id"), name__startswith=q)))
    # the village joined (a small table: the plan still sorts and cuts the page on the case table), the households
    # fetched for the page of 50 (joining them made PostgreSQL sort the join: 6 ms → 27 ms for a county)
    # (only the household's number: a list shows nothing else of it, and 50 full households cost more to build)
    households = Prefetch("household", queryset=Household.objects.only("id", "number", "village_id"))
    return qs.select_related("village").prefetch_related(households).order_by("deadline", "created_at")


def lead_list(user: Any, *, status: str = "", village: str = "") -> QuerySet[Lead]:
    qs = leads_visible(user)
    if status in codes.LeadStatus.values:
        qs = qs.filter(status=status)
    if village:
        qs = qs.filter(village_id=village)
    return qs.select_related("household", "village", "case").order_by("due_on", "created_at")


def tasks(user: Any, today: dt.date) -> dict[str, int]:
    """The counts of the workbench panel: leads to check, applications to accept, cases at my step, overdue.
    Two aggregate queries and one read of the deadline parameters, whatever the size of the area (the apps above
    add theirs: ``extension_tasks``). Overdue: a step past its own deadline or the identification past its own."""
    result = {"leads": 0, "applications": 0, "my_steps": 0, "overdue": 0, "fast_track": 0}
    if not can(user, Capability.VIEW_CASES):
        return result
    leads = leads_visible(user).aggregate(
        leads=Count("id", filter=Q(status=codes.LeadStatus.OPEN)),
        applications=Count("id", filter=Q(status=codes.LeadStatus.SUBMITTED)),
    )
    if user.can(Capability.HOME_CHECK):
        result["leads"] = leads["leads"]
    if user.can(Capability.ACCEPT_APPLICATIONS):
        unregistered = Application.objects.filter(
            user_area_q(user, "village_id"), status=ApplicationStatus.UNREGISTERED
        )
        result["applications"] = leads["applications"] + unregistered.count()  # both wait for the township
    cases = with_entered_on(cases_visible(user)).aggregate(
        my_steps=Count("id", filter=Q(status__in=my_statuses(user))),
        overdue=Count("id", filter=overdue_q(today, user.area_id)),
        fast_track=Count("id", filter=Q(fast_track=True, status__in=codes.IDENTIFICATION_STATUSES)),
    )
    result.update(cases)
    return result


def extension_tasks(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """The counts the apps above monitoring add to the workbench panel (assistance: the visits due)."""
    return [
        {"key": t.key, "label": t.label, "count": t.count(user, today), "url_name": t.url_name}
        for t in extensions.WORKBENCH_TASKS
        if can(user, t.capability)
    ]


def area_status_counts(user: Any) -> dict[str, int]:
    """Cases by status group over the user's area: aggregates only (leaders see these, not the records)."""
    if not getattr(user, "area_id", None):
        return {}
    qs = Case.objects.filter(user_area_q(user, "village_id"))
    return qs.aggregate(
        **{key: Count("id", filter=Q(status__in=statuses)) for key, (_, statuses) in STATUS_GROUPS.items()}
    )


def household_cases(user: Any, household_id: Any) -> QuerySet[Case]:
    """All monitoring periods of one household, newest first (earlier cases stay readable)."""
    return cases_visible(user).filter(household_id=household_id).order_by("-opened_on", "-created_at")
