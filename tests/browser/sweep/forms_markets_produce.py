"""农副产品滞销监测预警: registering and editing a key product, entering a period's figures, linking a grower
household, the two imports (series, growers; background jobs), starting the check, recording a response to a warning, closing a warning, and the
warning list's filter. The county officer (who records produce) fills them; the township filters. Each setup
writes what the form needs straight with the ORM (``markets.tests.sweep_produce``)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.utils import timezone

from shoudi.markets.models_produce import Commodity, Grower, Observation, ProduceWarning
from shoudi.markets.tests import sweep_produce
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import Upload, form

TODAY = timezone.localdate().isoformat()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(*rows: list[str]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SERIES = _xlsx(
    ["重点农产品", "期初日期", "价格", "产量", "库存量", "销量"],
    [sweep_produce.NAME, "2025-06-02", "9.5", "12", "3", "10"],
)


def _for_grower_import(w: Any) -> Any:
    """The key product and a household of village A; the file lists that household with a scale of 7 mu."""
    found = Household.objects.filter(village_id=VILLAGE_A).exclude(number="").first()
    found = found or household_with_members(VILLAGE_A, size=1)
    head = ["重点农产品", "户编号", "合作社/企业名称", "种养规模", "规模单位", "备注"]
    GROWER_IMPORT.valid["file"] = Upload(
        "种养主体.xlsx", _xlsx(head, [sweep_produce.NAME, found.number, "", "7", "亩", "巡检导入"]), XLSX
    )
    return sweep_produce.commodity()


def _household(w: Any) -> Any:
    sweep_produce.commodity()
    found = Household.objects.filter(village_id=VILLAGE_A).exclude(number="").first()
    found = found or household_with_members(VILLAGE_A, size=1)
    GROWER.valid["household_number"] = found.number
    return sweep_produce.commodity()


COMMODITY = {
    "name": "松桃检查茶叶",
    "category": "tea",
    "frequency": "month",
    "keywords": "绿茶",
    "unit": "吨",
    "price_unit": "元/公斤",
    "active": True,
}

form(
    name="markets.produce_commodity_create",
    form="markets.produce_commodity",
    url_name="markets:produce_commodity_create",
    persona="county",
    page=lambda w, ctx: "/markets/produce/commodities/new/",
    valid=COMMODITY,
    changed=lambda w, ctx: Commodity.objects.filter(name="松桃检查茶叶").exists(),
    success="已登记重点农产品",
)
form(
    name="markets.produce_commodity_edit",
    form="markets.produce_commodity",
    url_name="markets:produce_commodity_edit",
    persona="county",
    setup=lambda w: sweep_produce.commodity(),
    page=lambda w, ctx: f"/markets/produce/commodities/{ctx.pk}/edit/",
    valid={**COMMODITY, "name": sweep_produce.NAME, "frequency": "week", "keywords": "红心猕猴桃、奇异果"},
    changed=lambda w, ctx: Commodity.objects.get(pk=ctx.pk).keywords == "红心猕猴桃、奇异果",
    success="已保存重点农产品",
)
form(
    name="markets.produce_observation",
    form="markets.produce_observation",
    url_name="markets:produce_observation",
    persona="county",
    setup=lambda w: sweep_produce.commodity(),
    page=lambda w, ctx: f"/markets/produce/commodities/{ctx.pk}/entry/",
    valid={"period_start": TODAY, "price": "8.80", "output": "12", "stock": "4.5", "sales": "10"},
    changed=lambda w, ctx: Observation.objects.filter(commodity_id=ctx.pk, price="8.80").exists(),
    success="期数据",
)
GROWER = form(
    name="markets.produce_grower",
    form="markets.produce_grower",
    url_name="markets:produce_grower_add",
    persona="county",
    setup=_household,
    page=lambda w, ctx: f"/markets/produce/commodities/{ctx.pk}/growers/",
    valid={"household_number": "", "supplier": "", "scale": "6", "scale_unit": "亩", "note": "红心猕猴桃"},
    changed=lambda w, ctx: Grower.objects.filter(commodity_id=ctx.pk, note="红心猕猴桃").exists(),
    success="已登记种养主体",
    skip={"required": "户编号与合作社二选一，没有单独的必填项；空提交由服务提示"},
)
form(
    name="markets.produce_import",
    form="markets.produce_import",
    url_name="markets:produce_import",
    persona="county",
    setup=lambda w: sweep_produce.commodity(),
    page=lambda w, ctx: "/markets/produce/import/",
    valid={"file": Upload("价格产销数据.xlsx", SERIES, XLSX)},
    changed=lambda w, ctx: Observation.objects.filter(commodity=ctx, period_start="2025-06-02").exists(),
    success="",
)
GROWER_IMPORT = form(
    name="markets.produce_grower_import",
    form="markets.produce_grower_import",
    url_name="markets:produce_grower_import",
    persona="county",
    setup=_for_grower_import,
    page=lambda w, ctx: "/markets/produce/growers/import/",
    valid={"file": Upload("种养主体.xlsx", b"", XLSX)},
    changed=lambda w, ctx: Grower.objects.filter(commodity=ctx, note="巡检导入", scale=7).exists(),
    success="",
)
form(
    name="markets.produce_check",
    form="markets.produce_check",
    url_name="markets:produce_check",
    persona="county",
    setup=lambda w: sweep_produce.commodity(),
    page=lambda w, ctx: "/markets/produce/",
    valid={"full": True},
    changed=lambda w, ctx: True,
    success="",
)
form(
    name="markets.produce_response",
    form="markets.produce_response",
    url_name="markets:produce_response",
    persona="county",
    setup=lambda w: sweep_produce.warning(),
    page=lambda w, ctx: f"/markets/produce/warnings/{ctx.pk}/",
    valid={
        "kind": "purchase_drive",
        "date": TODAY,
        "buyer": "",
        "quantity": "12",
        "amount": "60000",
        "note": "县直机关以购代捐",
    },
    changed=lambda w, ctx: ProduceWarning.objects.get(pk=ctx.pk).status == "responding",
    success="已登记处置措施",
    submit="[data-testid=save-response]",
)
form(
    name="markets.produce_close",
    form="markets.produce_close",
    url_name="markets:produce_close",
    persona="county",
    setup=lambda w: sweep_produce.warning(),
    page=lambda w, ctx: f"/markets/produce/warnings/{ctx.pk}/",
    valid={"closed_on": TODAY, "note": "价格回升，库存已消化"},
    changed=lambda w, ctx: ProduceWarning.objects.get(pk=ctx.pk).status == "closed",
    success="已解除预警",
    submit="[data-testid=close-warning]",
    skip={"number": "版本号是隐藏项"},
)
form(
    name="markets.produce_warning_filter",
    form="markets.produce_warning_filter",
    url_name="markets:produce_warnings",
    persona="township",
    method="get",
    setup=lambda w: sweep_produce.warning(),
    page=lambda w, ctx: "/markets/produce/warnings/",
    valid={"status": "active", "kind": "price_fall", "q": "猕猴桃"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=warning-row]"),
)
