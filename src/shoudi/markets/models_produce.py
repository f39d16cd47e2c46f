"""农副产品滞销监测预警: a county's key products, their series of price, output, stock and sales (weekly or monthly),
who grows them, the warnings the check raises, and the response taken (seed 001: 强化预警妥善应对农副产品滞销).

``Commodity`` is a product as a market good (猕猴桃, 生猪), not a certified product of a supplier; it may name the
certified ``Product`` rows it covers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel
from shoudi.markets import codes
from shoudi.markets.models_consumption import money, quantity


class Commodity(BaseModel):
    county = models.ForeignKey("regions.Region", verbose_name="所属县", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("重点农产品", max_length=50)
    category = models.CharField("产品类别", max_length=20, choices=codes.ProductCategory.choices)
    keywords = models.CharField(
        "别名/关键词", max_length=200, blank=True, help_text="以顿号或逗号分隔，用于在项目库中查找相关产业项目"
    )
    unit = models.CharField("数量单位", max_length=20, default="吨")
    price_unit = models.CharField("价格单位", max_length=20, default="元/公斤")
    frequency = models.CharField("采集频率", max_length=10, choices=codes.Frequency.choices, default="week")
    products = models.ManyToManyField(
        "markets.Product", verbose_name="对应消费帮扶产品", blank=True, related_name="commodities"
    )
    active = models.BooleanField("监测中", default=True)

    class Meta:
        verbose_name = "重点农产品"
        verbose_name_plural = verbose_name
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="commodity_name_per_county")]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One period of a commodity's series: the period starts on a Monday (week) or the 1st (month)."""

    commodity = models.ForeignKey(
        Commodity, verbose_name="重点农产品", on_delete=models.CASCADE, related_name="observations"
    )
    period_start = models.DateField("期初日期")
    price = money("价格", null=True, blank=True)
    output = quantity("产量", null=True, blank=True)
    stock = quantity("库存量", null=True, blank=True)
    sales = quantity("销量", null=True, blank=True)
    source = models.CharField(
        "来源", max_length=20, choices=codes.ObservationSource.choices, default=codes.ObservationSource.ENTERED
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "价格产销数据"
        verbose_name_plural = verbose_name
        ordering = ["commodity", "period_start"]
        constraints = [models.UniqueConstraint(fields=["commodity", "period_start"], name="observation_once")]

    def __str__(self) -> str:
        return f"{self.commodity_id} {self.period_start}"


class Grower(models.Model):
    """Who grows a key product: a household of the registry, or a cooperative / enterprise among the suppliers."""

    commodity = models.ForeignKey(
        Commodity, verbose_name="重点农产品", on_delete=models.CASCADE, related_name="growers"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household", verbose_name="种养农户", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    supplier = models.ForeignKey(
        "markets.Supplier",
        verbose_name="合作社/企业",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grown",
    )
    scale = quantity("种养规模", null=True, blank=True)
    scale_unit = models.CharField("规模单位", max_length=20, blank=True, help_text="如：亩、头、羽")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "种养主体"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=models.Q(household__isnull=False) | models.Q(supplier__isnull=False),
                name="grower_is_household_or_supplier",
            ),
            models.UniqueConstraint(fields=["commodity", "household"], name="grower_household_once"),
            models.UniqueConstraint(fields=["commodity", "supplier"], name="grower_supplier_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commodity_id} @ {self.village_id}"


class CheckRun(models.Model):
    """One run of the unsold-produce check over an area: its engine, size and time."""

    area = models.ForeignKey("regions.Region", verbose_name="范围", on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField("检查截至日期")
    engine = models.CharField("引擎", max_length=20)
    series = models.PositiveIntegerField("序列数", default=0)
    rows = models.PositiveIntegerField("数据行数", default=0)
    raised = models.PositiveIntegerField("新增预警数", default=0)
    seconds = models.FloatField("用时（秒）", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "滞销预警检查"
        verbose_name_plural = verbose_name
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.area_id} {self.as_of}"


class ProduceWarning(BaseModel):
    commodity = models.ForeignKey(
        Commodity, verbose_name="重点农产品", on_delete=models.PROTECT, related_name="warnings"
    )
    period_start = models.DateField("预警期")
    kind = models.CharField("预警类型", max_length=20, choices=codes.WarningKind.choices)
    value = models.DecimalField("本期值", max_digits=16, decimal_places=3)
    reference = models.DecimalField("参照值", max_digits=16, decimal_places=3, help_text="前三年同期均价或正常周销量")
    ratio = models.DecimalField("比值", max_digits=10, decimal_places=4)
    status = models.CharField(
        "处置状态", max_length=20, choices=codes.WarningStatus.choices, default=codes.WarningStatus.OPEN
    )
    run = models.ForeignKey(
        CheckRun, verbose_name="检查批次", null=True, blank=True, on_delete=models.SET_NULL, related_name="warnings"
    )
    closed_on = models.DateField("解除日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "滞销预警"
        verbose_name_plural = verbose_name
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["commodity", "period_start", "kind"], name="produce_warning_once")
        ]


class WarningResponse(models.Model):
    warning = models.ForeignKey(
        ProduceWarning, verbose_name="滞销预警", on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField("处置措施", max_length=20, choices=codes.ResponseKind.choices)
    date = models.DateField("日期")
    buyer = models.ForeignKey(
        "markets.Buyer", verbose_name="采购方", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quantity = quantity("销售/收储数量", null=True, blank=True)
    amount = money("金额（元）", null=True, blank=True)
    note = models.CharField("情况说明", max_length=500)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "滞销处置措施"
        verbose_name_plural = verbose_name
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
