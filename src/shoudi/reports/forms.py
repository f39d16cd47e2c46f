"""Forms of the report pages: requesting a report, the appraisal scheme (its name and a formset of indicator
lines) and the period filters of the dashboard and the appraisal ranking. Each is a ``core.forms.Form``: errors in
Chinese next to the field, input kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from shoudi.core.forms import ERROR_MESSAGES, Form
from shoudi.reports.indicators import INDICATORS
from shoudi.reports.models import Direction, Mode, Report
from shoudi.reports.periods import Period
from shoudi.reports.services import MAX_ITEMS, AppraisalItemInput

YEARS = (2021, 2100)
# core.forms leaves a number field's bounds to Django's own wording ("确保该值大于或等于0。"): said plainly here
BOUNDS = {"min_value": ERROR_MESSAGES["min_value"], "max_value": ERROR_MESSAGES["max_value"]}
DECIMALS = {
    **BOUNDS,
    "max_digits": "数字位数太多：最多 %(max)s 位",
    "max_decimal_places": "最多保留 %(max)s 位小数",
    "max_whole_digits": "整数部分最多 %(max)s 位",
}


class ReportRequestForm(Form):
    area = forms.CharField(label="区划代码", max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    kind = forms.ChoiceField(label="报表类型", choices=Report.Kind.choices)
    period = forms.CharField(label="报告期", max_length=7, help_text="月报如 2026-10，年报如 2026")


class PeriodForm(Form):
    """The dashboard's report period (GET): a month; a bad one is said and this month is shown."""

    period = forms.CharField(
        label="报告期", required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_period(self) -> Period | None:
        text = self.cleaned_data.get("period") or ""
        if not text:
            return None
        try:
            return Period.parse(text)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("period", exc.messages)) from None

    def chosen(self, today: dt.date) -> Period:
        """The period asked for when it is valid, else this month (an unbound form: nothing asked)."""
        found = self.cleaned_data.get("period") if self.is_bound and self.is_valid() else None
        return found or Period.month(today)


class YearForm(Form):
    """The appraisal ranking's year (GET); a bad one is said and this year is shown."""

    year = forms.IntegerField(
        label="年度", required=False, min_value=YEARS[0], max_value=YEARS[1], error_messages=BOUNDS
    )

    def chosen(self, today: dt.date) -> int:
        """The year asked for when it is valid, else this year (an unbound form: nothing asked)."""
        found = self.cleaned_data.get("year") if self.is_bound and self.is_valid() else None
        return found or today.year


def _score(label: str, help_text: str) -> forms.DecimalField:
    """A grade's lowest total score (optional: only graded schemes have them)."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=8,
        decimal_places=2,
        help_text=help_text,
        error_messages=DECIMALS,
    )


class SchemeForm(Form):
    """The scheme's name and how its results are given: a ranking, or 好/中/差 grades by two thresholds on the
    total score (the service says which a thresholds is missing or out of range)."""

    name = forms.CharField(label="方案名称", max_length=100, required=False)
    mode = forms.ChoiceField(label="结果形式", choices=Mode.choices, initial=Mode.RANKED)
    good_from = _score("“好”等次最低得分", "按等次考核时填写：总分达到此分为“好”")
    fair_from = _score("“中”等次最低得分", "总分达到此分为“中”，低于此分为“差”")


INDICATOR_CHOICES = [("", "—"), *((i.code, f"{i.section} · {i.name}（{i.unit}）") for i in INDICATORS)]


class AppraisalItemForm(Form):
    """One line of the scheme; a line without an indicator is left out."""

    indicator = forms.ChoiceField(label="指标", required=False, choices=INDICATOR_CHOICES)
    weight = forms.DecimalField(
        label="权重（分）",
        required=False,
        min_value=0,
        max_value=1000,
        max_digits=6,
        decimal_places=2,
        error_messages=DECIMALS,
    )
    direction = forms.ChoiceField(label="方向", choices=Direction.choices, initial=Direction.HIGHER)
    target = forms.DecimalField(
        label="目标值",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="留空：与同级比较",
        error_messages=DECIMALS,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicator") and data.get("weight") is None and "weight" not in self.errors:
            self.add_error("weight", "请填写权重")
        if not data.get("indicator") and (data.get("weight") is not None or data.get("target") is not None):
            self.add_error("indicator", "请选择指标，或清空本行")
        return data

    def item(self) -> AppraisalItemInput | None:
        data = self.cleaned_data
        if not data.get("indicator"):
            return None
        weight: Decimal = data["weight"]
        return AppraisalItemInput(data["indicator"], weight, data["direction"], data.get("target"))


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: dict[str, int] = {}
        for n, form in enumerate(self.forms, 1):
            code = form.cleaned_data.get("indicator") if form.is_valid() else None
            if not code:
                continue
            if code in seen:
                form.add_error("indicator", f"与第{seen[code]}行的指标重复")
                form.mark_invalid()
            else:
                seen[code] = n
        if not seen and not any(f.errors for f in self.forms):
            raise ValidationError("至少需要一项考核指标")

    def items(self) -> list[AppraisalItemInput]:
        return [item for form in self.forms if (item := form.item()) is not None]


ItemFormSet = forms.formset_factory(
    AppraisalItemForm, formset=BaseItemFormSet, extra=3, max_num=MAX_ITEMS, absolute_max=MAX_ITEMS, validate_max=True
)
