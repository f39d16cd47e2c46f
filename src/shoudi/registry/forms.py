"""Forms of the household pages. They parse what a person typed into the services' typed input
(``registry.inputs``); the rules live in registry.services, whose errors ``core.forms.submit`` puts back
next to the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db import models
from django.forms.models import fields_for_model

from shoudi.core.forms import Form as ShoudiForm
from shoudi.core.widgets import FastSelect
from shoudi.registry import codes
from shoudi.registry.inputs import HouseholdInput, PersonInput
from shoudi.registry.models import Household, Person

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
    "other_car",
    "car_reason",
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
    ("车辆认定", ["leisure_car", "other_car", "car_reason"]),
    (
        "不纳入监测的其他情形",
        ["truck_or_excavator", "commercial_property", "business", "assembly_override", "assembly_note"],
    ),
]
PERSON_SECTIONS = [
    ("基本信息", ["id_number", "name", "relationship", "registered", "living_in", "phone"]),
    ("教育与健康", ["education", "school_stage", "health", "disability_category", "disability_grade"]),
    ("劳动与务工", ["labor", "work_place", "work_months", "work_income"]),
    ("保障情况", ["medical_insurance", "pension_insurance", "dibao", "tekun", "public_payroll"]),
]


def model_fields(model: type[models.Model], names: Sequence[str]) -> dict[str, forms.Field]:
    """Form fields from the model (labels, choices, lengths); numbers with a default may be left empty."""
    fields = fields_for_model(model, fields=names)
    for name, field in fields.items():
        model_field = model._meta.get_field(name)
        if isinstance(field, forms.DecimalField | forms.IntegerField) and model_field.has_default():  # type: ignore[union-attr]
            field.required = False
    return {n: fields[n] for n in names if n in fields}


def _fill_defaults(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """An optional number left empty takes the model's default (0), not None."""
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
        fields = model_fields(Household, HOUSEHOLD_FORM_FIELDS)
        fields["village"] = forms.CharField(label="所在村", widget=forms.Select(choices=[("", "请选择村"), *villages]))
        if with_number:
            fields["number"] = forms.CharField(
                label="户编号", required=False, max_length=20, help_text="留空则按“村代码+4位序号”自动生成"
            )
        order = [n for _legend, names in HOUSEHOLD_SECTIONS for n in names]
        self.fields.update({n: fields[n] for n in order if n in fields})

    def household_input(self) -> HouseholdInput:
        """The service's input: the village by its code, every other fact as typed."""
        data = _fill_defaults(
            Household, {k: v for k, v in self.cleaned_data.items() if k not in {"village", "version"}}
        )
        return cast(HouseholdInput, {**data, "village_code": self.cleaned_data["village"]})


class HouseholdEditForm(HouseholdForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, with_number=False, **kwargs)


class PersonForm(ShoudiForm):
    """A member. On edit the ID number may be left empty to keep it: the form never shows the full number."""

    def __init__(self, *args: Any, editing: bool = False, head_only: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields = model_fields(Person, PERSON_FORM_FIELDS)
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

    def person_input(self, **fixed: Any) -> PersonInput:
        """The service's input; an empty ID number on edit keeps the stored one. ``fixed``: values the page
        decides (the head of a new household)."""
        data = _fill_defaults(Person, dict(self.cleaned_data))
        if not data.get("id_number"):
            data.pop("id_number", None)
        return cast(PersonInput, {**data, **fixed})


class PersonRemoveForm(ShoudiForm):
    reason = forms.CharField(
        label="移除原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：死亡、户籍迁出、分户、婚嫁迁出。原因会记入该户的变更记录。",
    )


class HouseholdFilterForm(ShoudiForm):
    """The search and filters of the household list (GET). Each filter is one of the user's own options; a
    value that is not (a stale link, a crafted URL) is dropped, the field says why, and the list still shows."""

    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "姓名、身份证号或户编号", "autocomplete": "off"}
        ),
    )
    township = forms.ChoiceField(label="乡镇", required=False, widget=FastSelect)
    village = forms.ChoiceField(label="村", required=False, widget=FastSelect)
    status = forms.ChoiceField(
        label="户类型", required=False, choices=[("", "全部类型"), *codes.HouseholdStatus.choices], widget=FastSelect
    )

    def __init__(
        self,
        data: Any,
        *,
        townships: Sequence[tuple[str, str]],
        villages: Sequence[tuple[str, str]],
        htmx: dict[str, dict[str, str]] | None = None,
    ) -> None:
        super().__init__(data)
        self.fields["township"].choices = [("", "全部乡镇"), *townships]  # type: ignore[attr-defined]
        self.fields["village"].choices = [("", "全部村"), *villages]  # type: ignore[attr-defined]
        for name, attrs in (htmx or {}).items():
            self.fields[name].widget.attrs.update(attrs)

    def filters(self) -> dict[str, str]:
        """The valid filters; one that is not among the options (or too long) is "" and says why on the page."""
        self.is_valid()
        return {name: str(self.cleaned_data.get(name) or "").strip() for name in self.fields}
