"""A form's fields as data, for a page that renders them itself (the offline phone app, ``fieldwork``).

``form_schema(form)`` lists each field of a Django form — name, label, kind of input, required, limits,
choices, help text and the widget's own attributes — so the app shows the same fields with the same limits
as the web page, and the server binds what the app uploads to the very same form class to validate it:
one definition of each form, not a copy in JavaScript.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

# Widget attributes worth carrying to the app (the rest are page styling).
KEPT_ATTRS = ("inputmode", "accept", "capture", "placeholder", "autocomplete", "pattern", "rows")


def _kind(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(field, forms.FileField):
        return "file"
    if isinstance(field, forms.BooleanField):
        return "checkbox"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.ChoiceField):
        return "select"
    if isinstance(field, forms.DecimalField | forms.FloatField):  # before IntegerField: Django derives them from it
        return "decimal"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "text"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def field_schema(name: str, field: forms.Field) -> dict[str, Any]:
    """One field as data; keys with no value are left out to keep the document small."""
    kind = _kind(field)
    spec: dict[str, Any] = {"name": name, "label": str(field.label or name), "kind": kind}
    if field.required:
        spec["required"] = True
    for key in ("max_length", "min_value", "max_value", "decimal_places"):
        value = getattr(field, key, None)
        if value is not None:
            spec[key] = _plain(value)
    if field.help_text:
        spec["help"] = str(field.help_text)
    if kind == "select":
        spec["choices"] = [[str(v), str(label)] for v, label in field.choices]  # type: ignore[attr-defined]
    initial = field.initial() if callable(field.initial) else field.initial
    if initial not in (None, "") and kind not in ("date", "file"):
        spec["initial"] = str(_plain(initial))
    attrs = {k: str(v) for k, v in field.widget.attrs.items() if k in KEPT_ATTRS or k.startswith("data-")}
    if attrs:
        spec["attrs"] = attrs
    return spec


def form_schema(form: forms.BaseForm, names: list[str] | None = None) -> list[dict[str, Any]]:
    """The fields of ``form`` (all, or ``names`` in that order) as a list of ``field_schema`` entries."""
    chosen = names if names is not None else list(form.fields)
    return [field_schema(form.add_prefix(n) if form.prefix else n, form.fields[n]) for n in chosen if n in form.fields]
