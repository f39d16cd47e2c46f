"""Forms of the key-county pages: they parse what was typed into the services' typed inputs; the rules live in
``services``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.keycounties import codes
from shoudi.keycounties.indicators import ENTERABLE
from shoudi.keycounties.models import YEAR_MAX, YEAR_MIN
from shoudi.keycounties.services import Designation, MeasureInput

Choices = Sequence[tuple[str, Any]]


def _year(label: str, **kw: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=YEAR_MIN, max_value=YEAR_MAX, **kw)


class ListFilter(Form):
    level = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *codes.Level.choices])
    active = forms.ChoiceField(
        label="状态", required=False, choices=[("yes", "在列"), ("no", "已移出"), ("all", "全部")]
    )
    year = _year("评价年度", required=False)


class YearForm(Form):
    year = _year("年度", required=False)


class DesignateForm(Form):
    county = forms.ChoiceField(label="县（市、区）")
    level = forms.ChoiceField(label="类别", choices=codes.Level.choices)
    designated_year = _year("认定年度", initial=2021)
    document_no = forms.CharField(label="认定文号", max_length=100, help_text="如：黔乡振发〔2021〕12号")
    source = forms.CharField(
        label="认定机关或文件", max_length=200, help_text="如：贵州省乡村振兴局《关于确定省级乡村振兴重点帮扶县的通知》"
    )
    active_until = _year("帮扶期至（年）", required=False, help_text="如过渡期末 2025；不填为未定")

    def __init__(self, *args: Any, counties: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "county", [("", "请选择"), *counties])

    def entry(self) -> Designation:
        d = self.cleaned_data
        return Designation(
            level=d["level"],
            designated_year=d["designated_year"],
            document_no=d["document_no"],
            source=d["source"],
            active_until=d.get("active_until"),
        )


class RemoveForm(Form):
    removed_on = forms.DateField(label="移出日期", widget=DateInput())
    removed_reason = forms.CharField(label="移出原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeasureForm(Form):
    year = forms.IntegerField(label="年度", min_value=YEAR_MIN, max_value=YEAR_MAX)
    category = forms.ChoiceField(label="类别", choices=codes.MeasureCategory.choices)
    title = forms.CharField(label="措施名称", max_length=200)
    responsible_unit = forms.CharField(label="责任单位", max_length=100, help_text="如：县财政局")
    content = forms.CharField(
        label="主要内容", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label="进展状态", choices=codes.MeasureStatus.choices)
    progress_note = forms.CharField(
        label="进展说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    def entry(self) -> MeasureInput:
        d = self.cleaned_data
        return MeasureInput(
            year=d["year"],
            category=d["category"],
            title=d["title"],
            responsible_unit=d["responsible_unit"],
            content=d.get("content", ""),
            status=d["status"],
            progress_note=d.get("progress_note", ""),
        )


class ValueForm(Form):
    year = forms.IntegerField(label="年度", min_value=YEAR_MIN, max_value=YEAR_MAX)
    code = forms.ChoiceField(label="指标", choices=[("", "请选择"), *ENTERABLE])
    value = forms.DecimalField(
        label="数值", max_digits=14, decimal_places=2, min_value=Decimal("-1e11"), max_value=Decimal("1e11")
    )
    source = forms.CharField(label="数据来源", max_length=200, help_text="必填：如“县统计局2025年农民收入监测调查”")
    note = forms.CharField(label="说明", required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def default_year() -> int:
    """The evaluation year shown first: last year (the year whose figures are complete)."""
    return max(YEAR_MIN, timezone.localdate().year - 1)
