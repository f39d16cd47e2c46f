"""一户一码: each household's random, revocable code (the QR code on the card at its door) and the reports made
by scanning it.

- ``HouseholdCode``: a token made by ``secrets`` (never the ID or household number); at most one active code per
  household (a partial unique constraint); revoking keeps the row with who, when and why.
- ``CodeReport``: one report from the public page — the kind of trouble, one sentence, an optional phone (kept
  here only, never copied into the lead) — and the lead (农户自主申报) it became.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shoudi.core.models import BaseModel
from shoudi.hhcodes.codes import MAX_TEXT, Trouble

USER = settings.AUTH_USER_MODEL


class HouseholdCode(BaseModel):
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="household_codes"
    )
    token = models.CharField("二维码令牌", max_length=64, unique=True)
    issued_at = models.DateTimeField("生成时间")
    issued_by = models.ForeignKey(
        USER, verbose_name="生成人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, verbose_name="作废人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "一户一码"
        verbose_name_plural = "一户一码"
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(revoked_at__isnull=True),
                name="hhcode_one_active_per_household",
                violation_error_message="该户已有有效的二维码，请刷新后查看",
            )
        ]

    def __str__(self) -> str:
        state = "有效" if self.active else "已作废"
        return f"{self.household.number} 一户一码（{state}）"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class CodeReport(BaseModel):
    code = models.ForeignKey(HouseholdCode, verbose_name="二维码", on_delete=models.PROTECT, related_name="reports")
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="code_reports"
    )
    submitted_at = models.DateTimeField("申报时间", db_index=True)
    trouble = models.CharField("困难类型", max_length=20, choices=Trouble.choices)
    text = models.CharField("困难情况", max_length=MAX_TEXT)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    # the random value of the form the household opened: the same form sent twice is one report
    nonce = models.CharField("表单编号", max_length=64, blank=True)
    lead = models.ForeignKey(
        "monitoring.Lead", verbose_name="风险线索", on_delete=models.PROTECT, related_name="code_reports"
    )

    class Meta:
        verbose_name = "扫码申报"
        verbose_name_plural = "扫码申报"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "nonce"],
                condition=~Q(nonce=""),
                name="hhcode_report_once",
                violation_error_message="这份申报已经提交过了",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household.number} 扫码申报 {self.submitted_at:%Y-%m-%d}"
