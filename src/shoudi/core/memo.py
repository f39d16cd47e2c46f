"""A memo that lives for one web request: the same read asked for several times while one page is built (the
workbench's panels each load the area's policy parameters) runs once.

``RequestMemoMiddleware`` opens the memo for each request and drops it at the end; outside a request (commands,
the worker, tests calling services) ``request_memo`` just calls the function. A write that changes what a memo
holds calls ``request_memo_forget(prefix)``, so a request that writes and then reads sees its write.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("shoudi_request_memo", default=None)


def request_memo(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value


def request_memo_forget(prefix: Hashable) -> None:
    """Drop the memoised values whose key starts with ``prefix``."""
    memo = _memo.get()
    if memo:
        for key in [k for k in memo if isinstance(k, tuple) and k and k[0] == prefix]:
            del memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
