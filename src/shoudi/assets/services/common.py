"""Pieces every asset service uses: the role+area check and the approval step (snapshot + audit) written at
each decision. Text from files is parsed with ``core.inputs`` (re-exported here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from shoudi.accounts.roles import Role
from shoudi.assets.models import ApprovalStep, Asset, Disposal, IncomePlan, WriteOff
from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, plain, snapshot
from shoudi.core.inputs import CENT, Errors, choice, date_value, money, text
from shoudi.core.models import AuditEntry

__all__ = ["CENT", "Errors", "choice", "date_value", "money", "text"]

LEVEL_ROLE = {12: "村两委", 9: "乡镇", 6: "县级部门"}

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


def require_actor(by: Any, capability: Capability, area_code: str, *, level: int | None = None, what: str = "") -> None:
    """Refuse unless ``by`` has ``capability``, works at ``level`` (area code length) and covers ``area_code``."""
    if not getattr(by, "is_authenticated", False) or not by.can(capability):
        raise ValidationError(f"当前角色无权办理{what or '该事项'}", code="forbidden")
    if level is not None and len(by.area_id or "") != level:
        raise ValidationError(f"{what or '该环节'}应由{LEVEL_ROLE.get(level, '')}办理", code="forbidden")
    if not code_in_user_area(by, area_code):
        raise ValidationError("该资产不在您负责的区域内", code="out_of_area")


def asset_snapshot(asset: Asset) -> dict[str, Any]:
    data = snapshot(asset, ASSET_FIELDS)
    data["权属"] = [f"{o.name} {o.share}%" for o in asset.owners.all()]
    return data


def object_snapshot(obj: models.Model, fields: Iterable[str], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    data = snapshot(obj, fields)
    for key, value in (extra or {}).items():
        data[key] = plain(value) if not isinstance(value, list | dict) else value
    return data


def record_step(
    *,
    by: Any,
    asset: Asset,
    action: str,
    label: str,
    from_status: str,
    to_status: str,
    opinion: str = "",
    subject: IncomePlan | Disposal | WriteOff | None = None,
    data: Mapping[str, Any] | None = None,
) -> ApprovalStep:
    """The step row (with the snapshot of what was decided on) and the audit entry, in the caller's transaction."""
    step = ApprovalStep.objects.create(
        asset=asset,
        plan=subject if isinstance(subject, IncomePlan) else None,
        disposal=subject if isinstance(subject, Disposal) else None,
        writeoff=subject if isinstance(subject, WriteOff) else None,
        action=action,
        action_label=label,
        from_status=from_status,
        to_status=to_status,
        actor=by,
        actor_name=getattr(by, "display_name", "") or getattr(by, "username", ""),
        opinion=opinion,
        snapshot={"资产": asset_snapshot(asset), **dict(data or {})},
    )
    audit_entry(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=subject or asset,
        changes={"环节": label, "状态": [from_status, to_status]},
        area_code=asset.village_id,
        reason=opinion,
    )
    return step


# Who acts on an asset at each area level (area code length): village committee, township, county.
ACTING_ROLE = {12: Role.VILLAGE_COMMITTEE, 9: Role.TOWNSHIP_REVIEWER, 6: Role.COUNTY_OFFICER}
