"""The demo county's 消费帮扶 ledgers (``shoudi markets demo --area 520628``), built through the services as the
county officer of the demo would: a cooperative of the demo village that buys from and employs village households
(联农带农), an enterprise and a family farm; certified products; three budget units and the county union with
canteen budgets for this year and last; a partner-city buyer in 广东省东莞市; and purchases over the last 18 months
across every channel. Nothing new on a re-run (the cooperative is the marker; purchases carry demo order numbers)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import in_area
from shoudi.markets import codes
from shoudi.markets import consumption as services
from shoudi.markets import consumption_products as product_services
from shoudi.markets.consumption_purchases import PurchaseInput, purchase_create
from shoudi.markets.models_consumption import Buyer, Product, Purchase, Supplier
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

MARKER = "苗岭生态种养农民专业合作社"
SUPPLIERS = [
    (MARKER, codes.SupplierKind.COOPERATIVE, True),
    ("梵净山生态茶业有限公司", codes.SupplierKind.ENTERPRISE, False),
    ("山谷家庭农场", codes.SupplierKind.FAMILY_FARM, True),
]
# (supplier index, name, category, spec, unit, price)
PRODUCTS = [
    (0, "红薯粉", codes.ProductCategory.PROCESSED, "500克/袋", "袋", "18.00"),
    (0, "生态土鸡蛋", codes.ProductCategory.LIVESTOCK, "30枚/盒", "盒", "45.00"),
    (1, "梵净山绿茶", codes.ProductCategory.TEA, "250克/盒", "盒", "128.00"),
    (2, "高山大米", codes.ProductCategory.GRAIN_OIL, "5公斤/袋", "袋", "60.00"),
    (2, "香菇干", codes.ProductCategory.FUNGI, "250克/袋", "袋", "35.00"),
]
# (name, kind, location, canteen budget or None)
BUYERS = [
    ("县人民医院", codes.BuyerKind.BUDGET_UNIT, "", "600000"),
    ("县第一中学", codes.BuyerKind.BUDGET_UNIT, "", "900000"),
    ("县机关事务服务中心", codes.BuyerKind.BUDGET_UNIT, "", "400000"),
    ("县总工会", codes.BuyerKind.UNION, "", "200000"),
    ("东莞市消费帮扶运营中心", codes.BuyerKind.PARTNER_CITY, "广东省东莞市", None),
]
CHANNELS = [
    (codes.Channel.UNIT_PROCUREMENT, "单位食堂"),
    (codes.Channel.COUNTER, "县消费帮扶专柜"),
    (codes.Channel.HALL, "东莞消费帮扶专馆"),
    (codes.Channel.ZONE, "超市帮扶专区"),
    (codes.Channel.ONLINE, "832平台"),
]


def _officer(county: str) -> User:
    user = User.objects.filter(role=Role.COUNTY_OFFICER, area_id=county, is_active=True).order_by("username").first()
    if user is None:
        raise ValueError("演示县缺少县级乡村振兴部门账号：请先运行 shoudi demo")
    return user


def _village(county: str) -> str:
    with_households = Household.objects.filter(in_area("village_id", county)).order_by("village_id").first()
    if with_households is not None:
        return str(with_households.village_id)
    village = Region.objects.filter(in_area("code", county), level=Level.VILLAGE).order_by("code").first()
    return village.code if village else ""


def _suppliers(officer: User, county: str, village: str) -> list[Supplier]:
    made = []
    for name, kind, local in SUPPLIERS:
        found = Supplier.objects.filter(county_id=county, name=name).first()
        entry = services.SupplierInput(name=name, kind=kind, village_code=village if local else "", contact="联络员")
        made.append(found or services.supplier_create(by=officer, entry=entry))
    return made


def _links(officer: User, cooperative: Supplier, village: str, today: dt.date) -> int:
    households = list(Household.objects.filter(village_id=village).order_by("number")[:12]) if village else []
    count = 0
    for i, household in enumerate(households):
        kind = codes.SupplierLinkKind.EMPLOYS if i % 3 == 0 else codes.SupplierLinkKind.BUYS_FROM
        for year in (today.year - 1, today.year):
            entry = services.LinkInput(
                household_number=household.number, kind=kind, year=year, amount=Decimal(1500 + 300 * (i % 5))
            )
            if not cooperative.households.filter(household=household, kind=kind, year=year).exists():
                services.household_link(by=officer, supplier=cooperative, entry=entry)
                count += 1
    return count


def _products(officer: User, suppliers: list[Supplier], today: dt.date) -> list[Product]:
    made: list[Product] = []
    for index, name, category, spec, unit, price in PRODUCTS:
        supplier = suppliers[index]
        found = Product.objects.filter(supplier=supplier, name=name, spec=spec).first()
        entry = product_services.ProductInput(
            name=name,
            category=category,
            spec=spec,
            unit=unit,
            price=Decimal(price),
            certificate_number=f"XFXZ-{today.year - 1}-{len(made) + 1:04d}",
            certifier="县农业农村局",
            certified_from=dt.date(today.year - 1, 1, 1),
            certified_to=dt.date(today.year + 1, 12, 31),
        )
        made.append(found or product_services.product_create(by=officer, supplier=supplier, entry=entry))
    return made


def _buyers(officer: User, county: str, today: dt.date) -> list[Buyer]:
    made = []
    for name, kind, location, budget in BUYERS:
        found = Buyer.objects.filter(county_id=county, name=name).first()
        buyer = found or product_services.buyer_create(
            by=officer, entry=product_services.BuyerInput(name=name, kind=kind, location=location)
        )
        if budget is not None and found is None:
            for year in (today.year - 1, today.year):
                entry = product_services.YearInput(year=year, canteen_budget=Decimal(budget))
                product_services.buyer_year_set(by=officer, buyer=buyer, entry=entry)
        made.append(buyer)
    return made


def _purchases(officer: User, county: str, buyers: list[Buyer], products: list[Product], today: dt.date) -> int:
    rng = random.Random(f"consumption-{county}")
    count = 0
    for n in range(120):
        day = today - dt.timedelta(days=rng.randrange(0, 548))
        buyer = buyers[rng.randrange(len(buyers))]
        channel, platform = CHANNELS[rng.randrange(len(CHANNELS))]
        if buyer.kind == codes.BuyerKind.PARTNER_CITY:
            channel, platform = codes.Channel.HALL, "东莞消费帮扶专馆"
        product = products[rng.randrange(len(products))]
        quantity = Decimal(rng.randrange(20, 600))
        order = f"DEMO-{county}-{n + 1:04d}"
        if Purchase.objects.filter(county_id=county, channel=channel, platform=platform, order_number=order).exists():
            continue
        entry = PurchaseInput(
            channel=channel,
            date=day,
            quantity=quantity,
            amount=(quantity * (product.price or Decimal(20))).quantize(Decimal("0.01")),
            platform=platform,
            order_number=order,
        )
        purchase_create(by=officer, buyer=buyer, product=product, entry=entry)
        count += 1
    return count


def build(county_code: str) -> str:
    """Build (or complete) the demo county's 消费帮扶 ledgers; a Chinese summary line."""
    county = county_code.strip()[:6]
    officer = _officer(county)
    today = timezone.localdate()
    village = _village(county)
    suppliers = _suppliers(officer, county, village)
    links = _links(officer, suppliers[0], village, today)
    products = _products(officer, suppliers, today)
    buyers = _buyers(officer, county, today)
    purchases = _purchases(officer, county, buyers, products, today)
    if not links and not purchases:
        return "消费帮扶演示数据已存在，未重复生成"
    return f"消费帮扶演示数据：供应商 {len(suppliers)} 个、产品 {len(products)} 个、采购方 {len(buyers)} 个，新增带动农户记录 {links} 条、采购记录 {purchases} 条"
