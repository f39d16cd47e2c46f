"""API of 待落实待遇 and of the register's counts (mounted with the rest of /api/v1/low-income/): the items a caller
sees (a 医保 / 教育 clerk: their department's; the register's roles: their area's), settling one (its department's
clerk), running the check for a year (the county officer) and the counts of an area and year. The same
selectors and services as the pages; anything outside the caller's area or department is a 404. ID numbers are
masked."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from shoudi.core.api import ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.lowincome import codes, reporting
from shoudi.lowincome import selectors_entitlements as selectors
from shoudi.lowincome.counts import FLOW_LAYERS, KINDS, LAYERS, PAIRS, pair_key, pair_label, short
from shoudi.lowincome.entitlements import FIRST_YEAR, check_entitlements, entitlement_settle
from shoudi.lowincome.models import Entitlement
from shoudi.registry.idnumber import mask

router = Router()
MAX_LIMIT = 200
STATUS_CODES = "、".join(f"{c.value}（{c.label}）" for c in codes.EntitlementStatus)
KIND_CODES = "、".join(f"{c.value}（{c.label}）" for c in codes.EntitlementKind)


class LowIncomeEntitlementOut(Schema):
    id: uuid.UUID
    person_name: str = Field(title="成员姓名")
    id_number: str = Field(title="身份证号（脱敏）")
    household_number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    kind: str = Field(title="待遇代码")
    kind_label: str = Field(title="待遇")
    layer: str = Field(title="依据类别代码")
    department: str = Field(title="责任部门代码")
    department_label: str = Field(title="责任部门")
    year: int = Field(title="年度")
    expected: str = Field(title="应享标准")
    found: str = Field(title="部门数据情况")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    found_on: dt.date = Field(title="发现日期")
    resolved_on: dt.date | None = Field(None, title="办结日期")
    note: str = Field(title="办理情况")


class LowIncomeEntitlementPage(Schema):
    count: int
    items: list[LowIncomeEntitlementOut]


class LowIncomeEntitlementSettleIn(InputSchema):
    status: str = Field(
        title="办理结果代码", max_length=20, description="delivered（已落实）或 not_applicable（不适用）"
    )
    on: dt.date | None = Field(None, title="办结日期（默认今天）")
    note: str = Field("", title="办理情况（不适用时必填）", max_length=300)


class LowIncomeEntitlementCheckIn(InputSchema):
    year: int = Field(title="核对年度", ge=FIRST_YEAR, le=2100)


class LowIncomeEntitlementCheckOut(Schema):
    area_code: str = Field(title="区域代码")
    year: int = Field(title="年度")
    members: int = Field(title="核对人数")
    opened: int = Field(title="新增待落实")
    delivered: int = Field(title="自动办结（部门数据已显示落实）")
    updated: int = Field(title="数据有变化的待落实项")
    open: int = Field(title="核对后待落实")


class LowIncomeCountsLayer(Schema):
    layer: str = Field(title="类别代码")
    label: str = Field(title="类别")
    households: int = Field(title="户数")
    people: int = Field(title="人数")


class LowIncomeCountsOverlap(Schema):
    key: str = Field(title="交叉代码（类别+类别）")
    label: str = Field(title="交叉")
    households: int = Field(title="同时属于两类的户数")


class LowIncomeCountsMonth(Schema):
    month: int = Field(title="月份")
    entries: dict[str, int] = Field(title="新增（按类别代码）")
    exits: dict[str, int] = Field(title="退出（按类别代码）")


class LowIncomeCountsRow(Schema):
    code: str = Field(title="区划代码")
    name: str = Field(title="名称")
    households: int = Field(title="低收入人口户数（去重）")
    people: int = Field(title="低收入人口人数（去重）")
    phasing_out: int = Field(title="渐退期中")
    overdue: int = Field(title="核查超期")
    open_entitlements: int = Field(title="待落实待遇")


class LowIncomeCountsOut(Schema):
    area_code: str = Field(title="区域代码")
    area_name: str = Field(title="区域")
    year: int = Field(title="年度")
    as_of: dt.date = Field(title="截至日期")
    households: int = Field(title="低收入人口户数（去重）")
    people: int = Field(title="低收入人口人数（去重）")
    layers: list[LowIncomeCountsLayer] = Field(title="分层情况")
    overlaps: list[LowIncomeCountsOverlap] = Field(title="交叉情况")
    months: list[LowIncomeCountsMonth] = Field(title="各月新增和退出")
    phasing_out: int = Field(title="渐退期中（户）")
    overdue: int = Field(title="核查超期（户·类别）")
    open_entitlements: dict[str, int] = Field(title="待落实待遇（按待遇代码）")
    rows: list[LowIncomeCountsRow] = Field(title="分区域")


def _out(e: Entitlement) -> dict[str, Any]:
    return {
        "id": e.pk,
        "person_name": e.person.name,
        "id_number": mask(e.person.id_number),
        "household_number": e.household.number,
        "village_code": e.village_id,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "layer": e.layer,
        "department": e.department,
        "department_label": e.get_department_display(),
        "year": e.year,
        "expected": e.expected,
        "found": e.found,
        "status": e.status,
        "status_label": e.get_status_display(),
        "found_on": e.found_on,
        "resolved_on": e.resolved_on,
        "note": e.note,
    }


@router.get("/entitlements/", response={200: LowIncomeEntitlementPage, **ERRORS}, summary="待落实待遇列表")
def list_entitlements(
    request: HttpRequest,
    status: str = Query("", title="状态代码", max_length=20, description=STATUS_CODES),
    kind: str = Query("", title="待遇代码", max_length=30, description=KIND_CODES),
    year: int | None = Query(None, title="年度", ge=FIRST_YEAR, le=2100),
    township: str = Query("", pattern=r"^(\d{9})?$", title="乡镇代码"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _user(request)
    selectors.require_list(user)
    qs = selectors.entitlement_list(user, status=status, kind=kind, year=year, township=township)
    return {"count": qs.count(), "items": [_out(e) for e in qs[offset : offset + limit]]}


@router.post(
    "/entitlements/{entitlement_id}/settle",
    response={200: LowIncomeEntitlementOut, **ERRORS},
    summary="办结待落实待遇（已落实或不适用）",
)
def settle_entitlement(request: HttpRequest, entitlement_id: uuid.UUID, payload: LowIncomeEntitlementSettleIn) -> dict:
    user = _user(request)
    item = selectors.access_entitlement_by_id(user, entitlement_id)
    entitlement_settle(
        by=user, item=item, status=payload.status, on=payload.on or timezone.localdate(), note=payload.note
    )
    return _out(selectors.access_entitlement_by_id(user, entitlement_id))


@router.post(
    "/entitlements/check",
    response={200: LowIncomeEntitlementCheckOut, **ERRORS},
    summary="核对本区域低收入人口应享待遇（县级）",
)
def check(request: HttpRequest, payload: LowIncomeEntitlementCheckIn) -> dict[str, Any]:
    user = _user(request)
    selectors.require_check(user, user.area_id)
    today = timezone.localdate()
    if payload.year > today.year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{today.year}年之间"})
    counts = check_entitlements(user.area_id, payload.year, today, by=user)
    return {"area_code": user.area_id, "year": payload.year, **counts}


@router.get(
    "/counts", response={200: LowIncomeCountsOut, **ERRORS}, summary="常态化帮扶统计（分层、交叉、进出、待落实）"
)
def counts(
    request: HttpRequest,
    area: str = Query("", pattern=r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$", title="区划代码（默认本人区域）"),
    year: int | None = Query(None, title="年度（默认今年）", ge=FIRST_YEAR, le=2100),
) -> dict[str, Any]:
    user = _user(request)
    selectors.require_report(user)
    today = timezone.localdate()
    region = selectors.report_area(user, area or user.area_id)
    if year is not None and year > today.year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{today.year}年之间"})
    f = reporting.figures(region, year or today.year, today)
    return {
        "area_code": region.code,
        "area_name": region.name,
        "year": f.year,
        "as_of": f.on,
        "households": f.households.count(),
        "people": f.people.count(),
        "layers": [
            {"layer": x, "label": short(x), "households": f.households.count(x), "people": f.people.count(x)}
            for x in LAYERS
        ],
        "overlaps": [
            {"key": pair_key(a, b), "label": pair_label(a, b), "households": f.households.count(a, b)} for a, b in PAIRS
        ],
        "months": [
            {
                "month": m,
                "entries": {x: f.months[m].get(f"in_{x}", 0) for x in FLOW_LAYERS},
                "exits": {x: f.months[m].get(f"out_{x}", 0) for x in FLOW_LAYERS},
            }
            for m in range(1, 13)
        ],
        "phasing_out": f.follow_up("phasing_out"),
        "overdue": f.follow_up("overdue"),
        "open_entitlements": {k: f.open_items(k) for k in KINDS},
        "rows": [
            {
                "code": r.code,
                "name": r.name,
                "households": f.households.count(group=r.code),
                "people": f.people.count(group=r.code),
                "phasing_out": f.follow_up("phasing_out", r.code),
                "overdue": f.follow_up("overdue", r.code),
                "open_entitlements": f.open_items(group=r.code),
            }
            for r in f.rows
        ],
    }
