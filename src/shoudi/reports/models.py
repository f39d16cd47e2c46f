"""Stored reports (月报, 年报) and appraisal schemes (考核方案: how areas are scored and ranked; not 农户评估, the
assessment of a household)."""

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
    job = models.ForeignKey(
        "jobs.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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


class Mode(models.TextChoices):
    """How an appraisal's result is given: a ranking (Guangxi: 「考核排名落后」 areas are interviewed) or grades
    without a ranking (Tongren: 「考核结果不进行排名，实行“好”“中”“差”等次」)."""

    RANKED = "ranked", "排名"
    GRADED = "graded", "“好”“中”“差”等次（不排名）"


class Grade(models.TextChoices):
    GOOD = "good", "好"
    FAIR = "fair", "中"
    POOR = "poor", "差"


class AppraisalScheme(BaseModel):
    """The appraisal scheme (考核方案) of one year, set by an area for scoring the areas below it: ranked, or
    graded 好/中/差 by two thresholds on the total score."""

    year = models.PositiveSmallIntegerField("考核年度", validators=[MinValueValidator(2021, "考核年度不早于2021年")])
    area = models.ForeignKey("regions.Region", verbose_name="制定区域", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("方案名称", max_length=100)
    note = models.TextField("说明", blank=True)
    mode = models.CharField("结果形式", max_length=10, choices=Mode.choices, default=Mode.RANKED)
    good_from = models.DecimalField("“好”等次最低得分", max_digits=8, decimal_places=2, null=True, blank=True)
    fair_from = models.DecimalField("“中”等次最低得分", max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "area"]
        constraints = [models.UniqueConstraint(fields=["year", "area"], name="appraisal_scheme_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class AppraisalItem(models.Model):
    """One indicator of an appraisal scheme: its weight, whether higher or lower is better, and the target."""

    scheme = models.ForeignKey(AppraisalScheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="items")
    indicator = models.CharField("指标", max_length=60)
    weight = models.DecimalField("权重（分）", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "indicator"], name="appraisal_item_once")]

    def __str__(self) -> str:
        return f"{self.indicator} ×{self.weight}"


class IncomeMonth(models.Model):
    """Net income and person-months of a village's households in one month (村月度收支汇总), 脱贫户 apart.

    Derived from the registry's finance records by ``reports.income``; the income indicators read these
    rows, so a province's monthly report adds up tens of thousands of rows instead of 70 million."""

    village = models.ForeignKey("regions.Region", verbose_name="村", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份")
    former_poor = models.BooleanField("脱贫户")
    net = models.DecimalField("纯收入（元）", max_digits=16, decimal_places=2)
    person_months = models.PositiveIntegerField("有收支记录的人月数")

    class Meta:
        verbose_name = "村月度收支汇总"
        verbose_name_plural = "村月度收支汇总"
        constraints = [
            models.UniqueConstraint(fields=["village", "month", "former_poor"], name="income_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.month:%Y-%m} {'脱贫户' if self.former_poor else '其他农户'}"


class IncomeRefresh(models.Model):
    """An area whose income summary was rebuilt whole, and when (收支汇总刷新记录)."""

    area = models.OneToOneField(
        "regions.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    refreshed_at = models.DateTimeField("刷新时间")
    seconds = models.DecimalField("耗时（秒）", max_digits=10, decimal_places=3, default=0)

    class Meta:
        verbose_name = "收支汇总刷新记录"
        verbose_name_plural = "收支汇总刷新记录"

    def __str__(self) -> str:
        return f"{self.area_id} {self.refreshed_at:%Y-%m-%d %H:%M}"


class IncomeDirty(models.Model):
    """A village whose finance, members or household type changed since its summary was built (待刷新)."""

    village = models.OneToOneField(
        "regions.Region", verbose_name="村", on_delete=models.CASCADE, related_name="+", primary_key=True
    )

    class Meta:
        verbose_name = "待刷新收支汇总的村"
        verbose_name_plural = "待刷新收支汇总的村"

    def __str__(self) -> str:
        return self.village_id
