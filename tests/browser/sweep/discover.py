"""Finding every form: in the templates (each ``<form>`` and its ``data-form``) and in the URL patterns (each
route that takes POST). The sweep fails when either has no spec, so a form added later cannot go unchecked."""

from __future__ import annotations

import fnmatch
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[3] / "src" / "shoudi"
FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE | re.DOTALL)
DATA_FORM = re.compile(r"""data-form\s*=\s*"([^"]*)\"""")
METHOD = re.compile(r"""method\s*=\s*"?(\w+)""", re.IGNORECASE)
TEMPLATE_VAR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


@dataclass(frozen=True)
class TemplateForm:
    template: str  # path relative to src/shoudi
    line: int
    key: str  # data-form, with template expressions as "*" (a pattern specs match)
    method: str

    def matches(self, key: str) -> bool:
        return fnmatch.fnmatchcase(key, self.key)


def template_forms() -> tuple[list[TemplateForm], list[str]]:
    """Every ``<form>`` of every template; and the places of those that carry no ``data-form``."""
    found: list[TemplateForm] = []
    unnamed: list[str] = []
    for path in sorted(SRC.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM_TAG.finditer(text):
            tag = match.group(0)
            line = text.count("\n", 0, match.start()) + 1
            where = f"{path.relative_to(SRC)}:{line}"
            name = DATA_FORM.search(tag)
            if name is None:
                unnamed.append(where)
                continue
            method = METHOD.search(tag)
            key = TEMPLATE_VAR.sub("*", name.group(1)).strip()
            found.append(
                TemplateForm(str(path.relative_to(SRC)), line, key, (method.group(1) if method else "get").lower())
            )
    return found, unnamed


def _routes(resolver: Any, prefix: str = "", namespace: str = "") -> list[tuple[str, str, Any]]:
    from django.urls import URLPattern, URLResolver

    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            routes += _routes(entry, prefix + str(entry.pattern), space or "")
        elif isinstance(entry, URLPattern) and entry.name:
            routes.append(
                (prefix + str(entry.pattern), f"{namespace}:{entry.name}" if namespace else entry.name, entry)
            )
    return routes


def _sample_kwargs(pattern: Any) -> dict[str, Any]:
    """Values for a route's parameters that match its converters (an object that does not exist)."""
    from django.urls.converters import IntConverter, UUIDConverter

    values: dict[str, Any] = {}
    for name, converter in getattr(pattern.pattern, "converters", {}).items():
        if isinstance(converter, UUIDConverter):
            values[name] = uuid.uuid4()
        elif isinstance(converter, IntConverter):
            values[name] = 2026
        else:
            values[name] = "x"
    return values


def post_routes(client: Any, user: Any) -> list[str]:
    """Names of the page routes (not the JSON API, which schemathesis covers) that take POST: a POST to each,
    with parameters naming nothing that exists, answers 405 only where the view allows GET alone. Every view
    declares its methods (require_GET / require_POST / require_http_methods) before it looks anything up.
    The user signs in again before each POST (one of them is "sign out")."""
    from django.urls import get_resolver, reverse

    names = []
    for path, name, pattern in _routes(get_resolver()):
        if path.startswith("api/") or name.startswith("api"):
            continue
        url = reverse(name, kwargs=_sample_kwargs(pattern))
        client.force_login(user)
        response = client.post(url, {})
        if response.status_code != 405:
            names.append(name)
    return sorted(set(names))
