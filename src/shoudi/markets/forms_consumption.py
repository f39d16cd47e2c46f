"""Forms of the 消费帮扶 pages: supplier, household link, product, buyer, buyer year, purchase, the two imports and
the list filters. They type what the person typed; the services (``consumption*``) decide."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.markets import codes

Choices = Sequence[tuple[str, Any]]
MONEY = {"min_value": Decimal("0"), "max_value": Decimal("9999999999.99"), "max_digits": 12, "decimal_places": 2}
ACCEPT = ".xlsx,.xls,.ods,.csv"
MAX_UPLOAD = 10 * 1024 * 1024


def _pick(choices: Any) -> list[tuple[str, Any]]:
    return [("", "请选择"), *choices]


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", "全部"), *choices]


def year_field(**kw: Any) -> forms.IntegerField:
    return forms.IntegerField(label="年度", min_value=2000, max_value=timezone.localdate().year + 1, **kw)


class SupplierForm(Form):
    name = forms.CharField(label="供应商名称", max_length=200)
    kind = forms.ChoiceField(label="主体类型", choices=_pick(codes.SupplierKind.choices))
    village = forms.ChoiceField(label="所在村", required=False, help_text="县外或县城的企业可不填")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    contact = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)
    active = forms.BooleanField(label="有效", required=False, initial=True)

    def __init__(self, *args: Any, villages: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "village", [("", "不填"), *villages])


class LinkForm(Form):
    household = forms.CharField(label="户编号", max_length=20, help_text="本县农户信息库中的户编号")
    kind = forms.ChoiceField(label="带动方式", choices=_pick(codes.SupplierLinkKind.choices))
    year = year_field()
    amount = forms.DecimalField(label="带动增收金额（元）", required=False, **MONEY)  # type: ignore[arg-type]
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class ProductForm(Form):
    supplier = forms.ChoiceField(label="供应商")
    name = forms.CharField(label="产品名称", max_length=200)
    category = forms.ChoiceField(label="产品类别", choices=_pick(codes.ProductCategory.choices))
    spec = forms.CharField(label="规格", max_length=100, required=False, help_text="如：500克/袋")
    unit = forms.CharField(label="计量单位", max_length=20, initial="公斤")
    price = forms.DecimalField(label="参考价格（元）", required=False, **MONEY)  # type: ignore[arg-type]
    origin_county = forms.CharField(
        label="产地县代码", max_length=6, required=False, help_text="6位县级区划代码；不填为供应商所在县"
    )
    certificate_number = forms.CharField(label="认定编号", max_length=60, required=False)
    certifier = forms.CharField(label="认定机构", max_length=100, required=False)
    certified_from = forms.DateField(label="认定有效期起", widget=DateInput(), required=False)
    certified_to = forms.DateField(label="认定有效期止", widget=DateInput(), required=False)
    active = forms.BooleanField(
        label="有效", required=False, initial=True, help_text="取消勾选即停用：不能再登记或导入这个产品的采购"
    )

    def __init__(self, *args: Any, suppliers: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "supplier", _pick(suppliers))


class BuyerForm(Form):
    name = forms.CharField(label="采购方名称", max_length=200)
    kind = forms.ChoiceField(label="采购方类型", choices=_pick(codes.BuyerKind.choices))
    location = forms.CharField(label="所在地", max_length=100, required=False, help_text="如：广东省东莞市")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    contact = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    active = forms.BooleanField(label="有效", required=False, initial=True)


class BuyerYearForm(Form):
    year = year_field()
    canteen_budget = forms.DecimalField(label="年度食堂食材采购总额（元）", **MONEY)  # type: ignore[arg-type]
    reserved_share = forms.DecimalField(
        label="预留份额比例（%）",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text="不填则按本县政策参数（默认10%）",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class PurchaseForm(Form):
    buyer = forms.ChoiceField(label="采购方")
    product = forms.ChoiceField(label="产品")
    channel = forms.ChoiceField(label="销售渠道", choices=_pick(codes.Channel.choices))
    platform = forms.CharField(label="平台/门店名称", max_length=100, required=False, help_text="如：832平台、东莞专馆")
    order_number = forms.CharField(label="订单号", max_length=60, required=False)
    date = forms.DateField(label="采购日期", widget=DateInput())
    quantity = forms.DecimalField(
        label="数量", min_value=Decimal("0.001"), max_value=Decimal("9999999999"), max_digits=14, decimal_places=3
    )
    amount = forms.DecimalField(label="金额（元）", **{**MONEY, "min_value": Decimal("0.01")})  # type: ignore[arg-type]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2_000_000_000)

    def __init__(
        self, *args: Any, buyers: Choices = (), products: Choices = (), edit: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        set_choices(self, "buyer", _pick(buyers))
        set_choices(self, "product", _pick(products))
        if not edit:
            del self.fields["version"]


class WithdrawForm(Form):
    """撤销 a purchase or an import batch, or delete a row registered by mistake: a reason for the audit log and an
    explicit confirmation. Many sit on one page: each has its own ids (``prefix_id``)."""

    reason = forms.CharField(label="撤销原因", max_length=200, help_text="如：金额录入错误、重复导入；记入操作日志")
    confirm = forms.BooleanField(label="确认撤销", required=True, error_messages={"required": "请勾选确认后再撤销"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2_000_000_000)

    def __init__(self, *args: Any, what: str = "这条采购记录", verb: str = "撤销", prefix_id: str = "w", **kwargs: Any):
        kwargs.setdefault("auto_id", f"{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = f"{verb}原因"
        self.fields["confirm"].label = f"确认{verb}{what}"
        self.fields["confirm"].error_messages["required"] = f"请勾选确认后再{verb}"
        if verb != "撤销":
            self.fields["reason"].help_text = "如：重复登记、名称录错；记入操作日志"


def withdraw_form(purchase: Any, data: Any = None) -> WithdrawForm:
    """The 撤销 form of one purchase row (with the version the user saw)."""
    return WithdrawForm(data, prefix_id=f"w{purchase.pk}", initial={"version": purchase.version})


def delete_form(what: str, data: Any = None) -> WithdrawForm:
    """The 删除 form of a supplier, product or buyer registered by mistake."""
    form = WithdrawForm(data, what=what, verb="删除", prefix_id="del")
    del form.fields["version"]
    return form


def batch_form(batch: str, data: Any = None) -> WithdrawForm:
    """The 撤销 form of a whole import batch."""
    form = WithdrawForm(data, what="本批导入的全部采购记录", prefix_id=f"b{batch}")
    del form.fields["version"]
    return form


class ImportForm(Form):
    file = forms.FileField(
        label="Excel 文件",
        help_text="Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV；请使用导入模板",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "文件是空的，没有任何内容", "required": "请选择要上传的文件"},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD:
            raise forms.ValidationError("文件超过10 MB的上限，请拆分后分批导入")
        return upload


class FilterForm(Form):
    """The lists' filter: year, a kind or channel, free text. Bad values fall back to the defaults."""

    year = year_field(required=False)
    kind = forms.ChoiceField(label="类型", required=False)
    q = forms.CharField(label="名称", max_length=50, required=False)

    def __init__(self, *args: Any, kinds: Choices = (), kind_label: str = "类型", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        set_choices(self, "kind", _all(kinds))
        self.fields["kind"].label = kind_label

    def values(self) -> tuple[int, str, str]:
        this_year = timezone.localdate().year
        if not self.is_bound or not self.is_valid():
            return this_year, "", ""
        data = self.cleaned_data
        return data.get("year") or this_year, data.get("kind") or "", (data.get("q") or "").replace("\x00", "").strip()
