"""Status pipelines of the asset ledger, in one place: which action moves which status where, and who may take
it. Distribution plans: 村集体提方案 → 乡镇审批 → 县级备案. Disposals: one pipeline per route (seed 001)."""

from __future__ import annotations

from dataclasses import dataclass

from shoudi.assets.codes import DisposalRoute as R
from shoudi.assets.models import DisposalStatus as D
from shoudi.assets.models import PlanStatus as P
from shoudi.assets.models import WriteOffStatus as W
from shoudi.core.access import Capability


@dataclass(frozen=True)
class Step:
    target: str
    label: str
    capability: Capability
    # the length of the actor's area code this step belongs to (12 village, 9 township, 6 county)
    level: int


PLAN: dict[str, dict[str, Step]] = {
    P.DRAFT: {"propose": Step(P.PROPOSED, "村集体提方案", Capability.PROPOSE_INCOME_PLANS, 12)},
    P.PROPOSED: {
        "approve": Step(P.APPROVED, "乡镇审批", Capability.APPROVE_INCOME_PLANS, 9),
        "reject": Step(P.REJECTED, "乡镇不予批准", Capability.APPROVE_INCOME_PLANS, 9),
    },
    P.APPROVED: {
        "file": Step(P.FILED, "县级备案", Capability.FILE_INCOME_PLANS, 6),
        "reject": Step(P.REJECTED, "县级不予备案", Capability.FILE_INCOME_PLANS, 6),
    },
    P.FILED: {},
    P.REJECTED: {},
}

DISPOSAL: dict[str, dict[str, dict[str, Step]]] = {
    R.STANDARD: {
        D.PROPOSED: {
            "review": Step(D.REVIEWED, "乡镇审核", Capability.REVIEW_DISPOSALS, 9),
            "reject": Step(D.REJECTED, "乡镇审核不通过", Capability.REVIEW_DISPOSALS, 9),
        },
        D.REVIEWED: {
            "approve": Step(D.APPROVED, "主管部门审批", Capability.APPROVE_DISPOSALS, 6),
            "reject": Step(D.REJECTED, "主管部门不予批准", Capability.APPROVE_DISPOSALS, 6),
        },
        D.APPROVED: {"publish": Step(D.PUBLISHED, "审批结果公开", Capability.APPROVE_DISPOSALS, 6)},
        D.PUBLISHED: {"complete": Step(D.COMPLETED, "完成处置", Capability.PROPOSE_DISPOSALS, 12)},
    },
    R.SIMPLIFIED: {
        D.PROPOSED: {"notice": Step(D.NOTICE, "公示", Capability.PROPOSE_DISPOSALS, 12)},
        D.NOTICE: {
            "no_objection": Step(D.PUBLISHED, "公示无异议", Capability.PROPOSE_DISPOSALS, 12),
            "reject": Step(D.REJECTED, "公示有异议", Capability.PROPOSE_DISPOSALS, 12),
        },
        D.PUBLISHED: {"complete": Step(D.COMPLETED, "完成处置", Capability.PROPOSE_DISPOSALS, 12)},
    },
    R.STATE: {
        D.PROPOSED: {
            "approve": Step(D.APPROVED, "国有资产处置审批", Capability.APPROVE_DISPOSALS, 6),
            "reject": Step(D.REJECTED, "不予批准", Capability.APPROVE_DISPOSALS, 6),
        },
        D.APPROVED: {"publish": Step(D.PUBLISHED, "审批结果公开", Capability.APPROVE_DISPOSALS, 6)},
        D.PUBLISHED: {"complete": Step(D.COMPLETED, "完成处置", Capability.PROPOSE_DISPOSALS, 6)},
    },
}

WRITEOFF: dict[str, dict[str, Step]] = {
    W.PROPOSED: {
        "approve": Step(W.APPROVED, "县级核销", Capability.APPROVE_WRITEOFFS, 6),
        "reject": Step(W.REJECTED, "不予核销", Capability.APPROVE_WRITEOFFS, 6),
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
