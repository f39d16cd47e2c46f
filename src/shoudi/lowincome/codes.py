"""Code lists of the low-income register (常态化帮扶). Codes are stable English strings, labels Chinese.

The layers themselves are ``policy.layers.Layer`` (the command line and the engine use them too); the register
stores the four that 民政 decides (``STORED_LAYERS``); 监测对象 is an open monitoring case and 脱贫户 the
registry's status, read where they live."""

from __future__ import annotations

from django.db import models

from shoudi.policy.layers import LAYER_LABELS, Layer

STORED_LAYERS = (Layer.DIBAO, Layer.TEKUN, Layer.DIBAO_EDGE, Layer.RIGID_HARDSHIP)
ALL_LAYERS = (*STORED_LAYERS, Layer.MONITORING, Layer.FORMER_POOR)


class StoredLayer(models.TextChoices):
    DIBAO = Layer.DIBAO.value, LAYER_LABELS[Layer.DIBAO]
    TEKUN = Layer.TEKUN.value, LAYER_LABELS[Layer.TEKUN]
    DIBAO_EDGE = Layer.DIBAO_EDGE.value, LAYER_LABELS[Layer.DIBAO_EDGE]
    RIGID_HARDSHIP = Layer.RIGID_HARDSHIP.value, LAYER_LABELS[Layer.RIGID_HARDSHIP]


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "在保"
    PHASING_OUT = "phasing_out", "渐退期"
    ENDED = "ended", "已退出"


class Source(models.TextChoices):
    FEED = "feed", "民政数据导入"
    PAGE = "page", "民政部门录入"
    REFERRAL = "referral", "转介认定"
    REGISTRY = "registry", "基础数据库原有标记"


class IncomePattern(models.TextChoices):
    """Sets the verification cadence of a 低保 family (民政's 审核确认办法, DOMAIN.md §12)."""

    STABLE = "stable", "收入稳定、变化不大"
    IRREGULAR = "irregular", "收入不稳定或有劳动能力成员"


class DibaoClass(models.TextChoices):
    CLASS_1 = "1", "一类"
    CLASS_2 = "2", "二类"
    CLASS_3 = "3", "三类"
    CLASS_4 = "4", "四类"


class ReferralStatus(models.TextChoices):
    PENDING = "pending", "待民政认定"
    ACCEPTED = "accepted", "已纳入"
    DECLINED = "declined", "不予纳入"
    WITHDRAWN = "withdrawn", "已撤回"


class ReferralSource(models.TextChoices):
    ASSESSMENT = "assessment", "分层分类测算"
    STAFF = "staff", "工作人员转介"
    FOLLOW_UP = "follow_up", "跟踪核查"


class Outcome(models.TextChoices):
    """Seed 003: 继续保留、实施渐退保障或停止兜底保障; an amount adjusted when the situation changed."""

    KEEP = "keep", "继续保留"
    ADJUST = "adjust", "调整金额"
    PHASE_OUT = "phase_out", "渐退"
    STOP = "stop", "停止"


DECIDING_OUTCOMES = frozenset({Outcome.ADJUST, Outcome.PHASE_OUT, Outcome.STOP})  # 民政 decides these


class EntitlementKind(models.TextChoices):
    """What a layer brings (seed 003), each checked against the responsible department's data."""

    PREMIUM_SUBSIDY = "premium_subsidy", "医保个人缴费资助"
    MEDICAL_ASSISTANCE = "medical_assistance", "医疗救助（合规住院自付）"
    UNIVERSITY_GRANT = "university_grant", "脱贫家庭大学新生一次性资助"
    TUITION_SUPPORT = "tuition_support", "脱贫家庭大学生学费住宿费补助"


class EntitlementStatus(models.TextChoices):
    OPEN = "open", "待落实"
    DELIVERED = "delivered", "已落实"
    NOT_APPLICABLE = "not_applicable", "不适用"
