"""Codes of the jobs app (就业帮扶). Stored values are English, labels Chinese."""

from __future__ import annotations

from django.db import models

from shoudi.registry import codes as rcodes

# Where a person works (务工地点): the registry's places, which include the east–west partner city.
WorkPlace = rcodes.WorkPlace
PLACE_CHOICES = [(value, label) for value, label in rcodes.WorkPlace.choices if value]


class WorkSource(models.TextChoices):
    """Where a work record came from: entered once, wherever it was first seen."""

    PAGE = "page", "页面填写"
    VISIT = "visit", "走访记录"
    INCOME = "income", "收入核算"
    FEED = "feed", "人社数据"
    PLACEMENT = "placement", "岗位推荐上岗"
    POST = "post", "公益性岗位"
    RELIEF = "relief", "以工代赈"
    IMPORT = "import", "表格导入"
    API = "api", "接口"
    REGISTRY = "registry", "基础数据库原有务工信息"


class EventKind(models.TextChoices):
    """An event of a person's working life (失业登记 / 返乡 come from the 人社 feed; training from anywhere)."""

    UNEMPLOYED = "unemployed", "失业登记"
    RETURNED = "returned", "返乡"
    TRAINING = "training", "参加培训"
    EMPLOYED = "employed", "就业登记"


class EmployerKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    LEADING = "leading", "龙头企业"
    COOPERATIVE = "cooperative", "农民专业合作社"
    WORKSHOP = "workshop", "就业帮扶车间"
    PARTNER = "partner", "东西部协作用工单位"
    INSTITUTION = "institution", "机关事业单位"
    OTHER = "other", "其他"


class OpeningStatus(models.TextChoices):
    OPEN = "open", "招聘中"
    FILLED = "filled", "已招满"
    CLOSED = "closed", "已关闭"


class Outcome(models.TextChoices):
    """What became of a recommendation (推荐结果)."""

    RECOMMENDED = "recommended", "已推荐"
    CONTACTED = "contacted", "已联系"
    INTERVIEWED = "interviewed", "已面试"
    HIRED = "hired", "已上岗"
    FAILED = "failed", "未成"


OPEN_OUTCOMES = frozenset({Outcome.RECOMMENDED, Outcome.CONTACTED, Outcome.INTERVIEWED})


class PostKind(models.TextChoices):
    """公益性岗位 kinds (seed 001: 按需设岗; posts used to maintain public-benefit assets, §5.4)."""

    CLEANING = "cleaning", "保洁"
    ROAD = "road", "护路"
    WATER = "water", "管水"
    FOREST = "forest", "护林（生态护林员）"
    ELDER_CARE = "elder_care", "养老护理"
    ASSET_CARE = "asset_care", "资产管护"
    SECURITY = "security", "治安协管"
    SERVICE = "service", "公共服务"
    OTHER = "other", "其他"


class PostFunding(models.TextChoices):
    LINKAGE = "linkage", "衔接资金"
    EMPLOYMENT_FUND = "employment_fund", "就业补助资金"
    ECOLOGY = "ecology", "生态补偿资金"
    ASSET_INCOME = "asset_income", "项目资产收益"
    EAST_WEST = "east_west", "东西部协作资金"
    COLLECTIVE = "collective", "村集体经济收入"
    OTHER = "other", "其他"


class PostStatus(models.TextChoices):
    VACANT = "vacant", "待聘"
    FILLED = "filled", "在岗"
    ABOLISHED = "abolished", "已撤岗"


class ExitReason(models.TextChoices):
    """有序退岗: why a holder left a post."""

    TERM_ENDED = "term_ended", "聘期届满"
    NOT_ELIGIBLE = "not_eligible", "不再符合条件"
    RESIGNED = "resigned", "本人申请退出"
    FAILED_REVIEW = "failed_review", "考核不合格"
    FOUND_JOB = "found_job", "实现其他就业"
    HEALTH = "health", "身体原因不能履职"
    DEATH = "death", "死亡"
    POST_ABOLISHED = "post_abolished", "岗位撤销"
    OTHER = "other", "其他"


class Priority(models.TextChoices):
    """Who is hired to a post first (seed 001): the group the holder belonged to when hired."""

    MONITORED = "monitored", "监测对象"
    FORMER_POOR = "former_poor", "脱贫人口"
    LOW_INCOME = "low_income", "农村低收入人口"
    OTHER = "other", "其他人员"


class WorkshopStatus(models.TextChoices):
    ACTIVE = "active", "认定有效"
    WITHDRAWN = "withdrawn", "已取消认定"


class SubsidyKind(models.TextChoices):
    CONSTRUCTION = "construction", "建设补助"
    RENT = "rent", "场地租金减免"
    EMPLOYMENT = "employment", "吸纳就业补贴"
    LOAN = "loan", "贷款贴息"
    OTHER = "other", "其他"
