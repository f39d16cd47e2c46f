"""How API callers prove who they are: the browser session (with CSRF for writes) or a bearer token.

Tokens (``Authorization: Bearer sd_...``) are for other government systems. Only the SHA-256 of a token is
stored (``ApiToken.digest``); a revoked token, or one whose user is inactive, authenticates nobody.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from shoudi.accounts.models import ApiToken, User

TOKEN_PREFIX = "sd_"  # noqa: S105 — the visible prefix of every token, not a secret
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)  # write last_used_at at most once a minute per token


def user_for_token(raw: str) -> User | None:
    """The active user a raw token stands for, or None. Touches ``last_used_at`` (at most once a minute)."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer sd_...`` checked against ``accounts.ApiToken``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user  # services and audit read the actor from the request like on pages
        return user


bearer_auth = BearerTokenAuth()

# Token first (a caller that sends one means it), then the session with CSRF checks on unsafe methods.
API_AUTH: list[Any] = [bearer_auth, django_auth]
