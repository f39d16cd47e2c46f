"""Builders for the register's tests and the area sweep (src/shoudi/core/tests/test_area_sweep.py).

- ``civil_clerk()``: the county's 民政 clerk (a department clerk of 民政), who keeps the register and decides.
- ``standards()``: the monitoring line and the county's 低保 standard (and last year's disposable income).
- ``household_at(per_capita)``: a household whose per-capita net income over the last 24 months is that.
- ``referral(household)`` / ``membership(household)``: a real row of village A for the sweep — written straight
  with the ORM (the sweep is about reads), the same object on every call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.accounts.roles import Department, Role
from shoudi.lowincome import codes
from shoudi.lowincome.models import FollowUp, Membership, Referral
from shoudi.monitoring import policy_bridge
from shoudi.monitoring.testing.builders import monthly_income, setup_policy
from shoudi.registry.models import Household
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members, make_user

DIBAO_MONTHLY = Decimal("500")  # 6,000 元 a year; the monitoring line of the tests is 6,320
SWEEP_DAY = dt.date(2026, 1, 5)


def civil_clerk(username: str = "civil_clerk") -> Any:
    return make_user(username, Role.DEPT_CLERK, COUNTY, full_name="县民政局数据员", department=Department.CIVIL_AFFAIRS)


def standards(dibao_monthly: Decimal = DIBAO_MONTHLY, *, disposable: Decimal | None = None) -> None:
    """The monitoring line (test data), the county's 低保 standard from 2020 and, when given, last year's rural
    per-capita disposable income of the county."""
    setup_policy()
    policy_bridge.store_param(
        "dibao_standard_monthly", COUNTY, dibao_monthly, valid_from=dt.date(2020, 1, 1), source="测试数据：县低保标准"
    )
    if disposable is not None:
        policy_bridge.store_param(
            "rural_disposable_income", COUNTY, disposable, valid_from=dt.date(2020, 1, 1), source="测试数据"
        )


def household_at(per_capita: Decimal | str, *, village: str = VILLAGE_A, size: int = 3, **fields: Any) -> Household:
    """``size`` members earning ``per_capita`` each a year (as one monthly income of the household)."""
    household = household_with_members(village, size=size, **fields)
    monthly_income(household, per_month=(Decimal(per_capita) * size / 12).quantize(Decimal("0.01")))
    return household


def referral(household: Household) -> Referral:
    found = Referral.objects.filter(household=household, layer=codes.StoredLayer.DIBAO_EDGE).first()
    return found or Referral.objects.create(
        household=household,
        village_id=household.village_id,
        layer=codes.StoredLayer.DIBAO_EDGE,
        source=codes.ReferralSource.STAFF,
        referred_on=SWEEP_DAY,
        reasons=["区域检查"],
    )


def membership(household: Household) -> Membership:
    found = Membership.objects.filter(household=household, layer=codes.StoredLayer.TEKUN).first()
    return found or Membership.objects.create(
        household=household, village_id=household.village_id, layer=codes.StoredLayer.TEKUN, started_on=SWEEP_DAY
    )


def followup(household: Household) -> FollowUp:
    """A 停止 follow-up of village A's membership (the only kind with a notice page)."""
    found = FollowUp.objects.filter(membership__household=household).first()
    held = membership(household)
    return found or FollowUp.objects.create(
        membership=held,
        village_id=household.village_id,
        visited_on=SWEEP_DAY,
        findings="区域检查",
        outcome=codes.Outcome.STOP,
        review_note="区域检查",
        notice_no="区域检查-1",
        notified_on=SWEEP_DAY,
    )
