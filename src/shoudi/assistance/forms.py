"""Forms of the assistance pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.assistance.models import MeasureStatus
from shoudi.core.widgets import DateInput
from shoudi.monitoring import codes
from shoudi.monitoring.forms import set_choices
from shoudi.registry import codes as rcodes

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


class PlanForm(forms.Form):
    made_on = forms.DateField(label="制定日期", widget=DATE)
    participants = forms.CharField(
        label="参与制定", max_length=200, required=False, help_text="乡镇、村两委、驻村工作队、网格员等"
    )
    summary = forms.CharField(label="帮扶思路", widget=TEXT, required=False)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="措施类型", choices=codes.MeasureKind.choices)
    content = forms.CharField(label="措施内容", widget=TEXT)
    person = forms.ChoiceField(label="受益成员", required=False, help_text="公益岗位帮扶必填")
    start = forms.DateField(label="开始日期", widget=DATE)
    end = forms.DateField(label="结束日期", widget=DATE, required=False)
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False)
    responsible_unit = forms.CharField(label="责任单位", max_length=100)
    responsible_person = forms.CharField(label="责任人", max_length=50)
    status = forms.ChoiceField(label="状态", choices=MeasureStatus.choices)

    def __init__(self, *args: Any, members: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "person", [("", "—"), *members])


BOOL_CHOICES = [("", "不变"), ("1", "是"), ("0", "否")]


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    findings = forms.CharField(label="走访情况", widget=TEXT)
    income_note = forms.CharField(label="收入变化", max_length=200, required=False)
    photo = forms.FileField(
        label="照片（JPG/PNG）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
    )
    housing_grade = forms.ChoiceField(
        label="住房安全等级（如有变化）", required=False, choices=[("", "不变"), *rcodes.HousingGrade.choices]
    )
    water_safe = forms.ChoiceField(label="饮水安全（如有变化）", required=False, choices=BOOL_CHOICES)
    income_month = forms.CharField(label="收入月份（YYYY-MM）", required=False, max_length=7)
    income_item = forms.ChoiceField(label="收入项目", required=False, choices=[("", "—"), *rcodes.item_choices()])
    income_amount = forms.DecimalField(label="金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()

    def household_changes(self) -> dict[str, Any]:
        data, changes = self.cleaned_data, {}
        if data.get("housing_grade"):
            changes["housing_grade"] = data["housing_grade"]
        if data.get("water_safe") in ("0", "1"):
            changes["water_safe"] = data["water_safe"] == "1"
        return changes

    def finance(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if data.get("income_item") and data.get("income_month") and data.get("income_amount") is not None:
            return [{"month": data["income_month"], "item": data["income_item"], "amount": data["income_amount"]}]
        return []
