"""A user signed in with a one-time password (``must_change_password``) sets their own before anything else:
every page redirects to the password-change page, and an API call made with that browser session is refused.
Signing out stays possible; API tokens (other systems) are not affected."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED = ("accounts:password_change", "accounts:logout", "accounts:login")
MESSAGE = "请先修改一次性密码"


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            path = request.path_info
            if path.startswith("/api/"):
                if not request.headers.get("Authorization"):  # a token names its own user
                    return JsonResponse({"detail": MESSAGE}, status=403)
            elif path not in {reverse(name) for name in ALLOWED} and not path.startswith(("/static/", "/media/")):
                return redirect("accounts:password_change")
        return self.get_response(request)
