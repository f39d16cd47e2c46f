"""Reads of 结对帮扶, scoped to the user's area: a village's households with their current cadres, the cadres a
village may be given, a household's pairings, and a helper cadre's own households with the visits they owe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.assistance.selectors import monitored_with_last_visit, visit_cadence
from shoudi.core.access import Capability, covering_codes, get_visible_or_404, user_area_q
from shoudi.pairing import extensions
from shoudi.pairing.models import Pairing
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household
from shoudi.registry.selectors import households_visible, with_heads_and_sizes

SOON_DAYS = 7  # a visit falls due within a week: shown as 即将到期


def pairings_visible(user: Any) -> QuerySet[Pairing]:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_HOUSEHOLDS):
        return Pairing.objects.none()
    return Pairing.objects.filter(user_area_q(user, "village_id"))


def access_pairing_by_id(user: Any, pairing_id: Any) -> Pairing:
    return get_visible_or_404(pairings_visible(user).select_related("household", "cadre"), pairing_id)


def household_pairings(user: Any, household: Household) -> list[Pairing]:
    """Every pairing of the household, current first."""
    qs = pairings_visible(user).filter(household=household).select_related("cadre", "assigned_by")
    return sorted(qs, key=lambda p: (p.until is not None, -p.since.toordinal()))


def cadre_pairings(user: Any, cadre: Any, *, current_only: bool = False) -> QuerySet[Pairing]:
    qs = pairings_visible(user).filter(cadre=cadre).select_related("household", "village")
    return qs.filter(until__isnull=True) if current_only else qs


def villages_for(user: Any) -> QuerySet[Region]:
    """The villages of the user's area (the assign page's choice)."""
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code")


def cadres_for_village(village_code: str) -> QuerySet[User]:
    """Active helper cadres whose area contains the village (its county, township or the village itself)."""
    return User.objects.filter(
        role=Role.HELPER_CADRE, is_active=True, area_id__in=covering_codes(village_code)
    ).order_by("area_id", "full_name", "username")


def cadres_visible(user: Any) -> QuerySet[User]:
    """Helper cadres whose area lies in the user's area or contains it (the API's cadre lookup)."""
    area = getattr(user, "area_id", "") or ""
    if not area:
        return User.objects.none()
    inside = User.objects.filter(user_area_q(user, "area_id"))
    return (inside | User.objects.filter(area_id__in=covering_codes(area))).filter(role=Role.HELPER_CADRE)


def village_rows(user: Any, village_code: str) -> list[dict[str, Any]]:
    """The households of one village with their head and current cadres (three queries for the whole page)."""
    households = list(households_visible(user).filter(village_id=village_code).order_by("number"))
    with_heads_and_sizes(user, households)
    current: dict[Any, list[Any]] = {}
    pairs = Pairing.objects.filter(household__in=households, until__isnull=True).select_related("cadre")
    for pairing in pairs.order_by("since"):
        current.setdefault(pairing.household_id, []).append(pairing.cadre)
    return [{"household": h, "head": h.head, "cadres": current.get(h.pk, [])} for h in households]  # type: ignore[attr-defined]


def _case_visits(user: Any, household_ids: list[Any], today: dt.date) -> dict[Any, dict[str, Any]]:
    """The next follow-up visit of each monitored household: last visit (or inclusion) + the visit cadence."""
    if not household_ids or not getattr(user, "area_id", None):
        return {}
    cadence = visit_cadence(user.area_id, today)
    cases = monitored_with_last_visit(user).filter(household_id__in=household_ids)
    found: dict[Any, dict[str, Any]] = {}
    for case in cases.only("pk", "household_id", "period_start"):
        household_id, case_id, last_seen = case.household_id, case.pk, getattr(case, "last_seen", None)
        due = (last_seen or today) + dt.timedelta(days=cadence)
        found[household_id] = {"case_id": case_id, "due_on": due, "overdue": due < today}
    return found


def my_households(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """A helper cadre's current households: each with its monitoring follow-up visit (due date, overdue) and
    what other apps add (``pairing.extensions``: the open 集中排查 round's unvisited households)."""
    pairings = list(cadre_pairings(user, user, current_only=True).order_by("household__number"))
    households = [p.household for p in pairings]
    with_heads_and_sizes(user, households)
    ids = [h.pk for h in households]
    visits = _case_visits(user, ids, today)
    extra = extensions.duties_for(user, ids, today)
    rows = []
    for household in households:
        visit = visits.get(household.pk)
        due = visit is not None and visit["due_on"] <= today + dt.timedelta(days=SOON_DAYS)
        rows.append(
            {
                "household": household,
                "head": household.head,  # type: ignore[attr-defined]
                "visit": visit,
                "visit_due": due,
                "duties": extra.get(household.pk, []),
            }
        )
    rows.sort(key=lambda r: (not (r["visit"] and r["visit"]["overdue"]), not r["visit_due"], not r["duties"]))
    return rows
