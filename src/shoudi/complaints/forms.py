"""Forms of the complaint pages (``core.forms.Form``): the list's filters, recording a complaint, the handling
steps (each carrying the version the user saw), and the public page's report and status look-up. Region
choices are filled from the user's area (or the deployment's townships on the public page), so a code from
elsewhere is "not in the list"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.complaints import codes
from shoudi.complaints.checks import MAX_NAME, MAX_TEXT
from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput

TEXT = forms.Textarea(attrs={"rows": 4})
Choices = Sequence[tuple[str, Any]]


class FilterForm(Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *codes.Status.choices])
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部"), *codes.Source.choices])
    township = forms.ChoiceField(label="乡镇", required=False)
    overdue = forms.BooleanField(label="只看超期", required=False)

    def __init__(self, *args: Any, townships: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "全部"), *townships])


class ReporterFields(Form):
    """What the reporter said about the matter and about themselves (both optional: anonymous is allowed)."""

    kind = forms.ChoiceField(label="反映类别", choices=[("", "请选择"), *codes.Kind.choices])
    content = forms.CharField(
        label="反映内容",
        widget=TEXT,
        max_length=MAX_TEXT,
        error_messages={"required": "请填写反映内容"},
        help_text="反映的人和事、时间地点、涉及的帮扶政策或资金",
    )
    reporter_name = forms.CharField(label="反映人姓名", max_length=MAX_NAME, required=False, help_text="可匿名")
    reporter_phone = forms.CharField(label="联系电话", max_length=20, required=False, help_text="可不填")


class RecordForm(ReporterFields):
    source = forms.ChoiceField(label="来源", choices=codes.Source.choices, initial=codes.Source.HOTLINE)
    received_on = forms.DateField(label="收到日期", widget=DateInput())
    township = forms.ChoiceField(label="所属乡镇", error_messages={"required": "请选择所属乡镇"})
    village = forms.ChoiceField(label="所属村", required=False)
    household = forms.CharField(label="涉及农户户编号", max_length=20, required=False, help_text="反映具体农户时填写")

    field_order = ["source", "received_on", "kind", "township", "village", "household", "content"]

    def __init__(self, *args: Any, townships: Choices = (), villages: Choices = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate(), "source": codes.Source.HOTLINE})
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "请选择"), *townships])
        set_choices(self, "village", [("", "不填"), *villages])


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TakeUpForm(VersionForm):
    on = forms.DateField(label="开始办理日期", widget=DateInput())


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(
        label="核查结果",
        choices=[("", "请选择"), *codes.Outcome.choices],
        error_messages={"required": "请选择核查结果"},
    )
    handling = forms.CharField(
        label="办理情况", widget=TEXT, max_length=MAX_TEXT, error_messages={"required": "请填写办理情况"}
    )
    on = forms.DateField(label="办结日期", widget=DateInput())
    feedback = forms.CharField(
        label="反馈内容",
        widget=TEXT,
        max_length=MAX_TEXT,
        required=False,
        help_text="告知反映人的答复，反映人凭回执编号可查到；不写身份证号、电话等个人信息",
    )
    feedback_on = forms.DateField(label="反馈日期", widget=DateInput(), required=False, help_text="不填则为办结日期")


class FeedbackForm(VersionForm):
    feedback = forms.CharField(
        label="反馈内容", widget=TEXT, max_length=MAX_TEXT, error_messages={"required": "请填写反馈内容"}
    )
    on = forms.DateField(label="反馈日期", widget=DateInput())


class LeadForm(VersionForm):
    household = forms.CharField(label="涉及农户户编号", max_length=20, error_messages={"required": "请填写户编号"})
    channel = forms.ChoiceField(label="发现渠道")
    summary = forms.CharField(
        label="线索内容",
        widget=TEXT,
        max_length=MAX_TEXT,
        error_messages={"required": "请填写线索内容"},
        help_text="村监测联系人可见：只写农户的困难，不写反映人的任何信息",
    )

    def __init__(self, *args: Any, channels: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "channel", channels)


# ---- the public page ----------------------------------------------------------------------------------------


class ReportForm(ReporterFields):
    township = forms.ChoiceField(label="所属乡镇", error_messages={"required": "请选择所属乡镇"})
    village = forms.ChoiceField(label="所属村", required=False, help_text="先选乡镇；不清楚可不填")

    field_order = ["township", "village", "kind", "content", "reporter_name", "reporter_phone"]

    def __init__(self, *args: Any, townships: Choices = (), villages: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "请选择"), *townships])
        set_choices(self, "village", [("", "不填"), *villages])
        self.fields["township"].widget.attrs["data-township"] = "1"
        self.fields["village"].widget.attrs["data-village"] = "1"


class StatusForm(Form):
    receipt = forms.CharField(
        label="回执编号",
        max_length=20,
        error_messages={"required": "请填写回执编号"},
        help_text="提交时页面显示的 12 位编号，如 K7QM-2XRD-9HTF",
    )
