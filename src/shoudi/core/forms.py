"""The one input path of the pages: a Django form parses what the person typed, a service with typed keyword
arguments decides, and the service's ``ValidationError`` comes back onto the form next to its field — with the
person's input kept. No view hands ``request.POST`` to a service.

- ``Form``: the base of every page form (marks invalid fields for screen readers and Pico's red border, lays a
  long form out in sections, and answers in Chinese for the generic field errors).
- ``apply_service_errors(exc, *forms)``: a service's errors onto the forms that own the fields.
- ``submit(request, form, call, success=...)``: run ``call`` when the forms are valid; errors go onto the form,
  a conflict is said at the top; returns the service's result, or None when the page must be shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

from shoudi.core.errors import ConflictError

T = TypeVar("T")

# Django's own messages, said once here in plain Chinese (zh-hans translations of some read awkwardly).
ERROR_MESSAGES = {
    "required": "此项必填",
    "invalid": "格式不正确",
    "invalid_choice": "“%(value)s”不在可选项中，请从列表中选择",
    "max_length": "不能超过 %(limit_value)d 个字符（当前 %(show_value)d 个）",
    "min_value": "不能小于 %(limit_value)s",
    "max_value": "不能大于 %(limit_value)s",
}
NUMBER_MESSAGES = {"invalid": "请填写数字"}
DATE_MESSAGES = {"invalid": "请按“年-月-日”填写日期，如 2026-10-01"}


def _defaults(field: forms.Field) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        found.update(getattr(cls, "default_error_messages", {}))
    return found


def plain_chinese(field: forms.Field) -> None:
    """Replace Django's generic messages (not the ones a form set itself) with ours."""
    specific = DATE_MESSAGES if isinstance(field, forms.DateField) else {}
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        specific = NUMBER_MESSAGES
    defaults = _defaults(field)
    for key, text in {**ERROR_MESSAGES, **specific}.items():
        if key in field.error_messages and field.error_messages[key] == defaults.get(key):
            field.error_messages[key] = text
    field.validators = [
        validators.MaxLengthValidator(v.limit_value, ERROR_MESSAGES["max_length"])
        if type(v) is validators.MaxLengthValidator
        else v
        for v in field.validators
    ]


class Form(forms.Form):
    """Every page form derives from this one."""

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def full_clean(self) -> None:
        for field in self.fields.values():  # here, not in __init__: subclasses add fields after it
            plain_chinese(field)
        super().full_clean()
        self.mark_invalid()

    def sections(self, layout: Sequence[tuple[str, Iterable[str]]]) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[n] for n in names if n in self.fields]) for legend, names in layout]


def apply_service_errors(exc: ValidationError, *forms_in_order: forms.Form) -> None:
    """Put each message of a service's ValidationError next to its field: on the first form that has the
    field, else at the top of the first form."""
    if not forms_in_order:
        raise ValueError("need at least one form")
    first = forms_in_order[0]
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            first.add_error(None, message)
    else:
        for key, texts in exc.message_dict.items():
            target = next((f for f in forms_in_order if key in f.fields), None)
            for message in texts:
                if target is None or key == NON_FIELD_ERRORS:
                    first.add_error(None, message)
                else:
                    target.add_error(key, message)
    for form in forms_in_order:
        if isinstance(form, Form):
            form.mark_invalid()


def submit(
    request: HttpRequest,
    form: forms.Form | Sequence[forms.Form],
    call: Callable[[], T],
    *,
    success: str | Callable[[T], str] = "",
) -> T | None:
    """On a valid POST run ``call`` (a service call built from the forms' ``cleaned_data``). Refusals land on
    the form; a conflict (someone else was quicker) also says so at the top of the page. ``NotVisible`` is
    left to become a 404."""
    group = [form] if isinstance(form, forms.Form) else list(form)
    if request.method != "POST" or not all(f.is_valid() for f in group):
        return None
    try:
        result = call()
    except ConflictError as exc:
        apply_service_errors(exc, *group)
        messages.error(request, "；".join(str(m) for m in exc.messages))
        return None
    except ValidationError as exc:
        apply_service_errors(exc, *group)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return result
