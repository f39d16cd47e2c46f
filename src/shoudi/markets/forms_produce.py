"""Forms of 农副产品滞销监测预警's pages: a key product, a period's figures, a grower, the import, a response, closing a
warning, the warning list's filter and starting the check. They type what was typed; ``produce`` decides."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.markets import codes
from shoudi.markets.produce import MAX_FIGURE

Choices = Sequence[tuple[str, Any]]
QTY = {"required": False, "min_value": Decimal("0"), "max_value": MAX_FIGURE, "max_digits": 13, "decimal_places": 3}
PRICE = {"required": False, "min_value": Decimal("0"), "max_value": MAX_FIGURE, "max_digits": 12, "decimal_places": 2}
ACCEPT = ".xlsx,.xls,.ods,.csv"
MAX_UPLOAD = 10 * 1024 * 1024


class CommodityForm(Form):
    name = forms.CharField(label="重点农产品名称", max_length=50)
    category = forms.ChoiceField(label="产品类别", choices=[("", "请选择"), *codes.ProductCategory.choices])
    frequency = forms.ChoiceField(label="采集频率", choices=codes.Frequency.choices, initial=codes.Frequency.WEEK)
    keywords = forms.CharField(
        label="别名/关键词",
        max_length=200,
        required=False,
        help_text="以顿号或逗号分隔，用于在项目库中查找相关产业项目",
    )
    unit = forms.CharField(label="数量单位", max_length=20, initial="吨")
    price_unit = forms.CharField(label="价格单位", max_length=20, initial="元/公斤")
    active = forms.BooleanField(label="监测中", required=False, initial=True)


class ObservationForm(Form):
    period_start = forms.DateField(
        label="期初日期", widget=DateInput(), help_text="周数据填该周任一天（按周一归期），月数据按当月1日归期"
    )
    price = forms.DecimalField(label="价格", **PRICE)  # type: ignore[arg-type]
    output = forms.DecimalField(label="产量", **QTY)  # type: ignore[arg-type]
    stock = forms.DecimalField(label="库存量", **QTY)  # type: ignore[arg-type]
    sales = forms.DecimalField(label="销量", **QTY)  # type: ignore[arg-type]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"period_start": timezone.localdate()})
        super().__init__(*args, **kwargs)


class GrowerForm(Form):
    household_number = forms.CharField(label="农户户编号", max_length=20, required=False)
    supplier = forms.ChoiceField(label="或：合作社/企业", required=False)
    scale = forms.DecimalField(label="种养规模", **QTY)  # type: ignore[arg-type]
    scale_unit = forms.CharField(label="规模单位", max_length=20, required=False, help_text="如：亩、头、羽")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, suppliers: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "supplier", [("", "不选"), *suppliers])


class ImportForm(Form):
    file = forms.FileField(
        label="Excel 文件",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="xlsx、xls、ods 或 csv，10MB 以内",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过 10MB，请拆分后导入")
        return upload


class ResponseForm(Form):
    kind = forms.ChoiceField(label="处置措施", choices=[("", "请选择"), *codes.ResponseKind.choices])
    date = forms.DateField(label="日期", widget=DateInput())
    buyer = forms.ChoiceField(label="采购方", required=False)
    quantity = forms.DecimalField(label="销售/收储数量", **QTY)  # type: ignore[arg-type]
    amount = forms.DecimalField(label="金额（元）", **PRICE)  # type: ignore[arg-type]
    note = forms.CharField(label="情况说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, buyers: Choices = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        set_choices(self, "buyer", [("", "不选"), *buyers])


class CloseForm(Form):
    closed_on = forms.DateField(label="解除日期", widget=DateInput())
    note = forms.CharField(label="解除说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class WarningFilterForm(Form):
    status = forms.ChoiceField(
        label="处置状态", required=False, choices=[("", "全部"), ("active", "未解除"), *codes.WarningStatus.choices]
    )
    kind = forms.ChoiceField(label="预警类型", required=False, choices=[("", "全部"), *codes.WarningKind.choices])
    q = forms.CharField(label="产品", max_length=50, required=False)


class CheckForm(Form):
    full = forms.BooleanField(label="检查全部历史各期（补算）", required=False)
