"""Writes to regions: county classes and village flags, by county administrators, audited."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field

from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, diff, snapshot
from shoudi.core.models import AuditEntry
from shoudi.regions.models import KeyCounty, Level, LocalClass, Region

COUNTY_FIELDS = ("key_county", "local_class")
VILLAGE_FIELDS = ("poverty_exit_village", "relocation_site")


def region_classify(*, region: Region, by: Any, **values: Any) -> Region:
    """Set a county's classes or a village's flags. Only inside the actor's area, only by an editor."""
    if not by.can(Capability.EDIT_REGIONS) or not code_in_user_area(by, region.code):
        raise ValidationError("无权修改该区划的分类", code="forbidden")
    allowed = COUNTY_FIELDS if region.level == Level.COUNTY else VILLAGE_FIELDS if region.level == Level.VILLAGE else ()
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(
            {f: f"{cast(Field, Region._meta.get_field(f)).verbose_name}不适用于该级别区划" for f in unknown}
        )
    if "key_county" in values and values["key_county"] not in {"", *KeyCounty.values}:
        raise ValidationError({"key_county": f"重点帮扶县类别取值无效: {values['key_county']}"})
    if "local_class" in values and values["local_class"] not in {"", *LocalClass.values}:
        raise ValidationError({"local_class": f"地方分类取值无效: {values['local_class']}"})
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        before = snapshot(region, allowed)
        for name, value in values.items():
            setattr(region, name, value)
        region.save(update_fields=list(values))
        changes = diff(before, snapshot(region, allowed))
        if changes:
            audit_entry(actor=by, action=AuditEntry.Action.UPDATE, obj=region, changes=changes, area_code=region.code)
    return region
