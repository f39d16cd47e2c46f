"""Forms of the 公益性岗位 pages: the list's filter, a post (create / edit), hiring, exit, abolishing, the pay
sheet's month and its rows. Choices that depend on the user or the post (areas, assets, candidates) are given
when the form is made."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.employment import codes
from shoudi.employment.posts import (
    MAX_AGREEMENT,
    MAX_DUTY,
    MAX_NEED,
    MAX_NOTE,
    MAX_SUBSIDY,
    MAX_TERM,
    MAX_TITLE,
    PostInput,
)

Choices = Sequence[tuple[str, str]]
ALL = [("", "全部")]


class PostFilterForm(Form):
    area = forms.ChoiceField(label="村（乡镇）", required=False)
    kind = forms.ChoiceField(label="岗位类型", required=False, choices=[*ALL, *codes.PostKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[*ALL, *codes.PostStatus.choices])
    funding = forms.ChoiceField(label="资金来源", required=False, choices=[*ALL, *codes.PostFunding.choices])
    year = forms.IntegerField(label="设岗年度", required=False, min_value=2016, max_value=2100)

    def __init__(self, *args: Any, areas: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", [*ALL, *areas])


class PostForm(Form):
    area = forms.ChoiceField(label="设岗村（乡镇）", help_text="生态护林员等由乡镇聘用的岗位选乡镇")
    kind = forms.ChoiceField(label="岗位类型", choices=[("", "请选择"), *codes.PostKind.choices])
    title = forms.CharField(label="岗位名称", max_length=MAX_TITLE, help_text="如：当造村保洁员")
    need = forms.CharField(
        label="设岗依据",
        max_length=MAX_NEED,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="按需设岗：说明需要该岗位的理由，如村内公共区域保洁无人负责",
    )
    duty = forms.CharField(
        label="岗位职责", max_length=MAX_DUTY, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    monthly_subsidy = forms.DecimalField(
        label="月岗位补贴（元）", min_value=Decimal("0.01"), max_value=MAX_SUBSIDY, max_digits=12, decimal_places=2
    )
    funding = forms.ChoiceField(label="资金来源", choices=[("", "请选择"), *codes.PostFunding.choices])
    created_on = forms.DateField(label="设岗日期", widget=DateInput())
    term_months = forms.IntegerField(label="聘期（月）", min_value=1, max_value=MAX_TERM, initial=12)
    asset = forms.ChoiceField(
        label="管护资产", required=False, help_text="资产管护岗位必选：资产台账中本村（乡镇）的公益性资产"
    )
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, areas: Choices = (), assets: Choices = (), editing: bool = False, **kw: Any) -> None:
        kw.setdefault("initial", {"created_on": timezone.localdate(), "term_months": 12})
        super().__init__(*args, **kw)
        set_choices(self, "asset", [("", "（不关联）"), *assets])
        if editing:
            del self.fields["area"]
        else:
            set_choices(self, "area", [("", "请选择"), *areas])
            del self.fields["version"]

    def entry(self) -> PostInput:
        data = self.cleaned_data
        return PostInput(
            kind=data["kind"],
            title=data["title"],
            need=data["need"],
            duty=data.get("duty", ""),
            monthly_subsidy=data["monthly_subsidy"],
            funding=data["funding"],
            created_on=data["created_on"],
            term_months=data["term_months"],
            asset_id=data.get("asset") or None,
        )


class HireForm(Form):
    person = forms.ChoiceField(label="聘用人员", help_text="按优先顺序排列：监测对象、脱贫人口、农村低收入人口、其他")
    started_on = forms.DateField(label="上岗日期", widget=DateInput())
    agreement_no = forms.CharField(label="聘用协议编号", max_length=MAX_AGREEMENT, required=False)

    def __init__(self, *args: Any, people: Choices = (), **kwargs: Any) -> None:
        kwargs["initial"] = {"started_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        set_choices(self, "person", [("", "请选择"), *people])


class ExitForm(Form):
    ended_on = forms.DateField(label="退岗日期", widget=DateInput())
    exit_reason = forms.ChoiceField(label="退岗原因", choices=[("", "请选择"), *codes.ExitReason.choices])
    exit_note = forms.CharField(label="退岗说明", max_length=MAX_NOTE, required=False, help_text="原因为“其他”时必填")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AbolishForm(Form):
    abolished_on = forms.DateField(label="撤岗日期", widget=DateInput())
    note = forms.CharField(label="撤岗说明", max_length=MAX_NOTE, required=False, help_text="在岗人员以“岗位撤销”退岗")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"abolished_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MonthForm(Form):
    month = forms.CharField(
        label="月份",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="如 2026-03",
    )


class PayRowForm(Form):
    holding = forms.UUIDField(widget=forms.HiddenInput())
    days_required = forms.IntegerField(label="应出勤天数", min_value=0, max_value=31)
    days_worked = forms.IntegerField(label="实际出勤天数", min_value=0, max_value=31)
    amount_due = forms.DecimalField(label="应发补贴（元）", min_value=0, max_value=Decimal("1000000"), decimal_places=2)
    amount_paid = forms.DecimalField(
        label="实发补贴（元）", min_value=0, max_value=Decimal("1000000"), decimal_places=2, required=False
    )
    paid_on = forms.DateField(label="发放日期", required=False, widget=DateInput())
    note = forms.CharField(label="备注", max_length=MAX_NOTE, required=False)


PayFormSet = forms.formset_factory(PayRowForm, extra=0, max_num=500, absolute_max=500, validate_max=True)
