"""Forms of the import/export page (the upload is only checked cheaply here; the job reads the file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from shoudi.core.forms import Form
from shoudi.regions.selectors import area_choices
from shoudi.registry.io.reader import OLE_MAGIC, ZIP_MAGIC, max_bytes

ACCEPT = ".xlsx,.xls,.xlsm,.ods,.csv"


class ImportForm(Form):
    file = forms.FileField(
        label="文件",
        help_text="Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV（UTF-8 或 GB18030 编码）；每行一名成员，不超过100 MB、50万行",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "文件是空的，没有任何内容", "required": "请选择要上传的文件"},
    )
    mode = forms.ChoiceField(
        label="导入方式",
        choices=[
            ("all", "全部无误才导入：有任何错误则一行也不导入"),
            ("valid_only", "仅导入无误的户：有错的户整户退回，可下载退回的行"),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        size = upload.size or 0
        if size == 0:
            raise forms.ValidationError("文件是空的，没有任何内容")
        if size > max_bytes():
            raise forms.ValidationError(
                f"文件大小为{size / 1024 / 1024:.1f} MB，超过{max_bytes() / 1024 / 1024:.0f} MB的上限，请拆分后分批导入"
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        if (
            not head.startswith((ZIP_MAGIC, OLE_MAGIC))
            and b"\x00" in head
            and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
        ):
            raise forms.ValidationError("文件不是电子表格：请上传 .xlsx、.xls、.ods 或 .csv 文件")
        return upload


class ExportForm(Form):
    area = forms.ChoiceField(label="区域")
    format = forms.ChoiceField(
        label="格式", choices=[("xlsx", "Excel（.xlsx）"), ("csv", "CSV（UTF-8）")], initial="xlsx"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = area_choices(user)
