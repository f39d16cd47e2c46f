"""Forms of the assistance pages (all ``core.forms.Form``), each building the typed input its service takes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.assistance.inputs import FinanceEntry, MeasureInput, VisitFacts
from shoudi.assistance.models import MeasureStatus
from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput
from shoudi.monitoring import codes
from shoudi.monitoring.forms import RiskFields, set_choices
from shoudi.registry import codes as rcodes

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class PlanForm(Form):
    made_on = forms.DateField(label="制定日期", widget=DATE)
    participants = forms.CharField(
        label="参与制定", max_length=200, required=False, help_text="乡镇、村两委、驻村工作队、网格员等"
    )
    summary = forms.CharField(label="帮扶思路", widget=TEXT, required=False, max_length=2000)


class MeasureFields(Form):
    """The fields of one measure; ``members`` are the household's (value: member id, label: name)."""

    kind = forms.ChoiceField(label="措施类型", choices=codes.MeasureKind.choices)
    content = forms.CharField(label="措施内容", widget=TEXT, max_length=2000)
    person = forms.ChoiceField(label="受益成员", required=False, help_text="公益岗位帮扶必填")
    start = forms.DateField(label="开始日期", widget=DATE)
    end = forms.DateField(label="结束日期", widget=DATE, required=False)
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False)
    responsible_unit = forms.CharField(label="责任单位", max_length=100)
    responsible_person = forms.CharField(label="责任人", max_length=50)

    def __init__(self, *args: Any, members: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "person", [("", "—"), *members])

    def measure_input(self, household: Any, *, status: str = "") -> MeasureInput:
        data = self.cleaned_data
        person = household.members.filter(pk=data["person"]).first() if data.get("person") else None
        return MeasureInput(
            kind=data["kind"],
            content=data["content"],
            start=data["start"],
            responsible_unit=data["responsible_unit"],
            responsible_person=data["responsible_person"],
            status=data.get("status", status) or status,
            person=person,
            end=data.get("end"),
            amount=data.get("amount"),
        )


class MeasureForm(MeasureFields):
    status = forms.ChoiceField(label="状态", choices=MeasureStatus.choices)


class FastTrackForm(RiskFields):
    """先帮扶后认定: the event, its risks and the measure taken at once."""

    field_order = ["household", "on", "event", "risks", "disaster_subtype", "problems"]
    household = forms.CharField(label="户编号", max_length=20)
    on = forms.DateField(label="研判日期", widget=DATE)
    event = forms.CharField(label="突发事件情况", widget=TEXT, max_length=2000)
    measure_kind = forms.ChoiceField(label="立即采取的帮扶措施", choices=codes.MeasureKind.choices)
    measure_content = forms.CharField(label="措施内容", widget=TEXT, max_length=2000)
    responsible_unit = forms.CharField(label="责任单位", max_length=100)
    responsible_person = forms.CharField(label="责任人", max_length=50)

    def measure_input(self) -> MeasureInput:
        data = self.cleaned_data
        return MeasureInput(
            kind=data["measure_kind"],
            content=data["measure_content"],
            start=data["on"],
            responsible_unit=data["responsible_unit"],
            responsible_person=data["responsible_person"],
        )


BOOL_CHOICES = [("", "不变"), ("1", "是"), ("0", "否")]


class VisitForm(Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    findings = forms.CharField(label="走访情况", widget=TEXT, max_length=2000)
    income_note = forms.CharField(label="收入变化", max_length=200, required=False)
    photo = forms.FileField(
        label="照片（JPG/PNG）",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
    )
    housing_grade = forms.ChoiceField(
        label="住房安全等级（如有变化）", required=False, choices=[("", "不变"), *rcodes.HousingGrade.choices]
    )
    water_safe = forms.ChoiceField(label="饮水安全（如有变化）", required=False, choices=BOOL_CHOICES)
    income_month = forms.CharField(label="收入月份（YYYY-MM）", required=False, max_length=7)
    income_item = forms.ChoiceField(label="收入项目", required=False, choices=[("", "—"), *rcodes.item_choices()])
    income_amount = forms.DecimalField(label="金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2)

    REGISTRY_FIELDS = ("housing_grade", "water_safe", "income_month", "income_item", "income_amount")

    def __init__(self, *args: Any, can_edit_household: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        if not can_edit_household:  # only roles that may edit the registry update it on a visit
            for name in self.REGISTRY_FIELDS:
                self.fields.pop(name)

    def clean_income_month(self) -> dt.date | None:
        text = (self.cleaned_data.get("income_month") or "").strip()
        if not text:
            return None
        match = MONTH.match(text)
        if match is None or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError("请按“年-月”填写月份，如 2026-10")
        return dt.date(int(match.group(1)), int(match.group(2)), 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [bool(data.get(n)) or data.get(n) == 0 for n in ("income_month", "income_item", "income_amount")]
        if any(given) and not all(given):
            for name, present in zip(("income_month", "income_item", "income_amount"), given, strict=True):
                if not present and name not in self.errors:
                    self.add_error(name, "填写收入时，月份、项目和金额都要填写")
        return data

    def visit_facts(self) -> VisitFacts | None:
        data = self.cleaned_data
        water = data.get("water_safe")
        facts = VisitFacts(
            housing_grade=data.get("housing_grade") or "", water_safe=None if not water else water == "1"
        )
        return facts if facts != VisitFacts() else None

    def finance(self) -> list[FinanceEntry]:
        data = self.cleaned_data
        if data.get("income_month") and data.get("income_item") and data.get("income_amount") is not None:
            return [FinanceEntry(month=data["income_month"], item=data["income_item"], amount=data["income_amount"])]
        return []
