"""Forms of the procedures: one form per workflow step (意见, 办理日期 and what the step records: notice dates,
the approval document, the proceeds), and the import and export of the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from shoudi.assets import codes
from shoudi.assets.forms import DATE, money_field, set_choices
from shoudi.assets.services.inputs import DocumentInput
from shoudi.core.forms import Form
from shoudi.core.workflow import Step
from shoudi.registry.io.reader import max_bytes

NOTICE_DAYS = 7
ACCEPT = ".xlsx,.xls,.xlsm,.ods,.csv"
ON_LABEL = {"complete": "处置完成日期", "approve": "办理日期"}


class StepForm(Form):
    """A workflow step: the opinion (required, with its label, where the step says so) and the business date."""

    on = forms.DateField(label="办理日期", widget=DATE)
    reason = forms.CharField(label="意见", max_length=2000, required=False)

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {}).setdefault("on", today)
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["on"].label = ON_LABEL.get(step.action, "办理日期")
        if step.reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].label = step.reason_label

    def arguments(self) -> dict[str, Any]:
        """The step's keyword arguments for its service."""
        return {"reason": self.cleaned_data["reason"], "on": self.cleaned_data["on"]}


class NoticeStepForm(StepForm):
    notice_from = forms.DateField(label="公示（公开）开始日期", widget=DATE)
    notice_to = forms.DateField(label="公示（公开）结束日期", widget=DATE)
    field_order = ["notice_from", "notice_to", "on", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("notice_from", today)
        initial.setdefault("notice_to", today + dt.timedelta(days=NOTICE_DAYS))
        super().__init__(*args, **kwargs)

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**super().arguments(), "notice_from": data["notice_from"], "notice_to": data["notice_to"]}


class ApprovalStepForm(StepForm):
    title = forms.CharField(label="审批文件名称", max_length=200)
    number = forms.CharField(label="文号", max_length=100, required=False)
    issuer = forms.CharField(label="审批单位", max_length=200, required=False)
    file = forms.FileField(label="附件", required=False)
    field_order = ["title", "number", "issuer", "file", "on", "reason"]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        approval = DocumentInput(title=data["title"], number=data["number"], issuer=data["issuer"])
        return {**super().arguments(), "approval": approval, "file": data.get("file")}


class CompleteStepForm(StepForm):
    proceeds = money_field("处置收入（元）")
    proceeds_use = forms.ChoiceField(label="收入用途", choices=[("", "—"), *codes.ProceedsUse.choices], required=False)
    field_order = ["on", "proceeds", "proceeds_use", "reason"]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "completed_on": data["on"],
            "proceeds": data["proceeds"],
            "proceeds_use": data["proceeds_use"],
            "reason": data["reason"],
        }


DISPOSAL_FORMS: dict[str, type[StepForm]] = {
    "notice": NoticeStepForm,
    "publish": NoticeStepForm,
    "approve": ApprovalStepForm,
    "complete": CompleteStepForm,
}


def disposal_step_form(step: Step, *args: Any, **kwargs: Any) -> StepForm:
    return DISPOSAL_FORMS.get(step.action, StepForm)(*args, step=step, prefix=step.action, **kwargs)


def step_form(step: Step, *args: Any, **kwargs: Any) -> StepForm:
    return StepForm(*args, step=step, prefix=step.action, **kwargs)


class ImportForm(Form):
    file = forms.FileField(
        label="台账文件",
        help_text="Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV；请使用导入模板或本系统导出的台账",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "文件是空的，没有任何内容", "required": "请选择要上传的文件"},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > max_bytes():
            raise forms.ValidationError(f"文件超过{max_bytes() / 1024 / 1024:.0f} MB的上限，请拆分后分批导入")
        return upload


class ExportForm(Form):
    level = forms.ChoiceField(
        label="台账级别", choices=[("", "县乡村各级"), *codes.LedgerLevel.choices], required=False
    )
    area = forms.ChoiceField(label="区域")

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", areas)
