"""The client's address behind nginx. With ``SHOUDI_BEHIND_PROXY=1`` every request reaches gunicorn from nginx on
the same machine, so ``REMOTE_ADDR`` is 127.0.0.1 for everyone: the login lockout per address and the hourly
limits of the public pages would count all users as one. nginx appends the address it saw to
``X-Forwarded-For`` (``$proxy_add_x_forwarded_for``); this middleware puts that last entry into ``REMOTE_ADDR`` —
only for requests that came from a loopback address (the proxy itself), and only when it is an IP address, so a
client can neither bypass nginx nor choose its own address by sending the header."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def client_address(meta: dict[str, object]) -> str | None:
    """The address nginx saw, when this request came through it; None otherwise."""
    peer = str(meta.get("REMOTE_ADDR") or "")
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    if not forwarded or not _loopback(peer):
        return None
    last = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return None


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None  # SHOUDI_BEHIND_PROXY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.behind_proxy:
            address = client_address(request.META)
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
