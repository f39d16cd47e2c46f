"""Forms of the department-data pages: the upload, the column-mapping editor and the batch filter. Each is a
``core.forms.Form``: errors in Chinese next to the field, input kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from shoudi.core.forms import Form
from shoudi.feeds.parse import FeedRefused, check_head
from shoudi.feeds.sources import SOURCES_LIST, Source

ACCEPT = ".xlsx,.xls,.xlsm,.ods,.csv"


class UploadForm(Form):
    source = forms.ChoiceField(label="数据来源")
    file = forms.FileField(
        label="文件",
        help_text="按模板填写的 Excel（.xlsx/.xls）、.ods 或 CSV（UTF-8 或 GB18030 编码），不超过100 MB、50万行",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "文件是空的，没有任何内容", "required": "请选择要上传的文件"},
    )
    period_from = forms.DateField(
        label="数据期间（起）", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="可不填"
    )
    period_to = forms.DateField(
        label="数据期间（止）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="可不填：不填时取文件中最早和最晚的日期",
    )

    def __init__(self, *args: Any, sources: list[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.id, s.label) for s in sources]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        try:
            check_head(upload.name or "", upload.size or 0, head)
        except FeedRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", "结束日期不能早于开始日期")
        return data


class MappingForm(Form):
    """One text box per template column: the header the department's own export uses for it."""

    def __init__(self, *args: Any, source: Source, mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        theirs = {ours: their for their, ours in mapping.items()}
        for index, column in enumerate(source.columns):
            self.fields[f"col{index}"] = forms.CharField(
                label=column.header,
                required=False,
                max_length=100,
                initial=theirs.get(column.header, ""),
                help_text=("必需的列；" if column.required else "") + (column.help or column.allowed),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, str] = {}
        for index, column in enumerate(self.source.columns):
            theirs = (data.get(f"col{index}") or "").strip()
            if theirs in seen:
                self.add_error(f"col{index}", f"原表列“{theirs}”已对应“{seen[theirs]}”，不能同时对应两个模板列")
            elif theirs:
                seen[theirs] = column.header
        return data

    def mapping(self) -> dict[str, str]:
        """``{their header: template header}`` of the boxes filled in."""
        return {
            self.cleaned_data[f"col{i}"].strip(): column.header
            for i, column in enumerate(self.source.columns)
            if self.cleaned_data.get(f"col{i}", "").strip()
        }


class BatchFilter(Form):
    """The batch list's filter (GET): one source, or all."""

    source = forms.ChoiceField(
        label="数据来源", required=False, choices=[("", "全部"), *((s.id, s.label) for s in SOURCES_LIST)]
    )

    def chosen(self) -> str:
        return (self.cleaned_data.get("source") or "") if self.is_valid() else ""
