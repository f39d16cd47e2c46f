"""What every app's JSON API shares (django-ninja): the strict input schema, the one error shape, who is
calling, and the capability check. The routers live in each app's ``api.py``; ``shoudi.api`` mounts them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from shoudi.core.access import Capability, require


class InputSchema(Schema):
    """A request body that refuses fields it does not know (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


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
