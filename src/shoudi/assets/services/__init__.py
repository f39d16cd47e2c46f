"""Writes to the asset ledger. Every service is keyword-only and typed (the inputs of ``services.inputs``),
checks role and area, runs in one transaction and leaves an audit entry; the steps of plans, disposals and
write-offs run on ``assets.workflow`` and also leave an ``ApprovalStep`` with a snapshot."""

from shoudi.assets.services.care import (
    asset_set_care,
    asset_set_operation,
    asset_set_status,
    document_add,
    income_add,
    post_add,
    post_end,
)
from shoudi.assets.services.disposals import disposal_act, disposal_complete, disposal_propose, disposal_route
from shoudi.assets.services.formation import assets_create_from_project
from shoudi.assets.services.inputs import (
    AssetInput,
    AssetSpec,
    Decision,
    DocumentInput,
    OwnerInput,
    PlanItemInput,
    Rights,
)
from shoudi.assets.services.ledger import (
    asset_confirm_ownership,
    asset_create,
    asset_transfer,
    shares_by_investment,
    split_by_weights,
)
from shoudi.assets.services.plans import (
    PLAN_ACTIONS,
    available_income,
    check_use,
    income_plan_approve,
    income_plan_create,
    income_plan_file,
    income_plan_propose,
    income_plan_reject,
)
from shoudi.assets.services.writeoffs import check_appraisal, writeoff_act, writeoff_propose

__all__ = [
    "PLAN_ACTIONS",
    "AssetInput",
    "AssetSpec",
    "Decision",
    "DocumentInput",
    "OwnerInput",
    "PlanItemInput",
    "Rights",
    "asset_confirm_ownership",
    "asset_create",
    "asset_set_care",
    "asset_set_operation",
    "asset_set_status",
    "asset_transfer",
    "assets_create_from_project",
    "available_income",
    "check_appraisal",
    "check_use",
    "disposal_act",
    "disposal_complete",
    "disposal_propose",
    "disposal_route",
    "document_add",
    "income_add",
    "income_plan_approve",
    "income_plan_create",
    "income_plan_file",
    "income_plan_propose",
    "income_plan_reject",
    "post_add",
    "post_end",
    "shares_by_investment",
    "split_by_weights",
    "writeoff_act",
    "writeoff_propose",
]
