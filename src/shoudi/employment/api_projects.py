"""/api/v1/employment/: the projects part — 就业帮扶车间 (``api_projects_workshops``), 以工代赈 (the projects, a
project's rows by month, the month sheet written all or nothing, the rows whose pay lags) and the counts of an
area. The same selectors and services as the pages; anything outside the caller's area is a 404; ID numbers
are masked unless the role holds ``REVEAL_ID``."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from shoudi.core.access import Capability, NotVisible, can, code_in_user_area
from shoudi.core.api import ERRORS, InputSchema, actor
from shoudi.employment import counts, months, relief
from shoudi.employment import selectors_projects as selectors
from shoudi.employment.access import VIEW, may, require_may
from shoudi.employment.api_projects_workshops import router as workshops_router
from shoudi.employment.models import ReliefWork
from shoudi.projects.models import Project
from shoudi.regions.models import Region

router = Router()
router.add_router("", workshops_router)
MAX_LIMIT = 200
MAX_PAY = Decimal("9999999.99")


class EmpReliefProjectOut(Schema):
    id: uuid.UUID
    code: str = Field(title="项目编号")
    name: str = Field(title="项目名称")
    year: int
    area_code: str = Field(title="所属区域代码")
    status: str
    status_label: str
    labourers: int = Field(title="务工群众人数")
    pay_due: str = Field(title="应发劳务报酬（元）")
    pay_paid: str = Field(title="实发劳务报酬（元）")


class EmpReliefProjectPage(Schema):
    count: int
    items: list[EmpReliefProjectOut]


class EmpReliefRowOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    person_id: uuid.UUID
    name: str = Field(title="姓名")
    id_number: str = Field(title="身份证号（无查看权限的为脱敏号码）")
    village_code: str
    month: dt.date = Field(title="务工月份（当月1日）")
    days: int
    pay_due: str
    pay_paid: str
    paid_on: dt.date | None
    note: str
    lagging: bool = Field(title="发放滞后")


class EmpReliefTotalsOut(Schema):
    labourers: int
    priority: int = Field(title="其中脱贫人口和监测对象")
    pay_due: str
    pay_paid: str
    paid_share: float | None = Field(title="发放率（%）")
    lagging: int = Field(title="发放滞后条数")


class EmpReliefRowsOut(Schema):
    project: EmpReliefProjectOut
    totals: EmpReliefTotalsOut
    lag_days: int = Field(title="发放时限（务工月结束后天数）")
    items: list[EmpReliefRowOut]


class EmpReliefRowIn(InputSchema):
    person_id: uuid.UUID | None = Field(None, title="已在本项目务工的群众编号（与身份证号二选一）")
    id_number: str = Field("", title="身份证号（新增务工群众）", max_length=18)
    days: int = Field(title="务工天数", ge=0, le=31)
    pay_due: Decimal = Field(title="应发劳务报酬（元）", ge=0, le=MAX_PAY, max_digits=12, decimal_places=2)
    pay_paid: Decimal = Field(Decimal(0), title="实发劳务报酬（元）", ge=0, le=MAX_PAY, max_digits=12, decimal_places=2)
    paid_on: dt.date | None = Field(None, title="发放日期")
    note: str = Field("", title="备注", max_length=200)


class EmpReliefSheetIn(InputSchema):
    month: dt.date = Field(title="务工月份（任一日，按所在月份）")
    rows: list[EmpReliefRowIn] = Field(title="务工群众（整表全部通过检查才保存）", min_length=1, max_length=200)


class EmpReliefLaggingPage(Schema):
    count: int
    lag_days: int
    items: list[EmpReliefRowOut]


class EmpCountsGroupOut(Schema):
    code: str = Field(title="区划代码")
    name: str
    figures: dict[str, str] = Field(title="各项数字（金额为元）")


class EmpCountsOut(Schema):
    area_code: str
    on: dt.date = Field(title="统计日期")
    total: dict[str, str]
    employment_rate: float | None = Field(title="就业率（%）")
    post_occupancy: float | None = Field(title="公益性岗位在岗率（%）")
    relocated_share: float | None = Field(title="本年新聘公益性岗位用于搬迁群众占比（%）")
    relief_paid_share: float | None = Field(title="以工代赈劳务报酬发放率（%）")
    groups: list[EmpCountsGroupOut]


def _money(value: Decimal | None) -> str:
    return f"{Decimal(value or 0):.2f}"


def _project(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "year": p.year,
        "area_code": p.area_id,
        "status": p.status,
        "status_label": p.get_status_display(),
        "labourers": getattr(p, "labourers", 0) or 0,
        "pay_due": _money(getattr(p, "due", None)),
        "pay_paid": _money(getattr(p, "paid", None)),
    }


def _row(user: Any, r: ReliefWork, today: dt.date, lag: int) -> dict[str, Any]:
    return {
        "id": r.pk,
        "project_id": r.project_id,
        "person_id": r.person_id,
        "name": r.person.name,
        "id_number": selectors.shown_id(user, r.person.id_number),
        "village_code": r.village_id,
        "month": r.month,
        "days": r.days,
        "pay_due": _money(r.pay_due),
        "pay_paid": _money(r.pay_paid),
        "paid_on": r.paid_on,
        "note": r.note,
        "lagging": relief.is_lagging(r, today, lag),
    }


@router.get("/relief/projects", response={200: EmpReliefProjectPage, **ERRORS}, summary="以工代赈项目列表")
def relief_projects(
    request: HttpRequest,
    year: int | None = Query(None, ge=2013, le=2100),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = actor(request)
    require_may(user, VIEW)
    qs = selectors.relief_project_list(user, year=year)
    return {"count": qs.count(), "items": [_project(p) for p in qs[offset : offset + limit]]}


def _rows(user: Any, project: Project, month: dt.date | None) -> dict[str, Any]:
    today = timezone.localdate()
    lag = relief.lag_days(project.area_id, today)
    totals = selectors.relief_totals(project, today)
    listed = selectors.relief_project_list(user).filter(pk=project.pk).first() or project
    return {
        "project": _project(listed),
        "totals": {
            "labourers": totals.labourers,
            "priority": totals.priority,
            "pay_due": _money(totals.due),
            "pay_paid": _money(totals.paid),
            "paid_share": totals.share,
            "lagging": totals.lagging,
        },
        "lag_days": lag,
        "items": [_row(user, r, today, lag) for r in selectors.relief_rows(user, project, month)[:2000]],
    }


@router.get(
    "/relief/projects/{relief_project_id}/rows",
    response={200: EmpReliefRowsOut, **ERRORS},
    summary="以工代赈项目的务工记录（可按月份）和合计",
)
def relief_rows(
    request: HttpRequest,
    relief_project_id: uuid.UUID,
    month: dt.date | None = Query(None, title="务工月份（任一日）"),  # noqa: B008
) -> dict[str, Any]:
    user = actor(request)
    project = selectors.access_relief_project_by_id(user, relief_project_id)
    return _rows(user, project, month)


@router.put(
    "/relief/projects/{relief_project_id}/rows",
    response={200: EmpReliefRowsOut, **ERRORS},
    summary="录入月度务工表（整表全部通过检查才保存，错误注明行号）",
)
def relief_sheet(request: HttpRequest, relief_project_id: uuid.UUID, payload: EmpReliefSheetIn) -> dict[str, Any]:
    user = actor(request)
    project = selectors.access_relief_project_by_id(user, relief_project_id)
    rows = [
        relief.ReliefRowInput(
            person_id=r.person_id,
            id_number=r.id_number,
            days=r.days,
            pay_due=r.pay_due,
            pay_paid=r.pay_paid,
            paid_on=r.paid_on,
            note=r.note,
        )
        for r in payload.rows
    ]
    relief.relief_month_save(by=user, project=project, month=payload.month, rows=rows)
    return _rows(user, project, months.month_start(payload.month))


@router.get("/relief/lagging", response={200: EmpReliefLaggingPage, **ERRORS}, summary="劳务报酬发放滞后的以工代赈记录")
def relief_lagging(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = actor(request)
    require_may(user, VIEW)
    today = timezone.localdate()
    lag = relief.lag_days(user.area_id, today)
    qs = selectors.lagging_rows(user, today)
    return {
        "count": qs.count(),
        "lag_days": lag,
        "items": [_row(user, r, today, lag) for r in qs[offset : offset + limit]],
    }


@router.get("/counts", response={200: EmpCountsOut, **ERRORS}, summary="就业帮扶统计（按下级区域分组）")
def area_counts(
    request: HttpRequest,
    area: str = Query("", title="区划代码（默认本人所属区域）", pattern=r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$"),
    on: dt.date | None = Query(None, title="统计日期（默认今天）"),  # noqa: B008
) -> dict[str, Any]:
    user = actor(request)
    if not (may(user, VIEW) or can(user, Capability.VIEW_REPORTS)):
        raise NotVisible()
    code = area or user.area_id
    if not code_in_user_area(user, code) or not Region.objects.filter(code=code).exists():
        raise NotVisible()
    today = timezone.localdate()
    day = on or today
    if not dt.date(2016, 1, 1) <= day <= today:
        raise ValidationError({"on": f"统计日期应在2016-01-01至{today.isoformat()}之间"})
    figures = counts.area_counts(code, day, today=today)
    names = selectors.region_names(figures.groups)

    def text(group: str | None) -> dict[str, str]:
        return {key: str(figures.get(key, group)) for key in counts.KEYS}

    return {
        "area_code": code,
        "on": day,
        "total": text(None),
        "employment_rate": figures.share("employed", "labour"),
        "post_occupancy": figures.share("posts_filled", "posts"),
        "relocated_share": figures.share("holdings_relocated", "holdings_new"),
        "relief_paid_share": figures.share("relief_paid", "relief_due"),
        "groups": [{"code": g, "name": names.get(g, g), "figures": text(g)} for g in figures.groups],
    }
