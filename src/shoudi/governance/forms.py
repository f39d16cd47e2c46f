"""Forms of the 积分制 pages. Choices that depend on the village (rules in force, files, shop items) are given
when the form is made; the services check them again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.governance import codes, entries, reviews, rulebooks, shop
from shoudi.governance.models import MAX_POINTS

Choices = Sequence[tuple[str, str]]
TEXTAREA = forms.Textarea(attrs={"rows": 2})


def _today() -> dict[str, Any]:
    return {"today": timezone.localdate()}


class RulebookDraftForm(Form):
    title = forms.CharField(
        label="细则名称", max_length=rulebooks.MAX_TITLE, help_text="如：当造村家庭文明档案积分细则"
    )


class RuleForm(Form):
    kind = forms.ChoiceField(label="榜别", choices=[("", "请选择"), *codes.Kind.choices])
    item = forms.CharField(label="事项", max_length=rulebooks.MAX_ITEM, help_text="如：主动参与清扫公共区域一天")
    points = forms.IntegerField(
        label="积分",
        min_value=-MAX_POINTS,
        max_value=MAX_POINTS,
        help_text="红榜为正数（加分），黄榜、黑榜为负数（扣分）",
    )
    clearing = forms.CharField(
        label="消除条件",
        max_length=rulebooks.MAX_CLEARING,
        required=False,
        help_text="黄榜必填，如：整改到位并经季度评议确认",
    )
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["active"]


class AdoptForm(Form):
    adopted_on = forms.DateField(label="村民代表大会通过日期", widget=DateInput())
    resolution_no = forms.CharField(label="决议文号", max_length=rulebooks.MAX_RESOLUTION, required=False)
    total = forms.IntegerField(label="应到代表人数", min_value=1, max_value=rulebooks.MAX_REPRESENTATIVES)
    present = forms.IntegerField(label="到会代表人数", min_value=0, max_value=rulebooks.MAX_REPRESENTATIVES)
    votes_for = forms.IntegerField(label="赞成票", min_value=0, max_value=rulebooks.MAX_REPRESENTATIVES)
    minutes = forms.FileField(label="会议记录扫描件", required=False, help_text="可选：JPG、PNG 或 PDF，10 MB 以内")


class EntryForm(Form):
    rule = forms.ChoiceField(label="事项（现行细则）")
    deed_on = forms.DateField(label="事项发生日期", widget=DateInput())
    description = forms.CharField(label="事项经过", max_length=entries.MAX_DESCRIPTION, widget=TEXTAREA)
    evidence = forms.CharField(
        label="佐证材料", max_length=entries.MAX_EVIDENCE, help_text="如：村民小组长证明、现场照片、受助人说明"
    )
    photo = forms.FileField(label="佐证照片", required=False, help_text="可选：JPG 或 PNG，10 MB 以内")

    def __init__(self, *args: Any, rules: Choices = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"deed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        set_choices(self, "rule", [("", "请选择"), *rules])

    def entry(self) -> entries.EntryInput:
        data = self.cleaned_data
        return entries.EntryInput(
            rule_id=data["rule"],
            deed_on=data["deed_on"],
            description=data["description"],
            evidence=data["evidence"],
            photo=data.get("photo") or None,
        )


class CorrectionForm(Form):
    correction = forms.CharField(label="整改情况", max_length=entries.MAX_CORRECTION, widget=TEXTAREA)
    corrected_on = forms.DateField(label="整改日期", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"corrected_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReviewOpenForm(Form):
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", coerce=int, choices=[("", "请选择"), *codes.QUARTERS])
    held_on = forms.DateField(label="评议日期", widget=DateInput())
    chair = forms.CharField(label="主持人", max_length=reviews.MAX_CHAIR)
    representatives = forms.CharField(
        label="参加评议的村民代表",
        max_length=reviews.MAX_REPRESENTATIVES,
        widget=TEXTAREA,
        help_text="姓名，以顿号分隔",
    )
    present = forms.IntegerField(label="到会代表人数", min_value=1, max_value=10000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        last_quarter = (today.month - 1) // 3 or 4
        year = today.year if (today.month - 1) // 3 else today.year - 1
        kwargs.setdefault("initial", {"year": year, "quarter": last_quarter, "held_on": today})
        super().__init__(*args, **kwargs)


class DecisionRow(Form):
    entry = forms.CharField(widget=forms.HiddenInput(), max_length=40)
    decision = forms.ChoiceField(label="评议结果", required=False, choices=[("", "未评议"), *codes.Decision.choices])
    reason = forms.CharField(label="评议意见", max_length=reviews.MAX_REASON, required=False)


DecisionFormSet = forms.formset_factory(DecisionRow, extra=0, max_num=2000, absolute_max=2000)


class ReviewCloseForm(Form):
    closed_on = forms.DateField(label="结束日期", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ShopItemForm(Form):
    name = forms.CharField(label="物品名称", max_length=shop.MAX_NAME, help_text="如：洗衣粉一袋")
    cost = forms.IntegerField(label="兑换所需积分", min_value=1, max_value=MAX_POINTS)
    stock = forms.IntegerField(label="库存", min_value=0, max_value=shop.MAX_STOCK)


class RedeemForm(Form):
    file = forms.ChoiceField(label="农户（家庭文明档案）")
    item = forms.ChoiceField(label="物品")
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=shop.MAX_QUANTITY, initial=1)
    redeemed_on = forms.DateField(label="兑换日期", widget=DateInput())

    def __init__(self, *args: Any, files: Choices = (), items: Choices = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"redeemed_on": timezone.localdate(), "quantity": 1})
        super().__init__(*args, **kwargs)
        set_choices(self, "file", [("", "请选择"), *files])
        set_choices(self, "item", [("", "请选择"), *items])


class YearForm(Form):
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100, required=False)
