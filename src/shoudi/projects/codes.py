"""Code lists of the project library (DOMAIN.md §8, national-practice.md §8). One list each, shared by
forms, the API, imports and exports."""

from __future__ import annotations

from django.db import models


class ProjectLevel(models.TextChoices):
    VILLAGE = "village", "村级"
    TOWNSHIP = "township", "乡级"
    COUNTY = "county", "县级"


# The length of the area code a project of each level belongs to.
LEVEL_CODE_LENGTH = {ProjectLevel.VILLAGE: 12, ProjectLevel.TOWNSHIP: 9, ProjectLevel.COUNTY: 6}


class ProjectKind(models.TextChoices):
    INDUSTRY = "industry", "产业发展"
    EMPLOYMENT = "employment", "就业项目"
    INFRASTRUCTURE = "infrastructure", "乡村基础设施"
    PUBLIC_SERVICE = "public_service", "公共服务"
    RURAL_CONSTRUCTION = "rural_construction", "乡村建设行动"
    RELOCATION = "relocation", "易地搬迁后扶"
    TRAINING = "training", "能力建设"
    OTHER = "other", "其他"


class FundSource(models.TextChoices):
    CENTRAL = "central", "中央衔接资金"
    PROVINCIAL = "provincial", "省级衔接资金"
    CITY = "city", "市级衔接资金"
    COUNTY = "county", "县级衔接资金"
    EAST_WEST = "east_west", "东西部协作资金"
    BONDS = "bonds", "地方政府债券"
    DONATION = "donation", "社会捐赠"
    OTHER = "other", "其他资金"


class TargetCategory(models.TextChoices):
    OUTPUT = "output", "产出指标"
    BENEFIT = "benefit", "效益指标"
    SATISFACTION = "satisfaction", "满意度指标"


class TargetDirection(models.TextChoices):
    AT_LEAST = "at_least", "不低于"
    AT_MOST = "at_most", "不高于"


class BarredKind(models.TextChoices):
    """What may not enter the library (国乡振发〔2021〕3号, national-practice.md §8). The reviewer confirms each
    item does NOT apply; the two checks on data (benefit mechanism, targets) are also made by the service."""

    UNRELATED = "unrelated", "与巩固拓展脱贫攻坚成果和乡村振兴无关的项目"
    ILLEGAL = "illegal", "违反法律法规和政策规定的项目"
    OVER_STANDARD = "over_standard", "超标准、超能力建设的项目"
    VANITY = "vanity", "形象工程、政绩工程"
    NO_BENEFIT = "no_benefit", "无联农带农机制的产业项目"
    NO_TARGETS = "no_targets", "未设定绩效目标的项目"


class ExitReason(models.TextChoices):
    """Why a project leaves the library (有进有出)."""

    NOT_FEASIBLE = "not_feasible", "条件不成熟、不具备实施条件"
    DUPLICATE = "duplicate", "与其他项目重复"
    FUNDED_ELSEWHERE = "funded_elsewhere", "已由其他资金安排实施"
    CHANGED_NEED = "changed_need", "群众需求变化"
    POLICY = "policy", "政策调整"
    OTHER = "other", "其他"
