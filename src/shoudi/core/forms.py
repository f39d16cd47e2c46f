"""The one input path of the pages: a Django form parses what the person typed, a service with typed keyword
arguments decides, and the service's ``ValidationError`` comes back onto the form next to its field — with the
person's input kept. No view hands ``request.POST`` to a service.

- ``Form``: the base of every page form (marks invalid fields for screen readers and Pico's red border, lays a
  long form out in sections, and answers in Chinese for the generic field errors).
- ``apply_service_errors(exc, *forms)``: a service's errors onto the forms (or formset rows) that own the fields.
- ``submit(request, forms, call, success=...)``: run ``call`` when the forms and formsets are valid; errors go onto the form,
  a conflict is said at the top; returns the service's result, or None when the page must be shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

from shoudi.core.errors import ConflictError
from shoudi.core.uploads import upload_validator

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
DECIMAL_MESSAGES = {
    "invalid": "请填写数字",
    "max_digits": "数字太长：最多 %(max)s 位",
    "max_decimal_places": "最多保留 %(max)s 位小数",
    "max_whole_digits": "整数部分最多 %(max)s 位",
}
NUMBER_MESSAGES = {"invalid": "请填写数字"}
DATE_MESSAGES = {"invalid": "请按“年-月-日”填写日期，如 2026-10-01"}
# Django's own zh-hans message for a NUL character (pasted or forged) reads "不允许是用空字符串"
NUL_MESSAGE = "含有不可见的空字符，请删除后重新填写"


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
    field.validators = [_plain_validator(v) for v in field.validators]


def _plain_validator(v: Any) -> Any:
    if type(v) is validators.ProhibitNullCharactersValidator:
        return validators.ProhibitNullCharactersValidator(NUL_MESSAGE)
    if type(v) is validators.MaxLengthValidator:
        return validators.MaxLengthValidator(v.limit_value, ERROR_MESSAGES["max_length"])
    if type(v) is validators.MinValueValidator:
        return validators.MinValueValidator(v.limit_value, ERROR_MESSAGES["min_value"])
    if type(v) is validators.MaxValueValidator:
        return validators.MaxValueValidator(v.limit_value, ERROR_MESSAGES["max_value"])
    if type(v) is validators.DecimalValidator:
        plain = validators.DecimalValidator(v.max_digits, v.decimal_places)
        plain.messages = {**plain.messages, **DECIMAL_MESSAGES}
        return plain
    return v


class Form(forms.Form):
    """Every page form derives from this one."""

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def full_clean(self) -> None:
        for field in self.fields.values():  # here, not in __init__: subclasses add fields after it
            plain_chinese(field)
            if isinstance(field, forms.FileField) and upload_validator not in field.validators:
                field.validators.append(upload_validator)  # a zip bomb, refused next to the field at once
        super().full_clean()
        self.mark_invalid()

    def sections(self, layout: Sequence[tuple[str, Iterable[str]]]) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[n] for n in names if n in self.fields]) for legend, names in layout]


def set_choices(form: forms.Form, name: str, choices: Iterable[tuple[str, Any]]) -> None:
    """Give a choice field its choices when the form is made (they depend on the user or the object)."""
    cast(forms.ChoiceField, form.fields[name]).choices = list(choices)


FormLike = forms.Form | forms.BaseFormSet


def _owner(key: str, group: Sequence[FormLike]) -> tuple[FormLike, str | None] | None:
    """Which form (or formset row) shows the error ``key``: a field of a form; ``<prefix>-<n>-<field>`` or
    ``<prefix>.<n>.<field>`` in a formset's row n; a formset's prefix itself for its rows as a whole."""
    for item in group:
        if isinstance(item, forms.BaseFormSet):
            parts = key.replace(".", "-").split("-")
            if key == item.prefix:
                return item, None
            if len(parts) == 3 and parts[0] == item.prefix and parts[1].isdigit() and int(parts[1]) < len(item.forms):
                row = item.forms[int(parts[1])]
                if parts[2] in row.fields:
                    return row, parts[2]
        elif key in item.fields:
            return item, key
    return None


def apply_service_errors(exc: ValidationError, *forms_in_order: FormLike) -> None:
    """Put each message of a service's ValidationError next to its field: on the form (or formset row) that
    has the field, else at the top of the first form."""
    if not forms_in_order:
        raise ValueError("need at least one form")
    first = forms_in_order[0]

    def top(message: str) -> None:
        if isinstance(first, forms.BaseFormSet):
            first.non_form_errors().append(message)  # shown above the rows
        else:
            first.add_error(None, message)

    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            top(message)
    else:
        for key, texts in exc.message_dict.items():
            found = _owner(key, forms_in_order) if key != NON_FIELD_ERRORS else None
            for message in texts:
                if found is None:
                    top(message)
                elif isinstance(found[0], forms.BaseFormSet):
                    found[0].non_form_errors().append(message)
                else:
                    found[0].add_error(found[1], message)
    for item in forms_in_order:
        for form in item.forms if isinstance(item, forms.BaseFormSet) else [item]:
            if isinstance(form, Form):
                form.mark_invalid()


def submit(
    request: HttpRequest,
    form: FormLike | Sequence[FormLike],
    call: Callable[[], T],
    *,
    success: str | Callable[[T], str] = "",
) -> T | None:
    """On a valid POST run ``call`` (a service call built from the forms' ``cleaned_data``). Refusals land on
    the form; a conflict (someone else was quicker) also says so at the top of the page. ``NotVisible`` is
    left to become a 404."""
    group = [form] if isinstance(form, forms.Form | forms.BaseFormSet) else list(form)
    if request.method != "POST":
        return None
    if not all([f.is_valid() for f in group]):  # every form validated, so each shows its own errors
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


def posted(request: HttpRequest) -> Any:
    """The data to bind a form to: the POST (even an empty one, which must show "required" errors, not the
    blank form again), or None on a GET."""
    return request.POST if request.method == "POST" else None
