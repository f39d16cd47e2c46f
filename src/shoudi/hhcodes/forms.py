"""Forms of 一户一码: the household's report on the public page (a few taps: the kind of trouble, one sentence,
a phone if they wish), and the staff's issue, revoke and reissue."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from shoudi.core.forms import Form
from shoudi.hhcodes.codes import MAX_TEXT, Trouble
from shoudi.hhcodes.reports import NONCE, clean_mobile


class ReportForm(Form):
    """扫码申报: the household is known from the code; nothing here asks who they are."""

    trouble = forms.ChoiceField(
        label="遇到了什么困难",
        choices=Trouble.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择遇到的困难"},
    )
    text = forms.CharField(
        label="用一句话说说情况",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "如：父亲住院做手术，花了三万多元"}),
        error_messages={"required": "请用一句话说说遇到的情况"},
    )
    phone = forms.CharField(
        label="联系电话（可不填）",
        max_length=20,
        required=False,
        help_text="留下手机号，村监测联系人可以先打电话了解情况",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    nonce = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["nonce"] = secrets.token_urlsafe(16)

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).strip()

    def clean_phone(self) -> str:
        try:
            return clean_mobile(self.cleaned_data.get("phone") or "")
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["phone"]) from None

    def clean_nonce(self) -> str:
        value = str(self.cleaned_data.get("nonce") or "")
        return value if NONCE.fullmatch(value) else ""


class IssueForm(Form):
    """生成二维码: nothing to fill in (the button says for whom)."""


class ReasonForm(Form):
    reason = forms.CharField(
        label="原因",
        max_length=200,
        help_text="如：卡片遗失；二维码被他人拍照；农户搬迁",
        error_messages={"required": "请填写原因"},
    )


REVEAL_FROM = {
    "village": "在一户一码村页面查看扫码申报的联系电话",
    "household": "在一户一码农户页面查看扫码申报的联系电话",
}


class RevealForm(Form):
    """查看完整电话: nothing to fill in; ``where`` (hidden) says which page the button was on, for the audit log and
    the way back. Anything else is read as the household page."""

    where = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_where(self) -> str:
        value = str(self.cleaned_data.get("where") or "")
        return value if value in REVEAL_FROM else "household"
