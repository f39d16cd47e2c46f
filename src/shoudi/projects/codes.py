"""Code lists of the project library (DOMAIN.md §8, national-practice.md §8). One list each, shared by
forms, the API, imports and exports."""

from __future__ import annotations

from django.db import models

from shoudi.assets.codes import LEVEL_CODE_LENGTH, FundSource, ProjectLevel

__all__ = ["LEVEL_CODE_LENGTH", "FundSource", "ProjectLevel"]


class ProjectKind(models.TextChoices):
    INDUSTRY = "industry", "产业发展"
    EMPLOYMENT = "employment", "就业项目"
    INFRASTRUCTURE = "infrastructure", "乡村基础设施"
    PUBLIC_SERVICE = "public_service", "公共服务"
    RURAL_CONSTRUCTION = "rural_construction", "乡村建设行动"
    RELOCATION = "relocation", "易地搬迁后扶"
    TRAINING = "training", "能力建设"
    OTHER = "other", "其他"


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
