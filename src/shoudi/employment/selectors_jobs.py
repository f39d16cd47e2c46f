"""Reads of the job database, scoped to the user: nobody without ``VIEW`` (the 人社 gate of ``access.may``) sees
a row, and nothing outside the user's area exists for them (404).

- Employers and openings: those registered in the user's area, and those of the areas above it (a village's
  contact sees the county's openings, to tell the villagers) — never a sibling village's or township's.
- Recommendations: those of persons living in the user's area (a village sees its own people's).
- Candidates of an opening and openings for a person: the matching (``matching``) over the county's pool, for
  those who manage jobs (``MANAGE_JOBS``); the candidates are persons of the user's area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shoudi.core.access import covering_codes, get_visible_or_404, in_area, user_area_q
from shoudi.employment import codes, matching
from shoudi.employment.access import MANAGE_JOBS, VIEW, may
from shoudi.employment.matching_pool import pool_for
from shoudi.employment.models import Employer, Opening, Recommendation
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Person

STALE_DAYS = 7
MAX_CANDIDATES = 200


def _area_q(user: Any, field: str) -> Q:
    """Rows registered in the user's area or in an area above it."""
    area = getattr(user, "area_id", None) or ""
    if not area or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return user_area_q(user, field) | Q(**{f"{field}__in": covering_codes(area)})


def employers_visible(user: Any) -> QuerySet[Employer]:
    if not may(user, VIEW):
        return Employer.objects.none()
    return Employer.objects.filter(_area_q(user, "area_id"))


def openings_visible(user: Any) -> QuerySet[Opening]:
    if not may(user, VIEW):
        return Opening.objects.none()
    return Opening.objects.filter(_area_q(user, "area_id"))


def recommendations_visible(user: Any) -> QuerySet[Recommendation]:
    if not may(user, VIEW):
        return Recommendation.objects.none()
    return Recommendation.objects.filter(user_area_q(user, "village_id"))


def persons_visible(user: Any) -> QuerySet[Person]:
    if not may(user, VIEW):
        return Person.objects.none()
    return Person.objects.filter(user_area_q(user, "household__village_id"))


def access_employer_by_id(user: Any, employer_id: Any) -> Employer:
    return get_visible_or_404(employers_visible(user).select_related("area"), employer_id)


def access_opening_by_id(user: Any, opening_id: Any) -> Opening:
    return get_visible_or_404(openings_visible(user).select_related("employer", "area", "workplace"), opening_id)


def access_recommendation_by_id(user: Any, recommendation_id: Any) -> Recommendation:
    qs = recommendations_visible(user).select_related("opening", "opening__employer", "person", "village", "work")
    return get_visible_or_404(qs, recommendation_id)


def access_person_by_id(user: Any, person_id: Any) -> Person:
    qs = persons_visible(user).select_related("household", "household__village")
    return get_visible_or_404(qs, person_id)


# ---- lists -----------------------------------------------------------------------------------------------------


def employer_list(user: Any, *, text: str = "", kind: str = "") -> QuerySet[Employer]:
    qs = employers_visible(user).select_related("area").annotate(opening_count=Count("openings"))
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(contact__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "area_id")


def opening_list(
    user: Any, *, status: str = "", place: str = "", township: str = "", employer: Any = None, text: str = ""
) -> QuerySet[Opening]:
    qs = openings_visible(user).select_related("employer", "area", "workplace")
    if status:
        qs = qs.filter(status=status)
    if place:
        qs = qs.filter(place=place)
    if township:
        qs = qs.filter(in_area("area_id", township) | Q(workplace_id=township))
    if employer is not None:
        qs = qs.filter(employer_id=employer)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(skills__icontains=text) | Q(employer__name__icontains=text))
    hired = Recommendation.objects.filter(opening=OuterRef("pk"), outcome=codes.Outcome.HIRED)
    qs = qs.annotate(recommended=Count("recommendations"), any_hired=Exists(hired))
    return qs.order_by("-opens_on", "title", "id")


def opening_recommendations(user: Any, opening: Opening) -> list[Recommendation]:
    qs = recommendations_visible(user).filter(opening=opening)
    return list(qs.select_related("person", "person__household", "village", "work").order_by("-created_at"))


def person_recommendations(user: Any, person: Person) -> list[Recommendation]:
    qs = recommendations_visible(user).filter(person=person).select_related("opening", "opening__employer")
    return list(qs.order_by("-created_at"))


def hired_count(opening: Opening) -> int:
    return Recommendation.objects.filter(opening=opening, outcome=codes.Outcome.HIRED).count()


def employer_areas(user: Any) -> list[tuple[str, str]]:
    """Where the user may register an employer: their own area and the townships and villages in it."""
    area = getattr(user, "area_id", "") or ""
    if not area:
        return []
    regions = Region.objects.filter(in_area("code", area), level__gte=Level.COUNTY).order_by("code")
    return [(r.code, ("　" * max(0, r.level - Level.COUNTY)) + r.name) for r in regions]


# ---- matching --------------------------------------------------------------------------------------------------


def candidates(user: Any, opening: Opening, n: int = 30, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The ``n`` best candidates of the user's area for ``opening``, each with its person, score and reasons and
    the outcome of a recommendation already made (None: not yet recommended)."""
    if not may(user, MANAGE_JOBS) or n <= 0:
        return []
    pool = pool_for(opening.area_id[:6], today=today)
    found = matching.top(pool, matching.Features.of(opening), min(n, MAX_CANDIDATES), within=user.area_id)
    people = Person.objects.filter(pk__in=[m.person_id for m in found]).select_related("household__village")
    by_id = {p.pk: p for p in people}
    made = dict(Recommendation.objects.filter(opening=opening, person_id__in=by_id).values_list("person_id", "outcome"))
    labels = dict(codes.Outcome.choices)
    rows = []
    for m in found:
        person = by_id.get(m.person_id)
        if person is None:  # deleted since the pool was loaded
            continue
        outcome = made.get(m.person_id)
        rows.append(
            {
                "person": person,
                "score": m.score,
                "reasons": m.reasons,
                "age": int(pool.age[m.index]),
                "outcome": outcome,
                "outcome_label": labels.get(outcome, "") if outcome else "",
            }
        )
    return rows


def open_openings_of(county: str, today: dt.date) -> list[Opening]:
    qs = Opening.objects.filter(in_area("area_id", county), status=codes.OpeningStatus.OPEN, opens_on__lte=today)
    qs = qs.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today)).select_related("employer", "workplace")
    return list(qs.order_by("-opens_on", "id"))


def openings_for_person(user: Any, person: Person, n: int = 20) -> tuple[bool, list[dict[str, Any]]]:
    """(in the labour pool, the ``n`` best open openings of the person's county the user can see)."""
    today = timezone.localdate()
    county = person.household.village_id[:6]
    pool = pool_for(county, today=today)
    if pool.position(person.pk) is None:
        return False, []
    visible = set(openings_visible(user).values_list("pk", flat=True))
    openings = [o for o in open_openings_of(county, today) if o.pk in visible]
    made = dict(Recommendation.objects.filter(person=person, opening__in=openings).values_list("opening_id", "outcome"))
    labels = dict(codes.Outcome.choices)
    rows = []
    for opening, m in matching.for_person(pool, person.pk, openings, n):
        outcome = made.get(opening.pk)
        rows.append(
            {
                "opening": opening,
                "score": m.score,
                "reasons": m.reasons,
                "outcome": outcome,
                "outcome_label": labels.get(outcome, "") if outcome else "",
            }
        )
    return True, rows


# ---- workbench -------------------------------------------------------------------------------------------------


def unrecommended_openings(user: Any) -> QuerySet[Opening]:
    """Open openings without any recommendation (岗位待推荐)."""
    made = Recommendation.objects.filter(opening=OuterRef("pk"))
    qs = openings_visible(user).filter(status=codes.OpeningStatus.OPEN)
    return qs.filter(~Exists(made))


def awaiting_feedback(user: Any, today: dt.date) -> QuerySet[Recommendation]:
    """Recommendations still open (已推荐 / 已联系 / 已面试) for more than ``STALE_DAYS`` days (推荐待反馈)."""
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=STALE_DAYS), dt.time()))
    qs = recommendations_visible(user).filter(outcome__in=list(codes.OPEN_OUTCOMES))
    return qs.filter(Q(outcome_on__isnull=True, created_at__lt=since) | Q(outcome_on__lt=since.date()))
