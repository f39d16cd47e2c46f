"""Distribution plans for collective asset income: 村集体提方案 → 乡镇审批 → 县级备案, with the democratic decision
and the public notice recorded; allowed uses in the national priority order, banned uses refused. The steps run
on ``assets.workflow.PLAN``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from shoudi.assets import codes, workflow
from shoudi.assets.models import Asset, AssetIncome, IncomePlan, IncomePlanItem, PlanStatus
from shoudi.assets.services.common import asset_snapshot, bounded, cents, object_snapshot
from shoudi.assets.services.disposals import check_decision, notice_dates
from shoudi.assets.services.inputs import Decision, PlanItemInput
from shoudi.core.access import VILLAGE, Capability, require, require_level
from shoudi.core.audit import audited_create
from shoudi.core.workflow import Step
from shoudi.monitoring import policy_bridge
from shoudi.regions.models import Region

PLAN_FIELDS = [
    "year",
    "village",
    "amount",
    "status",
    "decision_body",
    "decided_on",
    "attendees",
    "votes_for",
    "notice_from",
    "notice_to",
    "note",
]
COLLECTIVE_OWNERS = (codes.OwnerType.COLLECTIVE, codes.OwnerType.COLLECTIVES)
BANNED_LABELS = {str(label) for label in codes.BannedUse.labels}
NOTICE_DAYS = "notice_days_asset_income"  # policy parameter: the plan's notice runs at least this many days


def check_use(value: str, field: str = "items") -> str:
    """An allowed use's code; a banned use (by code or label) is refused by name."""
    raw = (value or "").strip()
    if raw in codes.BannedUse.values or raw in BANNED_LABELS:
        label = codes.BannedUse(raw).label if raw in codes.BannedUse.values else raw
        raise ValidationError({field: f"资产收益不得用于“{label}”"})
    if raw not in codes.IncomeUse.values:
        raise ValidationError({field: f"收益用途“{raw}”不在可选范围内"})
    return raw


def owner_share(asset: Asset, village_code: str) -> Decimal:
    """The share (%) of ``village_code``'s collective in ``asset``; 0 if it is not an owner."""
    row = asset.owners.filter(collective_village_id=village_code).first()
    return row.share if row else Decimal(0)


def available_income(asset: Asset, village_code: str, year: int, *, exclude: IncomePlan | None = None) -> Decimal:
    """This collective's part of the year's recorded income, less what its other live plans already distribute."""
    income = AssetIncome.objects.filter(asset=asset, received_on__year=year).aggregate(s=Sum("amount"))["s"]
    mine = ((income or Decimal(0)) * owner_share(asset, village_code) / 100).quantize(Decimal("0.01"))
    others = IncomePlan.objects.filter(asset=asset, village_id=village_code, year=year).exclude(
        status=PlanStatus.REJECTED
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    used = others.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return mine - used


def _items(items: Sequence[PlanItemInput]) -> list[IncomePlanItem]:
    if not items:
        raise ValidationError({"items": "请至少填写一项收益用途"})
    rows = []
    for n, item in enumerate(items, start=1):
        use = check_use(item.use)
        amount = cents(item.amount, "items", f"第{n}项用途的金额")
        if amount <= 0:
            raise ValidationError({"items": f"第{n}项用途的金额必须大于0"})
        if item.beneficiaries < 0:
            raise ValidationError({"items": f"第{n}项用途的受益人数不能为负数"})
        description = bounded(item.description, "items", f"第{n}项用途的具体内容", max_length=300)
        rows.append(IncomePlanItem(use=use, amount=amount, beneficiaries=item.beneficiaries, description=description))
    rows.sort(key=lambda r: codes.INCOME_USE_PRIORITY[codes.IncomeUse(r.use)])
    return rows


def income_plan_create(
    *, by: Any, asset: Asset, year: int, items: Sequence[PlanItemInput], note: str = ""
) -> IncomePlan:
    """A draft plan by the village collective of the proposer's village (村集体提方案)."""
    # the proposer's own village collective must be an owner (cross-village assets may lie in another village)
    require(by, Capability.PROPOSE_INCOME_PLANS)
    require_level(by, VILLAGE, "收益分配方案")
    if asset.owner_type not in COLLECTIVE_OWNERS:
        if asset.owner_type == codes.OwnerType.STATE:
            raise ValidationError("国有资产收益按国有资产管理规定分配使用，不走村集体分配流程")
        raise ValidationError("资产尚未确权到村集体，不能制定村集体收益分配方案")
    village = Region.objects.get(pk=by.area_id)
    if owner_share(asset, village.code) <= 0:
        raise ValidationError(f"{village.name}集体不是该资产的所有权人")
    if not 2013 <= year <= 2100:
        raise ValidationError({"year": "收益年度应为2013–2100之间的年份"})
    rows = _items(items)
    amount = sum((r.amount for r in rows), Decimal(0))
    plan = IncomePlan(
        asset=asset, village=village, year=year, amount=amount, note=bounded(note, "note", "说明", max_length=2000)
    )
    with transaction.atomic():
        available = available_income(asset, village.code, plan.year)
        if amount > available:
            raise ValidationError(
                {"items": f"分配总额{amount}元超过本村集体{plan.year}年可分配收益{max(available, Decimal(0)):.2f}元"}
            )
        plan.save()
        for row in rows:
            row.plan = plan
        IncomePlanItem.objects.bulk_create(rows)
        audited_create(plan, by=by, snapshot_of=plan_snapshot, area_code=village.code)
    return plan


def plan_snapshot(plan: IncomePlan) -> dict[str, Any]:
    items = [
        f"{n}. {i.get_use_display()} {i.amount:.2f}元 受益{i.beneficiaries}人 {i.description}".strip()
        for n, i in enumerate(plan.items.all(), start=1)
    ]
    return object_snapshot(plan, PLAN_FIELDS, {"用途": items})


def step_snapshot(plan: IncomePlan) -> dict[str, Any]:
    return {"资产": asset_snapshot(plan.asset), "收益分配方案": plan_snapshot(plan)}


def income_plan_propose(
    *,
    by: Any,
    plan: IncomePlan,
    decision: Decision,
    notice_from: dt.date,
    notice_to: dt.date,
    reason: str = "",
) -> IncomePlan:
    """Submit to the township, with the village's democratic decision and the notice period (no shorter than
    the ``notice_days_asset_income`` parameter, and not starting before the decision it announces)."""
    carried = check_decision(decision, what="方案未通过民主决策")
    values = {
        "decision_body": carried.body,
        "decided_on": carried.decided_on,
        "attendees": carried.attendees,
        "votes_for": carried.votes_for,
        **plan_notice_dates(plan, carried.decided_on, notice_from, notice_to),
    }
    return _act(by=by, plan=plan, action="propose", reason=reason, values=values)


def plan_notice_dates(
    plan: IncomePlan, decided_on: dt.date, notice_from: dt.date | None, notice_to: dt.date | None
) -> dict[str, Any]:
    """The notice of a distribution plan (seed 001: 履行民主决策和公告公示): it starts on or after the democratic
    decision and runs at least the ``notice_days_asset_income`` days in force where and when it starts."""
    dates = notice_dates(notice_from, notice_to)
    start, end = dates["notice_from"], dates["notice_to"]
    if start < decided_on:
        raise ValidationError(
            {
                "notice_from": f"公示开始日期 {start.isoformat()} 早于民主决策日期 {decided_on.isoformat()}，"
                "不能在决策之前公示"
            }
        )
    least = policy_bridge.int_param(NOTICE_DAYS, plan.village_id, start)
    length = (end - start).days + 1
    if length < least:
        raise ValidationError(
            {
                "notice_to": f"公示期 {start.isoformat()} 至 {end.isoformat()} 共 {length} 天，少于规定的 {least} 天"
                f"（政策参数“资产收益分配方案公示最少天数”），公示结束日期最早为 "
                f"{(start + dt.timedelta(days=least - 1)).isoformat()}"
            }
        )
    return dates


def income_plan_approve(*, by: Any, plan: IncomePlan, reason: str = "", on: dt.date | None = None) -> IncomePlan:
    return _act(by=by, plan=plan, action="approve", reason=reason, on=on)


def income_plan_file(*, by: Any, plan: IncomePlan, reason: str = "", on: dt.date | None = None) -> IncomePlan:
    return _act(by=by, plan=plan, action="file", reason=reason, on=on)


def income_plan_reject(*, by: Any, plan: IncomePlan, reason: str, on: dt.date | None = None) -> IncomePlan:
    return _act(by=by, plan=plan, action="reject", reason=reason, on=on)


PLAN_ACTIONS = {"approve": income_plan_approve, "file": income_plan_file, "reject": income_plan_reject}


def _act(
    *,
    by: Any,
    plan: IncomePlan,
    action: str,
    reason: str,
    on: dt.date | None = None,
    values: dict[str, Any] | None = None,
) -> IncomePlan:
    def prepare(current: IncomePlan, step: Step, day: dt.date) -> dict[str, Any]:
        for item in current.items.all():
            check_use(item.use)  # a code list change must not let a banned use through
        return dict(values or {})

    updated, _ = workflow.PLAN.advance(
        plan,
        action,
        by=by,
        on=on,
        reason=reason,
        prepare=prepare,
        snapshot=step_snapshot,
        row={"asset_id": plan.asset_id},
    )
    return updated
