"""消费帮扶 ledgers: suppliers and the households they drive, recognised products, buyers and their yearly canteen
budgets, and purchases and sales by channel.

Every row belongs to the county that keeps it (``county``), the key of area scoping (``core.access.in_area``).
A buyer may sit outside the county (a partner city's unit, a central unit): it is still registered in the
county's ledger that records its purchases."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from shoudi.core.models import BaseModel
from shoudi.markets import codes
from shoudi.registry.models import NON_NEGATIVE


def money(label: str, **kw: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=NON_NEGATIVE, **kw)  # type: ignore[arg-type]


def quantity(label: str, **kw: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=3, validators=NON_NEGATIVE, **kw)  # type: ignore[arg-type]


class Supplier(BaseModel):
    county = models.ForeignKey("regions.Region", verbose_name="所属县", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "regions.Region", verbose_name="所在村", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("供应商名称", max_length=200)
    kind = models.CharField("主体类型", max_length=20, choices=codes.SupplierKind.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "消费帮扶供应商"
        verbose_name_plural = verbose_name
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="supplier_name_per_county")]

    def __str__(self) -> str:
        return self.name


class SupplierHousehold(models.Model):
    """A household a supplier buys from or employs (联农带农), the link the consumption figures reach households by."""

    supplier = models.ForeignKey(Supplier, verbose_name="供应商", on_delete=models.CASCADE, related_name="households")
    household = models.ForeignKey(
        "registry.Household", verbose_name="带动农户", on_delete=models.CASCADE, related_name="market_suppliers"
    )
    kind = models.CharField("带动方式", max_length=20, choices=codes.SupplierLinkKind.choices)
    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2000, "年度不能早于2000年")])
    amount = money("带动增收金额（元）", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "联农带农农户"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["supplier", "household", "kind", "year"], name="supplier_household_once")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} → {self.household_id}（{self.get_kind_display()}）"


class Product(BaseModel):
    county = models.ForeignKey(
        "regions.Region", verbose_name="产地县", on_delete=models.PROTECT, related_name="+", help_text="产品产地所在县"
    )
    supplier = models.ForeignKey(Supplier, verbose_name="供应商", on_delete=models.PROTECT, related_name="products")
    name = models.CharField("产品名称", max_length=200)
    category = models.CharField("产品类别", max_length=20, choices=codes.ProductCategory.choices)
    spec = models.CharField("规格", max_length=100, blank=True)
    unit = models.CharField("计量单位", max_length=20, default="公斤")
    price = money("参考价格（元）", null=True, blank=True)
    certificate_number = models.CharField("认定编号", max_length=60, blank=True)
    certifier = models.CharField("认定机构", max_length=100, blank=True)
    certified_from = models.DateField("认定有效期起", null=True, blank=True)
    certified_to = models.DateField("认定有效期止", null=True, blank=True)
    active = models.BooleanField("有效", default=True, help_text="停用的产品不能再登记或导入采购")

    class Meta:
        verbose_name = "消费帮扶产品"
        verbose_name_plural = verbose_name
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "name", "spec"], name="product_once_per_supplier"),
            models.CheckConstraint(
                condition=Q(certified_to__isnull=True)
                | Q(certified_from__isnull=True)
                | Q(certified_to__gte=models.F("certified_from")),
                name="product_certificate_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.spec}）" if self.spec else self.name


class Buyer(BaseModel):
    county = models.ForeignKey(
        "regions.Region", verbose_name="登记县", on_delete=models.PROTECT, related_name="+", help_text="记录其采购的县"
    )
    name = models.CharField("采购方名称", max_length=200)
    kind = models.CharField("采购方类型", max_length=20, choices=codes.BuyerKind.choices)
    location = models.CharField("所在地", max_length=100, blank=True, help_text="如：广东省东莞市")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "采购方"
        verbose_name_plural = verbose_name
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="buyer_name_per_county")]

    def __str__(self) -> str:
        return self.name


class BuyerYear(models.Model):
    """A budget unit's (or union's) year: its canteen food budget, against which the reserved share is measured."""

    buyer = models.ForeignKey(Buyer, verbose_name="采购方", on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2000, "年度不能早于2000年")])
    canteen_budget = money("年度食堂食材采购总额（元）")
    reserved_share = models.DecimalField(
        "预留份额比例",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="空则取县政策参数 consumption_reserved_share",
    )

    class Meta:
        verbose_name = "采购方年度预算"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["buyer", "year"], name="buyer_year_once")]

    def __str__(self) -> str:
        return f"{self.buyer_id} {self.year}年"


class Purchase(models.Model):
    """One purchase or sale of consumption-assistance produce, entered or imported from a platform's export."""

    county = models.ForeignKey("regions.Region", verbose_name="所属县", on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey(Buyer, verbose_name="采购方", on_delete=models.PROTECT, related_name="purchases")
    product = models.ForeignKey(Product, verbose_name="产品", on_delete=models.PROTECT, related_name="purchases")
    supplier = models.ForeignKey(Supplier, verbose_name="供应商", on_delete=models.PROTECT, related_name="purchases")
    channel = models.CharField("销售渠道", max_length=20, choices=codes.Channel.choices)
    platform = models.CharField("平台/门店名称", max_length=100, blank=True, help_text="如：832平台、东莞专馆")
    order_number = models.CharField("订单号", max_length=60, blank=True, help_text="导入时据此去重")
    date = models.DateField("采购日期")
    quantity = quantity("数量")
    amount = money("金额（元）")
    batch = models.CharField("导入批次", max_length=40, blank=True)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次修改加1，防止覆盖他人的修改")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "消费帮扶采购记录"
        verbose_name_plural = verbose_name
        ordering = ["-date"]
        indexes = [
            models.Index(fields=["county", "date"], name="purchase_county_date"),
            models.Index(fields=["county", "batch"], name="purchase_county_batch"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "channel", "platform", "order_number"],
                condition=~Q(order_number=""),
                name="purchase_order_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount}元"
