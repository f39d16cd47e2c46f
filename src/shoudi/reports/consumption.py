"""消费帮扶 in the monthly and annual reports: the amount bought and sold by channel, budget units and unions meeting
their reserved share of canteen food purchases (and the share of them that do), the suppliers with sales, and the
households the suppliers drive (联农带农: all, of which 脱贫户 and 监测对象) — by row.

The ledgers belong to a county (``markets`` rows carry ``county_id``): a report's rows below county level have no
figures of their own; the total carries them. Amounts are of the period's days up to today; the reserved share is
measured on the period's year to its last day (canteen budget × the buyer's own share, else the county's parameter
``consumption_reserved_share``) and met only by purchases of recognised products (dated within the product's
certificate period, seed 001 消费协作重点产品认定); households are those linked for the period's year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from shoudi.core.access import in_area
from shoudi.employment.workshops import FORMER_POOR, monitored_between
from shoudi.markets import codes, params
from shoudi.markets.consumption_products import RESERVING_KINDS, recognised_q
from shoudi.markets.models_consumption import BuyerYear, Purchase, SupplierHousehold
from shoudi.reports.definitions import Indicator
from shoudi.reports.employment import Money
from shoudi.reports.parts import N, Ratio
from shoudi.reports.queries import Cells, Scope
from shoudi.reports.sources import TONGREN_PLAN

S_CONSUMPTION = "消费帮扶"
TOTAL = "total"
SOURCE = f"{TONGREN_PLAN}：深入开展消费协作，各级预算单位预留一定比例食堂食材采购份额，采购脱贫地区农副产品"
CHANNEL_DIMS = (*((str(c.value), str(c.label)) for c in codes.Channel), (TOTAL, "合计"))
RESERVING_DIMS = (("met", "达到预留份额"), ("all", "有食堂食材预算的"))
HOUSEHOLD_DIMS = (("all", "带动农户"), ("former_poor", "其中脱贫户"), ("monitored", "其中监测对象户"))


def _end(s: Scope) -> Any:
    return min(s.period.end, s.today)


def _purchases(s: Scope) -> Any:
    return (
        Purchase.objects.filter(in_area("county_id", s.area), date__gte=s.period.start)
        .filter(date__lte=_end(s))
        .annotate(g=s.g("county_id"))
        .order_by()
    )


def amount_by_channel(s: Scope) -> Cells:
    cells: Cells = {}
    for r in _purchases(s).values("g", "channel").annotate(amount=Sum("amount")):
        amount = Decimal(r["amount"] or 0)
        cells[(r["g"], r["channel"])] = Money(amount)
        total = cells.get((r["g"], TOTAL), Money())
        cells[(r["g"], TOTAL)] = total + Money(amount)
    return cells


def suppliers(s: Scope) -> Cells:
    rows = _purchases(s).values("g").annotate(n=Count("supplier_id", distinct=True))
    return {(r["g"], ""): N(r["n"]) for r in rows}


def _reserving(s: Scope) -> dict[str, tuple[int, int]]:
    """Per row: (budget units and unions reaching their reserved share, those with a canteen budget)."""

    def run() -> dict[str, tuple[int, int]]:
        year = s.period.end.year
        budgets = BuyerYear.objects.filter(
            in_area("buyer__county_id", s.area),
            year=year,
            buyer__kind__in=RESERVING_KINDS,
        ).select_related("buyer")
        bought = dict(
            Purchase.objects.filter(buyer_id__in=[b.buyer_id for b in budgets], date__year=year, date__lte=_end(s))
            .filter(recognised_q())
            .order_by()
            .values("buyer_id")
            .annotate(amount=Sum("amount"))
            .values_list("buyer_id", "amount")
        )
        shares: dict[str, Decimal] = {}
        out: dict[str, tuple[int, int]] = {}
        for b in budgets:
            county = b.buyer.county_id
            if county not in shares:
                shares[county] = params.decimal("consumption_reserved_share", county, s.period.end)
            share = b.reserved_share if b.reserved_share is not None else shares[county]
            reserved = b.canteen_budget * share
            if reserved <= 0:
                continue
            g = county[: s.group_len]
            met, total = out.get(g, (0, 0))
            out[g] = (met + int(Decimal(bought.get(b.buyer_id) or 0) >= reserved), total + 1)
        return out

    found: dict[str, tuple[int, int]] = s.once("consumption_reserving", run)
    return found


def reserving(s: Scope) -> Cells:
    cells: Cells = {}
    for g, (met, total) in _reserving(s).items():
        cells[(g, "met")], cells[(g, "all")] = N(met), N(total)
    return cells


def reserving_share(s: Scope) -> Cells:
    return {(g, ""): Ratio(met, total) for g, (met, total) in _reserving(s).items()}


def households(s: Scope) -> Cells:
    year = s.period.end.year
    start = s.period.start.replace(month=1, day=1)
    links = (
        SupplierHousehold.objects.filter(in_area("supplier__county_id", s.area), year=year)
        .annotate(g=s.g("supplier__county_id"), under_monitoring=monitored_between("household_id", start, s.period.end))
        .order_by()
        .values("g")
        .annotate(
            all=Count("household_id", distinct=True),
            former_poor=Count("household_id", distinct=True, filter=Q(household__status__in=FORMER_POOR)),
            monitored=Count("household_id", distinct=True, filter=Q(under_monitoring=True)),
        )
    )
    return {(r["g"], dim): N(r[dim]) for r in links for dim, _label in HOUSEHOLD_DIMS}


def indicators() -> list[Indicator]:
    def make(code: str, name: str, unit: str, formula: str, compute: Any, **kw: Any) -> Indicator:
        return Indicator(code, name, unit, formula, SOURCE, S_CONSUMPTION, compute, **kw)

    return [
        make(
            "consumption_amount",
            "消费帮扶采购和销售额（按渠道）",
            "元",
            "报告期内（至今天）登记和导入的消费帮扶采购记录金额，按单位采购、专柜、专馆、专区、电商平台等渠道分列",
            amount_by_channel,
            dims=CHANNEL_DIMS,
        ),
        make(
            "consumption_reserving",
            "达到预留份额的预算单位和工会",
            "个",
            "报告期所在年度登记了食堂食材采购总额的预算单位、工会中，年初至报告期末认定产品采购额（采购日期在产品认定"
            "有效期内的）达到“食堂食材采购总额 × 预留比例（本单位比例，未填按县参数 consumption_reserved_share）”的个数",
            reserving,
            dims=RESERVING_DIMS,
        ),
        make(
            "consumption_reserving_share",
            "预算单位和工会达到预留份额的比例",
            "%",
            "达到预留份额的 ÷ 有食堂食材预算的",
            reserving_share,
            additive=False,
        ),
        make("consumption_suppliers", "有销售的消费帮扶供应商", "个", "报告期内有采购记录的供应商数", suppliers),
        make(
            "consumption_households",
            "供应商联农带农户数",
            "户",
            "报告期所在年度登记为供应商收购、务工、订单或分红带动的农户数，及其中脱贫户、监测期内的监测对象户",
            households,
            dims=HOUSEHOLD_DIMS,
        ),
    ]


def table_specs() -> list[tuple[str, str, list[tuple[str, str, str]], str]]:
    """The report's 消费帮扶 table: (key, title, columns (indicator, dim, header), note)."""
    columns = [
        *(("consumption_amount", key, f"金额·{label}") for key, label in CHANNEL_DIMS),
        *(("consumption_reserving", key, label) for key, label in RESERVING_DIMS),
        ("consumption_reserving_share", "", "达到比例"),
        ("consumption_suppliers", "", "有销售的供应商"),
        *(("consumption_households", key, label) for key, label in HOUSEHOLD_DIMS),
    ]
    note = "消费帮扶台账按县登记，乡镇、村行不单列，合计行为全县；金额为报告期内，预留份额和带动农户按报告期所在年度"
    return [("consumption", "消费帮扶", columns, note)]
