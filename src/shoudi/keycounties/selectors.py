"""Reads of the key-county ledgers, scoped to the reader's area: a county outside it (or missing) is a 404, and a
role without ``VIEW_KEY_COUNTIES`` sees nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from shoudi.core.access import can, get_visible_or_404, in_area, user_area_q
from shoudi.keycounties.access import VIEW
from shoudi.keycounties.indicators import INDICATORS
from shoudi.keycounties.models import IndicatorValue, KeyCounty, SupportMeasure
from shoudi.regions.models import Level, Region

ENTERED_CODES = [i.code for i in INDICATORS if i.how == "entered"]


def key_counties_visible(user: Any) -> QuerySet[KeyCounty]:
    if not can(user, VIEW):
        return KeyCounty.objects.none()
    return KeyCounty.objects.filter(user_area_q(user, "county_id"))


def key_county_list(user: Any, *, level: str = "", active: str = "yes", year: int | None = None) -> QuerySet[KeyCounty]:
    """The key counties of the user's area with their measure count and, for ``year`` (the evaluation year),
    how many of the entered-only indicators have a value — a constant number of queries."""
    qs = key_counties_visible(user)
    if level:
        qs = qs.filter(level=level)
    if active == "yes":
        qs = qs.filter(removed_on__isnull=True)
    elif active == "no":
        qs = qs.filter(removed_on__isnull=False)
    entered = Count(
        "indicator_values",
        filter=Q(indicator_values__year=year, indicator_values__code__in=ENTERED_CODES),
        distinct=True,
    )
    return (
        qs.select_related("county", "county__parent")
        .annotate(measure_count=Count("measures", distinct=True), entered_count=entered)
        .order_by("county_id", "-designated_year")
    )


def access_key_county_by_id(user: Any, key_county_id: Any) -> KeyCounty:
    return get_visible_or_404(key_counties_visible(user).select_related("county", "county__parent"), key_county_id)


def measures_of(key_county: KeyCounty, *, year: int | None = None) -> QuerySet[SupportMeasure]:
    qs = SupportMeasure.objects.filter(key_county=key_county)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("updated_by").order_by("-year", "category", "title")


def access_measure_by_id(user: Any, measure_id: Any) -> SupportMeasure:
    qs = SupportMeasure.objects.filter(key_county__in=key_counties_visible(user)).select_related(
        "key_county", "key_county__county"
    )
    return get_visible_or_404(qs, measure_id)


def values_of(key_county: KeyCounty, *, year: int | None = None) -> QuerySet[IndicatorValue]:
    qs = IndicatorValue.objects.filter(key_county=key_county)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("updated_by", "created_by").order_by("-year", "code")


def access_value_by_id(user: Any, value_id: Any) -> IndicatorValue:
    qs = IndicatorValue.objects.filter(key_county__in=key_counties_visible(user)).select_related(
        "key_county", "key_county__county"
    )
    return get_visible_or_404(qs, value_id)


def designatable_counties(user: Any) -> QuerySet[Region]:
    """Counties of a province or city user's area not on either list now (for the designation form)."""
    if len(getattr(user, "area_id", "") or "") not in (2, 4):
        return Region.objects.none()
    listed = KeyCounty.objects.filter(county_id=OuterRef("code"), removed_on__isnull=True)
    return (
        Region.objects.filter(in_area("code", user.area_id), level=Level.COUNTY)
        .exclude(Exists(listed))
        .select_related("parent")
        .order_by("code")
    )


def unregistered_classed_counties(user: Any) -> QuerySet[Region]:
    """Counties whose class in ``regions`` says 重点帮扶县 (e.g. loaded with the Tongren classes) but which have
    no active designation here yet: the list page invites the province or city to record the document."""
    if not can(user, VIEW):
        return Region.objects.none()
    listed = KeyCounty.objects.filter(county_id=OuterRef("code"), removed_on__isnull=True)
    return (
        Region.objects.filter(user_area_q(user, "code"), level=Level.COUNTY)
        .exclude(key_county="")
        .exclude(Exists(listed))
        .order_by("code")
    )
