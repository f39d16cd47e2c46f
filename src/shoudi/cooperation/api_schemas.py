"""Schemas of /api/v1/cooperation/ (names prefixed Coop: unique across the whole API)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Schema

from shoudi.cooperation.services import PairingInput
from shoudi.core.api import InputSchema

MAX = Decimal("99999999999.99")


class CoopPairingOut(Schema):
    id: uuid.UUID
    kind: str = Field(title="协作类型代码")
    kind_label: str = Field(title="协作类型")
    area_code: str = Field(title="本地区域代码")
    area_name: str = Field(title="本地区域")
    name: str = Field(title="结对名称")
    partner: str = Field(title="协作方")
    partner_location: str = Field(title="协作方所在地或层级")
    agreement_from: dt.date
    agreement_to: dt.date | None
    agreement_no: str
    status: str
    status_label: str
    note: str
    version: int = Field(title="版本（修改时回传）")


class CoopPairingPage(Schema):
    count: int
    items: list[CoopPairingOut]


class CoopRowOut(Schema):
    indicator: str = Field(title="指标代码")
    label: str = Field(title="指标")
    target: Decimal | None = Field(title="目标值")
    result: Decimal = Field(title="完成值（由记录计算）")
    share: float | None = Field(title="完成率（%）")


class CoopPairingDetailOut(Schema):
    pairing: CoopPairingOut
    year: int
    rows: list[CoopRowOut]
    buyers: list[str] = Field(title="协作方采购单位")


class CoopPairingIn(InputSchema):
    kind: str = Field(title="协作类型代码", max_length=20)
    area_code: str = Field(title="本地区域代码（县6位或村12位）", max_length=12)
    name: str = Field(title="结对名称", max_length=200)
    partner: str = Field(title="协作方", max_length=200)
    partner_location: str = Field("", title="协作方所在地或层级", max_length=100)
    agreement_from: dt.date = Field(title="协议期起")
    agreement_to: dt.date | None = Field(None, title="协议期止")
    agreement_no: str = Field("", title="协议文号", max_length=100)
    status: str = Field("active", title="状态代码", max_length=10)
    note: str = Field("", title="备注", max_length=500)

    def entry(self) -> PairingInput:
        return PairingInput(**self.model_dump(exclude={"version"}))


class CoopPairingUpdateIn(CoopPairingIn):
    version: int | None = Field(None, title="版本（他人先改过则 409）", ge=0, le=2_000_000_000)


class CoopTargetsIn(InputSchema):
    year: int = Field(title="年度", ge=2016, le=2100)
    funds: Decimal | None = Field(None, title="帮扶资金（元）", ge=0, le=MAX, max_digits=13, decimal_places=2)
    projects: int | None = Field(None, title="协作项目（个）", ge=0, le=1_000_000)
    labour: int | None = Field(None, title="劳务输出（人）", ge=0, le=10_000_000)
    talent_days: int | None = Field(None, title="人才交流在岗（人·天）", ge=0, le=100_000_000)
    consumption: Decimal | None = Field(None, title="消费帮扶（元）", ge=0, le=MAX, max_digits=13, decimal_places=2)
    meetings: int | None = Field(None, title="联席会议和互访（次）", ge=0, le=100_000)


class CoopMemberIn(InputSchema):
    name: str = Field(title="姓名", max_length=50)
    role: str = Field(title="职务代码", max_length=20)
    unit: str = Field("", title="派出单位", max_length=200)
    phone: str = Field("", title="联系电话", max_length=20)
    from_date: dt.date = Field(title="到岗日期")
    to_date: dt.date | None = Field(None, title="离岗日期")


class CoopFundIn(InputSchema):
    received_on: dt.date = Field(title="到位日期")
    year: int | None = Field(None, title="资金年度（空则取到位日期的年度）", ge=2016, le=2100)
    amount: Decimal = Field(title="金额（元）", ge=0, le=MAX, max_digits=13, decimal_places=2)
    source: str = Field(title="资金来源代码", max_length=20)
    project_code: str = Field("", title="安排项目编号", max_length=40)
    note: str = Field("", title="说明", max_length=200)


class CoopProjectIn(InputSchema):
    project_code: str = Field(title="项目编号", max_length=40)
    year: int = Field(title="计入年度", ge=2016, le=2100)
    note: str = Field("", title="说明", max_length=200)


class CoopTransferIn(InputSchema):
    id_number: str = Field(title="身份证号", max_length=18)
    destination: str = Field(title="务工地", max_length=100)
    employer: str = Field("", title="用工单位", max_length=200)
    started_on: dt.date = Field(title="上岗日期")
    months: int | None = Field(None, title="务工月数", ge=0, le=12)
    monthly_pay: Decimal | None = Field(None, title="月工资（元）", ge=0, le=MAX, max_digits=13, decimal_places=2)


class CoopImportIn(InputSchema):
    work_ids: list[uuid.UUID] = Field(title="务工记录编号（岗位数据库）", min_length=1, max_length=500)


class CoopExchangeIn(InputSchema):
    name: str = Field(title="姓名", max_length=50)
    kind: str = Field(title="人才类别代码", max_length=20)
    direction: str = Field(title="方向代码：in 派入、out 派出", max_length=10)
    unit: str = Field("", title="派出或挂职单位", max_length=200)
    started_on: dt.date = Field(title="到岗日期")
    ended_on: dt.date | None = Field(None, title="离岗日期")
    note: str = Field("", title="备注", max_length=200)


class CoopMeetingIn(InputSchema):
    held_on: dt.date = Field(title="日期")
    kind: str = Field(title="类型代码", max_length=20)
    place: str = Field(title="地点", max_length=100)
    leader_level: str = Field(title="参加领导层级代码", max_length=10)
    leaders: str = Field("", title="参加领导", max_length=200)
    minutes: str = Field("", title="会议纪要", max_length=2000)


class CoopBuyersIn(InputSchema):
    buyer_ids: list[uuid.UUID] = Field(title="采购单位编号（消费帮扶台账）", max_length=500)


class CoopMemberUpdateIn(CoopMemberIn):
    phone: str | None = Field(None, title="联系电话（null 或不传则保留原号码）", max_length=20)  # type: ignore[assignment]
    updated_at: dt.datetime = Field(title="读取时的 updated_at（他人已修改或撤销则 409）")


class CoopFundUpdateIn(CoopFundIn):
    updated_at: dt.datetime = Field(title="读取时的 updated_at（他人已修改或撤销则 409）")


class CoopExchangeUpdateIn(CoopExchangeIn):
    updated_at: dt.datetime = Field(title="读取时的 updated_at（他人已修改或撤销则 409）")


class CoopMeetingUpdateIn(CoopMeetingIn):
    updated_at: dt.datetime = Field(title="读取时的 updated_at（他人已修改或撤销则 409）")


class CoopCreatedOut(Schema):
    id: uuid.UUID
    label: str = Field(title="记录")


class CoopCountOut(Schema):
    count: int = Field(title="条数")


class CoopMemberOut(Schema):
    id: uuid.UUID
    name: str
    role: str
    role_label: str
    unit: str
    phone: str = Field(title="联系电话（无查看权限时脱敏）")
    from_date: dt.date
    to_date: dt.date | None
    updated_at: dt.datetime = Field(title="最后修改时间（修改时原样回传）")


class CoopFundOut(Schema):
    id: uuid.UUID
    received_on: dt.date
    year: int
    amount: Decimal
    source: str
    source_label: str
    project_code: str
    note: str
    updated_at: dt.datetime = Field(title="最后修改时间（修改时原样回传）")


class CoopProjectOut(Schema):
    id: uuid.UUID
    year: int
    project_code: str
    project_name: str


class CoopTransferOut(Schema):
    id: uuid.UUID
    name: str
    id_number: str = Field(title="身份证号（无查看权限时脱敏）")
    village_code: str
    destination: str
    employer: str
    started_on: dt.date
    months: int | None
    monthly_pay: Decimal | None
    from_jobs_database: bool


class CoopExchangeOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    direction: str
    unit: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str
    updated_at: dt.datetime = Field(title="最后修改时间（修改时原样回传）")


class CoopMeetingOut(Schema):
    id: uuid.UUID
    held_on: dt.date
    kind: str
    place: str
    leader_level: str
    leaders: str
    minutes: str = Field(title="会议纪要")
    updated_at: dt.datetime = Field(title="最后修改时间（修改时原样回传）")


class CoopFlowsOut(Schema):
    members: list[CoopMemberOut]
    funds: list[CoopFundOut]
    projects: list[CoopProjectOut]
    transfers: list[CoopTransferOut]
    exchanges: list[CoopExchangeOut]
    meetings: list[CoopMeetingOut]


class CoopSummaryLineOut(Schema):
    label: str
    kind: str
    pairing_id: uuid.UUID | None
    count: int
    rows: list[CoopRowOut]


class CoopSummaryOut(Schema):
    year: int
    pairings: list[CoopSummaryLineOut]
    kinds: list[CoopSummaryLineOut]
    total: CoopSummaryLineOut
