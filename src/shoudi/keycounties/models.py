"""乡村振兴重点帮扶县 ledgers: the designation of a county (national or provincial list), its support measures
and the indicator values entered with their source (the computed ones are never stored: see ``indicators``)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shoudi.core.models import BaseModel
from shoudi.keycounties.codes import Level, MeasureCategory, MeasureStatus

YEAR_MIN, YEAR_MAX = 2021, 2100
YEAR_VALIDATORS = [
    MinValueValidator(YEAR_MIN, "年度应在2021年（过渡期开始）以后"),
    MaxValueValidator(YEAR_MAX, "年度无效"),
]


class KeyCounty(BaseModel):
    """A county on the national or the provincial list of 乡村振兴重点帮扶县, from the year of its designation
    until it is taken off (``removed_on`` with the reason). One active designation per county and level."""

    county = models.ForeignKey(
        "regions.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="key_designations"
    )
    level = models.CharField("类别", max_length=20, choices=Level.choices)
    designated_year = models.PositiveSmallIntegerField("认定年度", validators=YEAR_VALIDATORS)
    document_no = models.CharField("认定文号", max_length=100)
    source = models.CharField("认定机关或文件", max_length=200)
    active_until = models.PositiveSmallIntegerField(
        "帮扶期至（年）", null=True, blank=True, validators=YEAR_VALIDATORS, help_text="如过渡期末 2025"
    )
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removed_reason = models.CharField("移出原因", max_length=300, blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "乡村振兴重点帮扶县"
        verbose_name_plural = "乡村振兴重点帮扶县"
        ordering = ["county_id", "-designated_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "level"], condition=Q(removed_on__isnull=True), name="keycounty_active_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county.name}（{self.get_level_display()}）"

    @property
    def active(self) -> bool:
        return self.removed_on is None


class SupportMeasure(BaseModel):
    """One support measure (帮扶措施) of a key county in a year: what, who is responsible, how far it has got."""

    key_county = models.ForeignKey(
        KeyCounty, verbose_name="重点帮扶县", on_delete=models.CASCADE, related_name="measures"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    category = models.CharField("类别", max_length=20, choices=MeasureCategory.choices)
    title = models.CharField("措施名称", max_length=200)
    responsible_unit = models.CharField("责任单位", max_length=100)
    content = models.TextField("主要内容", max_length=2000, blank=True)
    status = models.CharField("进展状态", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    progress_note = models.TextField("进展说明", max_length=1000, blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "重点帮扶县支持措施"
        verbose_name_plural = "重点帮扶县支持措施"
        ordering = ["-year", "category", "title"]
        indexes = [models.Index(fields=["key_county", "year"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class IndicatorValue(BaseModel):
    """An indicator value of a key county and year entered by the county with its source (统计局 survey, the
    partner's ledger…). For a computed indicator it replaces the system's figure and is shown as such."""

    key_county = models.ForeignKey(
        KeyCounty, verbose_name="重点帮扶县", on_delete=models.CASCADE, related_name="indicator_values"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEAR_VALIDATORS)
    code = models.CharField("指标代码", max_length=40)
    value = models.DecimalField("数值", max_digits=16, decimal_places=2)
    source = models.CharField("数据来源", max_length=200)
    note = models.CharField("说明", max_length=300, blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "重点帮扶县指标填报值"
        verbose_name_plural = "重点帮扶县指标填报值"
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["key_county", "year", "code"], name="keycounty_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.code} = {self.value}"
