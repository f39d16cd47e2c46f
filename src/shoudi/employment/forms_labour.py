"""Forms of the labour force pages (``core.forms.Form``): the list's filters, and on a person's page the
profile, 登记务工, 结束务工 and 记录事项. Field names are the services' (their errors land next to the field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.employment import codes
from shoudi.employment.selectors_labour import PRIORITY_CHOICES, STATUS_CHOICES

Choices = Sequence[tuple[str, Any]]
TEXT = forms.Textarea(attrs={"rows": 2})
MONEY = {"inputmode": "decimal", "autocomplete": "off"}


def _today() -> Any:
    return timezone.localdate()


def _money(label: str, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs=MONEY),
        **kw,
    )


class LabourFilterForm(Form):
    status = forms.ChoiceField(label="就业状态", required=False, choices=[("", "全部"), *STATUS_CHOICES])
    place = forms.ChoiceField(label="务工地点", required=False, choices=[("", "全部"), *codes.PLACE_CHOICES])
    priority = forms.ChoiceField(label="重点群体", required=False, choices=[("", "全部"), *PRIORITY_CHOICES])
    township = forms.ChoiceField(label="乡镇", required=False)
    village = forms.ChoiceField(label="村", required=False)
    q = forms.CharField(label="姓名、户编号或身份证号", required=False, max_length=30)

    def __init__(self, *args: Any, townships: Choices = (), villages: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "全部"), *townships])
        set_choices(self, "village", [("", "全部"), *villages])


class ProfileForm(Form):
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    skills = forms.CharField(
        label="技能特长", max_length=200, required=False, help_text="多项以顿号分隔，如：电焊、厨师"
    )
    certificates = forms.CharField(label="职业资格/技能证书", max_length=200, required=False)
    training_wish = forms.CharField(
        label="培训意愿", max_length=200, required=False, help_text="想参加的培训，如：挖掘机驾驶"
    )
    wish_kind = forms.CharField(label="求职意向（工种）", max_length=100, required=False)
    wish_place = forms.ChoiceField(label="意向务工地点", required=False, choices=[("", "不限"), *codes.PLACE_CHOICES])
    wish_pay = _money("期望月收入（元）")
    available = forms.BooleanField(label="有就业意愿", required=False, initial=True)
    note = forms.CharField(label="备注", max_length=200, required=False, widget=TEXT)


class StartForm(Form):
    place = forms.ChoiceField(
        label="务工地点", choices=[("", "请选择"), *codes.PLACE_CHOICES], error_messages={"required": "请选择务工地点"}
    )
    employer_name = forms.CharField(
        label="务工单位",
        max_length=200,
        help_text="灵活就业可填“灵活就业”",
        error_messages={"required": "请填写务工单位（灵活就业可填“灵活就业”）"},
    )
    job = forms.CharField(label="工种/岗位", max_length=100, required=False)
    place_detail = forms.CharField(label="具体地点", max_length=200, required=False, help_text="如：浙江省宁波市北仑区")
    started_on = forms.DateField(
        label="务工开始日期", widget=DateInput(), initial=_today, error_messages={"required": "请填写务工开始日期"}
    )
    monthly_pay = _money("月工资（元）")
    months_this_year = forms.IntegerField(
        label="本年务工月数",
        required=False,
        min_value=0,
        max_value=12,
        help_text="不填则按开始日期计算",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class EndForm(Form):
    ended_on = forms.DateField(
        label="结束日期", widget=DateInput(), initial=_today, error_messages={"required": "请填写结束日期"}
    )
    end_reason = forms.CharField(
        label="结束原因",
        max_length=200,
        help_text="如：合同到期、工厂停产返乡",
        error_messages={"required": "请填写结束原因"},
    )


class EventForm(Form):
    kind = forms.ChoiceField(
        label="事项", choices=[("", "请选择"), *codes.EventKind.choices], error_messages={"required": "请选择事项"}
    )
    on_date = forms.DateField(
        label="日期", widget=DateInput(), initial=_today, error_messages={"required": "请填写日期"}
    )
    detail = forms.CharField(
        label="说明", max_length=200, required=False, widget=TEXT, help_text="培训填写培训项目和机构（必填）"
    )
    hours = forms.IntegerField(
        label="培训课时",
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    certificate = forms.CharField(label="取得证书", max_length=100, required=False, help_text="仅参加培训填写")
