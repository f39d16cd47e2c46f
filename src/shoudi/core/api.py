"""What every app's JSON API shares (django-ninja): the strict input schema, the one error shape, who is
calling, and the capability check. The routers live in each app's ``api.py``; ``shoudi.api`` mounts them."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, create_model, field_validator
from pydantic_core import PydanticCustomError

from shoudi.core.access import Capability, require

# No amount, area or quantity the system keeps reaches 10^14 (the widest money column is 16 digits, 2 decimals);
# a count or a year fits a 32-bit integer column; an id (``…_id``) fits a 64-bit one.
MAX_NUMBER = Decimal(10) ** 14
MAX_INT = 2**31 - 1
MAX_ID = 2**63 - 1


def _out_of_range(value: Any, name: str) -> str | None:
    """Why a number in ``value`` (also inside lists and dicts) cannot be kept: "non_finite", "too_large" or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        limit = MAX_ID if name == "id" or name.endswith("_id") else MAX_INT
        return "too_large" if abs(value) > limit else None
    if isinstance(value, float | Decimal):
        finite = math.isfinite(value) if isinstance(value, float) else value.is_finite()
        if not finite:
            return "non_finite"
        return "too_large" if abs(Decimal(value)) >= MAX_NUMBER else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else ()
    return next((found for item in items if (found := _out_of_range(item, name))), None)


class InputSchema(Schema):
    """A request body that refuses fields it does not know (a typo must not be silently ignored), and numbers no
    column can keep (NaN, infinity, ``1e30``, a 20-digit integer) with a Chinese message naming the field,
    before any service or database sees them."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        """A NUL character (``\\u0000``) is in no real input and no PostgreSQL text column takes it: refused,
        naming the field by its title, before any service sees it."""
        items = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, str) and "\x00" in item for item in items):
            field = cls.model_fields.get(info.field_name or "")
            label = (field.title if field is not None else None) or info.field_name or ""
            raise PydanticCustomError("shoudi_nul", "{label}含有不可见的空字符", {"label": label})
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _numbers_in_range(cls, value: Any, info: ValidationInfo) -> Any:
        problem = _out_of_range(value, info.field_name or "")
        if problem == "non_finite":
            raise PydanticCustomError("finite_number", "Input should be a finite number")
        if problem == "too_large":
            raise PydanticCustomError("shoudi_out_of_range", "Number out of range")
        return value


def partial_of(
    schema: type[Schema], name: str, *, drop: tuple[str, ...] = (), extra: dict[str, Any] | None = None
) -> type[Schema]:
    """A PATCH body: the same fields, none required, only those sent are applied.

    The annotation is kept (an explicit ``null`` is refused unless the field is nullable)."""
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        if field_name in drop:
            continue
        fields[field_name] = (info.annotation, Field(None, title=info.title, description=info.description))
    fields.update(extra or {})
    return create_model(name, __base__=InputSchema, **fields)


class ErrorOut(Schema):
    detail: str = Field(title="错误说明")
    field: str | None = Field(None, title="出错的字段")
    errors: dict[str, list[str]] = Field(default_factory=dict, title="各字段的错误")


# 400: a body that is not JSON; 401: no session or token; 404: absent or not allowed; 422: invalid input
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# and 409 where someone else changed the object or took the step first (optimistic locking)
CONFLICT: dict[int, Any] = {**ERRORS, 409: ErrorOut}


def actor(request: HttpRequest) -> Any:
    """The authenticated user, by session or by token (ninja puts it on ``request.auth``)."""
    return request.auth  # type: ignore[attr-defined]


def require_capability(request: HttpRequest, capability: Capability) -> Any:
    """The caller, or 404 if their role lacks ``capability`` ("not allowed" looks like "not found")."""
    user = actor(request)
    require(user, capability)
    return user
