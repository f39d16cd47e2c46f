"""Schemas of /api/v1/governance/ (names prefixed ``Gov``: unique across the whole API)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from shoudi.core.api import InputSchema
from shoudi.governance import entries, reviews, rulebooks, shop
from shoudi.governance.models import MAX_POINTS

KINDS = "red（红榜）、yellow（黄榜）、black（黑榜）"
SMALL = 2_000_000_000


class GovVillageOut(Schema):
    code: str = Field(title="村代码")
    name: str = Field(title="村名")
    files: int = Field(title="已建档户数")
    red: int = Field(0, title="已认可红榜条数")
    yellow: int = Field(0, title="已认可黄榜条数（只给数量）")
    black: int = Field(0, title="已认可黑榜条数（只给数量）")
    pending: int = Field(0, title="待评议条数")


class GovRuleOut(Schema):
    id: uuid.UUID
    kind: str = Field(title="榜别代码")
    kind_label: str = Field(title="榜别")
    item: str = Field(title="事项")
    points: int = Field(title="积分（红榜为正，黄榜、黑榜为负）")
    clearing: str = Field(title="消除条件（黄榜）")
    active: bool = Field(title="启用")


class GovRulebookOut(Schema):
    id: uuid.UUID
    village_code: str = Field(title="村代码")
    edition: int = Field(title="版本号")
    title: str = Field(title="名称")
    status: str = Field(title="状态代码：draft 草案、adopted 现行、superseded 已废止")
    adopted_on: dt.date | None = Field(None, title="村民代表大会通过日期")
    resolution_no: str = Field(title="决议文号")
    present: int | None = Field(None, title="到会代表人数")
    total: int | None = Field(None, title="应到代表人数")
    votes_for: int | None = Field(None, title="赞成票")
    superseded_on: dt.date | None = Field(None, title="废止日期")
    rules: list[GovRuleOut] = Field(default_factory=list, title="事项")


class GovDraftIn(InputSchema):
    title: str = Field(title="细则名称", max_length=rulebooks.MAX_TITLE)


class GovRuleIn(InputSchema):
    kind: str = Field(title="榜别代码", max_length=10, description=KINDS)
    item: str = Field(title="事项", max_length=rulebooks.MAX_ITEM)
    points: int = Field(title="积分（红榜为正，黄榜、黑榜为负）", ge=-MAX_POINTS, le=MAX_POINTS)
    clearing: str = Field("", title="消除条件（黄榜必填）", max_length=rulebooks.MAX_CLEARING)


class GovRuleUpdateIn(GovRuleIn):
    active: bool = Field(True, title="启用")


class GovAdoptIn(InputSchema):
    adopted_on: dt.date = Field(title="村民代表大会通过日期")
    resolution_no: str = Field("", title="决议文号", max_length=rulebooks.MAX_RESOLUTION)
    total: int = Field(title="应到代表人数", ge=1, le=rulebooks.MAX_REPRESENTATIVES)
    present: int = Field(title="到会代表人数", ge=0, le=rulebooks.MAX_REPRESENTATIVES)
    votes_for: int = Field(title="赞成票", ge=0, le=rulebooks.MAX_REPRESENTATIVES)


class GovBalanceOut(Schema):
    red: int = Field(title="红榜积分")
    yellow: int | None = Field(None, title="黄榜扣分（仅本村理事会）")
    black: int | None = Field(None, title="黑榜扣分（仅本村理事会）")
    redeemed: int = Field(title="已兑换积分")
    balance: int = Field(title="积分余额")


class GovFileRowOut(Schema):
    household_id: uuid.UUID = Field(title="农户编号")
    head: str = Field(title="户主姓名")
    file_number: str | None = Field(None, title="档案编号")
    points: GovBalanceOut


class GovEntryOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID = Field(title="农户编号")
    file_number: str = Field(title="档案编号")
    rule_id: uuid.UUID = Field(title="依据规则编号")
    item: str = Field(title="事项")
    kind: str = Field(title="榜别代码")
    points: int = Field(title="积分")
    deed_on: dt.date = Field(title="事项发生日期")
    description: str = Field(title="事项经过")
    evidence: str = Field(title="佐证材料")
    status: str = Field(
        title="状态代码：proposed 待评议、confirmed 已认可、rejected 未认可、clearing 整改待评议、cleared 已消除"
    )
    review_id: uuid.UUID | None = Field(None, title="评议编号")
    decision: str = Field(title="评议结果代码")
    decision_reason: str = Field(title="评议意见")
    correction: str = Field(title="整改情况")
    corrected_on: dt.date | None = Field(None, title="整改日期")
    clear_review_id: uuid.UUID | None = Field(None, title="确认消除的评议编号")


class GovFileOut(Schema):
    household_id: uuid.UUID = Field(title="农户编号")
    village_code: str = Field(title="村代码")
    head: str = Field(title="户主姓名")
    file_number: str | None = Field(None, title="档案编号（第一次记录时建档）")
    points: GovBalanceOut
    hidden_counts: dict[str, int] | None = Field(None, title="黄榜、黑榜条数（非本村理事会只给数量）")
    entries: list[GovEntryOut] = Field(title="记录（非本村理事会只含红榜）")


class GovEntryIn(InputSchema):
    rule_id: uuid.UUID = Field(title="依据规则编号（本村现行细则）")
    deed_on: dt.date = Field(title="事项发生日期")
    description: str = Field(title="事项经过", max_length=entries.MAX_DESCRIPTION)
    evidence: str = Field(title="佐证材料", max_length=entries.MAX_EVIDENCE)


class GovCorrectionIn(InputSchema):
    correction: str = Field(title="整改情况", max_length=entries.MAX_CORRECTION)
    corrected_on: dt.date = Field(title="整改日期")


class GovReviewOut(Schema):
    id: uuid.UUID
    village_code: str = Field(title="村代码")
    year: int = Field(title="年度")
    quarter: int = Field(title="季度")
    held_on: dt.date = Field(title="评议日期")
    chair: str = Field(title="主持人")
    representatives: str = Field(title="参加评议的村民代表")
    present: int = Field(title="到会代表人数")
    status: str = Field(title="状态代码：open 评议中、closed 已结束")
    closed_on: dt.date | None = Field(None, title="结束日期")


class GovReviewDetailOut(GovReviewOut):
    entries: list[GovEntryOut] = Field(title="本次评议的记录（非本村理事会只含红榜）")
    hidden_count: int = Field(title="未显示的黄榜、黑榜条数")


class GovReviewIn(InputSchema):
    year: int = Field(title="年度", ge=2019, le=2100)
    quarter: int = Field(title="季度", ge=1, le=4)
    held_on: dt.date = Field(title="评议日期")
    chair: str = Field(title="主持人", max_length=reviews.MAX_CHAIR)
    representatives: str = Field(title="参加评议的村民代表", max_length=reviews.MAX_REPRESENTATIVES)
    present: int = Field(title="到会代表人数", ge=1, le=10000)


class GovDecisionIn(InputSchema):
    entry_id: uuid.UUID = Field(title="记录编号")
    decision: str = Field(title="评议结果代码：confirm 认可、reject 不认可", max_length=10)
    reason: str = Field("", title="评议意见（不认可时必填）", max_length=reviews.MAX_REASON)


class GovDecisionsIn(InputSchema):
    decisions: list[GovDecisionIn] = Field(title="评议结果", max_length=2000)


class GovCloseIn(InputSchema):
    closed_on: dt.date | None = Field(None, title="结束日期（默认今天）")


class GovRankOut(Schema):
    rank: int = Field(title="名次")
    household_id: uuid.UUID = Field(title="农户编号")
    head: str = Field(title="户主姓名")
    file_number: str = Field(title="档案编号")
    red: int = Field(title="红榜积分")
    points: int = Field(title="年度积分")


class GovItemOut(Schema):
    id: uuid.UUID
    name: str = Field(title="物品名称")
    cost: int = Field(title="兑换所需积分")
    stock: int = Field(title="库存")
    active: bool = Field(title="上架")


class GovItemIn(InputSchema):
    name: str = Field(title="物品名称", max_length=shop.MAX_NAME)
    cost: int = Field(title="兑换所需积分", ge=1, le=MAX_POINTS)
    stock: int = Field(title="库存", ge=0, le=shop.MAX_STOCK)


class GovItemUpdateIn(GovItemIn):
    active: bool = Field(True, title="上架")


class GovRedemptionIn(InputSchema):
    household_id: uuid.UUID = Field(title="农户编号")
    item_id: uuid.UUID = Field(title="物品编号")
    quantity: int = Field(title="数量", ge=1, le=shop.MAX_QUANTITY)
    redeemed_on: dt.date = Field(title="兑换日期")


class GovRedemptionOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID = Field(title="农户编号")
    item_id: uuid.UUID = Field(title="物品编号")
    item_name: str = Field(title="物品名称")
    quantity: int = Field(title="数量")
    points: int = Field(title="使用积分")
    redeemed_on: dt.date = Field(title="兑换日期")
    balance: int | None = Field(None, title="兑换后积分余额（仅兑换时返回）")


class GovShopOut(Schema):
    items: list[GovItemOut]
    redemptions: list[GovRedemptionOut] = Field(title="最近兑换记录")
