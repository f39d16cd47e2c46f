"""Writes to regions: county classes and village flags, by county administrators, audited."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field

from shoudi.core.access import Capability, require
from shoudi.core.audit import audited_update
from shoudi.regions.models import KeyCounty, Level, LocalClass, Region

COUNTY_FIELDS = ("key_county", "local_class")
VILLAGE_FIELDS = ("poverty_exit_village", "relocation_site")


def classify_fields(region: Region) -> tuple[str, ...]:
    """What may be set on ``region``: classes for a county, flags for a village, nothing otherwise."""
    return COUNTY_FIELDS if region.level == Level.COUNTY else VILLAGE_FIELDS if region.level == Level.VILLAGE else ()


def region_classify(
    *,
    region: Region,
    by: Any,
    key_county: str | None = None,
    local_class: str | None = None,
    poverty_exit_village: bool | None = None,
    relocation_site: bool | None = None,
) -> Region:
    """Set a county's classes or a village's flags (``None``: leave as it is). Only inside the actor's area,
    only by an editor; each change is audited before → after."""
    require(by, Capability.EDIT_REGIONS, region.code)
    given = {
        "key_county": key_county,
        "local_class": local_class,
        "poverty_exit_village": poverty_exit_village,
        "relocation_site": relocation_site,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    allowed = classify_fields(region)
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(
            {f: f"{cast(Field, Region._meta.get_field(f)).verbose_name}不适用于该级别区划" for f in sorted(unknown)}
        )
    if key_county not in (None, "", *KeyCounty.values):
        raise ValidationError({"key_county": f"重点帮扶县类别取值无效: {key_county}"})
    if local_class not in (None, "", *LocalClass.values):
        raise ValidationError({"local_class": f"地方分类取值无效: {local_class}"})
    updated, _ = audited_update(region, by=by, changes=changes, fields=allowed, area_code=region.code)
    return updated
