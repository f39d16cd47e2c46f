"""Forms of the job database's pages: employer, opening (with the version the user saw), the opening list's
filter, closing/filling an opening, recommending, recording an outcome, the import, the two lists and the batch.
They type what the person typed; the services (``jobs``, ``jobs_recommendations``) decide."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.employment import codes
from shoudi.employment.jobs import MAX_HEADCOUNT, MAX_PAY

Choices = Sequence[tuple[str, Any]]
PAY = {"required": False, "min_value": Decimal("0"), "max_value": MAX_PAY, "max_digits": 9, "decimal_places": 2}
ACCEPT = ".xlsx,.xls,.ods,.csv"
MAX_UPLOAD = 10 * 1024 * 1024


class EmployerForm(Form):
    name = forms.CharField(label="用工主体名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *codes.EmployerKind.choices])
    area = forms.ChoiceField(label="所属区域", help_text="登记的县、乡镇或村；东西部协作用工单位登记在对口的本县")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    partner_city = forms.CharField(label="协作城市", max_length=50, required=False, help_text="东西部协作用工单位填写")
    contact = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    active = forms.BooleanField(label="有效", required=False, initial=True)

    def __init__(self, *args: Any, areas: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", [("", "请选择"), *areas])


class OpeningForm(Form):
    employer = forms.ChoiceField(label="用工主体")
    title = forms.CharField(label="岗位名称", max_length=100)
    skills = forms.CharField(
        label="技能要求", max_length=200, required=False, help_text="多项以顿号或逗号分隔；不限可空"
    )
    place = forms.ChoiceField(label="工作地点类别", choices=[("", "请选择"), *codes.PLACE_CHOICES])
    workplace = forms.ChoiceField(label="工作地（乡镇）", required=False, help_text="县内岗位填到乡镇，用于按距离推荐")
    place_detail = forms.CharField(label="工作地点", max_length=200, required=False)
    pay_min = forms.DecimalField(label="月薪下限（元）", **PAY)  # type: ignore[arg-type]
    pay_max = forms.DecimalField(label="月薪上限（元）", **PAY)  # type: ignore[arg-type]
    headcount = forms.IntegerField(label="招聘人数", min_value=1, max_value=MAX_HEADCOUNT, initial=1)
    age_max = forms.IntegerField(label="年龄上限", min_value=16, max_value=80, required=False)
    opens_on = forms.DateField(label="发布日期", widget=DateInput())
    closes_on = forms.DateField(label="截止日期", widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, employers: Choices = (), townships: Choices = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"opens_on": timezone.localdate(), "headcount": 1})
        super().__init__(*args, **kwargs)
        set_choices(self, "employer", [("", "请选择"), *employers])
        set_choices(self, "workplace", [("", "不限/县外"), *townships])


class OpeningFilterForm(Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *codes.OpeningStatus.choices])
    place = forms.ChoiceField(label="工作地点", required=False, choices=[("", "全部"), *codes.PLACE_CHOICES])
    township = forms.ChoiceField(label="乡镇", required=False)
    q = forms.CharField(label="岗位、技能或用工主体", required=False, max_length=50)

    def __init__(self, *args: Any, townships: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "全部"), *townships])


class OpeningStatusForm(Form):
    ACTIONS = {"closed": "关闭岗位", "filled": "标记为已招满", "open": "重新开放招聘"}
    status = forms.ChoiceField(label="变更状态")
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "status", [(k, v) for k, v in self.ACTIONS.items() if k != current])


class RecommendForm(Form):
    persons = forms.MultipleChoiceField(
        label="推荐的劳动力", widget=forms.CheckboxSelectMultiple, error_messages={"required": "请勾选要推荐的劳动力"}
    )

    def __init__(self, *args: Any, people: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "persons", people)


class RecommendPersonForm(Form):
    opening = forms.ChoiceField(label="岗位", error_messages={"required": "请选择岗位"})

    def __init__(self, *args: Any, openings: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "opening", [("", "请选择"), *openings])


class OutcomeForm(Form):
    outcome = forms.ChoiceField(label="推荐结果")
    outcome_on = forms.DateField(label="结果日期", widget=DateInput(), help_text="已上岗填写上岗日期")
    outcome_note = forms.CharField(label="结果说明", max_length=200, required=False, help_text="未成的写明原因")
    monthly_pay = forms.DecimalField(label="月工资（元）", help_text="已上岗时填写；不填按岗位月薪下限", **PAY)  # type: ignore[arg-type]
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, outcomes: Choices = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"outcome_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        set_choices(self, "outcome", [("", "请选择"), *outcomes])


class ImportForm(Form):
    file = forms.FileField(
        label="岗位需求表",
        help_text="Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV；请使用导入模板，最多5000行",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "文件是空的，没有任何内容", "required": "请选择要上传的文件"},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD:
            raise forms.ValidationError("文件超过10 MB的上限，请拆分后分批导入")
        return upload


class TwoListsForm(Form):
    township = forms.ChoiceField(label="乡镇", required=False)

    def __init__(self, *args: Any, townships: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "township", [("", "全部"), *townships])


class BatchForm(Form):
    per_person = forms.IntegerField(label="每人推荐岗位数", min_value=1, max_value=10, initial=3)
    min_score = forms.IntegerField(label="最低匹配得分", min_value=0, max_value=120, initial=40)
