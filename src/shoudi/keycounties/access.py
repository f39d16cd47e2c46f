"""Who works on the key-county ledgers, on top of the role capabilities (``core.access``).

- Reading (``VIEW_KEY_COUNTIES``): the county officer, leaders and administrators, over the counties of their area.
- Designating and taking off the list (``DESIGNATE_KEY_COUNTIES``): an administrator or 乡村振兴 officer whose
  area is a province or a city containing the county — the list is set above the county (seed 004 第六部分（十五）
  “确定一批国家乡村振兴重点帮扶县”，“支持各地在脱贫县中自主选择”), so a county cannot put itself on it.
- Recording measures and entered figures (``RECORD_KEY_COUNTIES``): the county's own 乡村振兴 officer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from shoudi.core.access import CITY, PROVINCE, Capability, can, code_in_user_area, require

VIEW = Capability.VIEW_KEY_COUNTIES
DESIGNATE = Capability.DESIGNATE_KEY_COUNTIES
RECORD = Capability.RECORD_KEY_COUNTIES
DESIGNATING_LEVELS = (PROVINCE, CITY)


def may_designate(user: Any, county_code: str | None = None) -> bool:
    """The role designates and the user's area is a province or city (containing ``county_code`` when given)."""
    if not can(user, DESIGNATE) or len(getattr(user, "area_id", "") or "") not in DESIGNATING_LEVELS:
        return False
    return county_code is None or code_in_user_area(user, county_code)


def require_designate(user: Any, county_code: str) -> None:
    """404 unless the role designates in an area containing the county; a county-level actor is refused with a
    message (it may see the county, but not put it on or take it off the list)."""
    require(user, DESIGNATE, county_code)
    if len(user.area_id) not in DESIGNATING_LEVELS:
        raise ValidationError(
            {"county": "重点帮扶县由省、市两级认定，县级账号不能把本县列入或移出名单"}, code="wrong_level"
        )


def may_record(user: Any, county_code: str) -> bool:
    return can(user, RECORD) and getattr(user, "area_id", None) == county_code


def require_record(user: Any, county_code: str) -> None:
    """404 unless the role records in an area containing the county; only the county's own officer records."""
    require(user, RECORD, county_code)
    if user.area_id != county_code:
        raise ValidationError("支持措施和指标数据由本县乡村振兴部门填报", code="wrong_level")
