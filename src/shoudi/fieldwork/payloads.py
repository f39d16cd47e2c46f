"""Reading the uploaded queue: the ``records`` field (a JSON list) into ``RecordIn`` rows, each refused on its own
with a Chinese message when it cannot be read (the others are still decided)."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from shoudi.fieldwork.models import RecordKind

MAX_RECORDS = 100
MAX_KEY = 100


class BadRecords(Exception):
    """The ``records`` field as a whole cannot be read (a 422, or 413 when too many)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class RecordIn:
    client_id: uuid.UUID
    kind: str
    household: uuid.UUID
    base_stamp: str
    made_at: dt.datetime
    data: dict[str, str] = field(default_factory=dict)
    resolve: bool = False

    @property
    def photo_key(self) -> str:
        return f"photo-{self.client_id}"

    def stored_data(self) -> dict[str, str]:
        """The data as kept on the record (no NUL characters: PostgreSQL's JSON refuses them)."""
        return {k.replace("\x00", ""): v.replace("\x00", "") for k, v in self.data.items()}


def _text_ok(value: str) -> bool:
    try:
        value.encode("utf-8")  # a lone surrogate ("\\ud800") is valid JSON but no database stores it
    except UnicodeEncodeError:
        return False
    return True


def _value(value: Any) -> str | None:
    """A form value as a string (what a browser would post); None to leave the field out."""
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(value) if math.isfinite(value) else "NaN"
    if isinstance(value, str):
        return value
    raise ValueError


def _data(raw: Any, errors: dict[str, list[str]]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        errors["data"] = ["记录内容应为 JSON 对象"]
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        if len(key) > MAX_KEY or not _text_ok(key):
            errors["data"] = ["记录内容含有无法识别的字段名"]
            continue
        try:
            text = _value(value)
        except ValueError:
            errors.setdefault(key, []).append("应为文字或数字")
            continue
        if text is not None and not _text_ok(text):
            errors.setdefault(key, []).append("含有无法识别的字符，请删除后重新填写")
            continue
        if text is not None:
            out[key] = text
    return out


def _uuid(raw: Any) -> uuid.UUID | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _made_at(raw: Any) -> dt.datetime | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        parsed = parse_datetime(raw)
    except ValueError:
        return None
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def refused(client_id: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    """The answer of a record that could not be read."""
    shown = client_id if isinstance(client_id, str) and len(client_id) <= 40 and _text_ok(client_id) else ""
    message = next(iter(errors.values()))[0]
    return {
        "client_id": shown.replace("\x00", ""),
        "status": "rejected",
        "repeat": False,
        "message": message,
        "errors": errors,
        "household": None,
    }


def read_record(raw: Any) -> RecordIn | dict[str, Any]:
    """One record, or the answer refusing it."""
    if not isinstance(raw, dict):
        return refused("", {"records": ["每条记录应为 JSON 对象"]})
    errors: dict[str, list[str]] = {}
    client_id = _uuid(raw.get("client_id"))
    if client_id is None:
        errors["client_id"] = ["记录编号不是有效的编号"]
    kind = raw.get("kind")
    if kind not in RecordKind.values:
        errors["kind"] = ["记录类型应为 visit、income、lead 或 facts"]
    household = _uuid(raw.get("household"))
    if household is None:
        errors["household"] = ["农户编号不是有效的编号"]
    base_stamp = raw.get("base_stamp", "")
    if not isinstance(base_stamp, str) or len(base_stamp) > 64 or not _text_ok(base_stamp):
        errors["base_stamp"] = ["农户版本格式不正确"]
    made_at = _made_at(raw.get("made_at"))
    if made_at is None:
        errors["made_at"] = ["记录时间应为 ISO 格式的日期时间"]
    resolve = raw.get("resolve")
    if resolve not in (None, "", "apply"):
        errors["resolve"] = ["处理方式只能是 apply"]
    data = _data(raw.get("data"), errors)
    if errors or client_id is None or household is None or made_at is None:
        return refused(raw.get("client_id"), errors)
    return RecordIn(
        client_id=client_id,
        kind=str(kind),
        household=household,
        base_stamp=str(base_stamp),
        made_at=made_at,
        data=data,
        resolve=resolve == "apply",
    )


def read_records(text: str) -> list[RecordIn | dict[str, Any]]:
    """The ``records`` field: a JSON list of at most ``MAX_RECORDS`` records."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raise BadRecords("记录列表不是有效的 JSON") from None
    if not isinstance(raw, list):
        raise BadRecords("记录列表应为 JSON 数组")
    if len(raw) > MAX_RECORDS:
        raise BadRecords(f"一次最多上传{MAX_RECORDS}条记录，请分批上传", status=413)
    return [read_record(item) for item in raw]
