"""Pieces every asset service uses: the snapshots written with each decision, and the checks of typed input
that a schema cannot make (a code in its list, a required text). Roles and areas are checked with
``core.access.require`` (404 for "not yours"), levels with ``require_level``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from shoudi.accounts.roles import Role
from shoudi.assets.models import Asset
from shoudi.core.audit import plain, snapshot
from shoudi.core.inputs import CENT

ASSET_FIELDS = [
    "code",
    "name",
    "asset_class",
    "project_name",
    "value",
    "formed_on",
    "village",
    "ledger_level",
    "department",
    "status",
    "owner_type",
    "ownership_confirmed_on",
    "ownership_holder",
    "operation_holder",
    "income_holder",
    "disposal_holder",
    "supervision_holder",
    "transfer_system",
    "transferred_on",
    "maintenance_owner",
    "maintenance_person",
    "maintenance_funds",
    "maintenance_funds_source",
    "operation_mode",
    "operator",
    "operation_start",
    "operation_end",
    "agreed_return",
]

# Who acts on an asset at each area level (area code length): village committee, township, county.
ACTING_ROLE = {12: Role.VILLAGE_COMMITTEE, 9: Role.TOWNSHIP_REVIEWER, 6: Role.COUNTY_OFFICER}


def asset_snapshot(asset: Asset) -> dict[str, Any]:
    data = snapshot(asset, ASSET_FIELDS)
    data["权属"] = [f"{o.name} {o.share}%" for o in asset.owners.all()]
    return data


def object_snapshot(obj: models.Model, fields: Iterable[str], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    data = snapshot(obj, fields)
    for key, value in (extra or {}).items():
        data[key] = plain(value) if not isinstance(value, list | dict) else value
    return data


def in_list(value: str, choices: type[models.TextChoices], field: str, label: str, *, required: bool = True) -> str:
    """``value`` when it is a code of ``choices`` (or empty and not required); else an error naming the field."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError({field: f"请选择{label}"})
        return ""
    if value not in choices.values:
        raise ValidationError({field: f"{label}“{value}”不在可选范围内"})
    return value


def cents(value: Decimal, field: str, label: str) -> Decimal:
    """A yuan amount with at most two decimals, as ``Decimal`` with exactly two; negative is an error."""
    if not value.is_finite() or value != value.quantize(CENT):
        raise ValidationError({field: f"{label}最多保留两位小数"})
    if value < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    return value.quantize(CENT)


def filled(value: str, field: str, label: str, *, max_length: int = 200) -> str:
    """A required text, stripped; empty or too long is an error naming the field."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}"})
    return bounded(value, field, label, max_length=max_length)


def bounded(value: str, field: str, label: str, *, max_length: int = 200) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise ValidationError({field: f"{label}不能超过{max_length}个字"})
    return value
