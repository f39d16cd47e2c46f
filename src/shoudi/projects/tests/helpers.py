"""Project builders for the tests: a valid village project and the steps that take it through its life."""

from __future__ import annotations

from typing import Any

from shoudi.projects import services
from shoudi.projects.codes import BarredKind
from shoudi.projects.models import Project

NOTICE = ("2024-03-01", "2024-03-07")
ALL_CLEAR = list(BarredKind.values)

DATA = {
    "name": "当造村精品水果种植基地",
    "year": 2024,
    "kind": "industry",
    "implementing_unit": "当造村股份经济合作社",
    "content": "种植黄桃200亩",
    "benefit_households": 80,
    "benefit_people": 300,
    "benefit_poor_households": 30,
    "benefit_mechanism": "土地流转+务工+分红，脱贫户优先务工",
    "planned_start": "2024-04-01",
    "planned_end": "2024-10-31",
}
FUNDS = {"central": "300000", "county": "100000"}
TARGETS = [
    {"category": "output", "indicator": "种植面积", "target_value": "200", "unit": "亩"},
    {"category": "benefit", "indicator": "带动脱贫户增收", "target_value": "1000", "unit": "元/户"},
]


def village_project(by: Any, area: str, **overrides: Any) -> Project:
    fundings = overrides.pop("fundings", FUNDS)
    targets = overrides.pop("targets", TARGETS)
    return services.project_create(
        by=by, area_code=area, data={**DATA, **overrides}, fundings=fundings, targets=targets
    )


def into_library(project: Project, *, committee: Any, township: Any, county: Any) -> Project:
    project = services.project_submit(by=committee, project=project, notice=NOTICE)
    project = services.project_review(by=township, project=project, checklist=ALL_CLEAR, notice=NOTICE)
    return services.project_decide(by=county, project=project, checklist=ALL_CLEAR, notice=NOTICE)


def implementing(project: Project, *, county: Any, **people: Any) -> Project:
    project = into_library(project, county=county, **people)
    project = services.project_plan(by=county, project=project, notice=NOTICE)
    return services.project_start(by=county, project=project, started_on="2024-04-02")
