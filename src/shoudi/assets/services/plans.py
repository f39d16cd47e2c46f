"""Distribution plans for collective asset income: 村集体提方案 → 乡镇审批 → 县级备案, with the democratic decision
and the public notice recorded; allowed uses in the national priority order, banned uses refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from shoudi.assets import codes, workflow
from shoudi.assets.models import Asset, AssetIncome, IncomePlan, IncomePlanItem, PlanStatus
from shoudi.assets.services.common import choice, date_value, money, object_snapshot, record_step, require_actor, text
from shoudi.core.access import Capability
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
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


def check_use(value: Any, field: str = "items") -> str:
    """An allowed use's code; a banned use (by code or label) is refused by name."""
    raw = str(value or "").strip()
    if raw in codes.BannedUse.values or raw in BANNED_LABELS:
        label = codes.BannedUse(raw).label if raw in codes.BannedUse.values else raw
        raise ValidationError({field: f"资产收益不得用于“{label}”"})
    return choice(raw, codes.IncomeUse, field, "收益用途")


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


def _items(items: Sequence[Mapping[str, Any]]) -> list[IncomePlanItem]:
    if not items:
        raise ValidationError({"items": "请至少填写一项收益用途"})
    rows = []
    for n, raw in enumerate(items, start=1):
        use = check_use(raw.get("use"))
        amount = money(raw.get("amount"), "items", f"第{n}项用途的金额", positive=True)
        assert amount is not None
        beneficiaries = int(raw.get("beneficiaries") or 0)
        if beneficiaries < 0:
            raise ValidationError({"items": f"第{n}项用途的受益人数不能为负数"})
        description = text(raw.get("description"), "items", f"第{n}项用途的具体内容", required=False, max_length=300)
        rows.append(IncomePlanItem(use=use, amount=amount, beneficiaries=beneficiaries, description=description))
    rows.sort(key=lambda r: codes.INCOME_USE_PRIORITY[codes.IncomeUse(r.use)])
    return rows


def income_plan_create(
    *,
    by: Any,
    asset: Asset,
    year: int,
    items: Sequence[Mapping[str, Any]],
    note: str = "",
) -> IncomePlan:
    """A draft plan by the village collective of the proposer's village (村集体提方案)."""
    # the proposer's own village collective must be an owner (cross-village assets may lie in another village)
    require_actor(by, Capability.PROPOSE_INCOME_PLANS, by.area_id or "", level=12, what="收益分配方案")
    if asset.owner_type not in COLLECTIVE_OWNERS:
        if asset.owner_type == codes.OwnerType.STATE:
            raise ValidationError("国有资产收益按国有资产管理规定分配使用，不走村集体分配流程")
        raise ValidationError("资产尚未确权到村集体，不能制定村集体收益分配方案")
    village = Region.objects.get(pk=by.area_id)
    if owner_share(asset, village.code) <= 0:
        raise ValidationError(f"{village.name}集体不是该资产的所有权人")
    rows = _items(items)
    amount = sum((r.amount for r in rows), Decimal(0))
    note = text(note, "note", "说明", required=False, max_length=2000)
    plan = IncomePlan(asset=asset, village=village, year=int(year), amount=amount, note=note)
    plan.created_by = plan.updated_by = by
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
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=plan,
            changes={k: [None, v] for k, v in plan_snapshot(plan).items()},
            area_code=village.code,
        )
    return plan


def plan_snapshot(plan: IncomePlan) -> dict[str, Any]:
    items = [
        f"{n}. {i.get_use_display()} {i.amount:.2f}元 受益{i.beneficiaries}人 {i.description}".strip()
        for n, i in enumerate(plan.items.all(), start=1)
    ]
    return object_snapshot(plan, PLAN_FIELDS, {"用途": items})


def income_plan_propose(*, by: Any, plan: IncomePlan, decision: Mapping[str, Any], opinion: str = "") -> IncomePlan:
    """Submit to the township, with the village's democratic decision and the notice period."""
    body = choice(decision.get("decision_body"), codes.DecisionBody, "decision_body", "民主决策形式")
    decided_on = date_value(decision.get("decided_on"), "decided_on", "民主决策日期")
    attendees = int(decision.get("attendees") or 0)
    votes = int(decision.get("votes_for") or 0)
    if attendees <= 0:
        raise ValidationError({"attendees": "请填写到会人数"})
    if votes * 2 <= attendees:
        raise ValidationError({"votes_for": "赞成人数须超过到会人数的半数"})
    notice_from = date_value(decision.get("notice_from"), "notice_from", "公示开始日期")
    notice_to = date_value(decision.get("notice_to"), "notice_to", "公示结束日期")
    assert notice_from is not None and notice_to is not None
    if notice_to < notice_from:
        raise ValidationError({"notice_to": "公示结束日期不能早于开始日期"})
    values = {
        "decision_body": body,
        "decided_on": decided_on,
        "attendees": attendees,
        "votes_for": votes,
        "notice_from": notice_from,
        "notice_to": notice_to,
    }
    return _act(by=by, plan=plan, action="propose", opinion=opinion, values=values)


def income_plan_approve(*, by: Any, plan: IncomePlan, opinion: str = "") -> IncomePlan:
    return _act(by=by, plan=plan, action="approve", opinion=opinion)


def income_plan_file(*, by: Any, plan: IncomePlan, opinion: str = "") -> IncomePlan:
    return _act(by=by, plan=plan, action="file", opinion=opinion)


def income_plan_reject(*, by: Any, plan: IncomePlan, opinion: str) -> IncomePlan:
    if not str(opinion or "").strip():
        raise ValidationError({"opinion": "不予批准须填写理由"})
    return _act(by=by, plan=plan, action="reject", opinion=opinion)


def _act(
    *, by: Any, plan: IncomePlan, action: str, opinion: str, values: Mapping[str, Any] | None = None
) -> IncomePlan:
    step = workflow.plan_step(plan.status, action)
    if step is None:
        raise ValidationError(f"方案当前状态为“{plan.get_status_display()}”，不能办理该环节", code="bad_state")
    require_actor(by, step.capability, plan.village_id, level=step.level, what=step.label)
    with transaction.atomic():
        current = IncomePlan.objects.select_for_update(of=("self",)).select_related("asset").get(pk=plan.pk)
        if current.status != plan.status:
            raise ValidationError("方案已被他人处理，请刷新后重试", code="conflict")
        for item in current.items.all():
            check_use(item.use)  # a code list change must not let a banned use through
        before = current.status
        for name, value in (values or {}).items():
            setattr(current, name, value)
        current.status = step.target
        current.updated_by = by
        current.save()
        record_step(
            by=by,
            asset=current.asset,
            action=action,
            label=step.label,
            from_status=before,
            to_status=step.target,
            opinion=str(opinion or "").strip(),
            subject=current,
            data={"收益分配方案": plan_snapshot(current)},
        )
    return current
