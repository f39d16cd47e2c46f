"""The fixed lists of the cooperation ledgers (东西部协作、定点帮扶、驻村帮扶、万企兴万村). Stored values are English,
labels Chinese."""

from __future__ import annotations

from django.db import models


class PairingKind(models.TextChoices):
    EAST_WEST = "east_west", "东西部协作"
    DESIGNATED = "designated", "定点帮扶"
    VILLAGE_TEAM = "village_team", "驻村帮扶"
    ENTERPRISE = "enterprise", "万企兴万村"
    OTHER = "other", "其他结对帮扶"


# Which level a pairing's own area is: the county for 东西部协作 and 定点帮扶, a village for 驻村 and 万企兴万村.
COUNTY_KINDS = frozenset({PairingKind.EAST_WEST, PairingKind.DESIGNATED})
VILLAGE_KINDS = frozenset({PairingKind.VILLAGE_TEAM, PairingKind.ENTERPRISE})


class PairingStatus(models.TextChoices):
    ACTIVE = "active", "协作中"
    ENDED = "ended", "已结束"


class MemberRole(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", "第一书记"
    TEAM_LEADER = "team_leader", "队长"
    TEAM_MEMBER = "team_member", "队员"
    CONTACT = "contact", "联系人"


class Indicator(models.TextChoices):
    """What a pairing's yearly targets measure; each result is computed from the pairing's flows of the year."""

    FUNDS = "funds", "帮扶资金（元）"
    PROJECTS = "projects", "协作项目（个）"
    LABOUR = "labour", "劳务输出（人）"
    TALENT_DAYS = "talent_days", "人才交流在岗（人·天）"
    CONSUMPTION = "consumption", "消费帮扶（元）"
    MEETINGS = "meetings", "联席会议和互访（次）"


MONEY_INDICATORS = frozenset({Indicator.FUNDS, Indicator.CONSUMPTION})


class FundSource(models.TextChoices):
    FISCAL = "fiscal", "财政援助资金"
    SOCIAL = "social", "社会帮扶资金"
    ENTERPRISE = "enterprise", "企业捐赠"
    UNIT = "unit", "帮扶单位自有资金"
    OTHER = "other", "其他"


class TalentKind(models.TextChoices):
    CADRE = "cadre", "党政干部"
    TEACHER = "teacher", "教师"
    DOCTOR = "doctor", "医生"
    TECHNICIAN = "technician", "专业技术人才"
    OTHER = "other", "其他"


class Direction(models.TextChoices):
    IN = "in", "派入（对方派来）"
    OUT = "out", "派出（本地派往）"


class MeetingKind(models.TextChoices):
    JOINT = "joint", "联席会议"
    VISIT = "visit", "高层互访"
    SURVEY = "survey", "考察对接"
    STUDY = "study", "专题研究"
    OTHER = "other", "其他"


class LeaderLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"
    OTHER = "other", "其他"
