"""Forms of the register's pages (``core.forms.Form``): the register's and the referral queue's filters, and on
a household's page recording a layer, ending one and referring to 民政; deciding and withdrawing a referral; the
classification run. Field names are the services' (their errors land next to the field); choices are filled
from the household and the user's area, so a value from elsewhere is "not in the list"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.lowincome import codes
from shoudi.policy.layers import LAYER_LABELS

Choices = Sequence[tuple[str, Any]]
TEXT = forms.Textarea(attrs={"rows": 3})
ALL_LAYER_CHOICES = [(str(code), LAYER_LABELS[code]) for code in codes.ALL_LAYERS]
DECISIONS = [("accept", "予以纳入"), ("decline", "不予纳入")]


def _today() -> Any:
    return timezone.localdate()


# ---- filters ---------------------------------------------------------------------------------------------------


class RegisterFilterForm(Form):
    layer = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *ALL_LAYER_CHOICES])
    status = forms.ChoiceField(
        label="台账状态", required=False, choices=[("", "在册"), *codes.MembershipStatus.choices]
    )
    township = forms.ChoiceField(label="乡镇", required=False)
    village = forms.ChoiceField(label="村", required=False)
    q = forms.CharField(label="姓名、户编号或身份证号", required=False, max_length=30)

    def __init__(self, *args: Any, townships: Choices = (), villages: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "全部"), *townships])
        set_choices(self, "village", [("", "全部"), *villages])


class ReferralFilterForm(Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *codes.ReferralStatus.choices])
    layer = forms.ChoiceField(label="转介类别", required=False, choices=[("", "全部"), *codes.StoredLayer.choices])
    township = forms.ChoiceField(label="乡镇", required=False)

    def __init__(self, *args: Any, townships: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "全部"), *townships])


# ---- the membership fields (recording a layer, accepting a referral) ----------------------------------------------


class MembershipFields(Form):
    started_on = forms.DateField(label="纳入日期", widget=DateInput(), required=False, help_text="不填则为今天")
    deciding_body = forms.CharField(label="认定机关", max_length=50, initial="县民政局")
    document_no = forms.CharField(label="认定文号", max_length=50, required=False)
    dibao_class = forms.ChoiceField(
        label="低保类别", required=False, choices=[("", "不填"), *codes.DibaoClass.choices], help_text="仅低保对象填写"
    )
    monthly_amount = forms.DecimalField(
        label="月救助金额（元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    income_pattern = forms.ChoiceField(
        label="收入状况",
        choices=codes.IncomePattern.choices,
        initial=codes.IncomePattern.STABLE,
        help_text="决定核查周期：收入稳定的每年核查，收入不稳定或有劳动能力成员的每半年核查（脱贫户的兜底对象每季度）",
    )


class RecordForm(MembershipFields):
    layer = forms.ChoiceField(label="纳入类别", error_messages={"required": "请选择纳入类别"})

    field_order = ["layer", "started_on", "deciding_body", "document_no", "dibao_class", "monthly_amount"]

    def __init__(self, *args: Any, layers: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "layer", [("", "请选择"), *layers])


class EndForm(Form):
    membership = forms.ChoiceField(label="退出类别", error_messages={"required": "请选择退出的类别"})
    ended_on = forms.DateField(label="退出日期", widget=DateInput(), required=False, help_text="不填则为今天")
    end_reason = forms.CharField(
        label="退出原因", max_length=200, widget=TEXT, error_messages={"required": "请填写退出原因"}
    )

    def __init__(self, *args: Any, memberships: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "membership", [("", "请选择"), *memberships])
        if len(memberships) == 1:  # the household holds one layer: that one
            self.fields["membership"].initial = memberships[0][0]


class ReferForm(Form):
    layer = forms.ChoiceField(label="转介类别", error_messages={"required": "请选择转介类别"})
    reasons = forms.CharField(
        label="转介依据",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "请填写转介依据"},
        help_text="每行一条：家庭困难情况、人均纯收入与标准的比较等",
    )

    def __init__(self, *args: Any, layers: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "layer", [("", "请选择"), *layers])


# ---- a referral -------------------------------------------------------------------------------------------------


class DecideForm(MembershipFields):
    decision = forms.ChoiceField(
        label="认定结果", choices=[("", "请选择"), *DECISIONS], error_messages={"required": "请选择认定结果"}
    )
    decided_on = forms.DateField(label="认定日期", widget=DateInput(), required=False, help_text="不填则为今天")
    decision_note = forms.CharField(
        label="认定意见", max_length=300, required=False, widget=TEXT, help_text="不予纳入时必填（理由）"
    )

    field_order = ["decision", "decided_on", "decision_note", "started_on", "deciding_body", "document_no"]


class WithdrawForm(Form):
    reason = forms.CharField(
        label="撤回理由", max_length=300, widget=TEXT, error_messages={"required": "请填写撤回理由"}
    )
    on = forms.DateField(label="撤回日期", widget=DateInput(), required=False, help_text="不填则为今天")


# ---- the classification run ---------------------------------------------------------------------------------------


class ClassifyForm(Form):
    as_of = forms.DateField(
        label="测算日期",
        widget=DateInput(),
        error_messages={"required": "请填写测算日期"},
        help_text="按测算日期前12个月的收支测算",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"as_of": _today()})
        super().__init__(*args, **kwargs)
