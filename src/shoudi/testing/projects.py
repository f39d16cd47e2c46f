"""Projects in any status of their workflow, made through the services (the tests and the form sweep share
them). The village proposer is a village committee (村两委: ``committee_a`` in the sweep's world), the township
reviewer reviews, the county officer decides and manages.

    project = project_at("completed", proposer=committee_a, township=township, county=county)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.assets.services import AssetSpec
from shoudi.projects import delivery, services
from shoudi.projects.codes import BarredKind
from shoudi.projects.models import Project, ProjectStatus
from shoudi.projects.types import Notice, ProjectFacts, Target
from shoudi.testing.factories import make_user

NOTICE = Notice(dt.date(2024, 3, 1), dt.date(2024, 3, 7))
ALL_CLEAR = list(BarredKind.values)
FACTS = ProjectFacts(
    name="当造村精品水果种植基地",
    year=2024,
    kind="industry",
    implementing_unit="当造村股份经济合作社",
    content="种植黄桃200亩",
    benefit_households=80,
    benefit_people=300,
    benefit_poor_households=30,
    benefit_mechanism="土地流转+务工+分红，脱贫户优先务工",
    planned_start=dt.date(2024, 4, 1),
    planned_end=dt.date(2024, 10, 31),
)
FUNDS = {"central": Decimal("300000"), "county": Decimal("100000")}
TARGETS = [
    Target(category="output", indicator="种植面积", target_value=Decimal("200"), unit="亩"),
    Target(category="benefit", indicator="带动脱贫户增收", target_value=Decimal("1000"), unit="元/户"),
]
# The order of the workflow's main line; "exited" leaves it from the library.
LINE = [
    ProjectStatus.DRAFT,
    ProjectStatus.SUBMITTED,
    ProjectStatus.REVIEWED,
    ProjectStatus.IN_LIBRARY,
    ProjectStatus.PLANNED,
    ProjectStatus.IMPLEMENTING,
    ProjectStatus.COMPLETED,
    ProjectStatus.ACCEPTED,
    ProjectStatus.EVALUATED,
]


def make_committee(village: str, name: str | None = None) -> User:
    """A village committee account (村两委): proposes its village's projects."""
    return make_user(
        name or f"committee_{village[-3:]}", Role.VILLAGE_COMMITTEE, village, full_name=f"村两委{village[-3:]}"
    )


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def project_draft(
    by: Any,
    area: str | None = None,
    *,
    fundings: Mapping[str, Decimal] | None = None,
    targets: Sequence[Target] | None = None,
    **facts: Any,
) -> Project:
    """A valid draft of ``by``'s own area (or ``area``); ``facts`` override the defaults of ``FACTS``."""
    return services.project_create(
        by=by,
        area_code=area or by.area_id,
        facts=dataclasses.replace(FACTS, **facts),
        fundings=FUNDS if fundings is None else fundings,
        targets=TARGETS if targets is None else targets,
    )


def advance_to(project: Project, status: str, *, proposer: Any, county: Any, township: Any = None) -> Project:
    """Take ``project`` along its workflow until it reaches ``status`` (``exited``: out of the library)."""
    target = ProjectStatus(status)
    stop = ProjectStatus.IN_LIBRARY if target == ProjectStatus.EXITED else target
    for step in LINE[LINE.index(ProjectStatus(project.status)) + 1 : LINE.index(stop) + 1]:
        project = _step_into(project, step, proposer=proposer, township=township, county=county)
    if target == ProjectStatus.EXITED:
        project = delivery.project_exit(by=county, project=project, exit_reason="duplicate", notice=NOTICE)
    return project


def project_at(
    status: str, *, proposer: Any, county: Any, township: Any = None, area: str | None = None, **facts: Any
) -> Project:
    """A new project of ``proposer``'s area, taken through the services to ``status``."""
    project = project_draft(proposer, area, **facts)
    return advance_to(project, status, proposer=proposer, township=township, county=county)


def _step_into(project: Project, status: str, *, proposer: Any, township: Any, county: Any) -> Project:
    if status == ProjectStatus.SUBMITTED:
        return services.project_submit(by=proposer, project=project, notice=NOTICE)
    if status == ProjectStatus.REVIEWED:
        if project.status == ProjectStatus.REVIEWED:  # township and county projects skip the township review
            return project
        return services.project_review(by=township, project=project, checklist=ALL_CLEAR, notice=NOTICE)
    if status == ProjectStatus.IN_LIBRARY:
        return services.project_decide(by=county, project=project, checklist=ALL_CLEAR, notice=NOTICE)
    if status == ProjectStatus.PLANNED:
        return delivery.project_plan(by=county, project=project, notice=NOTICE)
    if status == ProjectStatus.IMPLEMENTING:
        return delivery.project_start(by=county, project=project, started_on=days_ago(60))
    if status == ProjectStatus.COMPLETED:
        delivery.payment_add(by=county, project=project, source="central", amount=Decimal("1000"), paid_on=days_ago(50))
        return delivery.project_complete(by=county, project=project, completed_on=days_ago(20))
    if status == ProjectStatus.ACCEPTED:
        accepted, _ = delivery.project_accept(
            by=county, project=project, accepted_on=days_ago(10), assets=[AssetSpec("operating")], notice=NOTICE
        )
        return accepted
    if status == ProjectStatus.EVALUATED:
        results = {t.pk: t.target_value for t in project.targets.all()}
        return delivery.project_evaluate(
            by=county, project=project, results=results, conclusion="各项目标均已达到", notice=NOTICE
        )
    raise ValueError(f"no step leads into {status}")
