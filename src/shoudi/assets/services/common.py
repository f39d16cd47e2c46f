"""Pieces every asset service uses: the role+area check, money and date parsing with Chinese errors naming the
field, and the approval step (snapshot + audit) written at each decision."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, overload

from django.core.exceptions import ValidationError
from django.db import models

from shoudi.accounts.roles import Role
from shoudi.assets.models import ApprovalStep, Asset, Disposal, IncomePlan, WriteOff
from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, plain, snapshot
from shoudi.core.models import AuditEntry

CENT = Decimal("0.01")
DATE_PATTERN = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?")
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


class Errors:
    """Collect the errors of several fields, so a form or an import row reports all its problems at once."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def take(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            self.add(exc)
            return None

    def add(self, exc: ValidationError) -> None:
        items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
        for key, messages in items:
            self.found.setdefault(key, []).extend(messages)

    def raise_if_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)


def require_actor(by: Any, capability: Capability, area_code: str, *, level: int | None = None, what: str = "") -> None:
    """Refuse unless ``by`` has ``capability``, works at ``level`` (area code length) and covers ``area_code``."""
    if not getattr(by, "is_authenticated", False) or not by.can(capability):
        raise ValidationError(f"当前角色无权办理{what or '该事项'}", code="forbidden")
    if level is not None and len(by.area_id or "") != level:
        raise ValidationError(f"{what or '该环节'}应由{LEVEL_ROLE.get(level, '')}办理", code="forbidden")
    if not code_in_user_area(by, area_code):
        raise ValidationError("该资产不在您负责的区域内", code="out_of_area")


@overload
def money(value: Any, field: str, label: str, *, required: Literal[True] = ..., positive: bool = ...) -> Decimal: ...
@overload
def money(value: Any, field: str, label: str, *, required: bool, positive: bool = ...) -> Decimal | None: ...
def money(value: Any, field: str, label: str, *, required: bool = True, positive: bool = False) -> Decimal | None:
    """A yuan amount with at most two decimals; errors name the field in Chinese."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: f"{label}不能为空"})
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}“{value}”不是有效金额"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"{label}“{value}”不是有效金额"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    if positive and amount == 0:
        raise ValidationError({field: f"{label}必须大于0"})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: f"{label}最多保留两位小数"})
    if amount >= Decimal("1e12"):
        raise ValidationError({field: f"{label}超出允许范围"})
    return amount.quantize(CENT)


@overload
def date_value(value: Any, field: str, label: str, *, required: Literal[True] = ...) -> dt.date: ...
@overload
def date_value(value: Any, field: str, label: str, *, required: bool) -> dt.date | None: ...
def date_value(value: Any, field: str, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"{label}不能为空"})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_PATTERN.fullmatch(str(value).strip())
    try:
        if match is None:
            raise ValueError
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValidationError({field: f"{label}“{value}”不是有效日期，格式应为 YYYY-MM-DD"}) from None


def choice(value: Any, choices: type[models.TextChoices], field: str, label: str, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if not text:
        if required:
            raise ValidationError({field: f"{label}不能为空"})
        return ""
    if text in choices.values:
        return text
    by_label = {str(lbl): val for val, lbl in choices.choices}
    if text in by_label:
        return by_label[text]
    raise ValidationError({field: f"{label}“{text}”不在可选范围内"})


def text(value: Any, field: str, label: str, *, required: bool = True, max_length: int = 200) -> str:
    result = str(value or "").strip()
    if required and not result:
        raise ValidationError({field: f"{label}不能为空"})
    if len(result) > max_length:
        raise ValidationError({field: f"{label}不能超过{max_length}个字"})
    return result


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
