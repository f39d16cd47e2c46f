"""Forms of online applications (网上申报): the public application and status pages (no account), and the
township's two answers to an unregistered applicant (登记并受理 / 不予受理)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, cast

from django import forms

from shoudi.core.forms import Form
from shoudi.monitoring import codes
from shoudi.monitoring.applications import receipt_error
from shoudi.registry.idnumber import IdNumberError, parse

TEXT = forms.Textarea(attrs={"rows": 3})
LAST4 = re.compile(r"[0-9]{3}[0-9X]")
PHONE = re.compile(r"[0-9]{7,12}")


class ApplicationForm(Form):
    """农户自主申报 on the public page: what a household can tell about itself, nothing more."""

    name = forms.CharField(label="申请人姓名", max_length=50, error_messages={"required": "请填写申请人姓名"})
    id_number = forms.CharField(
        label="申请人身份证号",
        max_length=20,
        help_text="18位居民身份证号",
        error_messages={"required": "请填写申请人身份证号"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        help_text="乡镇受理后通过此电话与您联系",
        error_messages={"required": "请填写联系电话"},
    )
    village = forms.ChoiceField(
        label="家庭所在村",
        help_text="先找到所在乡镇，再选村",
        error_messages={"required": "请选择家庭所在的村"},
    )
    risk_hint = forms.ChoiceField(
        label="困难类型", choices=[("", "说不清 / 其他"), *codes.RiskType.choices], required=False
    )
    description = forms.CharField(
        label="家庭遇到的困难", widget=TEXT, max_length=2000, error_messages={"required": "请填写家庭遇到的困难"}
    )
    promise = forms.BooleanField(
        label="本人承诺所填情况属实，同意有关部门为核实情况查询本户的收入、财产等信息",
        error_messages={"required": "请阅读并勾选承诺"},
    )

    def __init__(self, *args: Any, villages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["village"]).choices = [("", "请选择乡镇和村"), *villages]

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean_id_number(self) -> str:
        try:
            return parse(self.cleaned_data["id_number"]).number
        except IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_phone(self) -> str:
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"])  # full-width digits of a Chinese IME
        phone = phone.strip().replace(" ", "").replace("-", "")
        if not PHONE.fullmatch(phone):
            raise forms.ValidationError("请填写正确的手机号或固定电话")
        return phone


class ApplicationStatusForm(Form):
    """查询申报进度: the receipt number and the last four digits of the applicant's ID."""

    receipt = forms.CharField(
        label="回执号",
        max_length=20,
        help_text="提交申报后页面上显示的12位回执号",
        error_messages={"required": "请填写回执号"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    id_last4 = forms.CharField(
        label="申请人身份证号后四位",
        max_length=4,
        error_messages={"required": "请填写身份证号后四位"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def clean_receipt(self) -> str:
        value = str(self.cleaned_data["receipt"])
        error = receipt_error(value)
        if error:
            raise forms.ValidationError(error)
        return value

    def clean_id_last4(self) -> str:
        value = unicodedata.normalize("NFKC", str(self.cleaned_data["id_last4"])).strip().upper()
        if not LAST4.fullmatch(value):
            raise forms.ValidationError("请填写身份证号的最后四位（数字，最后一位可能是X）")
        return value


class ApplicationRegisterForm(Form):
    """登记并受理: the household the township registered (the applicant among its members)."""

    household = forms.CharField(
        label="户编号",
        max_length=20,
        help_text="先在农户档案中新增该户（含申请人），再填写新户的16位户编号",
        error_messages={"required": "请填写已登记农户的户编号"},
    )


class ApplicationRejectForm(Form):
    reason = forms.CharField(
        label="不予受理理由",
        widget=TEXT,
        max_length=500,
        help_text="申请人凭回执号可以看到此理由：请写明原因，不写身份证号、电话、健康等信息",
        error_messages={"required": "请填写不予受理的理由"},
    )
