"""Forms of the household pages. They only parse input; the rules live in registry.services, whose
ValidationError(dict) is mapped back onto the fields with ``apply_service_errors``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model

from shoudi.core.forms import Form as ShoudiForm
from shoudi.core.forms import apply_service_errors
from shoudi.registry.models import Household, Person

__all__ = ["HouseholdEditForm", "HouseholdForm", "PersonForm", "PersonRemoveForm", "ShoudiForm", "apply_service_errors"]

HOUSEHOLD_FORM_FIELDS = [
    "village",
    "status",
    "exit_year",
    "address",
    "phone",
    "housing_grade",
    "water_safe",
    "relocated",
    "relocation_site",
    "land_mu",
    "production_tools",
    "debt",
    "leisure_car",
    "truck_or_excavator",
    "commercial_property",
    "business",
    "assembly_override",
    "assembly_note",
]
PERSON_FORM_FIELDS = [
    "id_number",
    "name",
    "relationship",
    "registered",
    "living_in",
    "phone",
    "education",
    "school_stage",
    "health",
    "disability_category",
    "disability_grade",
    "labor",
    "work_place",
    "work_months",
    "work_income",
    "medical_insurance",
    "pension_insurance",
    "dibao",
    "tekun",
    "public_payroll",
]

# How the long forms are laid out: (legend, fields). A phone shows one fieldset after another.
HOUSEHOLD_SECTIONS = [
    ("基本情况", ["village", "number", "status", "exit_year", "address", "phone"]),
    (
        "住房与生产",
        ["housing_grade", "water_safe", "relocated", "relocation_site", "land_mu", "production_tools", "debt"],
    ),
    (
        "不纳入监测的情形",
        ["leisure_car", "truck_or_excavator", "commercial_property", "business", "assembly_override", "assembly_note"],
    ),
]
PERSON_SECTIONS = [
    ("基本信息", ["id_number", "name", "relationship", "registered", "living_in", "phone"]),
    ("教育与健康", ["education", "school_stage", "health", "disability_category", "disability_grade"]),
    ("劳动与务工", ["labor", "work_place", "work_months", "work_income"]),
    ("保障情况", ["medical_insurance", "pension_insurance", "dibao", "tekun", "public_payroll"]),
]


def _model_fields(model: type[models.Model], names: Sequence[str]) -> dict[str, forms.Field]:
    """Form fields from the model (labels, choices, lengths); numbers with a default may be left empty."""
    fields = fields_for_model(model, fields=names)
    for name, field in fields.items():
        model_field = model._meta.get_field(name)
        if isinstance(field, forms.DecimalField | forms.IntegerField) and model_field.has_default():  # type: ignore[union-attr]
            field.required = False
    return {n: fields[n] for n in names if n in fields}


def _fill_defaults(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    for name, value in list(data.items()):
        if value is None:
            model_field = model._meta.get_field(name)
            if model_field.has_default() and not model_field.null:  # type: ignore[union-attr]
                data[name] = model_field.get_default()  # type: ignore[union-attr]
    return data


class HouseholdForm(ShoudiForm):
    """Household facts. ``village`` is a code the service checks (exists, is a village, is in the area)."""

    def __init__(self, *args: Any, villages: Sequence[tuple[str, str]], with_number: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields = _model_fields(Household, HOUSEHOLD_FORM_FIELDS)
        fields["village"] = forms.CharField(label="所在村", widget=forms.Select(choices=[("", "请选择村"), *villages]))
        if with_number:
            fields["number"] = forms.CharField(
                label="户编号", required=False, max_length=20, help_text="留空则按“村代码+4位序号”自动生成"
            )
        order = [n for _legend, names in HOUSEHOLD_SECTIONS for n in names]
        self.fields.update({n: fields[n] for n in order if n in fields})

    def service_data(self) -> dict[str, Any]:
        return _fill_defaults(Household, {k: v for k, v in self.cleaned_data.items() if k not in {"village"}}) | {
            "village": self.cleaned_data["village"]
        }


class HouseholdEditForm(HouseholdForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, with_number=False, **kwargs)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("version", None)
        return data


class PersonForm(ShoudiForm):
    """A member. On edit the ID number may be left empty to keep it: the form never shows the full number."""

    def __init__(self, *args: Any, editing: bool = False, head_only: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields = _model_fields(Person, PERSON_FORM_FIELDS)
        # Wider than 18: the service accepts spaces and full-width digits and explains what is wrong.
        fields["id_number"] = forms.CharField(
            label="身份证号",
            max_length=40,
            required=not editing,
            help_text="留空则不修改" if editing else "18位（旧版15位自动升级），性别和出生日期由号码得出",
            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
        )
        if head_only:
            del fields["relationship"]
        self.fields.update(fields)

    def service_data(self) -> dict[str, Any]:
        data = _fill_defaults(Person, dict(self.cleaned_data))
        if not data.get("id_number"):
            data.pop("id_number", None)
        return data


class PersonRemoveForm(ShoudiForm):
    reason = forms.CharField(
        label="移除原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：死亡、户籍迁出、分户、婚嫁迁出。原因会记入该户的变更记录。",
    )
