"""The JSON shapes of the project API (projects.api): what it answers, and the bodies it takes, which build the
services' typed inputs (projects.types)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema

from shoudi.assets.services import AssetSpec
from shoudi.core.api import InputSchema
from shoudi.projects.models import Project, ProjectStep
from shoudi.projects.types import Notice, ProjectFacts, Target


class FundingOut(Schema):
    source: str
    source_label: str
    amount: Decimal


class TargetOut(Schema):
    id: int
    category: str
    indicator: str
    direction: str
    target_value: Decimal
    unit: str
    actual_value: Decimal | None
    met: bool | None


class StepOut(Schema):
    action: str
    action_label: str
    from_status: str
    to_status: str
    at: dt.datetime
    on: dt.date = Field(title="办理日期")
    actor_name: str
    opinion: str = Field(title="意见、理由")
    notice_from: dt.date | None
    notice_to: dt.date | None
    payload: dict[str, Any] = Field(title="办理内容")

    @staticmethod
    def resolve_action_label(obj: ProjectStep) -> str:
        return obj.label

    @staticmethod
    def resolve_opinion(obj: ProjectStep) -> str:
        return obj.reason


class ProjectOut(Schema):
    id: uuid.UUID
    code: str = Field(title="项目编号")
    name: str = Field(title="项目名称")
    year: int = Field(title="年度")
    level: str
    area_code: str = Field(title="所属区域代码")
    kind: str
    kind_label: str
    relief_work: bool = Field(title="以工代赈")
    implementing_unit: str
    status: str
    status_label: str
    progress: int
    benefit_households: int
    benefit_people: int
    benefit_poor_households: int
    benefit_mechanism: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    version: int = Field(title="版本（修改、办理时回传，他人先改过则 409）")

    @staticmethod
    def resolve_area_code(obj: Project) -> str:
        return obj.area_id

    @staticmethod
    def resolve_kind_label(obj: Project) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: Project) -> str:
        return obj.get_status_display()


class ProjectDetailOut(ProjectOut):
    fundings: list[FundingOut]
    targets: list[TargetOut]
    paid_total: Decimal
    steps: list[StepOut]

    @staticmethod
    def resolve_fundings(obj: Project) -> list[dict[str, Any]]:
        return [
            {"source": f.source, "source_label": f.get_source_display(), "amount": f.amount} for f in obj.fundings.all()
        ]

    @staticmethod
    def resolve_steps(obj: Project) -> list[ProjectStep]:
        return list(obj.steps.order_by("at", "id"))

    @staticmethod
    def resolve_targets(obj: Project) -> list[Any]:
        return list(obj.targets.all())


class TargetIn(InputSchema):
    category: str = "output"
    indicator: str
    direction: str = "at_least"
    target_value: Decimal
    unit: str


class ProjectIn(InputSchema):
    name: str = Field(title="项目名称")
    year: int = Field(title="年度")
    kind: str = Field(title="项目类型")
    relief_work: bool = Field(False, title="以工代赈（采取以工代赈方式实施）")
    implementing_unit: str = Field(title="实施单位")
    content: str = ""
    benefit_households: int = 0
    benefit_people: int = 0
    benefit_poor_households: int = 0
    benefit_mechanism: str = ""
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    fundings: dict[str, Decimal] = Field(default_factory=dict, title="资金来源及计划投入（元）")
    targets: list[TargetIn] = Field(default_factory=list, title="绩效目标")
    version: int | None = Field(None, title="版本（修改时回传）")

    def facts(self) -> ProjectFacts:
        return ProjectFacts(**{name: getattr(self, name) for name in ProjectFacts.names()})

    def target_list(self) -> list[Target]:
        return [Target(**t.dict()) for t in self.targets]


class AssetSpecIn(InputSchema):
    name: str = ""
    asset_class: str
    village_code: str = ""
    value: Decimal | None = None


class ActionIn(InputSchema):
    """Fields used by the step taken; the others are ignored."""

    opinion: str = ""
    notice_from: dt.date | None = None
    notice_to: dt.date | None = None
    checklist: list[str] = Field(default_factory=list, title="确认不属于的禁止情形（review、decide）")
    reason: str = Field("", title="出库原因（exit）")
    note: str = ""
    on: dt.date | None = Field(None, title="开工、完工或验收日期（start、complete、accept）")
    progress: int | None = None
    assets: list[AssetSpecIn] = Field(default_factory=list, title="形成的资产（accept）")
    results: dict[str, Decimal] = Field(default_factory=dict, title="各绩效目标实际值，键为目标 id（evaluate）")
    conclusion: str = ""
    version: int | None = Field(None, title="版本（他人先办理过则 409）")

    def notice(self) -> Notice:
        if self.notice_from is None or self.notice_to is None:
            raise ValidationError({"notice_from": "请填写公示期（notice_from、notice_to）"})
        return Notice(self.notice_from, self.notice_to)

    def day(self, label: str) -> dt.date:
        if self.on is None:
            raise ValidationError({"on": f"请填写{label}（on）"})
        return self.on

    def asset_specs(self) -> list[AssetSpec]:
        return [AssetSpec(a.asset_class, a.name, a.village_code, a.value) for a in self.assets]

    def result_values(self) -> dict[int, Decimal]:
        try:
            return {int(key): value for key, value in self.results.items()}
        except ValueError:
            raise ValidationError({"results": "results 的键应为绩效目标的 id（整数）"}) from None


class PaymentIn(InputSchema):
    source: str
    amount: Decimal
    paid_on: dt.date
    note: str = ""


class ShareOut(Schema):
    year: int
    target: Decimal | None
    share: Decimal | None
    central_total: Decimal
    central_industry: Decimal
    all_share: Decimal | None
    below: bool


class ProjectNoticeOut(Schema):
    project_id: uuid.UUID
    project_code: str
    project_name: str
    area_code: str
    stage: str
    stage_label: str
    notice_from: dt.date | None
    notice_to: dt.date | None
    opinion: str
    at: dt.datetime

    @staticmethod
    def resolve_project_code(obj: ProjectStep) -> str:
        return obj.project.code

    @staticmethod
    def resolve_project_name(obj: ProjectStep) -> str:
        return obj.project.name

    @staticmethod
    def resolve_area_code(obj: ProjectStep) -> str:
        return obj.project.area_id

    @staticmethod
    def resolve_stage(obj: ProjectStep) -> str:
        return obj.action

    @staticmethod
    def resolve_stage_label(obj: ProjectStep) -> str:
        return obj.label

    @staticmethod
    def resolve_opinion(obj: ProjectStep) -> str:
        return obj.reason
