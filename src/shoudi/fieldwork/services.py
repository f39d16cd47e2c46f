"""Writes of the offline app: devices (register, status, wiped, revoke), the pull of "my households" and the
upload of the queue.

Upload rules (the contract with the app): each record is decided once by its ``client_id`` — a repeat answers the
stored outcome and writes nothing (a rejected record sent again with corrected data is decided anew; so is a
conflict the person resolves); a record whose ``base_stamp`` is not the household's stamp now is a conflict,
kept and not applied, unless the person chose ``resolve: apply``; every record runs in its own transaction, so one
bad record does not undo the others; each request writes one ``SyncLog`` row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.audit import audited_update
from shoudi.fieldwork import selectors
from shoudi.fieldwork.apply import NOT_ALLOWED, Refused, apply_record
from shoudi.fieldwork.digest import Viewer, household_document
from shoudi.fieldwork.models import Device, FieldRecord, RecordKind, RecordStatus, SyncKind, SyncLog
from shoudi.fieldwork.params import wipe_days
from shoudi.fieldwork.payloads import RecordIn

WIPE_UNKNOWN = "设备未登记"
WIPE_REVOKED = "设备已停用"
WIPE_INACTIVE = "账号已停用"
WIPE_NO_ROLE = "账号已不能使用外业应用"
MESSAGES: dict[str, str] = {
    RecordStatus.APPLIED: "已入库",
    RecordStatus.CONFLICT: "该户信息在您同步后已有变化，请核对后选择以哪一方为准",
    RecordStatus.DISCARDED: "已放弃",
}
USED = "记录编号已被使用"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def user_wipe_days(user: Any, today: dt.date) -> int:
    area = getattr(user, "area_id", "") or ""
    return wipe_days(area[:6] if len(area) >= 6 else area, today)


# ---- devices -------------------------------------------------------------------------------------------------


def device_register(*, by: Any, label: str, user_agent: str = "") -> tuple[Device, str]:
    """A new device of ``by``; returns it and its secret (shown once: only its hash is kept)."""
    require(by, Capability.USE_FIELD_APP)
    label = label.strip() or "我的手机"
    if len(label) > 100:
        raise ValidationError({"label": "设备名称不能超过100个字"})
    if "\x00" in label:
        raise ValidationError({"label": "设备名称含有不可见的空字符"})
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        device = Device.objects.create(
            user=by,
            label=label,
            user_agent=user_agent.replace("\x00", "")[:300],
            secret_hash=secret_hash(secret),
            created_by=by,
        )
        SyncLog.objects.create(device=device, user=by, kind=SyncKind.REGISTER)
    return device, secret


def _device_by_secret(device_id: Any, secret: str) -> Device | None:
    """The device whose secret is ``secret`` (compared in constant time), or None."""
    try:
        key = uuid.UUID(str(device_id))
    except (ValueError, TypeError):
        return None
    device = Device.objects.select_related("user").filter(pk=key).first()
    given = secret_hash(secret or "")
    if device is None:
        hmac.compare_digest(given, given)  # the same work whether or not the device exists
        return None
    return device if hmac.compare_digest(device.secret_hash, given) else None


def wipe_reason(device: Device | None) -> str:
    """Why the device must wipe its data now ("" when it may keep it)."""
    if device is None:
        return WIPE_UNKNOWN
    if device.revoked_at is not None:
        return WIPE_REVOKED
    if not device.user.is_active:
        return WIPE_INACTIVE
    if not can(device.user, Capability.USE_FIELD_APP):
        return WIPE_NO_ROLE
    return ""


def device_status(*, device_id: Any, secret: str) -> dict[str, Any]:
    reason = wipe_reason(_device_by_secret(device_id, secret))
    return {"wipe": True, "reason": reason} if reason else {"wipe": False}


def device_wiped(*, device_id: Any, secret: str) -> bool:
    """The device says it deleted its data (logged); False for an unknown device or secret."""
    device = _device_by_secret(device_id, secret)
    if device is None:
        return False
    with transaction.atomic():
        Device.objects.filter(pk=device.pk).update(wiped_at=timezone.now())
        SyncLog.objects.create(device=device, user=device.user, kind=SyncKind.WIPE)
    return True


def device_of(user: Any, device_id: Any) -> Device:
    """The user's own device that may sync, or ``DeviceRefused`` (the app wipes)."""
    try:
        key = uuid.UUID(str(device_id))
    except (ValueError, TypeError):
        raise DeviceRefused(WIPE_UNKNOWN) from None
    device = Device.objects.select_related("user").filter(pk=key, user=user).first()
    reason = wipe_reason(device)
    if reason or device is None:
        raise DeviceRefused(reason or WIPE_UNKNOWN)
    return device


class DeviceRefused(Exception):
    """The device may not sync: the app must wipe its data (answered 403 with ``"wipe": true``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def device_revoke(*, by: Any, device: Device, reason: str) -> Device:
    """停用设备: it wipes its data at its next contact. Audited."""
    require(by, Capability.MANAGE_FIELD_DEVICES, device.user.area_id or "")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写停用原因"})
    if device.revoked_at is not None:
        raise ValidationError({"reason": "该设备已停用"})
    current, _ = audited_update(
        device,
        by=by,
        changes={"revoked_at": timezone.now(), "revoked_by": by, "revoke_reason": reason[:200]},
        area_code=device.user.area_id or "",
        reason=reason[:200],
    )
    return current


# ---- pull ----------------------------------------------------------------------------------------------------


def sync_payload(*, user: Any, device: Device, today: dt.date | None = None) -> dict[str, Any]:
    """The sync document of ``user`` ("my households" and what the app shows around them)."""
    from shoudi.accounts.roles import role_title
    from shoudi.fieldwork.schemas import forms_version

    today = today or timezone.localdate()
    viewer = Viewer.of(user, today)
    households = [household_document(h, viewer) for h in selectors.my_households(user, today)]
    found = selectors.open_round(user, today)
    round_ = None
    if found is not None:
        checklist = [label for _name, label in found.checklist()]
        round_ = {"name": found.name, "ends_on": found.ends_on.isoformat(), "checklist": checklist}
    return {
        "server_time": timezone.localtime().isoformat(timespec="seconds"),
        "wipe_days": user_wipe_days(user, today),
        "year": today.year,
        "user": {"name": user.display_name, "role": role_title(user.role, user.area_id)},
        "forms_version": forms_version(user, today.year),
        "round": round_,
        "households": households,
    }


def sync_logged(*, user: Any, device: Device, households: int, size: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        Device.objects.filter(pk=device.pk).update(last_pull_at=now)
        SyncLog.objects.create(device=device, user=user, kind=SyncKind.PULL, households=households, size=size)


# ---- upload --------------------------------------------------------------------------------------------------


@dataclass
class Upload:
    user: Any
    device: Device
    viewer: Viewer
    files: Mapping[str, UploadedFile]
    # per household, the stamps this request's own applied records went through (oldest first): a later record
    # of the same batch based on one of them is not a conflict with the person's own earlier record
    chains: dict[Any, list[str]] = field(default_factory=dict)

    def based_on_own(self, household_id: Any, base_stamp: str, now: str) -> bool:
        chain = self.chains.get(household_id, [])
        return bool(chain) and chain[-1] == now and base_stamp in chain

    def moved(self, household_id: Any, before: str, after: str) -> None:
        chain = self.chains.get(household_id, [])
        if not chain or chain[-1] != before:
            chain = self.chains[household_id] = [before]
        chain.append(after)


def _answer(
    client_id: Any,
    status: str,
    *,
    repeat: bool = False,
    message: str = "",
    errors: dict[str, list[str]] | None = None,
    household: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "client_id": str(client_id),
        "status": str(status),
        "repeat": repeat,
        "message": message or MESSAGES.get(status, ""),
        "errors": errors or {},
        "household": household,
    }


def _document(up: Upload, household_id: Any) -> dict[str, Any] | None:
    try:
        return household_document(selectors.document_of(up.user, household_id, up.viewer.today), up.viewer)
    except Http404:
        return None


def _stored(up: Upload, record: FieldRecord) -> dict[str, Any]:
    """The outcome already decided for ``record`` (a repeat)."""
    message = MESSAGES.get(record.status, "")
    if record.status == RecordStatus.REJECTED:
        message = Refused(record.errors).message
    return _answer(
        record.client_id,
        record.status,
        repeat=True,
        message=message,
        errors=record.errors,
        household=_document(up, record.household_id),
    )


def _decide(up: Upload, item: RecordIn, existing: FieldRecord | None) -> dict[str, Any]:
    """Decide one record in one transaction (the caller catches a concurrent duplicate)."""
    today = up.viewer.today
    with transaction.atomic():
        try:
            household = selectors.household_in_scope(up.user, item.household, today, lock=True)
        except Http404:
            return _answer(
                item.client_id, RecordStatus.REJECTED, message=NOT_ALLOWED, errors={NON_FIELD_ERRORS: [NOT_ALLOWED]}
            )
        record = existing or FieldRecord(client_id=item.client_id, created_by=up.user)
        if existing is not None:
            record = FieldRecord.objects.select_for_update().get(pk=existing.pk)
            if record.status in (RecordStatus.APPLIED, RecordStatus.DISCARDED):
                return _stored(up, record)  # decided meanwhile by a concurrent upload
        record.device, record.user, record.kind, record.household = up.device, up.user, item.kind, household
        record.base_stamp, record.made_at, record.payload = item.base_stamp, item.made_at, item.stored_data()
        record.errors, record.result_type, record.result_id = {}, "", ""
        record.status = RecordStatus.REJECTED  # until decided below; inserted now so a duplicate waits for us
        if existing is None:
            record.save(force_insert=True)
        now = _document(up, household.pk)
        matches = item.base_stamp == now["stamp"] if now else False
        if now is None or not (matches or item.resolve or up.based_on_own(household.pk, item.base_stamp, now["stamp"])):
            record.status = RecordStatus.CONFLICT
            record.save()
            return _answer(item.client_id, RecordStatus.CONFLICT, household=now)
        try:
            result = apply_record(
                user=up.user,
                household=household,
                kind=item.kind,
                data=dict(item.data),
                files={"photo": up.files[item.photo_key]} if item.photo_key in up.files else {},
                year=up.viewer.year,
                resolve=item.resolve,
            )
        except Refused as refused:
            record.errors = refused.errors
            record.save()
            return _answer(
                item.client_id, RecordStatus.REJECTED, message=refused.message, errors=refused.errors, household=now
            )
        record.status = RecordStatus.APPLIED
        record.result_type, record.result_id = result._meta.label_lower, str(result.pk)
        record.resolved_at = timezone.now() if item.resolve else None
        record.save()
        after = _document(up, household.pk)
        if after is not None:
            up.moved(household.pk, now["stamp"], after["stamp"])
        return _answer(item.client_id, RecordStatus.APPLIED, household=after)


def _one(up: Upload, item: RecordIn) -> dict[str, Any]:
    existing = FieldRecord.objects.filter(client_id=item.client_id).first()
    if existing is not None and existing.user_id != up.user.pk:
        return _answer(item.client_id, RecordStatus.REJECTED, message=USED, errors={"client_id": [USED]})
    if existing is not None and existing.status in (RecordStatus.APPLIED, RecordStatus.DISCARDED):
        return _stored(up, existing)
    same_conflict = existing is not None and existing.status == RecordStatus.CONFLICT
    if same_conflict and existing is not None and not item.resolve and existing.base_stamp == item.base_stamp:
        return _stored(up, existing)  # the same conflicting record again: still for the person to resolve
    try:
        return _decide(up, item, existing)
    except IntegrityError:  # the same client_id decided by a concurrent upload: answer what it decided
        stored = FieldRecord.objects.filter(client_id=item.client_id).first()
        if stored is None or stored.user_id != up.user.pk:
            return _answer(item.client_id, RecordStatus.REJECTED, message=USED, errors={"client_id": [USED]})
        return _stored(up, stored)


def upload(
    *, user: Any, device: Device, items: list[RecordIn | dict[str, Any]], files: Mapping[str, UploadedFile], size: int
) -> list[dict[str, Any]]:
    """Decide each record in the order sent; ``items`` holds a parsed record, or the answer of one that could
    not be read (rejected). Logged as one PUSH."""
    up = Upload(user=user, device=device, viewer=Viewer.of(user, timezone.localdate()), files=files)
    results = [item if isinstance(item, dict) else _one(up, item) for item in items]
    statuses = [r["status"] for r in results]
    with transaction.atomic():
        Device.objects.filter(pk=device.pk).update(last_push_at=timezone.now())
        SyncLog.objects.create(
            device=device,
            user=user,
            kind=SyncKind.PUSH,
            records=len(results),
            applied=statuses.count(RecordStatus.APPLIED),
            conflicts=statuses.count(RecordStatus.CONFLICT),
            rejected=statuses.count(RecordStatus.REJECTED),
            size=min(size, 2**31 - 1),
        )
    return results


def record_discard(*, user: Any, client_id: Any) -> FieldRecord:
    """The person gave up a conflicting or rejected record of theirs."""
    try:
        key = uuid.UUID(str(client_id))
    except (ValueError, TypeError):
        raise NotVisible() from None
    with transaction.atomic():
        record = FieldRecord.objects.select_for_update().filter(client_id=key, user=user).first()
        if record is None:
            raise NotVisible()
        if record.status == RecordStatus.DISCARDED:
            return record
        if record.status == RecordStatus.APPLIED:
            raise ValidationError({"client_id": "该记录已入库，不能放弃"})
        record.status, record.resolved_at = RecordStatus.DISCARDED, timezone.now()
        record.save(update_fields=["status", "resolved_at", "updated_at"])
        SyncLog.objects.create(device=record.device, user=user, kind=SyncKind.RESOLVE, records=1, note="放弃记录")
    return record


__all__ = ["RecordKind", "device_register", "device_revoke", "device_status", "upload"]
