"""Code lists of 乡村振兴重点帮扶县: the level of a designation (the same list as the county class on
``regions.Region``), the categories and statuses of support measures, and an indicator's direction."""

from __future__ import annotations

from django.db import models

from shoudi.regions.models import KeyCounty as Level

__all__ = ["Direction", "Level", "MeasureCategory", "MeasureStatus"]


class MeasureCategory(models.TextChoices):
    FISCAL = "fiscal", "财政"
    FINANCE = "finance", "金融"
    LAND = "land", "土地"
    TALENT = "talent", "人才"
    TECHNOLOGY = "technology", "科技"
    EAST_WEST = "east_west", "东西部协作"
    DESIGNATED = "designated", "定点帮扶"
    OTHER = "other", "其他"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"
    NEUTRAL = "neutral", "仅作参考"
