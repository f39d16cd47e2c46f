"""The project library (衔接资金项目库): projects, their funds, targets, payments and every step of their life."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum

from shoudi.core.models import BaseModel, StatusChange
from shoudi.projects.codes import FundSource, ProjectKind, ProjectLevel, TargetCategory, TargetDirection

NON_NEGATIVE = [MinValueValidator(Decimal(0), message="金额不能为负数")]


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    SUBMITTED = "submitted", "已申报待乡镇审核"
    REVIEWED = "reviewed", "乡镇审核通过待县级审定"
    IN_LIBRARY = "in_library", "已入库"
    PLANNED = "planned", "已纳入年度计划"
    IMPLEMENTING = "implementing", "实施中"
    COMPLETED = "completed", "已完工待验收"
    ACCEPTED = "accepted", "已验收"
    EVALUATED = "evaluated", "已绩效评价"
    EXITED = "exited", "已出库"


class Project(BaseModel):
    code = models.CharField("项目编号", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=200)
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2013, "年度应在2013年以后"), MaxValueValidator(2100, "年度无效")]
    )
    level = models.CharField("项目库级别", max_length=10, choices=ProjectLevel.choices)
    area = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="projects", db_index=True
    )
    kind = models.CharField("项目类型", max_length=30, choices=ProjectKind.choices)
    relief_work = models.BooleanField(
        "以工代赈", default=False, help_text="采取以工代赈方式实施，吸纳当地群众务工并发放劳务报酬"
    )
    implementing_unit = models.CharField("实施单位", max_length=200)
    content = models.TextField("建设内容及规模", blank=True)
    benefit_households = models.PositiveIntegerField("受益户数", default=0)
    benefit_people = models.PositiveIntegerField("受益人数", default=0)
    benefit_poor_households = models.PositiveIntegerField("其中脱贫户和监测户户数", default=0)
    benefit_mechanism = models.TextField("联农带农机制", blank=True)
    planned_start = models.DateField("计划开工日期", null=True, blank=True)
    planned_end = models.DateField("计划完工日期", null=True, blank=True)
    actual_start = models.DateField("实际开工日期", null=True, blank=True)
    actual_end = models.DateField("实际完工日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        "实施进度（%）", default=0, validators=[MaxValueValidator(100, "进度不能超过100%")]
    )
    exit_reason = models.CharField("出库原因", max_length=30, blank=True)
    exit_note = models.CharField("出库说明", max_length=500, blank=True)
    evaluation = models.TextField("绩效评价结论", blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-year", "code"]
        indexes = [models.Index(fields=["year", "status"], name="project_year_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def budget_total(self) -> Decimal:
        return self.fundings.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")

    @property
    def paid_total(self) -> Decimal:
        return self.payments.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


class ProjectFunding(models.Model):
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField("资金来源", max_length=20, choices=FundSource.choices)
    amount = models.DecimalField("计划投入（元）", max_digits=14, decimal_places=2, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = "项目资金"
        verbose_name_plural = "项目资金"
        constraints = [models.UniqueConstraint(fields=["project", "source"], name="project_funding_unique_source")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class PerformanceTarget(models.Model):
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="targets")
    category = models.CharField(
        "指标类别", max_length=20, choices=TargetCategory.choices, default=TargetCategory.OUTPUT
    )
    indicator = models.CharField("绩效指标", max_length=200)
    direction = models.CharField(
        "目标方向", max_length=10, choices=TargetDirection.choices, default=TargetDirection.AT_LEAST
    )
    target_value = models.DecimalField("目标值", max_digits=14, decimal_places=2)
    unit = models.CharField("计量单位", max_length=20)
    actual_value = models.DecimalField("实际完成值", max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "绩效目标"
        verbose_name_plural = "绩效目标"
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.get_direction_display()}{self.target_value}{self.unit}"

    @property
    def met(self) -> bool | None:
        if self.actual_value is None:
            return None
        if self.direction == TargetDirection.AT_MOST:
            return self.actual_value <= self.target_value
        return self.actual_value >= self.target_value


class ProjectPayment(models.Model):
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="payments")
    source = models.CharField("资金来源", max_length=20, choices=FundSource.choices)
    amount = models.DecimalField("支付金额（元）", max_digits=14, decimal_places=2, validators=NON_NEGATIVE)
    paid_on = models.DateField("支付日期")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "资金支付"
        verbose_name_plural = "资金支付"
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.get_source_display()} {self.amount}"


class ProjectStep(StatusChange):
    """One step of a project's life (the shared status-change row: who, when, from → to, the opinion in
    ``reason``, what was entered in ``payload``, the project as it stood in ``snapshot``). The public notice
    period stays in two date columns: the notice pages list and order the steps by it."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="steps")
    notice_from = models.DateField("公示开始日期", null=True, blank=True)
    notice_to = models.DateField("公示结束日期", null=True, blank=True)

    class Meta(StatusChange.Meta):
        verbose_name = "项目流程记录"
        verbose_name_plural = "项目流程记录"

    def __str__(self) -> str:
        return f"{self.project.code} {self.label or self.action}"

    @property
    def from_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(value: str) -> str:
    return str(ProjectStatus(value).label) if value in ProjectStatus.values else value
