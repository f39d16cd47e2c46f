"""网上申报 (a household's own online application, national-practice.md §4): every valid submission from the
public page is kept with a receipt number, whether or not the applicant is found in the registry.

A registered applicant's application becomes an online lead at once (the township accepts it within
``accept_days``); an unregistered one waits for the township of the village the applicant named, which registers
the household and accepts it, or refuses it with a reason. The applicant reads the status with the receipt and
the last four ID digits; the wording never says whether the applicant was registered.

Other models are named by string ("monitoring.Lead"): ``monitoring.models`` imports this module."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core import receipts
from shoudi.core.models import BaseModel
from shoudi.monitoring import codes

RECEIPT_LENGTH = receipts.LENGTH


def new_receipt() -> str:
    """The model's default (named by migration 0006): one receipt number of ``core.receipts``."""
    return receipts.new_receipt()


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "待受理"
    ACCEPTED = "accepted", "已受理（转为线索）"
    UNREGISTERED = "unregistered", "未登记待核实"
    REGISTERED = "registered", "已登记并受理"
    REJECTED = "rejected", "不予受理"


OPEN_STATUSES = frozenset({ApplicationStatus.PENDING, ApplicationStatus.UNREGISTERED})


class Application(BaseModel):
    """One online application (网上申报) as the applicant sent it, and what the township did with it."""

    receipt = models.CharField("回执号", max_length=RECEIPT_LENGTH, unique=True, default=new_receipt, editable=False)
    submitted_at = models.DateTimeField("提交时间")
    name = models.CharField("申请人姓名", max_length=50)
    id_number = models.CharField("申请人身份证号", max_length=18, db_index=True)
    phone = models.CharField("联系电话", max_length=20)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name="所在村",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="已登记的申请人为其农户所在村，未登记的为申请人所选的村",
    )
    risk_hint = models.CharField("困难类型", max_length=30, choices=codes.RiskType.choices, blank=True)
    description = models.TextField("家庭遇到的困难")
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="匹配农户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead = models.OneToOneField(
        "monitoring.Lead",
        verbose_name="转成的线索",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices)
    reason = models.TextField("不予受理理由", blank=True)
    accept_due = models.DateField("受理期限")
    handled_on = models.DateField("办理日期", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "网上申报"
        verbose_name_plural = "网上申报"
        ordering = ["accept_due", "submitted_at"]
        indexes = [models.Index(fields=["village", "status"], name="application_village_status")]

    def __str__(self) -> str:
        return f"网上申报 {self.receipt}（{self.get_status_display()}）"

    @property
    def receipt_display(self) -> str:
        """ABCD EFGH JKLM: easier to read out and to copy down."""
        return " ".join(self.receipt[i : i + 4] for i in range(0, len(self.receipt), 4))
