"""Lockout after failed logins (django-axes), counted two ways:

- per account, whatever the address: ``AXES_FAILURE_LIMIT`` failures for one username (from any number of
  addresses) lock that username for ``AXES_COOLOFF_TIME`` hours, so another address cannot go on guessing;
- per address, across accounts: ``SHOUDI_LOGIN_IP_FAILURE_LIMIT`` failures from one address (whatever the
  usernames) refuse further attempts from it for the same time, so one address cannot try a password against
  many names.

axes compares one failure count with one limit, so the handler reports the address's failures scaled to the
account limit: ``ip_failures * account_limit // ip_limit`` reaches the account limit exactly when the address
reaches its own. The lockout page reads ``request.shoudi_lockout`` ("account" or "address") to say which.

On a successful login the owner is told, once, how many failed attempts there were on the account since the
last login and from how many addresses (a message shown on the next page, the workbench) — before axes clears
them.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Max, Sum
from django.utils import timezone

# AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]: the attempt querysets come in this order.
ACCOUNT, ADDRESS = 0, 1


def address_limit() -> int:
    return int(getattr(settings, "SHOUDI_LOGIN_IP_FAILURE_LIMIT", 20))


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a separate limit for the address and the owner's notice on login."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        account = _failures(attempts[ACCOUNT]) if len(attempts) > ACCOUNT else 0
        address = _failures(attempts[ADDRESS]) if len(attempts) > ADDRESS else 0
        limit = get_failure_limit(request, credentials)
        scaled = address * limit // max(address_limit(), 1)
        if request is not None:
            request.shoudi_lockout = "address" if scaled >= limit > account else "account"
        return max(account, scaled)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        notice = failure_notice(user.get_username())
        if notice and request is not None and hasattr(request, "_messages"):
            messages.warning(request, notice)
        super().user_logged_in(sender, request, user, **kwargs)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """A successful login clears the account's failures only: an address's failures against other accounts
        keep counting (else one's own valid login would reset the address's slow-down)."""
        from axes.models import AccessAttempt

        name = get_client_username(request, credentials)
        if not name:
            return 0
        count, _ = AccessAttempt.objects.filter(username=name).delete()
        return count


def failure_notice(username: str) -> str:
    """ "您的账号自上次登录以来有 N 次登录失败，来自 M 个地址（最近一次 …）" or "" when there were none."""
    from axes.models import AccessAttempt

    row = AccessAttempt.objects.filter(username=username).aggregate(
        n=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True), last=Max("attempt_time")
    )
    if not row["n"]:
        return ""
    last = timezone.localtime(row["last"]).strftime("%Y-%m-%d %H:%M")
    return (
        f"安全提示：您的账号自上次登录以来有 {row['n']} 次登录失败，来自 {row['addresses']} 个地址"
        f"（最近一次 {last}）。如果不是您本人操作，请尽快修改密码并告知系统管理员。"
    )
