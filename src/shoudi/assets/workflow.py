"""Status pipelines of the asset ledger, in one place: which action moves which status where, and who may take
it. Distribution plans: 村集体提方案 → 乡镇审批 → 县级备案. Disposals: one pipeline per route (seed 001)."""

from __future__ import annotations

from dataclasses import dataclass

from shoudi.assets.codes import DisposalRoute as R
from shoudi.assets.models import DisposalStatus as D
from shoudi.assets.models import PlanStatus as P
from shoudi.assets.models import WriteOffStatus as W


@dataclass(frozen=True)
class Step:
    target: str
    label: str
    capability: str
    # the length of the actor's area code this step belongs to (12 village, 9 township, 6 county)
    level: int


PLAN: dict[str, dict[str, Step]] = {
    P.DRAFT: {"propose": Step(P.PROPOSED, "村集体提方案", "propose_income_plans", 12)},
    P.PROPOSED: {
        "approve": Step(P.APPROVED, "乡镇审批", "approve_income_plans", 9),
        "reject": Step(P.REJECTED, "乡镇不予批准", "approve_income_plans", 9),
    },
    P.APPROVED: {
        "file": Step(P.FILED, "县级备案", "file_income_plans", 6),
        "reject": Step(P.REJECTED, "县级不予备案", "file_income_plans", 6),
    },
    P.FILED: {},
    P.REJECTED: {},
}

DISPOSAL: dict[str, dict[str, dict[str, Step]]] = {
    R.STANDARD: {
        D.PROPOSED: {
            "review": Step(D.REVIEWED, "乡镇审核", "review_disposals", 9),
            "reject": Step(D.REJECTED, "乡镇审核不通过", "review_disposals", 9),
        },
        D.REVIEWED: {
            "approve": Step(D.APPROVED, "主管部门审批", "approve_disposals", 6),
            "reject": Step(D.REJECTED, "主管部门不予批准", "approve_disposals", 6),
        },
        D.APPROVED: {"publish": Step(D.PUBLISHED, "审批结果公开", "approve_disposals", 6)},
        D.PUBLISHED: {"complete": Step(D.COMPLETED, "完成处置", "propose_disposals", 12)},
    },
    R.SIMPLIFIED: {
        D.PROPOSED: {"notice": Step(D.NOTICE, "公示", "propose_disposals", 12)},
        D.NOTICE: {
            "no_objection": Step(D.PUBLISHED, "公示无异议", "propose_disposals", 12),
            "reject": Step(D.REJECTED, "公示有异议", "propose_disposals", 12),
        },
        D.PUBLISHED: {"complete": Step(D.COMPLETED, "完成处置", "propose_disposals", 12)},
    },
    R.STATE: {
        D.PROPOSED: {
            "approve": Step(D.APPROVED, "国有资产处置审批", "approve_disposals", 6),
            "reject": Step(D.REJECTED, "不予批准", "approve_disposals", 6),
        },
        D.APPROVED: {"publish": Step(D.PUBLISHED, "审批结果公开", "approve_disposals", 6)},
        D.PUBLISHED: {"complete": Step(D.COMPLETED, "完成处置", "propose_disposals", 6)},
    },
}

WRITEOFF: dict[str, dict[str, Step]] = {
    W.PROPOSED: {
        "approve": Step(W.APPROVED, "县级核销", "approve_writeoffs", 6),
        "reject": Step(W.REJECTED, "不予核销", "approve_writeoffs", 6),
    },
    W.APPROVED: {},
    W.REJECTED: {},
}


def plan_step(status: str, action: str) -> Step | None:
    return PLAN.get(status, {}).get(action)


def disposal_step(route: str, status: str, action: str) -> Step | None:
    return DISPOSAL.get(route, {}).get(status, {}).get(action)


def writeoff_step(status: str, action: str) -> Step | None:
    return WRITEOFF.get(status, {}).get(action)
