"""Who is the labour force (劳动力), once for every page, count and ranking of the jobs ledgers: a member of
working age on the day (``labour_age_min``–``labour_age_max`` of the county's parameters, both included), with
labour capacity (not 丧失劳动力 / 无劳动力) and not at school (a dropout is not at school). The labour list, the
household section, the counts, the matching pool and the post candidates all read ``labour_q``; what they add
on top (not on the public payroll, not on another post) is their own."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from shoudi.core.access import in_area
from shoudi.employment import params
from shoudi.monitoring.checks import years_before
from shoudi.regions.models import Level, Region
from shoudi.registry import codes as rcodes

NOT_AT_SCHOOL = ("", rcodes.SchoolStage.NOT_IN_SCHOOL, rcodes.SchoolStage.DROPOUT)


def age_bounds(county: str, on: dt.date) -> tuple[int, int]:
    return params.integer("labour_age_min", county, on), params.integer("labour_age_max", county, on)


def labour_q(on: dt.date, age_min: int, age_max: int, prefix: str = "") -> Q:
    """A member aged ``age_min``–``age_max`` on ``on``, with labour capacity, not at school."""
    return Q(
        **{
            f"{prefix}birth_date__lte": years_before(on, age_min),  # at least age_min
            f"{prefix}birth_date__gt": years_before(on, age_max + 1),  # at most age_max
            f"{prefix}school_stage__in": NOT_AT_SCHOOL,
        }
    ) & ~Q(**{f"{prefix}labor__in": list(rcodes.NO_LABOUR)})


def county_labour_q(county: str, on: dt.date, prefix: str = "") -> Q:
    """The labour force of one county, by its own age bounds."""
    low, high = age_bounds(county[:6], on)
    return in_area(f"{prefix}household__village_id", county) & labour_q(on, low, high, prefix)


def area_labour_q(area: str, on: dt.date, prefix: str = "") -> Q:
    """The labour force of an area of any level: each county by its own bounds."""
    if len(area) >= 6:
        return county_labour_q(area, on, prefix)
    counties = Region.objects.filter(in_area("code", area), level=Level.COUNTY).values_list("code", flat=True)
    found = Q(pk__in=[])
    for county in counties:
        found |= county_labour_q(county, on, prefix)
    return found
