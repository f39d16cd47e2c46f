"""The page shown when a form's security token (CSRF) fails: in Chinese, saying the page expired and how to go
on; JSON in the API's error shape for /api/ paths (``settings.CSRF_FAILURE_VIEW``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MESSAGE = "页面已过期或安全校验未通过，请刷新页面后重新提交"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": MESSAGE, "field": None, "errors": {}}, status=403)
    back = request.path if request.method == "POST" else ""
    return render(request, "accounts/csrf_failure.html", {"back": back}, status=403)
