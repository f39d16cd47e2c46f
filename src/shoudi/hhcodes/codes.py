"""Code lists of 一户一码: the kinds of trouble a household picks on the public page, and the risk type
(``monitoring.codes.RiskType``) each one hints at for the village contact's home check."""

from __future__ import annotations

from django.db import models

from shoudi.monitoring.codes import RiskType

MAX_TEXT = 200  # the one sentence a household writes: the page asks for a sentence, not a letter
HOTLINE = "12317"


class Trouble(models.TextChoices):
    ILLNESS = "illness", "生病或受伤"
    SCHOOLING = "schooling", "孩子上学"
    DISABILITY = "disability", "残疾"
    DISASTER = "disaster", "灾害或意外"
    INCOME = "income", "失去工作或收入"
    HOUSING = "housing", "住房"
    WATER = "water", "饮水"
    OTHER = "other", "其他"


# The risk type a kind of trouble suggests ("" where none fits one-to-one): 灾害或意外 may be 因自然灾害 or
# 因意外事故, and housing and water are problems (两不愁三保障), not risk types — the home check decides.
RISK_HINTS: dict[str, str] = {
    Trouble.ILLNESS: RiskType.ILLNESS,
    Trouble.SCHOOLING: RiskType.SCHOOLING,
    Trouble.DISABILITY: RiskType.DISABILITY,
    Trouble.DISASTER: "",
    Trouble.INCOME: RiskType.UNSTABLE_WORK,
    Trouble.HOUSING: "",
    Trouble.WATER: "",
    Trouble.OTHER: RiskType.OTHER,
}
