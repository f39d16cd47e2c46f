"""``{% site_nav %}``: the links of the page header.

They depend only on what kind of user asks — the role (its capabilities), a department clerk's department,
whether the account has an area — so each kind is rendered once per process and reused: the header's two dozen
capability checks and URL reversals were a tenth of the CPU of a list page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from shoudi.core.context_processors import capabilities

register = template.Library()
_rendered: dict[tuple[Any, ...], SafeString] = {}


def _kind(user: Any) -> tuple[Any, ...]:
    return (
        getattr(user, "role", ""),
        getattr(user, "department", ""),
        bool(getattr(user, "area_id", None)),
        bool(getattr(user, "is_active", False)),
    )


@register.simple_tag(takes_context=True)
def site_nav(context: Any) -> str:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    key = _kind(user)
    html = _rendered.get(key)
    if html is None:
        html = SafeString(render_to_string("core/_site_nav.html", {"user": user, "perms_can": capabilities(user)}))
        _rendered[key] = html
    return html
