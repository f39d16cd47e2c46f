"""Stored reports (月报, 年报) and assessment schemes (考核方案)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from shoudi.core.models import BaseModel


class Report(BaseModel):
    """A monthly or annual report of an area, stored with the time its data was read and the indicator
    versions; large areas are computed by the worker (``status`` moves queued → running → done/failed)."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "月报"
        ANNUAL = "annual", "年报"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "失败"

    kind = models.CharField("报表类型", max_length=10, choices=Kind.choices)
    area = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("报告期", max_length=7)
    period_start = models.DateField("报告期起")
    period_end = models.DateField("报告期止")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    data_time = models.DateTimeField("数据时间", null=True, blank=True)
    seconds = models.DecimalField("耗时（秒）", max_digits=10, decimal_places=3, default=0)
    indicator_versions = models.JSONField("指标版本", default=dict, blank=True)
    content = models.JSONField("报表内容", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)

    class Meta:
        verbose_name = "统计报表"
        verbose_name_plural = "统计报表"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["area", "kind", "period"], name="report_area_kind_period")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period} {self.get_kind_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class AssessmentScheme(BaseModel):
    """The scoring scheme of one year, set by an area for ranking the areas below it."""

    year = models.PositiveSmallIntegerField("考核年度", validators=[MinValueValidator(2021, "考核年度不早于2021年")])
    area = models.ForeignKey("regions.Region", verbose_name="制定区域", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("方案名称", max_length=100)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "area"]
        constraints = [models.UniqueConstraint(fields=["year", "area"], name="assessment_scheme_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class AssessmentItem(models.Model):
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.CharField("指标", max_length=60)
    weight = models.DecimalField("权重（分）", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "indicator"], name="assessment_item_once")]

    def __str__(self) -> str:
        return f"{self.indicator} ×{self.weight}"
