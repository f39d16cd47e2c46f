"""Middleware of the core kit."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from shoudi.core.dbtimeouts import BUSY_MESSAGE, is_busy

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseBusyMiddleware:
    """A request whose query ran past the statement timeout, or waited past the lock timeout, answers 503 in
    Chinese ("系统繁忙，请稍后重试"): JSON in the API's error shape under /api/, a page otherwise — never a 500
    with the database's text. Nothing was written: the request's transaction was rolled back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, type(exception).__name__)
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": BUSY_MESSAGE, "field": None, "errors": {}}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": BUSY_MESSAGE}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
