"""The errors every service may raise, besides Django's ``ValidationError`` (bad input, named by field) and
``core.access.NotVisible`` (404: absent or not allowed)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """The record changed since the user loaded it (optimistic locking), or another user already took the step:
    pages say so and reload, the API answers 409."""


def error_text(exc: ValidationError) -> str:
    """One line with every message of ``exc`` (for a flash message after a refused button)."""
    if hasattr(exc, "error_dict"):
        return "；".join(str(m) for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(str(m) for m in exc.messages)
