"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class DateInput(forms.DateInput):
    """``<input type="date">``. Browsers accept only ISO dates in its value; zh-hans would render 2026/01/02,
    which the browser drops, so an edit form would show an empty date and refuse to submit."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FastSelect(forms.Select):
    """A flat ``<select>`` whose options are joined in Python — the same HTML as ``forms.Select`` without a
    template include per option: a county officer's filter of 500 villages renders in about 1 ms instead of
    18 ms, on every household and case list page. Grouped choices fall back to Django's rendering."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        final = self.build_attrs(self.attrs, attrs)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in selected else "", label) for key, label in choices),
        )
        attributes = format_html_join(
            "",
            " {}{}",
            (
                (key, "" if val is True else format_html('="{}"', val))
                for key, val in final.items()
                if val is not False and val is not None
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)
