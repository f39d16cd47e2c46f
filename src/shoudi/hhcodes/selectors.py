"""Reads of 一户一码, always scoped: the villages, households, codes and reports of the user's area for who holds
``MANAGE_HOUSEHOLD_CODES``; anything else — absent, outside the area, a malformed id — is a 404. The public
side reads one active code by its token, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from shoudi.core.access import VILLAGE, Capability, NotVisible, can, get_visible_or_404, in_area, user_area_q
from shoudi.hhcodes.models import CodeReport, HouseholdCode
from shoudi.regions.models import Level, Region
from shoudi.registry.codes import Relationship
from shoudi.registry.models import Household, Person

MANAGE = Capability.MANAGE_HOUSEHOLD_CODES
LIST_LIMIT = 2000  # households on one village page (a village has a few hundred)
REPORT_LIMIT = 200
RECENT_DAYS = 30
PANEL_DAYS = 14  # the workbench panel: the reports of the last two weeks
PANEL_LIMIT = 20
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def villages_visible(user: Any) -> QuerySet[Region]:
    if not can(user, MANAGE):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE)


def access_village(user: Any, code: Any) -> Region:
    text = str(code or "")
    if len(text) != VILLAGE or not text.isdigit():
        raise NotVisible()
    found = villages_visible(user).select_related("parent").filter(code=text).first()
    if found is None:
        raise NotVisible()
    return found


def households_visible(user: Any) -> QuerySet[Household]:
    if not can(user, MANAGE):
        return Household.objects.none()
    return Household.objects.filter(user_area_q(user, "village_id"))


def access_household(user: Any, household_id: Any) -> Household:
    return get_visible_or_404(households_visible(user).select_related("village"), household_id)


def access_code(user: Any, code_id: Any) -> HouseholdCode:
    """An active code of the user's area (a revoked one is a 404, as is anything outside the area)."""
    if not can(user, MANAGE):
        raise NotVisible()
    qs = HouseholdCode.objects.filter(user_area_q(user, "household__village_id"), revoked_at__isnull=True)
    return get_visible_or_404(qs.select_related("household"), code_id)


def access_report(user: Any, report_id: Any) -> CodeReport:
    """A scan report of the user's area, whatever the role (what may be done with it — revealing its phone needs
    ``REVEAL_PHONE`` — is checked next and refused in words); outside the area, absent or malformed: a 404."""
    qs = CodeReport.objects.filter(user_area_q(user, "household__village_id"))
    return get_visible_or_404(qs.select_related("household", "household__village", "lead"), report_id)


def recent_reports(village_code: str, days: int = PANEL_DAYS) -> list[dict[str, Any]]:
    """The village's scan reports of the last ``days`` days, newest first, with the head's name (2 queries)."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = list(reports_in(village_code).filter(submitted_at__gte=since)[:PANEL_LIMIT])
    names = heads([r.household_id for r in rows])
    return [{"report": r, "head": names.get(r.household_id, "")} for r in rows]


def active_code(household: Household) -> HouseholdCode | None:
    return HouseholdCode.objects.filter(household=household, revoked_at__isnull=True).first()


def code_history(household: Household) -> QuerySet[HouseholdCode]:
    return HouseholdCode.objects.filter(household=household).select_related("issued_by", "revoked_by")


def code_by_token(token: Any) -> HouseholdCode:
    """The active code a QR code opens (the public page): a malformed, unknown or revoked token is a 404."""
    text = str(token or "")
    if not TOKEN.fullmatch(text):
        raise NotVisible()
    found = (
        HouseholdCode.objects.filter(token=text, revoked_at__isnull=True)
        .select_related("household", "household__village")
        .first()
    )
    if found is None:
        raise NotVisible()
    return found


def heads(household_ids: list[Any]) -> dict[Any, str]:
    """household id → the head's name (one query)."""
    rows = Person.objects.filter(household_id__in=household_ids, relationship=Relationship.HEAD)
    return dict(rows.order_by("birth_date").values_list("household_id", "name"))


def village_summary(user: Any) -> list[dict[str, Any]]:
    """The villages of the area with their households, active codes and reports of the last 30 days (3 queries
    beyond the villages)."""
    villages = list(villages_visible(user).order_by("code"))
    if not villages:
        return []
    area = in_area("household__village_id", user.area_id)
    households = dict(
        Household.objects.filter(user_area_q(user, "village_id"))
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    active = dict(
        HouseholdCode.objects.filter(area, revoked_at__isnull=True)
        .values("household__village_id")
        .annotate(n=Count("id"))
        .values_list("household__village_id", "n")
    )
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    reports = dict(
        CodeReport.objects.filter(area, submitted_at__gte=since)
        .values("household__village_id")
        .annotate(n=Count("id"))
        .values_list("household__village_id", "n")
    )
    return [
        {
            "village": v,
            "households": households.get(v.code, 0),
            "active": active.get(v.code, 0),
            "missing": households.get(v.code, 0) - active.get(v.code, 0),
            "reports": reports.get(v.code, 0),
        }
        for v in villages
    ]


def village_rows(village_code: str) -> list[dict[str, Any]]:
    """The village's households with the head's name, the active code (or none) and when the last one was
    revoked (4 queries)."""
    households = list(Household.objects.filter(village_id=village_code).order_by("number")[:LIST_LIMIT])
    ids = [h.pk for h in households]
    names = heads(ids)
    codes = HouseholdCode.objects.filter(household_id__in=ids)
    active = {c.household_id: c for c in codes.filter(revoked_at__isnull=True)}
    revoked = dict(
        codes.filter(revoked_at__isnull=False).order_by("revoked_at").values_list("household_id", "revoked_at")
    )
    return [
        {
            "household": h,
            "head": names.get(h.pk, ""),
            "code": active.get(h.pk),
            "revoked_at": revoked.get(h.pk),
        }
        for h in households
    ]


def reports_in(area_code: str) -> QuerySet[CodeReport]:
    return (
        CodeReport.objects.filter(in_area("household__village_id", area_code))
        .select_related("household", "lead")
        .order_by("-submitted_at")
    )


def reports_of_household(household: Household) -> QuerySet[CodeReport]:
    return CodeReport.objects.filter(household=household).select_related("lead").order_by("-submitted_at")


def missing_in(area_code: str) -> QuerySet[Household]:
    """Households of the area without an active code."""
    active = HouseholdCode.objects.filter(revoked_at__isnull=True).values("household_id")
    return Household.objects.filter(in_area("village_id", area_code)).exclude(pk__in=active)


def codes_page(village_code: str) -> QuerySet[Household]:
    """The API's list: the village's households by number, with their active code (one query with a prefetch)."""
    from django.db.models import Prefetch

    active = Prefetch(
        "household_codes", queryset=HouseholdCode.objects.filter(revoked_at__isnull=True), to_attr="active_codes"
    )
    return Household.objects.filter(village_id=village_code).order_by("number").prefetch_related(active)
