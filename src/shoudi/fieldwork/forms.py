"""The forms the offline app fills, each the web page's own form (or built the way the web page builds it), so
what the app uploads is bound to the same fields and validations as the page:

- ``assistance.forms.VisitForm`` (帮扶回访) as it is;
- ``FieldLeadForm``: ``monitoring.forms.LeadForm`` without household, channel and online (the household is the
  card the person opened; the channel is 基层干部排查);
- ``FactsForm``: the facts a visit checks (housing, water; per member schooling, insurance, work), built from the
  registry's model fields the way ``registry.forms`` builds the household and member forms;
- ``income.forms.SheetForm`` (收入核算表) as it is;
- ``RevokeForm``: the devices page's 停用设备.
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.db import models

from shoudi.core.forms import Form
from shoudi.income.forms import SheetForm, ordered_members
from shoudi.income.models import IncomeSheet
from shoudi.monitoring.forms import LeadForm
from shoudi.registry.forms import model_fields
from shoudi.registry.models import Household, Person

HOUSEHOLD_FACTS = ("housing_grade", "water_safe")
MEMBER_FACTS = (
    "school_stage",
    "medical_insurance",
    "pension_insurance",
    "labor",
    "work_place",
    "work_months",
)
YES_NO = [("1", "是"), ("0", "否")]
YES_NO_FACTS = frozenset({"water_safe", "medical_insurance", "pension_insurance"})


class FieldLeadForm(LeadForm):
    """新发现风险 on a household card: the web's lead form; the household and the channel are given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("household", "channel", "online"):
            self.fields.pop(name)


def _facts_fields(model: type[Household] | type[Person], names: Sequence[str]) -> dict[str, forms.Field]:
    """The model's form fields; a yes/no fact is a choice of 是/否 (what the app stores is "1" or "0")."""
    fields = model_fields(model, names)
    for name, field in list(fields.items()):
        if isinstance(field, forms.BooleanField):
            fields[name] = forms.ChoiceField(label=field.label, choices=YES_NO, required=False)
            continue
        field.required = False
        if isinstance(field, forms.ChoiceField):
            choices = cast(list[tuple[str, str]], list(field.choices))  # type: ignore[arg-type]
            field.choices = [(v, "未填" if label == "---------" else label) for v, label in choices]
        for validator in cast(models.Field, model._meta.get_field(name)).validators:
            if isinstance(validator, MaxValueValidator) and isinstance(field, forms.IntegerField):
                field.max_value = validator.limit_value
                field.validators.append(validator)
    return fields


def member_prefix(person_id: Any) -> str:
    """How a member's fields are named on the app: ``p<member id without dashes>_``."""
    return f"p{uuid.UUID(str(person_id)).hex}_"


class FactsForm(Form):
    """核实农户信息. A field the app leaves out keeps the stored value; a field it sends replaces it."""

    def __init__(self, *args: Any, members: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_facts_fields(Household, HOUSEHOLD_FACTS))
        self.members = list(members)
        for person in self.members:
            for name, field in _facts_fields(Person, MEMBER_FACTS).items():
                self.fields[member_prefix(person.pk) + name] = field

    def changes(self, sent: Any, household: Household) -> tuple[dict[str, Any], dict[Any, dict[str, Any]]]:
        """(household changes, {member: changes}): the fields the app sent whose value differs from the stored
        one. A yes/no left empty changes nothing."""
        data = self.cleaned_data

        def picked(obj: Any, prefix: str, names: Sequence[str]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name in names:
                key = prefix + name
                if key not in sent:
                    continue
                value = data.get(key)
                if name in YES_NO_FACTS:
                    if value in ("", None):
                        continue
                    value = value == "1"
                if value is None:
                    value = 0 if name == "work_months" else ""
                if getattr(obj, name) != value:
                    out[name] = value
            return out

        household_changes = picked(household, "", HOUSEHOLD_FACTS)
        member_changes = {}
        for person in self.members:
            found = picked(person, member_prefix(person.pk), MEMBER_FACTS)
            if found:
                member_changes[person] = found
        return household_changes, member_changes


class _NoSuggestions(SheetForm):
    """The sheet form's initial values from what is stored (the labour database's offers stay on the page)."""

    def _suggest(self, initial: dict[str, Any], lines: list[Any]) -> None:
        return None


def sheet_initial(household: Household, year: int, sheet: IncomeSheet | None) -> dict[str, Any]:
    """The stored values the income form of ``year`` starts from (members and lines already fetched), without
    building the form's fields: ``{field name: value}``."""
    form = _NoSuggestions.__new__(_NoSuggestions)
    form.household, form.year, form.sheet = household, year, sheet
    form.members = ordered_members(household)
    form.suggested = {}
    lines = list(sheet.lines.all()) if sheet is not None else []
    return form._initial(lines, sheet)


def _stub_household() -> Any:
    """A household of one member with the nil id: the income form's member fields without any database."""
    import datetime as dt

    person = Person(id=uuid.UUID(int=0), relationship="head", birth_date=dt.date(1970, 1, 1))
    return types.SimpleNamespace(members=types.SimpleNamespace(all=lambda: [person]), pk=None)


def blank_sheet_form(year: int) -> SheetForm:
    """The income form with one stand-in member (for the forms document)."""
    return _NoSuggestions(household=_stub_household(), year=year)


class RevokeForm(Form):
    reason = forms.CharField(
        label="停用原因", max_length=200, help_text="如：手机丢失、人员调动。停用后该设备下次联网时清除本机数据。"
    )


class DeviceFilterForm(Form):
    """The devices page's filters (GET): a village of the area, an account or a name."""

    village = forms.ChoiceField(label="村", required=False)
    user = forms.CharField(label="账号或姓名", required=False, max_length=50)

    def __init__(self, data: Any, *, villages: Sequence[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["village"].choices = [("", "全部村"), *villages]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {name: str(self.cleaned_data.get(name) or "").strip() for name in self.fields}
