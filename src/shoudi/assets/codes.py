"""Code lists of the asset ledger (DOMAIN.md §7, seed 001 第四节, national-practice.md §8)."""

from __future__ import annotations

from django.db import models


class AssetClass(models.TextChoices):
    OPERATING = "operating", "经营性资产"
    PUBLIC = "public", "公益性资产"
    HOUSEHOLD = "household", "到户类资产"


class LedgerLevel(models.TextChoices):
    COUNTY = "county", "县级台账"
    TOWNSHIP = "township", "乡级台账"
    VILLAGE = "village", "村级台账"


# The ledger area of an asset is this many leading digits of its village code.
LEDGER_CODE_LENGTH = {LedgerLevel.COUNTY: 6, LedgerLevel.TOWNSHIP: 9, LedgerLevel.VILLAGE: 12}


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", "在用"
    IDLE = "idle", "闲置"
    DISPOSED = "disposed", "已处置"
    WRITTEN_OFF = "written_off", "已核销"


class OwnerType(models.TextChoices):
    """Who owns an asset after confirmation (确权), seed 001: 到户类 → household; otherwise a village collective,
    several collectives by share (cross-village), or the state."""

    HOUSEHOLD = "household", "农户"
    COLLECTIVE = "collective", "村集体经济组织"
    COLLECTIVES = "collectives", "多个村集体按份共有"
    STATE = "state", "国有"


class TransferSystem(models.TextChoices):
    COLLECTIVE = "collective", "纳入农村集体资产管理体系"
    STATE = "state", "纳入国有资产管理体系"
    HOUSEHOLD = "household", "移交农户"


class OperationMode(models.TextChoices):
    SELF = "self", "自营"
    CONTRACT = "contract", "承包"
    TRUSTEESHIP = "trusteeship", "托管"
    LEASE = "lease", "租赁"
    COOPERATION = "cooperation", "合作经营"


class PostHolderCategory(models.TextChoices):
    FORMER_POOR = "former_poor", "脱贫户劳动力"
    EDGE = "edge", "边缘易致贫户（监测户）劳动力"
    OTHER = "other", "其他人员"


class IncomeUse(models.TextChoices):
    """Allowed uses of collective asset income, in the national priority order (national-practice.md §8;
    seed 003 adds public-welfare undertakings and consolidation)."""

    NO_LABOR = "no_labor", "无劳动能力人口帮扶"
    WELFARE_POSTS = "welfare_posts", "村级公益岗位"
    MAINTENANCE = "maintenance", "项目运行管护"
    LOW_INCOME_INCENTIVE = "low_income_incentive", "低收入户奖补"
    PUBLIC_WELFARE = "public_welfare", "村级公益事业"
    COLLECTIVE_ECONOMY = "collective_economy", "发展壮大村集体经济"


# Priority of each allowed use (1 = first).
INCOME_USE_PRIORITY = {use: n for n, use in enumerate(IncomeUse.values, start=1)}


class BannedUse(models.TextChoices):
    """Uses of asset income that are refused (national-practice.md §8)."""

    COMMITTEE_RUNNING = "committee_running", "村委会日常运转经费"
    VEHICLES_PHONES = "vehicles_phones", "购置车辆、通讯工具"
    ALLOWANCES = "allowances", "发放干部补贴、津贴"
    LOSSES_DEBTS = "losses_debts", "弥补亏损、偿还债务"
    BUILDINGS = "buildings", "修建楼堂馆所"
    LARGE_INFRASTRUCTURE = "large_infrastructure", "大型基础设施建设"
    MEMBER_PAYOUT = "member_payout", "分配给集体经济组织成员"


class DecisionBody(models.TextChoices):
    VILLAGERS_ASSEMBLY = "villagers_assembly", "村民会议"
    REPRESENTATIVES_ASSEMBLY = "representatives_assembly", "村民代表会议"


class DisposalReason(models.TextChoices):
    DISASTER = "disaster", "自然灾害损毁"
    DEMOLITION = "demolition", "规划调整拆除"
    END_OF_LIFE = "end_of_life", "达到使用年限"
    POOR_RETURNS = "poor_returns", "经营不善需改变用途"
    EQUITY_EXPIRED = "equity_expired", "股权协议到期"
    REPLACED = "replaced", "被新建项目替代"


class DisposalWay(models.TextChoices):
    AUCTION = "auction", "拍卖"
    TRANSFER = "transfer", "转让"
    CONVERSION = "conversion", "转产"
    SUSPENSION = "suspension", "报停"
    LOSS = "loss", "报损"
    SCRAP = "scrap", "报废"


class DisposalRoute(models.TextChoices):
    STANDARD = "standard", "一般程序（村民主决策→乡镇审核→主管部门审批→结果公开）"
    SIMPLIFIED = "simplified", "简化程序（村民（代表）会议通过→公示无异议）"
    STATE = "state", "国有资产处置程序"


class ProceedsUse(models.TextChoices):
    CONSOLIDATION = "consolidation", "巩固拓展脱贫攻坚成果"
    INDUSTRY = "industry", "乡村产业振兴"


class WriteOffCause(models.TextChoices):
    FLOOD = "flood", "洪涝"
    GEOLOGICAL = "geological", "滑坡、泥石流等地质灾害"
    EARTHQUAKE = "earthquake", "地震"
    STORM = "storm", "风雹、冰冻"
    FIRE = "fire", "火灾"
    EPIDEMIC = "epidemic", "疫病（到户畜禽）"
    OTHER = "other", "其他不可抗力"


class DocumentKind(models.TextChoices):
    TECHNICAL_APPRAISAL = "technical_appraisal", "专业技术鉴定意见"
    INTERMEDIARY_REPORT = "intermediary_report", "法定资质中介机构专项报告"
    TRANSFER = "transfer", "资产移交手续"
    CONFIRMATION = "confirmation", "确权登记材料"
    AGREEMENT = "agreement", "经营（承包、租赁、托管、合作）协议"
    DECISION = "decision", "民主决策记录"
    APPROVAL = "approval", "审批文件"
    NOTICE = "notice", "公示材料"
    OTHER = "other", "其他"


# Kinds that prove force majeure damage (seed 001: 专业技术鉴定意见或法定资质中介机构出具的专项报告).
APPRAISAL_KINDS = (DocumentKind.TECHNICAL_APPRAISAL, DocumentKind.INTERMEDIARY_REPORT)


# Shared with the project library (projects.codes re-exports them): a project's level and the sources of
# 衔接资金; an asset keeps the level of the project that formed it and the sources that paid for it.
class ProjectLevel(models.TextChoices):
    VILLAGE = "village", "村级"
    TOWNSHIP = "township", "乡级"
    COUNTY = "county", "县级"


# The length of the area code a project of each level belongs to.
LEVEL_CODE_LENGTH = {ProjectLevel.VILLAGE: 12, ProjectLevel.TOWNSHIP: 9, ProjectLevel.COUNTY: 6}


class FundSource(models.TextChoices):
    CENTRAL = "central", "中央衔接资金"
    PROVINCIAL = "provincial", "省级衔接资金"
    CITY = "city", "市级衔接资金"
    COUNTY = "county", "县级衔接资金"
    EAST_WEST = "east_west", "东西部协作资金"
    BONDS = "bonds", "地方政府债券"
    DONATION = "donation", "社会捐赠"
    OTHER = "other", "其他资金"
