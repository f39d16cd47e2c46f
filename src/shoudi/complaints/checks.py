"""The checks every complaint service shares: texts (no NUL, within length, required), dates (not in the
future, not before another date), phones, and the area a complaint concerns. Each refusal is a
``ValidationError`` on the field, in Chinese, naming it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.core.inputs import clean_text
from shoudi.regions.models import Level, Region

MAX_TEXT = 2000
MAX_NAME = 50


def text(value: str | None, *, field: str, label: str, required: bool = False, max_length: int = MAX_TEXT) -> str:
    return clean_text(value, field=field, label=label, max_length=max_length, required=required)


def phone(value: str | None, *, field: str = "reporter_phone", label: str = "联系电话") -> str:
    """ "" or a phone of 7–12 digits (spaces and hyphens dropped): a mobile or a landline with its area code."""
    cleaned = text(value, field=field, label=label, max_length=20).replace(" ", "").replace("-", "")
    if cleaned and not (cleaned.isascii() and cleaned.isdigit() and 7 <= len(cleaned) <= 12):
        raise ValidationError({field: f"{label}不正确：请填写手机号或带区号的固定电话"})
    return cleaned


def date(
    value: dt.date | None,
    *,
    field: str,
    label: str,
    not_before: dt.date | None = None,
    before_label: str = "",
) -> dt.date:
    """The date, today when not given: never in the future, never before ``not_before``."""
    today = timezone.localdate()
    day = value or today
    if day > today:
        raise ValidationError({field: f"{label}（{day.isoformat()}）不能晚于今天"})
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: f"{label}（{day.isoformat()}）不能早于{before_label}（{not_before.isoformat()}）"}
        )
    if day.year < 2000:
        raise ValidationError({field: f"{label}不能早于2000年"})
    return day


def area(township: Region | None, village: Region | None) -> None:
    """A township, and the village (when given) one of its villages."""
    if township is None or township.level != Level.TOWNSHIP:
        raise ValidationError({"township": "请选择所属乡镇"})
    if village is None:
        return
    if village.level != Level.VILLAGE or village.parent_id != township.code:
        raise ValidationError({"village": f"“{village.name}”不是{township.name}的村，请重新选择所属村"})
