"""Request and response shapes of the asset API. Codes travel as their values; money as decimal strings."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Schema

from shoudi.assets import selectors
from shoudi.assets.models import Asset, IncomePlan
from shoudi.assets.services.inputs import Decision
from shoudi.core.api import InputSchema as In

PlanAction = Literal["approve", "file", "reject"]
DisposalAction = Literal["review", "approve", "publish", "notice", "no_objection", "reject", "complete"]
WriteOffAction = Literal["approve", "reject"]
RIGHTS = {"operation_holder", "income_holder", "disposal_holder", "supervision_holder"}


class OwnerOut(Schema):
    kind: str
    name: str
    share: Decimal


class AssetOut(Schema):
    id: uuid.UUID
    code: str = Field(title="资产编号")
    name: str = Field(title="资产名称")
    asset_class: str
    asset_class_label: str
    village_code: str
    ledger_level: str
    value: Decimal = Field(title="资产原值（元）")
    formed_on: dt.date
    status: str
    status_label: str
    owner_type: str
    ownership_holder: str
    operation_holder: str
    income_holder: str
    disposal_holder: str
    supervision_holder: str
    project_id: uuid.UUID | None
    project_name: str

    @staticmethod
    def resolve_village_code(obj: Asset) -> str:
        return obj.village_id

    @staticmethod
    def resolve_asset_class_label(obj: Asset) -> str:
        return obj.get_asset_class_display()

    @staticmethod
    def resolve_status_label(obj: Asset) -> str:
        return obj.get_status_display()


class AssetIn(In):
    name: str
    asset_class: str
    village_code: str
    value: Decimal
    formed_on: dt.date
    ledger_level: str = "village"
    location: str = ""
    department: str = ""
    project_name: str = ""
    project_year: int | None = None
    note: str = ""
    fundings: dict[str, Decimal] = Field(default_factory=dict)


class OwnerIn(In):
    village_code: str = ""
    household_number: str = ""
    name: str = ""
    share: Decimal = Decimal(100)


class ConfirmIn(In):
    owner_type: str
    owners: list[OwnerIn]
    confirmed_on: dt.date
    operation_holder: str = ""
    income_holder: str = ""
    disposal_holder: str = ""
    supervision_holder: str = ""


class DocumentIn(In):
    kind: str
    title: str
    number: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None


class DocumentOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    number: str


class ItemIn(In):
    use: str
    amount: Decimal
    beneficiaries: int = 0
    description: str = ""


class DistributionPlanIn(In):
    asset_id: uuid.UUID
    year: int
    items: list[ItemIn]
    decision_body: str
    decided_on: dt.date
    attendees: int
    votes_for: int
    notice_from: dt.date
    notice_to: dt.date
    note: str = ""

    def decision(self) -> Decision:
        return Decision(
            body=self.decision_body, decided_on=self.decided_on, attendees=self.attendees, votes_for=self.votes_for
        )


class IncomePlanItemOut(Schema):
    use: str
    use_label: str
    amount: Decimal
    beneficiaries: int
    description: str

    @staticmethod
    def resolve_use_label(obj: Any) -> str:
        return str(obj.get_use_display())


class DistributionPlanOut(Schema):
    id: uuid.UUID
    asset_id: uuid.UUID
    asset_name: str
    village_code: str
    year: int
    amount: Decimal
    status: str
    status_label: str
    decision_body: str
    decided_on: dt.date | None
    attendees: int | None
    votes_for: int | None
    notice_from: dt.date | None
    notice_to: dt.date | None
    items: list[IncomePlanItemOut]

    @staticmethod
    def resolve_asset_name(obj: IncomePlan) -> str:
        return obj.asset.name

    @staticmethod
    def resolve_items(obj: IncomePlan) -> list[Any]:
        return list(obj.items.all())

    @staticmethod
    def resolve_village_code(obj: IncomePlan) -> str:
        return obj.village_id

    @staticmethod
    def resolve_status_label(obj: IncomePlan) -> str:
        return obj.get_status_display()


class DisposalIn(In):
    reason: str
    way: str
    decision_body: str = ""
    decided_on: dt.date | None = None
    attendees: int = 0
    votes_for: int = 0
    note: str = ""
    simplified: bool = Field(True, title="金额不超过上限时按简化程序办理")

    def decision(self) -> Decision | None:
        """The village's democratic decision (collective assets); none for a state asset."""
        if not self.decision_body:
            return None
        if self.decided_on is None:
            raise ValidationError({"decided_on": "请填写决策日期"})
        return Decision(
            body=self.decision_body, decided_on=self.decided_on, attendees=self.attendees, votes_for=self.votes_for
        )


class DisposalOut(Schema):
    id: uuid.UUID
    asset_id: uuid.UUID
    reason: str
    way: str
    route: str
    status: str
    status_label: str
    notice_from: dt.date | None
    notice_to: dt.date | None
    completed_on: dt.date | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    basis_value: Decimal
    limit_applied: Decimal | None
    proceeds: Decimal | None
    proceeds_use: str


class DisposalActIn(In):
    opinion: str = ""
    on: dt.date | None = Field(None, title="办理日期（默认今天）")
    notice_from: dt.date | None = None
    notice_to: dt.date | None = None
    title: str = Field("", title="审批文件名称（approve）")
    number: str = ""
    issuer: str = ""
    completed_on: dt.date | None = Field(None, title="处置完成日期（complete）")
    proceeds: Decimal | None = None
    proceeds_use: str = ""


class WriteOffIn(In):
    cause: str
    occurred_on: dt.date
    amount: Decimal | None = None
    document_id: uuid.UUID | None = Field(None, title="评估证明文件（须先作为材料登记）")
    note: str = ""


class WriteOffOut(Schema):
    id: uuid.UUID
    asset_id: uuid.UUID
    cause: str
    amount: Decimal
    status: str
    approved_on: dt.date | None
    document_id: uuid.UUID | None


class AssetDetailOut(AssetOut):
    owners: list[OwnerOut]
    fundings: dict[str, Decimal]
    maintenance_owner: str
    maintenance_person: str
    maintenance_funds: Decimal | None
    operation_mode: str
    operator: str
    operation_start: dt.date | None
    operation_end: dt.date | None
    agreed_return: Decimal | None
    income_by_year: dict[int, Decimal]
    transfer_system: str
    transferred_on: dt.date | None
    ownership_confirmed_on: dt.date | None
    plans: list[DistributionPlanOut]
    disposals: list[DisposalOut]
    writeoffs: list[WriteOffOut]

    @staticmethod
    def resolve_plans(obj: Asset) -> list[Any]:
        return list(obj.plans.select_related("asset").order_by("-year", "-created_at"))

    @staticmethod
    def resolve_disposals(obj: Asset) -> list[Any]:
        return list(obj.disposals.order_by("-created_at"))

    @staticmethod
    def resolve_writeoffs(obj: Asset) -> list[Any]:
        return list(obj.writeoffs.order_by("-created_at"))

    @staticmethod
    def resolve_owners(obj: Asset) -> list[Any]:
        return list(obj.owners.all())

    @staticmethod
    def resolve_fundings(obj: Asset) -> dict[str, Decimal]:
        return {f.source: f.amount for f in obj.fundings.all()}

    @staticmethod
    def resolve_income_by_year(obj: Asset) -> dict[int, Decimal]:
        return {r["year"]: r["total"] for r in selectors.asset_income_by_year(obj)}


class OpinionIn(In):
    opinion: str = ""
    on: dt.date | None = None


class WarningOut(Schema):
    kind: str
    label: str
    asset_id: uuid.UUID
    asset_code: str
    asset_name: str
    detail: str
    actor_role: str
    actor_area: str


class CareIn(In):
    maintenance_owner: str
    maintenance_person: str
    maintenance_funds: Decimal | None = None
    maintenance_funds_source: str = ""


class OperationIn(In):
    operation_mode: str
    operator: str = ""
    operation_start: dt.date | None = None
    operation_end: dt.date | None = None
    agreed_return: Decimal | None = None


class PostIn(In):
    holder_name: str
    category: str = Field(title="人员类别：former_poor 脱贫户、edge 边缘户、other 其他")
    household_number: str = ""
    duty: str = ""
    started_on: dt.date


class IncomeIn(In):
    received_on: dt.date
    amount: Decimal
    payer: str = ""
    note: str = ""


class AssetTransferIn(In):
    transferred_on: dt.date
    title: str = Field(title="移交手续名称")
    number: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None


class AssetStatusIn(In):
    status: str = Field(title="in_use 在用、idle 闲置")
    reason: str


class AssetNoticesOut(Schema):
    plans: list[DistributionPlanOut]
    disposals: list[DisposalOut]


class AssetImportBatchOut(Schema):
    id: uuid.UUID
    file_name: str
    status: str
    row_count: int
    errors: list[str]
    applied_count: int
    job_id: uuid.UUID | None = Field(None, title="后台任务")

    @staticmethod
    def resolve_row_count(obj: Any) -> int:
        return len(obj.rows)


class ExportIn(In):
    level: Literal["", "county", "township", "village"] = Field("", title="台账级别（空：县乡村各级）")
    area: str = Field("", max_length=12, title="区域代码（空：本人负责的区域）")


class AssetJobOut(Schema):
    id: uuid.UUID
    kind: str
    stage: str
    status: str
    area_code: str
    download: str = Field(title="完成后下载结果文件的地址")

    @staticmethod
    def resolve_download(obj: Any) -> str:
        from django.urls import reverse

        return reverse("jobs:download", args=[obj.pk])
