"""The offline app's pages: the shell ``/field/`` (the app itself is static JavaScript), its web manifest, the
service worker served from ``/field/sw.js`` (so its scope is ``/field/``) and the list of files it precaches."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from shoudi.core.access import Capability, can
from shoudi.core.views import actor

API_BASE = "/api/v1/field/"
FORMS_URL = API_BASE + "forms"
APP_DIR = "fieldwork"
PRECACHED_SUFFIXES = (".js", ".css", ".png", ".svg", ".woff2")
VENDOR = ("vendor/idb/idb.js", "vendor/pico/pico.min.css")
NO_CACHE = "no-cache"


@login_required
@require_GET
def shell(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not can(user, Capability.USE_FIELD_APP):
        raise PermissionDenied("当前账号不能使用外业应用（仅监测联系人、村两委和帮扶责任人可用）")
    context = {
        "user_name": user.display_name,
        "sw_url": reverse("fieldwork:sw"),
        "manifest_url": reverse("fieldwork:manifest"),
        "precache_url": reverse("fieldwork:precache"),
        "api_base": API_BASE,
    }
    response = render(request, "fieldwork/app.html", context)
    response["Cache-Control"] = NO_CACHE
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": "守底外业",
        "short_name": "守底外业",
        "description": "离线走访、收入采集、风险上报和农户信息核实",
        "lang": "zh-Hans",
        "start_url": "/field/",
        "scope": "/field/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f6f43",
        "icons": [
            {"src": static("fieldwork/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("fieldwork/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("fieldwork/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": static("fieldwork/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = NO_CACHE
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    found = finders.find(f"{APP_DIR}/sw.js")
    if not found:
        raise Http404("离线应用的服务工作线程文件缺失")
    path = Path(found if isinstance(found, str) else found[0])
    response = HttpResponse(path.read_bytes(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/field/"
    response["Cache-Control"] = NO_CACHE
    return response


def _app_files() -> list[tuple[str, Path]]:
    """(static name, file) of every file the app needs offline."""
    files: list[tuple[str, Path]] = []
    base = finders.find(APP_DIR)
    if base:
        root = Path(base if isinstance(base, str) else base[0])
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in PRECACHED_SUFFIXES and path.name != "sw.js":
                files.append((f"{APP_DIR}/{path.relative_to(root).as_posix()}", path))
    for name in VENDOR:
        found = finders.find(name)
        if found:
            files.append((name, Path(found if isinstance(found, str) else found[0])))
    return files


@require_GET
def precache(request: HttpRequest) -> HttpResponse:
    """``{"version", "urls"}``: the shell, the app's static files (by their served URLs) and the forms."""
    digest = hashlib.sha256()
    urls = ["/field/", FORMS_URL]
    for name, path in _app_files():
        url = static(name)
        urls.append(url)
        digest.update(url.encode("utf-8"))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    sw = finders.find(f"{APP_DIR}/sw.js")
    if sw:
        digest.update(Path(sw if isinstance(sw, str) else sw[0]).read_bytes())
    response = JsonResponse({"version": digest.hexdigest()[:16], "urls": urls})
    response["Cache-Control"] = NO_CACHE
    return response
