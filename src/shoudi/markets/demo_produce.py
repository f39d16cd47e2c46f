"""Demo data of 农副产品滞销监测预警 for a county (``build(county_code)``, called by ``shoudi markets demo``): three key
products — 猕猴桃 and 生猪 weekly, 茶叶 monthly — with four years of series ending this week (seeded, seasonal),
a recent price slump of 猕猴桃 and a stock pile-up of 生猪; growers linked to the county's demo households and
cooperatives; then the check once. A re-run adds nothing (existing products keep their series)."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.markets import codes, produce_check
from shoudi.markets.models_consumption import Supplier
from shoudi.markets.models_produce import Commodity, Grower, Observation
from shoudi.markets.produce import period_start
from shoudi.registry.models import Household

YEARS = 4
PRODUCTS = (
    # name, category, frequency, keywords, unit, base price, base sales, (slump, pile-up), scale unit
    (
        "猕猴桃",
        codes.ProductCategory.FRUIT,
        codes.Frequency.WEEK,
        "红心猕猴桃、奇异果",
        "吨",
        9.0,
        60.0,
        (True, False),
        "亩",
    ),
    (
        "生猪",
        codes.ProductCategory.LIVESTOCK,
        codes.Frequency.WEEK,
        "肉猪、商品猪",
        "头",
        15.0,
        400.0,
        (False, True),
        "头",
    ),
    ("茶叶", codes.ProductCategory.TEA, codes.Frequency.MONTH, "绿茶、抹茶", "吨", 120.0, 30.0, (False, False), "亩"),
)


def _periods(frequency: str, today: dt.date) -> list[dt.date]:
    last = period_start(today, frequency)
    if frequency == codes.Frequency.MONTH:
        out, y, m = [], last.year - YEARS, last.month
        while (y, m) <= (last.year, last.month):
            out.append(dt.date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    start = last - dt.timedelta(weeks=52 * YEARS + 1)
    return [start + dt.timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]


def _series(commodity: Commodity, spec: tuple[Any, ...], today: dt.date, rng: random.Random) -> list[Observation]:
    _n, _c, frequency, _k, _u, price0, sales0, (slump, pile), _s = spec
    periods = _periods(frequency, today)
    rows = []
    for i, day in enumerate(periods):
        cycle = (day.timetuple().tm_yday / 365.0) * 2 * math.pi
        season = 1 + 0.2 * math.sin(cycle)
        price = price0 * season * rng.uniform(0.95, 1.05)
        sales = sales0 * season * rng.uniform(0.9, 1.1) * (52 / 12 if frequency == codes.Frequency.MONTH else 1)
        stock = sales * rng.uniform(0.8, 2.0) / (52 / 12 if frequency == codes.Frequency.MONTH else 1)
        recent = i >= len(periods) - 2
        if slump and recent:
            price *= 0.6
        if pile and recent:
            stock = sales * 7
        rows.append(
            Observation(
                commodity=commodity,
                period_start=day,
                price=Decimal(f"{price:.2f}"),
                output=Decimal(f"{sales * 1.05:.3f}"),
                stock=Decimal(f"{stock:.3f}"),
                sales=Decimal(f"{sales:.3f}"),
                source=codes.ObservationSource.IMPORTED,
            )
        )
    return rows


@transaction.atomic
def _write(county_code: str, today: dt.date) -> int:
    rng = random.Random(f"produce-{county_code}")
    households = list(Household.objects.filter(in_area("village_id", county_code)).order_by("number")[:40])
    suppliers = list(Supplier.objects.filter(county_id=county_code).exclude(village__isnull=True)[:3])
    made = 0
    for index, spec in enumerate(PRODUCTS):
        name, category, frequency, keywords, unit = spec[:5]
        commodity, created = Commodity.objects.get_or_create(
            county_id=county_code,
            name=name,
            defaults={"category": category, "frequency": frequency, "keywords": keywords, "unit": unit},
        )
        if not created:
            continue
        made += 1
        Observation.objects.bulk_create(_series(commodity, spec, today, rng), batch_size=1000)
        growers = [
            Grower(
                commodity=commodity,
                village_id=h.village_id,
                household=h,
                scale=Decimal(rng.randint(2, 30)),
                scale_unit=spec[8],
            )
            for h in households[index::3][:10]
        ]
        growers += [
            Grower(
                commodity=commodity,
                village_id=s.village_id or "",
                supplier=s,
                scale=Decimal(rng.randint(50, 500)),
                scale_unit=spec[8],
            )
            for s in suppliers[index : index + 1]
        ]
        Grower.objects.bulk_create(growers, ignore_conflicts=True)
    return made


def build(county_code: str, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    made = _write(county_code, today)
    run = produce_check.check_run(by=None, area_code=county_code, as_of=today)
    return f"农副产品滞销监测：新增重点农产品 {made} 个，检查 {run.series} 个产品，新增预警 {run.raised} 条"
