"""``{% produce_warnings_panel %}``: the workbench panel of open unsold-produce warnings."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def produce_warnings_panel(context: Any) -> str:
    return ""  # filled when the warnings exist
