"""/api/v1/cooperation/: 东西部协作和定点帮扶 — pairings (list, detail with the year's targets against results,
create, update with the version seen, delete while it has no records), targets, the county's yearly summary; flows in ``api_flows``. The same
selectors and services as the pages; a pairing outside the caller's area is a 404."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from shoudi.cooperation import api_flows, api_rows, codes, corrections, results, selectors, services, summary
from shoudi.cooperation.access import MANAGE, VIEW
from shoudi.cooperation.api_schemas import (
    CoopCountOut,
    CoopPairingDetailOut,
    CoopPairingIn,
    CoopPairingOut,
    CoopPairingPage,
    CoopPairingUpdateIn,
    CoopSummaryOut,
    CoopTargetsIn,
)
from shoudi.cooperation.models import Pairing
from shoudi.core.access import require
from shoudi.core.api import CONFLICT, ERRORS, actor

router = Router()
MAX_LIMIT = 200
YEAR = Query(None, title="年度（默认今年）", ge=2016, le=2100)


def pairing_out(p: Pairing) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "area_code": p.area_id,
        "area_name": p.area.name,
        "name": p.name,
        "partner": p.partner,
        "partner_location": p.partner_location,
        "agreement_from": p.agreement_from,
        "agreement_to": p.agreement_to,
        "agreement_no": p.agreement_no,
        "status": p.status,
        "status_label": p.get_status_display(),
        "note": p.note,
        "version": p.version,
    }


def rows_out(rows: list[results.Row]) -> list[dict[str, Any]]:
    return [
        {"indicator": r.indicator, "label": r.label, "target": r.target, "result": r.result, "share": r.share}
        for r in rows
    ]


@router.get("/pairings", response={200: CoopPairingPage, **ERRORS}, summary="结对列表")
def pairing_list(
    request: HttpRequest,
    kind: str = Query("", title="协作类型代码", max_length=20),
    year: int | None = Query(None, title="协议期覆盖年度", ge=2016, le=2100),
    status: str = Query("", title="状态代码", max_length=10),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = actor(request)
    qs = selectors.pairing_list(user, kind=kind, year=year, status=status)
    return {"count": qs.count(), "items": [pairing_out(p) for p in qs[offset : offset + limit]]}


@router.post("/pairings", response={201: CoopPairingOut, **ERRORS}, summary="登记结对")
def pairing_create(request: HttpRequest, payload: CoopPairingIn) -> Status:
    user = actor(request)
    require(user, MANAGE)
    created = services.pairing_create(by=user, entry=payload.entry())
    return Status(201, pairing_out(selectors.access_pairing_by_id(user, created.pk)))


@router.get(
    "/pairings/{coop_id}", response={200: CoopPairingDetailOut, **ERRORS}, summary="结对详情：年度目标和完成情况"
)
def pairing_detail(request: HttpRequest, coop_id: uuid.UUID, year: int | None = YEAR) -> dict[str, Any]:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    today = timezone.localdate()
    year = year or today.year
    done = results.results([pairing.pk], year, today)[pairing.pk]
    aims = results.targets([pairing.pk], year).get(pairing.pk, {})
    return {
        "pairing": pairing_out(pairing),
        "year": year,
        "rows": rows_out(results.rows(done, aims)),
        "buyers": [b.name for b in pairing.buyers.order_by("name")],
    }


@router.put("/pairings/{coop_id}", response={200: CoopPairingOut, **CONFLICT}, summary="修改结对")
def pairing_update(request: HttpRequest, coop_id: uuid.UUID, payload: CoopPairingUpdateIn) -> dict[str, Any]:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    services.pairing_update(by=user, pairing=pairing, entry=payload.entry(), expected_version=payload.version)
    return pairing_out(selectors.access_pairing_by_id(user, coop_id))


@router.delete(
    "/pairings/{coop_id}",
    response={204: None, **ERRORS},
    summary="删除误登记的结对（已有目标、成员、资金等记录的不能删除，请改为“已结束”）",
)
def pairing_delete(request: HttpRequest, coop_id: uuid.UUID, reason: str = api_rows.REASON) -> Status:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    require(user, MANAGE, pairing.area_id)
    corrections.pairing_delete(by=user, pairing=pairing, reason=reason)
    return Status(204, None)


@router.put(
    "/pairings/{coop_id}/targets",
    response={200: CoopCountOut, **ERRORS},
    summary="设置年度目标（未给出或为 null 的指标不设目标）",
)
def targets_set(request: HttpRequest, coop_id: uuid.UUID, payload: CoopTargetsIn) -> dict[str, Any]:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    values = {
        key: (None if getattr(payload, key) is None else Decimal(getattr(payload, key)))
        for key in codes.Indicator.values
    }
    return {"count": services.targets_set(by=user, pairing=pairing, year=payload.year, values=values)}


@router.get("/summary", response={200: CoopSummaryOut, **ERRORS}, summary="年度汇总：各结对和按类型合计")
def summary_get(request: HttpRequest, year: int | None = YEAR) -> dict[str, Any]:
    user = actor(request)
    require(user, VIEW)
    today = timezone.localdate()
    data = summary.build(user, year or today.year, today)

    def line(x: summary.Line) -> dict[str, Any]:
        pid = x.pairing.pk if x.pairing else None
        return {"label": x.label, "kind": x.kind, "pairing_id": pid, "count": x.count, "rows": rows_out(x.rows)}

    assert data.total is not None
    return {
        "year": data.year,
        "pairings": [line(x) for x in data.lines],
        "kinds": [line(x) for x in data.kinds],
        "total": line(data.total),
    }


router.add_router("", api_flows.router)
router.add_router("", api_rows.router)
