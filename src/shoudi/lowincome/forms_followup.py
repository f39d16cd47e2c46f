"""Forms of the follow-up pages: the list's filter and recording a verification visit. The visit form offers
only the outcomes the user may choose for the membership (``followups.allowed_outcomes``), and only the fields
those outcomes use: a village contact sees 继续保留 and no amount or notice fields, so a forged 停止 is "not in
the list"."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput
from shoudi.lowincome import codes
from shoudi.lowincome.followups import MAX_AMOUNT, MAX_FINDINGS, MAX_NOTE, MAX_NOTICE_NO

Choices = Sequence[tuple[str, Any]]


class QueueFilterForm(Form):
    layer = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *codes.StoredLayer.choices])
    village = forms.ChoiceField(label="村", required=False)

    def __init__(self, *args: Any, villages: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["village"]).choices = [("", "全部"), *villages]


class FollowUpForm(Form):
    visited_on = forms.DateField(label="核查日期", widget=DateInput(), error_messages={"required": "请填写核查日期"})
    findings = forms.CharField(
        label="家庭经济状况核查情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_FINDINGS,
        error_messages={"required": "请填写核查情况"},
        help_text="家庭人口、收入、财产和生活状况有无明显变化；不写身份证号、电话、银行账号和病情",
    )
    outcome = forms.ChoiceField(label="处置结果", error_messages={"required": "请选择处置结果"})
    new_amount = forms.DecimalField(
        label="调整后月救助金额（元）",
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        help_text="只在“调整金额”时填写",
    )
    review_note = forms.CharField(
        label="民主评议情况",
        required=False,
        max_length=MAX_NOTE,
        help_text="收入、财产超过条件的，经民主评议厘清来源后分类处置；“停止”必填",
    )
    notice_no = forms.CharField(
        label="书面告知编号", required=False, max_length=MAX_NOTICE_NO, help_text="“停止”必填，如 松民告〔2026〕15号"
    )
    notified_on = forms.DateField(label="告知日期", required=False, widget=DateInput(), help_text="“停止”必填")

    DECIDING_FIELDS = ("new_amount", "notice_no", "notified_on")

    def __init__(self, *args: Any, outcomes: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"visited_on": timezone.localdate(), "outcome": codes.Outcome.KEEP})
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["outcome"])
        field.choices = [(o, codes.Outcome(o).label) for o in outcomes]
        if len(outcomes) > 1:
            field.choices = [("", "请选择"), *field.choices]
        deciding = set(outcomes) & set(codes.DECIDING_OUTCOMES)
        if codes.Outcome.ADJUST not in deciding:
            del self.fields["new_amount"]
        if codes.Outcome.STOP not in deciding:
            del self.fields["notice_no"]
            del self.fields["notified_on"]
        if not deciding:
            self.fields["review_note"].help_text = "收入、财产有明显变化的，写明民主评议情况并报民政部门处置"
