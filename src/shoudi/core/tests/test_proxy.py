"""Behind nginx each client keeps its own address (for the login lockout per address and the public pages'
hourly limits), and no client can choose the address it is counted under."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from shoudi.core.proxy import ClientAddressMiddleware


def _seen(settings, *, behind_proxy: bool, peer: str, forwarded: str | None) -> str:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/apply/", **headers)
    middleware = ClientAddressMiddleware(lambda r: HttpResponse(r.META["REMOTE_ADDR"]))
    return middleware(request).content.decode()


def test_behind_nginx_the_address_nginx_saw_is_the_client(settings):
    assert _seen(settings, behind_proxy=True, peer="127.0.0.1", forwarded="10.8.1.23") == "10.8.1.23"
    assert _seen(settings, behind_proxy=True, peer="::1", forwarded="10.8.1.24") == "10.8.1.24"


def test_a_client_cannot_choose_its_address_through_the_header(settings):
    # what the client sent first is ignored: nginx appends the address it saw last
    assert _seen(settings, behind_proxy=True, peer="127.0.0.1", forwarded="1.2.3.4, 10.8.1.23") == "10.8.1.23"
    # a request that did not come through the local proxy keeps its own address
    assert _seen(settings, behind_proxy=True, peer="10.9.9.9", forwarded="1.2.3.4") == "10.9.9.9"
    # garbage is not an address
    assert _seen(settings, behind_proxy=True, peer="127.0.0.1", forwarded="evil") == "127.0.0.1"


def test_without_a_proxy_the_header_means_nothing(settings):
    assert _seen(settings, behind_proxy=False, peer="127.0.0.1", forwarded="10.8.1.23") == "127.0.0.1"
    assert _seen(settings, behind_proxy=True, peer="127.0.0.1", forwarded=None) == "127.0.0.1"
