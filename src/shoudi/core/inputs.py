"""Text from files, spreadsheets and command lines turned into typed values, with Chinese errors naming the
field: money (yuan, two places), dates (2026-10-01, 2026/10/1, 2026年10月1日), code-list values (by code or by
Chinese label), bounded text; ``Errors`` collects every field's problem of one row. Pages and the API do not
need these: their forms and schemas type the input before a service sees it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, overload

from django.core.exceptions import ValidationError
from django.db import models

CENT = Decimal("0.01")
DATE_PATTERN = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?")


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


MAX_MONEY = Decimal("1e12")


@overload
def money(
    value: Any, field: str, label: str, *, required: Literal[True] = ..., positive: bool = ..., maximum: Decimal = ...
) -> Decimal: ...
@overload
def money(
    value: Any, field: str, label: str, *, required: bool, positive: bool = ..., maximum: Decimal = ...
) -> Decimal | None: ...
def money(
    value: Any, field: str, label: str, *, required: bool = True, positive: bool = False, maximum: Decimal = MAX_MONEY
) -> Decimal | None:
    """A yuan amount with at most two decimals, below ``maximum``; errors name the field in Chinese."""
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
    if amount >= maximum:
        raise ValidationError(
            {field: f"{label}超出允许范围" + ("" if maximum == MAX_MONEY else f"（应小于 {maximum:,.0f} 元）")}
        )
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


def clean_text(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """A text field as a service takes it from a page or the API: stripped, no NUL character (pasted or forged),
    filled when ``required``, at most ``max_length`` characters — each refusal naming the field and its length."""
    cleaned = str(value or "").strip()
    if "\x00" in cleaned:
        raise ValidationError({field: f"{label}含有不可见的空字符，请删除后重新填写"})
    if required and not cleaned:
        raise ValidationError({field: f"请填写{label}"})
    if len(cleaned) > max_length:
        raise ValidationError({field: f"{label}不能超过 {max_length} 个字（当前 {len(cleaned)} 个）"})
    return cleaned
