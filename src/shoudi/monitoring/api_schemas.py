"""Request and response shapes of the monitoring API (assistance's are in ``assistance.api``). Codes travel as values, each with its
Chinese ``*_label``; households appear by number and head's name only (no ID numbers, no phones)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import InputSchema as In
from shoudi.monitoring import codes


class RiskIn(In):
    code: str = Field(title="风险类型或问题代码")
    disaster_subtype: str = Field("", title="灾害类型代码")


class RiskOut(Schema):
    code: str
    label: str
    disaster_subtype: str


class CaseOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID
    household_number: str
    head_name: str = ""
    village_code: str
    status: str
    status_label: str
    category: str
    category_label: str
    channel: str
    fast_track: bool
    opened_on: dt.date
    deadline: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    elimination_kind: str
    days_used: int
    days_left: int | None
    overdue: bool
    previous_id: uuid.UUID | None
    version: int
    risks: list[RiskOut] = []
    step_label: str = Field("", title="当前环节期限的名称（入户核实、信息比对）")
    step_due: dt.date | None = Field(None, title="当前环节期限")
    step_days_left: int | None = None
    step_overdue: bool = False
    whole_due: dt.date | None = Field(None, title="识别办结期限")
    whole_days_left: int | None = None
    whole_overdue: bool = False
    any_overdue: bool = Field(False, title="环节或全程超期（与列表的 overdue 筛选一致）")


class TransitionOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    actor_name: str
    at: dt.datetime
    on: dt.date
    reason: str
    payload: dict[str, Any]
    snapshot: dict[str, Any] = Field(title="办理时冻结的研判结果")


class ActionOut(Schema):
    key: str
    label: str


class CaseDetailOut(CaseOut):
    assessment: dict[str, Any]
    contact_name: str = ""
    helper_name: str = ""
    actions: list[ActionOut] = []
    transitions: list[TransitionOut] = []


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class MarkIn(In):
    key: str = Field(title="记录标识（见 data-check 的 key）", max_length=40)
    mark: str = Field(title="比对结论：match 相符 / mismatch 不符", max_length=10)
    note: str = Field("", title="说明（不符时必填）", max_length=300)


class StepIn(In):
    """One step. ``version`` is the case version the caller saw; fields not used by the step must be left out."""

    version: int | None = Field(None, title="版本")
    on: dt.date | None = Field(None, title="办理日期")
    findings: str = Field("", title="核实情况")
    category: str = Field("", title="监测对象类型")
    risks: list[RiskIn] | None = Field(None, title="风险类型")
    result: str = Field("", title="比对结果")
    attendance: int | None = Field(None, title="参会人数")
    attendees: str = Field("", title="参会人员")
    passed: bool = Field(True, title="评议通过")
    votes_for: int | None = Field(None, title="同意票数")
    votes_against: int | None = Field(None, title="反对票数")
    minutes: str = Field("", title="评议情况")
    opinion: str = Field("", title="意见")
    note: str = Field("", title="备注")
    kind: str = Field("", title="风险消除方式")
    reason: str = Field("", title="原因")
    marks: list[MarkIn] | None = Field(None, title="信息比对：每条部门记录的比对结论", max_length=500)
    second_checker: str = Field("", title="风险消除入户核实的共同核实人（用户名）", max_length=150)


class AssignIn(In):
    version: int | None = Field(None, title="版本")
    contact_id: int | None = Field(None, title="监测联系人（用户编号）")
    helper_id: int | None = Field(None, title="帮扶责任人（用户编号）")


class LeadIn(In):
    household_id: uuid.UUID = Field(title="农户编号")
    channel: codes.Channel = Field(title="发现渠道")
    summary: str = Field(title="线索内容", max_length=2000)
    evidence: str = Field("", title="佐证情况", max_length=2000)
    reported_on: dt.date | None = Field(None, title="发现日期")
    online: bool = Field(False, title="网上申报")
    risk_hint: str = Field("", title="疑似风险类型")


class LeadOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID
    household_number: str
    village_code: str
    channel: str
    channel_label: str
    online: bool
    department: str
    summary: str
    reported_on: dt.date
    due_on: dt.date
    status: str
    status_label: str
    case_id: uuid.UUID | None
    outcome: str


class LeadCloseIn(In):
    reason: str = Field(title="排除理由")
    on: dt.date | None = Field(None, title="核实日期")


class LeadConvertIn(In):
    risks: list[RiskIn] = Field(title="风险类型")
    findings: str = Field("", title="核实情况")
    category: str = Field("", title="监测对象类型")
    on: dt.date | None = Field(None, title="核实日期")


class AttachmentOut(Schema):
    id: uuid.UUID
    kind: str
    original_name: str
    content_type: str
    size: int


class NoticeIn(In):
    village_code: str = Field(title="村代码")
    kind: codes.NoticeKind = Field(title="公示类型")
    posted_on: dt.date | None = Field(None, title="张贴日期")
    case_ids: list[uuid.UUID] | None = Field(None, title="列入公示的监测对象")
    objection_channel: str = Field("", title="异议反映渠道")


class NoticeEntryOut(Schema):
    case_id: uuid.UUID
    head_name: str
    size: int
    category: str
    reason: str
    active: bool


class NoticeOut(Schema):
    id: uuid.UUID
    village_code: str
    kind: str
    kind_label: str
    posted_on: dt.date
    ends_on: dt.date
    objection_channel: str
    entries: list[NoticeEntryOut] = []


class ObjectionIn(In):
    case_id: uuid.UUID = Field(title="涉及监测对象")
    received_on: dt.date | None = Field(None, title="收到日期")
    content: str = Field(title="异议内容")


class ObjectionResolveIn(In):
    upheld: bool = Field(title="异议成立")
    note: str = Field(title="核实情况")
    on: dt.date | None = Field(None, title="核实日期")


class ObjectionOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    received_on: dt.date
    content: str
    resolution: str
    resolution_note: str


class CheckOut(Schema):
    name: str
    label: str
    count: int


class CheckRunOut(Schema):
    run_id: int | None
    as_of: dt.date | None
    area_code: str
    checks: list[CheckOut]


# ---- identification checks --------------------------------------------------------------------------------


class DataCheckRowOut(Schema):
    key: str
    source: str
    source_label: str
    on: dt.date | None
    batch: str
    person: str
    summary: str
    exclusion: str = Field(title="对应的不纳入情形（比对相符即成立）")


class DataCheckItemOut(Schema):
    source: str
    source_label: str
    record_key: str
    record_on: dt.date | None
    batch: str
    person: str
    summary: str
    exclusion: str
    mark: str
    note: str


class DataCheckOut(Schema):
    rows: list[DataCheckRowOut] = Field(title="当前可比对的部门记录（无记录的来源各一行）")
    last: list[DataCheckItemOut] = Field(title="最近一次信息比对的结论")


class ExclusionDecisionOut(Schema):
    id: uuid.UUID
    kind: str
    facts: list[str]
    decided_on: dt.date
    attendance: int | None
    votes_for: int | None
    votes_against: int | None
    note: str


class AnnouncementIn(In):
    village_code: str = Field(title="村代码", pattern=r"^\d{12}$")
    kind: codes.NoticeKind = Field(title="公告类型：inclusion / elimination / rollback")
    posted_on: dt.date | None = Field(None, title="公告日期")
    issuer: str = Field(title="公告单位", max_length=100)
    hotline: str = Field("", title="监督电话", max_length=100)


class AnnouncementEntryOut(Schema):
    case_id: uuid.UUID
    head_name: str
    size: int
    category: str
    decided_on: dt.date
    decided_by: str


class AnnouncementOut(Schema):
    id: uuid.UUID
    village_code: str = Field(validation_alias="village_id")
    kind: str
    posted_on: dt.date
    issuer: str
    hotline: str
    entries: list[AnnouncementEntryOut] = []
