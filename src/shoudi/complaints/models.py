"""投诉举报: a complaint or report from the 12317 hotline, a letter, a visit or the public page, routed to the
township it concerns and tracked to an outcome within the policy's deadline (``complaint_days``); its history
is one status-change row per step (``ComplaintChange``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.complaints import codes
from shoudi.core.models import BaseModel, StatusChange
from shoudi.core.receipts import shown


class Complaint(BaseModel):
    receipt = models.CharField("回执编号", max_length=12, unique=True, editable=False)
    source = models.CharField("来源", max_length=20, choices=codes.Source.choices)
    kind = models.CharField("类别", max_length=20, choices=codes.Kind.choices)
    received_on = models.DateField("收到日期")
    # anonymous when both are empty; the phone is shown in full only to roles that may see phones
    reporter_name = models.CharField("反映人姓名", max_length=50, blank=True)
    reporter_phone = models.CharField("反映人电话", max_length=20, blank=True)
    # the area it concerns: the township handles it (the filter of every read), the village when known
    township = models.ForeignKey("regions.Region", verbose_name="所属乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "regions.Region", verbose_name="所属村", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="涉及农户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    content = models.TextField("反映内容")
    due_on = models.DateField("办理期限")
    status = models.CharField("状态", max_length=20, choices=codes.Status.choices, default=codes.Status.PENDING)
    status_on = models.DateField("状态日期")
    outcome = models.CharField("核查结果", max_length=20, choices=codes.Outcome.choices, blank=True)
    handling = models.TextField("办理情况", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback = models.TextField("反馈内容", blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    lead = models.ForeignKey(
        "monitoring.Lead",
        verbose_name="转为的风险线索",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["township", "status"], name="complaint_township_status"),
            models.Index(fields=["township", "received_on"], name="complaint_township_received"),
        ]

    def __str__(self) -> str:
        # no receipt number and nothing of the reporter: this names the complaint in the audit log
        return f"投诉举报（{self.get_source_display()}，{self.received_on:%Y-%m-%d}）"

    @property
    def receipt_shown(self) -> str:
        return shown(self.receipt)

    @property
    def anonymous(self) -> bool:
        return not self.reporter_name and not self.reporter_phone

    @property
    def is_open(self) -> bool:
        return self.status in codes.OPEN_STATUSES


class ComplaintChange(StatusChange):
    """One step of a complaint (the shared status-change row): taken up, closed with its outcome, feedback
    given, turned into a risk lead."""

    complaint = models.ForeignKey(Complaint, verbose_name="投诉举报", on_delete=models.CASCADE, related_name="changes")

    class Meta(StatusChange.Meta):
        verbose_name = "投诉举报办理记录"
        verbose_name_plural = "投诉举报办理记录"
