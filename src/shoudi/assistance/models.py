"""Assistance plans (帮扶计划), their measures, the risk → measure rule table, and follow-up visits."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from shoudi.core.models import BaseModel
from shoudi.monitoring import codes

USER = settings.AUTH_USER_MODEL


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    ACTIVE = "active", "实施中"
    DONE = "done", "已完成"
    STOPPED = "stopped", "已终止"


LIVE_MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.ACTIVE, MeasureStatus.DONE)


class Plan(BaseModel):
    """The assistance plan of a case, made by the township with the village (缺什么补什么)."""

    case = models.OneToOneField(
        "monitoring.Case", verbose_name="监测对象", on_delete=models.CASCADE, related_name="plan"
    )
    made_on = models.DateField("制定日期")
    summary = models.TextField("帮扶思路", blank=True)
    participants = models.CharField("参与制定", max_length=200, blank=True)

    class Meta:
        verbose_name = "帮扶计划"
        verbose_name_plural = "帮扶计划"

    def __str__(self) -> str:
        return f"帮扶计划 {self.made_on}"


class Measure(BaseModel):
    case = models.ForeignKey(
        "monitoring.Case", verbose_name="监测对象", on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField("措施类型", max_length=30, choices=codes.MeasureKind.choices)
    content = models.TextField("措施内容")
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="受益成员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True)
    amount = models.DecimalField(
        "金额（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "金额不能为负数")],
    )
    responsible_unit = models.CharField("责任单位", max_length=100)
    responsible_person = models.CharField("责任人", max_length=50)
    status = models.CharField("状态", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    before_identification = models.BooleanField("先帮扶后认定", default=False)

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ["start", "created_at"]
        indexes = [models.Index(fields=["case", "kind"], name="measure_case_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.content[:30]}"


class RiskMeasureRule(models.Model):
    """Which measure kinds answer a risk type or problem (data; loaded by a migration, editable by the county)."""

    risk_code = models.CharField("风险类型/问题", max_length=30, choices=codes.RISK_CODE_CHOICES)
    measure_kind = models.CharField("可对应措施", max_length=30, choices=codes.MeasureKind.choices)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "风险与措施对应规则"
        verbose_name_plural = "风险与措施对应规则"
        constraints = [models.UniqueConstraint(fields=["risk_code", "measure_kind"], name="risk_measure_once")]
        ordering = ["risk_code", "measure_kind"]

    def __str__(self) -> str:
        return f"{self.get_risk_code_display()} → {self.get_measure_kind_display()}"


def _photo_to(instance: Visit, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"visits/{instance.case_id}/{instance.id}.{suffix}"


class Visit(BaseModel):
    """A follow-up visit (回访): findings, an income update, a photo; may update the household's facts."""

    case = models.ForeignKey(
        "monitoring.Case", verbose_name="监测对象", on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField("走访日期")
    visitor = models.ForeignKey(
        USER, verbose_name="走访人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visitor_name = models.CharField("走访人姓名", max_length=150)
    findings = models.TextField("走访情况")
    income_note = models.CharField("收入变化", max_length=200, blank=True)
    changes = models.JSONField("更新的农户信息", default=dict, blank=True)
    photo = models.FileField("照片", upload_to=_photo_to, max_length=200, blank=True)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-created_at"]
        indexes = [models.Index(fields=["case", "visited_on"], name="visit_case_date")]

    def __str__(self) -> str:
        return f"走访 {self.visited_on}"
