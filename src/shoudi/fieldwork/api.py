"""The offline app's JSON API (``/api/v1/field/``): forms, device register / status / wiped, sync, upload and
discard for the app (session + CSRF, or a token); the area's devices and a device's sync log for managers.
The device status and wiped calls need no login: the device proves itself with its secret
(``X-Device-Secret``), so a phone whose account was deactivated still learns to wipe."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from ninja import Header, Query, Router, Status

from shoudi.core.access import Capability, require
from shoudi.core.api import ERRORS, ErrorOut, actor, require_capability
from shoudi.fieldwork import api_schemas as s
from shoudi.fieldwork import selectors, services
from shoudi.fieldwork.payloads import BadRecords, read_records
from shoudi.fieldwork.schemas import forms_document

router = Router()

MAX_REQUEST_BYTES = 20 * 1024 * 1024
MAX_LIMIT = 200
TOO_BIG = "一次上传的数据超过 20 MB，请分批上传（每批不超过50条记录）"
UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["device", "records"],
                    "properties": {
                        "device": {"type": "string", "title": "设备编号"},
                        "records": {"type": "string", "title": "记录列表（JSON 数组）"},
                    },
                }
            }
        },
        "required": True,
    }
}


def _json(body: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _gzipped(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """JSON, gzip-compressed when the phone accepts it (a village's households shrink about eightfold)."""
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    zipped = "gzip" in str(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(
        gzip.compress(raw, compresslevel=9) if zipped else raw, content_type="application/json; charset=utf-8"
    )
    if zipped:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "no-store"
    return response


def _error(detail: str, status: int, **extra: Any) -> HttpResponse:
    return _json({"detail": detail, "field": None, "errors": {}, **extra}, status)


def _app_user(request: HttpRequest) -> Any:
    return require_capability(request, Capability.USE_FIELD_APP)


@router.get("/forms", response={200: s.FormsOut, **ERRORS}, summary="离线表单（与网页表单同源）")
def forms(request: HttpRequest) -> HttpResponse:
    _app_user(request)
    return _json(forms_document(actor(request), timezone.localdate().year))


@router.post("/device", response={201: s.DeviceOut, **ERRORS}, summary="登记设备（密钥只返回这一次）")
def register(request: HttpRequest, payload: s.DeviceIn) -> Status:
    user = _app_user(request)
    agent = str(request.META.get("HTTP_USER_AGENT", ""))
    device, secret = services.device_register(by=user, label=payload.label, user_agent=agent)
    wipe_days = services.user_wipe_days(user, timezone.localdate())
    return Status(201, {"device": device.pk, "secret": secret, "wipe_days": wipe_days})


@router.get(
    "/device/{device}/status",
    auth=None,
    response={200: s.StatusOut, **ERRORS},
    summary="设备状态：是否应清除本机数据（凭设备密钥，无需登录）",
)
def status(
    request: HttpRequest, device: str, secret: str = Header("", alias="X-Device-Secret", max_length=200)
) -> dict[str, Any]:
    return services.device_status(device_id=device[:40], secret=secret)


@router.post(
    "/device/{device}/wiped",
    auth=None,
    response={200: s.WipedOut, **ERRORS},
    summary="设备报告已清除本机数据（凭设备密钥，无需登录）",
)
def wiped(
    request: HttpRequest, device: str, secret: str = Header("", alias="X-Device-Secret", max_length=200)
) -> dict[str, Any]:
    return {"ok": services.device_wiped(device_id=device[:40], secret=secret)}


@router.get("/sync", response={200: s.SyncOut, 403: s.WipeOut, **ERRORS}, summary="下载我的农户")
def sync(request: HttpRequest, device: str = Query(..., max_length=40, title="设备编号")) -> HttpResponse:
    user = _app_user(request)
    try:
        found = services.device_of(user, device)
    except services.DeviceRefused as refused:
        return _error(refused.reason, 403, wipe=True)
    body = services.sync_payload(user=user, device=found)
    response = _gzipped(request, body)
    services.sync_logged(user=user, device=found, households=len(body["households"]), size=len(response.content))
    return response


@router.post(
    "/upload",
    response={200: s.UploadOut, 403: s.WipeOut, 413: ErrorOut, **ERRORS},
    summary="上传离线记录（multipart：device、records 与照片 photo-<client_id>）",
    openapi_extra=UPLOAD_BODY,
)
def upload(request: HttpRequest) -> HttpResponse:
    user = _app_user(request)
    length = str(request.META.get("CONTENT_LENGTH") or "0")
    size = int(length) if length.isdigit() else 0
    if size > MAX_REQUEST_BYTES:
        return _error(TOO_BIG, 413)
    try:
        device_id, text, files = request.POST.get("device", ""), request.POST.get("records"), request.FILES
    except RequestDataTooBig:
        return _error(TOO_BIG, 413)
    except MultiPartParserError:
        return _error("上传内容无法解析：请以 multipart/form-data 发送", 400)
    if text is None:
        return _json({"detail": "请提供记录列表", "field": "records", "errors": {"records": ["此项必填"]}}, 422)
    try:
        found = services.device_of(user, device_id)
    except services.DeviceRefused as refused:
        return _error(refused.reason, 403, wipe=True)
    try:
        items = read_records(text)
    except BadRecords as bad:
        return _json({"detail": bad.message, "field": "records", "errors": {"records": [bad.message]}}, bad.status)
    results = services.upload(user=user, device=found, items=items, files=files, size=size)
    return _gzipped(request, {"results": results})


@router.post(
    "/records/{client_id}/discard",
    response={200: s.DiscardOut, **ERRORS},
    summary="放弃一条冲突或未通过的记录",
)
def discard(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = _app_user(request)
    record = services.record_discard(user=user, client_id=client_id)
    return {"status": record.status}


# ---- managers ------------------------------------------------------------------------------------------------


def _device_row(device: Any) -> dict[str, Any]:
    return {
        "id": device.pk,
        "label": device.label,
        "user": device.user.username,
        "user_name": device.user.display_name,
        "area": device.user.area_id or "",
        "created_at": device.created_at,
        "last_pull_at": device.last_pull_at,
        "last_push_at": device.last_push_at,
        "status": selectors.device_state(device),
        "applied": getattr(device, "n_applied", 0),
        "conflicts": getattr(device, "n_conflict", 0),
        "rejected": getattr(device, "n_rejected", 0),
    }


@router.get("/devices", response={200: s.DevicePage, **ERRORS}, summary="本区域的外业设备")
def devices(
    request: HttpRequest,
    village: str = Query("", max_length=12, pattern=r"^\d*$", title="村代码"),
    user: str = Query("", max_length=50, title="账号或姓名"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    manager = require_capability(request, Capability.MANAGE_FIELD_DEVICES)
    qs = selectors.device_list(manager, village=village, username=user.replace("\x00", ""))
    return {"count": qs.count(), "items": [_device_row(d) for d in qs[offset : offset + limit]]}


@router.get("/devices/{device_id}/syncs", response={200: s.SyncPage, **ERRORS}, summary="设备的同步记录")
def device_syncs(
    request: HttpRequest,
    device_id: uuid.UUID,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    manager = actor(request)
    require(manager, Capability.MANAGE_FIELD_DEVICES)
    device = selectors.access_device_by_id(manager, device_id)
    qs = selectors.device_syncs(device)
    rows = [
        {
            "at": x.at,
            "kind": x.kind,
            "kind_label": x.get_kind_display(),
            "households": x.households,
            "records": x.records,
            "applied": x.applied,
            "conflicts": x.conflicts,
            "rejected": x.rejected,
            "size": x.size,
            "note": x.note,
        }
        for x in qs[offset : offset + limit]
    ]
    return {"count": qs.count(), "items": rows}
