"""The default risk → measure rule table (缺什么补什么, seed 001; code lists of national-practice.md §6).

Data, not logic: the migration loads it into RiskMeasureRule, where a county may change it. A risk code with
no rule rows is answered by a measure of any kind (其他 is the case in point).
"""

from __future__ import annotations

from typing import Any

from shoudi.monitoring.codes import MeasureKind as M
from shoudi.monitoring.codes import Problem as P
from shoudi.monitoring.codes import RiskType as R

SOURCE = "001「按照缺什么补什么的原则」；national-practice.md §6"

DEFAULT_RULES: dict[str, list[str]] = {
    R.ILLNESS: [M.HEALTH, M.SOCIAL_PROTECTION, M.SOCIAL_SUPPORT],
    R.SCHOOLING: [M.COMPULSORY_EDUCATION, M.OTHER_EDUCATION, M.SOCIAL_SUPPORT],
    R.DISABILITY: [M.SOCIAL_PROTECTION, M.HEALTH, M.WELFARE_POST, M.SOCIAL_SUPPORT],
    R.DISASTER: [
        M.HOUSING,
        M.SOCIAL_PROTECTION,
        M.INDUSTRY,
        M.LIVING_CONDITIONS,
        M.INFRASTRUCTURE,
        M.RELOCATION,
        M.SOCIAL_SUPPORT,
    ],
    R.ACCIDENT: [M.SOCIAL_PROTECTION, M.HEALTH, M.SOCIAL_SUPPORT],
    R.INDUSTRY_FAILURE: [M.INDUSTRY, M.FINANCE, M.EMPLOYMENT],
    R.UNSTABLE_WORK: [M.EMPLOYMENT, M.WELFARE_POST],
    R.LACK_LABOUR: [M.SOCIAL_PROTECTION, M.WELFARE_POST, M.SOCIAL_SUPPORT],
    P.HOUSING: [M.HOUSING, M.RELOCATION],
    P.DROPOUT: [M.COMPULSORY_EDUCATION],
    P.WATER: [M.WATER],
    P.NO_MEDICAL_INSURANCE: [M.HEALTH, M.SOCIAL_PROTECTION],
}


def load_default_rules(model: Any = None) -> int:
    """Insert the default rows that are missing. ``model`` is the historical model inside a migration."""
    if model is None:
        from shoudi.assistance.models import RiskMeasureRule as model
    rows = [
        model(risk_code=str(risk), measure_kind=str(kind), source=SOURCE)
        for risk, kinds in DEFAULT_RULES.items()
        for kind in kinds
    ]
    before = model.objects.count()
    model.objects.bulk_create(rows, ignore_conflicts=True)
    return int(model.objects.count() - before)
