"""The API docs page (Swagger UI) served entirely from the project: no CDN; the page and the OpenAPI document
only for a signed-in user or a caller with a valid API token (``docs_login_required``).

django-ninja ships Swagger UI's files in its package, but only renders them locally when "ninja" is in
INSTALLED_APPS; otherwise its page loads them from a CDN. So we render the page ourselves and serve those
files from the installed package through four fixed URLs.
"""

from __future__ import annotations

import json
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-init.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


SIGN_IN = "请先登录，或在请求头中提供接口令牌（Authorization: Bearer sd_...）后再查看接口文档"


def docs_login_required(view: Any) -> Any:
    """The docs page and /api/openapi.json for a signed-in user or a valid API token. Anyone else: the login
    page for the docs page, 401 in the API's error shape for the document."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from shoudi.accounts.api_auth import user_for_token

        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return view(request, *args, **kwargs)
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and user_for_token(raw) is not None:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": SIGN_IN, "field": None, "errors": {}}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapped


def asset_url_name(filename: str) -> str:
    return "api-docs-" + filename.replace(".", "-")


def asset_view(filename: str) -> Any:
    content_type = ASSETS[filename]

    @require_GET
    def view(request: HttpRequest) -> FileResponse:
        response = FileResponse((ASSET_DIR / filename).open("rb"), content_type=content_type)
        response["Cache-Control"] = "public, max-age=86400"
        return response

    view.__name__ = asset_url_name(filename).replace("-", "_")
    return view


PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" href="{favicon}" type="image/svg+xml">
<link rel="stylesheet" href="{css}">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    """Swagger UI from the package's own files; the online spec validator is switched off."""

    settings: dict[str, Any] = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        html = PAGE.format(
            title=escape(api.title),
            favicon=reverse(asset_url_name("favicon.svg")),
            css=reverse(asset_url_name("swagger-ui.css")),
            bundle=reverse(asset_url_name("swagger-ui-bundle.js")),
            init=reverse(asset_url_name("swagger-ui-init.js")),
            csrf=escape(get_token(request)),
            settings=json.dumps(settings).replace("</", "<\\/"),
        )
        return HttpResponse(html)
