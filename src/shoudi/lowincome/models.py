"""The register of the rural low-income population (农村低收入人口常态化帮扶台账).

- ``Membership``: one layer that 民政 decides (低保, 特困, 低保边缘, 刚性支出困难) held by one household over a
  period, with its deciding body, source and, for 低保, the 渐退期 end. 监测对象 (an open monitoring case) and
  脱贫户 (the registry's status) are read where they live, never copied here.
- ``Referral``: 转介 — a household that qualifies for a 民政 layer it does not hold, sent to 民政, whose decision
  is recorded back (by the 民政 clerk's page or by the 民政 feed).
- ``FollowUp``: a verification visit of a membership (跟踪核查) and its outcome: 继续保留 / 调整金额 / 渐退 / 停止;
  a stop is notified in writing and puts the household under early warning (a monitoring lead).
- ``Entitlement``: 待落实 — a member whose layer brings an entitlement (seed 003) that the department's data do
  not show, listed for the responsible department until it is delivered or found not to apply.

Every row carries its village, the key of area scoping (``core.access.in_area``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shoudi.accounts.roles import Department
from shoudi.core.models import BaseModel
from shoudi.lowincome import codes
from shoudi.registry.models import NON_NEGATIVE


class Membership(BaseModel):
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="low_income_layers"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    layer = models.CharField("类别", max_length=20, choices=codes.StoredLayer.choices)
    status = models.CharField(
        "状态", max_length=20, choices=codes.MembershipStatus.choices, default=codes.MembershipStatus.ACTIVE
    )
    started_on = models.DateField("纳入日期")
    ended_on = models.DateField("退出日期", null=True, blank=True)
    end_reason = models.CharField("退出原因", max_length=200, blank=True)
    phase_out_until = models.DateField("渐退期截止日期", null=True, blank=True)
    deciding_body = models.CharField("认定机关", max_length=50, default="县民政局")
    document_no = models.CharField("认定文号", max_length=50, blank=True)
    source = models.CharField("来源", max_length=20, choices=codes.Source.choices, default=codes.Source.PAGE)
    batch_ref = models.CharField("来源批次", max_length=100, blank=True)
    dibao_class = models.CharField("低保类别", max_length=2, choices=codes.DibaoClass.choices, blank=True)
    monthly_amount = models.DecimalField(
        "月救助金额（元）", max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    income_pattern = models.CharField(
        "收入状况",
        max_length=20,
        choices=codes.IncomePattern.choices,
        default=codes.IncomePattern.STABLE,
        help_text="决定核查周期：收入稳定的每年核查，收入不稳定或有劳动能力成员的每半年核查",
    )
    next_due = models.DateField("下次核查日期", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "低收入人口分层台账"
        verbose_name_plural = verbose_name
        ordering = ["village_id", "household_id", "layer"]
        indexes = [models.Index(fields=["village", "layer", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "layer"],
                condition=Q(ended_on__isnull=True),
                name="lowincome_one_open_membership_per_layer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_layer_display()}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Referral(BaseModel):
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="low_income_referrals"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    layer = models.CharField("转介类别", max_length=20, choices=codes.StoredLayer.choices)
    source = models.CharField(
        "转介来源", max_length=20, choices=codes.ReferralSource.choices, default=codes.ReferralSource.ASSESSMENT
    )
    referred_on = models.DateField("转介日期")
    reasons = models.JSONField("转介依据", default=list)
    per_capita_income = models.DecimalField("人均纯收入（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    as_of = models.DateField("测算日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=codes.ReferralStatus.choices, default=codes.ReferralStatus.PENDING
    )
    decided_on = models.DateField("认定日期", null=True, blank=True)
    decision_note = models.CharField("认定意见", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    membership = models.ForeignKey(
        Membership, verbose_name="纳入后的台账", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "转介民政"
        verbose_name_plural = verbose_name
        ordering = ["-referred_on", "village_id"]
        indexes = [models.Index(fields=["village", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "layer"],
                condition=Q(status="pending"),
                name="lowincome_one_pending_referral_per_layer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.get_layer_display()}"


class FollowUp(BaseModel):
    membership = models.ForeignKey(Membership, verbose_name="台账", on_delete=models.CASCADE, related_name="follow_ups")
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("核查日期")
    findings = models.TextField("家庭经济状况核查情况")
    outcome = models.CharField("处置结果", max_length=20, choices=codes.Outcome.choices)
    new_amount = models.DecimalField(
        "调整后月救助金额（元）", max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    phase_out_until = models.DateField("渐退期截止日期", null=True, blank=True)
    review_note = models.CharField("民主评议情况", max_length=300, blank=True)
    notice_no = models.CharField("书面告知编号", max_length=50, blank=True)
    notified_on = models.DateField("告知日期", null=True, blank=True)
    lead = models.ForeignKey(
        "monitoring.Lead",
        verbose_name="纳入预警的线索",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "跟踪核查"
        verbose_name_plural = verbose_name
        ordering = ["-visited_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.visited_on} {self.get_outcome_display()}"


class Entitlement(BaseModel):
    person = models.ForeignKey(
        "registry.Person", verbose_name="家庭成员", on_delete=models.CASCADE, related_name="low_income_entitlements"
    )
    household = models.ForeignKey("registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("待遇", max_length=30, choices=codes.EntitlementKind.choices)
    layer = models.CharField("依据类别", max_length=20)  # a policy.layers.Layer code (former_poor too)
    department = models.CharField("责任部门", max_length=30, choices=Department.choices)
    year = models.PositiveSmallIntegerField("年度")
    expected = models.CharField("应享标准", max_length=200)
    found = models.CharField("部门数据情况", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=codes.EntitlementStatus.choices, default=codes.EntitlementStatus.OPEN
    )
    found_on = models.DateField("发现日期")
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    note = models.CharField("办理情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "待落实待遇"
        verbose_name_plural = verbose_name
        ordering = ["status", "-found_on"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["village", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "year"], name="lowincome_one_entitlement_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_kind_display()} {self.year}"
