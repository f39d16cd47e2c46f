"""Forms of the region pages: a county's classes, a village's flags. Rules live in regions.services."""

from __future__ import annotations

from typing import Any

from django.forms.models import fields_for_model

from shoudi.core.forms import Form as ShoudiForm
from shoudi.regions.models import Region
from shoudi.regions.services import classify_fields


class RegionClassifyForm(ShoudiForm):
    """The fields that apply to the region's level: classes for a county, flags for a village."""

    def __init__(self, *args: Any, region: Region, **kwargs: Any):
        names = classify_fields(region)
        kwargs.setdefault("initial", {n: getattr(region, n) for n in names})
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Region, fields=list(names)))

    def classification(self) -> dict[str, Any]:
        """The service's keyword arguments: every field of the region's level (a checkbox left empty is False)."""
        return {name: self.cleaned_data[name] for name in self.fields}
