"""What identification checks beyond the steps themselves (seed 001 §监测对象; national-practice.md §4):

- ``DataCheckItem``: 信息比对 — one department record of the household (or one source without a record), frozen
  as the county saw it, with its mark 相符 / 不符 / 无记录;
- ``ExclusionDecision``: the gate of the exclusions — a 村民代表大会 decision or a finding that the fact is wrong,
  with the document behind it; without one a case with an exclusion fact cannot pass 民主评议. One recorded by
  mistake is withdrawn (kept, with date, reason and who) and covers nothing any more;
- ``Announcement`` / ``AnnouncementEntry``: 结果公告 — after 审定 the township announces the approved list in the
  village (never ID, phone, bank account or health).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel


class Mark(models.TextChoices):
    MATCH = "match", "相符"
    MISMATCH = "mismatch", "不符"
    NONE = "none", "无记录"


class DataCheckItem(models.Model):
    case = models.ForeignKey(
        "monitoring.Case", verbose_name="监测对象", on_delete=models.CASCADE, related_name="data_check_items"
    )
    transition = models.ForeignKey(
        "monitoring.CaseTransition",
        verbose_name="信息比对记录",
        on_delete=models.CASCADE,
        related_name="data_check_items",
    )
    source = models.CharField("数据来源", max_length=30)
    source_label = models.CharField("来源部门", max_length=30)
    record_key = models.CharField("记录标识", max_length=40)
    record_on = models.DateField("记录日期", null=True, blank=True)
    batch = models.CharField("来源批次", max_length=120, blank=True)
    person = models.CharField("涉及成员", max_length=50, blank=True)
    summary = models.CharField("记录内容", max_length=200)
    exclusion = models.CharField("对应的不纳入情形", max_length=60, blank=True)
    mark = models.CharField("比对结论", max_length=10, choices=Mark.choices)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "信息比对记录"
        verbose_name_plural = "信息比对记录"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source_label} {self.summary}（{self.get_mark_display()}）"

    @property
    def exclusion_hit(self) -> bool:
        return bool(self.exclusion) and self.mark == Mark.MATCH


class DecisionKind(models.TextChoices):
    ASSEMBLY = "assembly", "村民代表大会评议认定"
    NOT_FACT = "not_fact", "经核实情形不属实"


class ExclusionDecisionQuerySet(models.QuerySet["ExclusionDecision"]):
    def active(self) -> ExclusionDecisionQuerySet:
        """The decisions not withdrawn: only these cover exclusion facts."""
        return self.filter(withdrawn_on__isnull=True)


class ExclusionDecision(BaseModel):
    case = models.ForeignKey(
        "monitoring.Case", verbose_name="监测对象", on_delete=models.CASCADE, related_name="exclusion_decisions"
    )
    kind = models.CharField("认定方式", max_length=20, choices=DecisionKind.choices)
    facts = models.JSONField("涉及的不纳入情形", default=list)
    decided_on = models.DateField("会议或核实日期")
    attendance = models.PositiveIntegerField("参会人数", null=True, blank=True)
    votes_for = models.PositiveIntegerField("同意票数", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对票数", null=True, blank=True)
    note = models.TextField("评议或核实情况")
    attachment = models.ForeignKey(
        "monitoring.Attachment",
        verbose_name="会议记录或佐证材料",
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=500, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ExclusionDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "不纳入情形认定"
        verbose_name_plural = "不纳入情形认定"
        ordering = ["decided_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}{'（已撤回）' if self.is_withdrawn else ''}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class Announcement(BaseModel):
    village = models.ForeignKey("regions.Region", verbose_name="村", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("公告类型", max_length=20)  # a codes.NoticeKind of a case procedure
    posted_on = models.DateField("公告日期")
    issuer = models.CharField("公告单位", max_length=100)
    hotline = models.CharField("监督电话", max_length=100, blank=True)

    class Meta:
        verbose_name = "结果公告"
        verbose_name_plural = "结果公告"
        ordering = ["-posted_on", "-created_at"]

    def __str__(self) -> str:
        return f"结果公告 {self.posted_on}"


class AnnouncementEntry(models.Model):
    """One approved household, as printed: head's name, size, type, the decision's date. Nothing private."""

    announcement = models.ForeignKey(
        Announcement, verbose_name="结果公告", on_delete=models.CASCADE, related_name="entries"
    )
    case = models.ForeignKey(
        "monitoring.Case", verbose_name="监测对象", on_delete=models.PROTECT, related_name="announcement_entries"
    )
    head_name = models.CharField("户主姓名", max_length=50)
    size = models.PositiveSmallIntegerField("家庭人口")
    category = models.CharField("监测对象类型", max_length=20, blank=True)
    decided_on = models.DateField("审定日期")
    decided_by = models.CharField("审定单位", max_length=100)

    class Meta:
        verbose_name = "结果公告名单"
        verbose_name_plural = "结果公告名单"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "case"], name="announcement_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.head_name}（{self.size}人）"
