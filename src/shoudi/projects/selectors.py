"""Reads of the project library, scoped to the user's area; outside the area (or missing) is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from shoudi.assets import params
from shoudi.core.access import Capability, NotVisible, can, get_visible_or_404, in_area, user_area_q
from shoudi.projects import workflow
from shoudi.projects.codes import FundSource, ProjectKind
from shoudi.projects.models import Project, ProjectFunding, ProjectStep


def projects_visible(user: Any) -> QuerySet[Project]:
    if not can(user, Capability.VIEW_PROJECTS):
        return Project.objects.none()
    return Project.objects.filter(user_area_q(user, "area_id"))


def project_list(
    user: Any,
    *,
    year: int | None = None,
    status: str = "",
    kind: str = "",
    level: str = "",
    q: str = "",
    area: str = "",
) -> QuerySet[Project]:
    qs = projects_visible(user)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if area and area.isdigit():
        qs = qs.filter(in_area("area_id", area))
    if q.strip():
        qs = qs.filter(Q(name__contains=q.strip()) | Q(code__startswith=q.strip()))
    return qs.select_related("area").annotate(budget=Sum("fundings__amount")).order_by("-year", "area_id", "code")


def access_project_by_id(user: Any, project_id: Any) -> Project:
    """One project of the user's area, or ``NotVisible`` (404): absent and outside look the same."""
    return get_visible_or_404(projects_visible(user).select_related("area"), project_id)


@dataclass(frozen=True)
class IndustryShare:
    year: int
    target: Decimal | None  # None: the parameter is not set for this place and year
    central_total: Decimal
    central_industry: Decimal
    all_total: Decimal
    all_industry: Decimal

    @property
    def share(self) -> Decimal | None:
        """Share of central 衔接 funds in the year's plan that go to industry projects."""
        if not self.central_total:
            return None
        return (self.central_industry / self.central_total).quantize(Decimal("0.0001"))

    @property
    def all_share(self) -> Decimal | None:
        if not self.all_total:
            return None
        return (self.all_industry / self.all_total).quantize(Decimal("0.0001"))

    @property
    def below(self) -> bool:
        return self.share is not None and self.target is not None and self.share < self.target


def industry_share(user: Any, year: int) -> IndustryShare:
    """The year's planned funds (projects in the annual plan or beyond) within the user's area, against the
    ``industry_fund_share`` parameter of the user's county (or wider area)."""
    funds = ProjectFunding.objects.filter(
        project__in=projects_visible(user).filter(year=year, status__in=workflow.IN_PLAN)
    )
    totals = funds.aggregate(
        all_total=Sum("amount"),
        all_industry=Sum("amount", filter=Q(project__kind=ProjectKind.INDUSTRY)),
        central_total=Sum("amount", filter=Q(source=FundSource.CENTRAL)),
        central_industry=Sum("amount", filter=Q(source=FundSource.CENTRAL, project__kind=ProjectKind.INDUSTRY)),
    )
    region = (getattr(user, "area_id", "") or "00")[:6]
    zero = Decimal("0.00")
    return IndustryShare(
        year=year,
        target=params.industry_fund_share(region_code=region, year=year),
        central_total=totals["central_total"] or zero,
        central_industry=totals["central_industry"] or zero,
        all_total=totals["all_total"] or zero,
        all_industry=totals["all_industry"] or zero,
    )


def project_notices(user: Any, stage: str, *, limit: int = 200) -> QuerySet[ProjectStep]:
    """The steps of one stage that carry a public notice, newest first (the notice page of that stage)."""
    if stage not in workflow.NOTICE_STAGES:
        raise NotVisible("无此公示")
    return (
        ProjectStep.objects.filter(project__in=projects_visible(user), action=stage)
        .select_related("project", "project__area")
        .order_by("-notice_from", "-at")[:limit]
    )


def project_steps(project: Project) -> QuerySet[ProjectStep]:
    return project.steps.order_by("at", "id")
