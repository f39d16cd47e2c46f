"""Forms of the region pages: a county's classes, a village's flags. Rules live in regions.services."""

from __future__ import annotations

from typing import Any

from django.forms.models import fields_for_model

from shoudi.core.forms import Form as ShoudiForm
from shoudi.regions.models import Region
from shoudi.regions.services import COUNTY_FIELDS, VILLAGE_FIELDS


class RegionClassifyForm(ShoudiForm):
    """The fields that apply to the region's level: classes for a county, flags for a village."""

    def __init__(self, *args: Any, region: Region, **kwargs: Any):
        names = COUNTY_FIELDS if region.is_county else VILLAGE_FIELDS if region.is_village else ()
        kwargs.setdefault("initial", {n: getattr(region, n) for n in names})
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Region, fields=list(names)))
