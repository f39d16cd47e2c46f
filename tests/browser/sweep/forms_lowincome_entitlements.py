"""常态化帮扶 · 待落实待遇 and the register's report: the list's filter (the 医保 clerk), the county officer's 核对 for a
year, settling an item on its page (the 医保 clerk), and the report's year and area. Each setup builds a 低保
household of village A whose members the 医保 data do not show subsidised, and checks last year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.lowincome import testing as lt
from shoudi.lowincome.entitlements import check_entitlements
from shoudi.lowincome.models import Entitlement
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, household_with_members

from .spec import form

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


def _dibao(w: Any) -> Any:
    household = household_with_members(VILLAGE_A, size=2)
    lt.membership(household, "dibao", started_on=dt.date(YEAR, 1, 1))
    return household


def _item(w: Any) -> Entitlement:
    _dibao(w)
    check_entitlements(COUNTY, YEAR, TODAY)
    return Entitlement.objects.filter(kind="premium_subsidy", status="open").order_by("found_on", "id").first()


form(
    name="lowincome.entitlement_filter",
    form="lowincome.entitlement_filter",
    url_name="lowincome:entitlements",
    persona="clerk",
    method="get",
    setup=_item,
    page=lambda w, ctx: "/low-income/entitlements/",
    valid={"status": "open", "kind": "premium_subsidy", "year": str(YEAR), "township": TOWNSHIP_A},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=entitlement-row]"),
)
form(
    name="lowincome.entitlement_check",
    form="lowincome.entitlement_check",
    url_name="lowincome:entitlement_check",
    persona="county",
    setup=_dibao,
    page=lambda w, ctx: "/low-income/entitlements/",
    valid={"year": str(YEAR)},
    changed=lambda w, ctx: Entitlement.objects.filter(household=ctx, status="open").count() == 2,
    success="核对完成",
)
form(
    name="lowincome.entitlement_settle",
    form="lowincome.entitlement_settle",
    url_name="lowincome:entitlement_settle",
    persona="clerk",
    setup=_item,
    page=lambda w, ctx: f"/low-income/entitlements/{ctx.pk}/",
    valid={"status": "delivered", "on": TODAY.isoformat(), "note": "已补资助 320 元"},
    changed=lambda w, ctx: Entitlement.objects.get(pk=ctx.pk).status == "delivered",
    success="已办结",
)
form(
    name="lowincome.report_filter",
    form="lowincome.report_filter",
    url_name="lowincome:report",
    persona="county",
    method="get",
    setup=_dibao,
    page=lambda w, ctx: "/low-income/report/",
    valid={"year": str(YEAR), "area": TOWNSHIP_A},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-table=overlaps]"),
)
