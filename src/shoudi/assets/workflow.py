"""Status pipelines of the asset ledger on the one workflow engine (``core.workflow``): which step moves which
status where, by which capability and at which level (the fixed area level: 12 village, 9 township, 6 county).

- Distribution plans: 村集体提方案 → 乡镇审批 → 县级备案.
- Disposals, one pipeline per route (seed 001): the standard route (village democratic decision → township
  review → department approval → result published → completed), the simplified route (assembly → notice →
  no objection → completed) and the state-asset route.
- Write-offs: the county approves or refuses.

What a step needs beyond the generic checks (notice dates, the approval document, proceeds) is the services'
``prepare``/``after``."""

from __future__ import annotations

from shoudi.assets.codes import DisposalRoute as R
from shoudi.assets.models import ApprovalStep, Disposal, IncomePlan, WriteOff
from shoudi.assets.models import DisposalStatus as D
from shoudi.assets.models import PlanStatus as P
from shoudi.assets.models import WriteOffStatus as W
from shoudi.core.access import COUNTY, TOWNSHIP, VILLAGE, Capability
from shoudi.core.workflow import Step, Workflow

C = Capability


def _reject(label: str, source: str, capability: Capability, level: int) -> Step:
    """A refusal: back to nobody, into "rejected", and only with the reason written down."""
    rejected = "rejected"
    return Step(
        "reject", label, source, rejected, capability, level, reason_required=True, reason_label="不予通过的理由"
    )


PLAN: Workflow[IncomePlan] = Workflow(
    name="收益分配方案",
    model=IncomePlan,
    history=ApprovalStep,
    history_fk="plan",
    area_of=lambda plan: plan.village_id,
    steps=[
        Step("propose", "村集体提方案", P.DRAFT, P.PROPOSED, C.PROPOSE_INCOME_PLANS, VILLAGE),
        Step("approve", "乡镇审批", P.PROPOSED, P.APPROVED, C.APPROVE_INCOME_PLANS, TOWNSHIP),
        _reject("乡镇不予批准", P.PROPOSED, C.APPROVE_INCOME_PLANS, TOWNSHIP),
        Step("file", "县级备案", P.APPROVED, P.FILED, C.FILE_INCOME_PLANS, COUNTY),
        _reject("县级不予备案", P.APPROVED, C.FILE_INCOME_PLANS, COUNTY),
    ],
)


def _disposal(steps: list[Step]) -> Workflow[Disposal]:
    return Workflow(
        name="资产处置",
        model=Disposal,
        history=ApprovalStep,
        history_fk="disposal",
        area_of=lambda disposal: disposal.asset.village_id,
        steps=steps,
    )


DISPOSAL: dict[str, Workflow[Disposal]] = {
    R.STANDARD: _disposal(
        [
            Step("review", "乡镇审核", D.PROPOSED, D.REVIEWED, C.REVIEW_DISPOSALS, TOWNSHIP),
            _reject("乡镇审核不通过", D.PROPOSED, C.REVIEW_DISPOSALS, TOWNSHIP),
            Step("approve", "主管部门审批", D.REVIEWED, D.APPROVED, C.APPROVE_DISPOSALS, COUNTY),
            _reject("主管部门不予批准", D.REVIEWED, C.APPROVE_DISPOSALS, COUNTY),
            Step("publish", "审批结果公开", D.APPROVED, D.PUBLISHED, C.APPROVE_DISPOSALS, COUNTY),
            Step("complete", "完成处置", D.PUBLISHED, D.COMPLETED, C.PROPOSE_DISPOSALS, VILLAGE),
        ],
    ),
    R.SIMPLIFIED: _disposal(
        [
            Step("notice", "公示", D.PROPOSED, D.NOTICE, C.PROPOSE_DISPOSALS, VILLAGE),
            Step("no_objection", "公示无异议", D.NOTICE, D.PUBLISHED, C.PROPOSE_DISPOSALS, VILLAGE),
            _reject("公示有异议", D.NOTICE, C.PROPOSE_DISPOSALS, VILLAGE),
            Step("complete", "完成处置", D.PUBLISHED, D.COMPLETED, C.PROPOSE_DISPOSALS, VILLAGE),
        ],
    ),
    R.STATE: _disposal(
        [
            Step("approve", "国有资产处置审批", D.PROPOSED, D.APPROVED, C.APPROVE_DISPOSALS, COUNTY),
            _reject("不予批准", D.PROPOSED, C.APPROVE_DISPOSALS, COUNTY),
            Step("publish", "审批结果公开", D.APPROVED, D.PUBLISHED, C.APPROVE_DISPOSALS, COUNTY),
            Step("complete", "完成处置", D.PUBLISHED, D.COMPLETED, C.PROPOSE_DISPOSALS, COUNTY),
        ],
    ),
}

WRITEOFF: Workflow[WriteOff] = Workflow(
    name="资产核销",
    model=WriteOff,
    history=ApprovalStep,
    history_fk="writeoff",
    area_of=lambda writeoff: writeoff.asset.village_id,
    steps=[
        Step("approve", "县级核销", W.PROPOSED, W.APPROVED, C.APPROVE_WRITEOFFS, COUNTY),
        _reject("不予核销", W.PROPOSED, C.APPROVE_WRITEOFFS, COUNTY),
    ],
)

# The first row of a disposal's or a write-off's history (they come into being already proposed).
PROPOSE_LABEL: dict[str, str] = {R.STANDARD: "村民主决策", R.SIMPLIFIED: "村民主决策", R.STATE: "提出处置申请"}
WRITEOFF_PROPOSE = "提出核销申请"
# Who proposes a disposal, by route (a collective's village committee, or the county for state assets).
PROPOSE_LEVEL: dict[str, int] = {R.STANDARD: VILLAGE, R.SIMPLIFIED: VILLAGE, R.STATE: COUNTY}


def disposal_workflow(disposal: Disposal) -> Workflow[Disposal]:
    return DISPOSAL[disposal.route]


ALL = [PLAN, *DISPOSAL.values(), WRITEOFF]
