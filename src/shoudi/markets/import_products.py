"""Recognised products from a spreadsheet (消费帮扶产品导入): one row per product, the suppliers created on the way.
All or nothing: every row is checked first (the services' own checks), each problem listed as "第N行 列名：问题";
nothing is written unless every row is good. A product already registered (same supplier, name and spec) — or
repeated in the file — is skipped and counted, so importing the same file again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import in_area
from shoudi.core.inputs import Errors, date_value, money
from shoudi.markets import codes
from shoudi.markets.consumption import SupplierInput, keeper_county, require_manager, supplier_create, supplier_values
from shoudi.markets.consumption_products import ProductInput, product_create, product_values
from shoudi.markets.import_common import Sheet, check_rows, read_rows, template_bytes
from shoudi.markets.models_consumption import Product, Supplier
from shoudi.monitoring.presenters import short_name
from shoudi.regions.models import Level, Region

SHEET = Sheet(
    what="消费帮扶产品",
    columns={
        "供应商": "supplier",
        "主体类型": "kind",
        "统一社会信用代码": "credit_code",
        "所在村": "village",
        "产品名称": "name",
        "产品类别": "category",
        "规格": "spec",
        "计量单位": "unit",
        "参考价格（元）": "price",
        "产地县": "origin_county",
        "认定编号": "certificate_number",
        "认定机构": "certifier",
        "认定有效期起": "certified_from",
        "认定有效期止": "certified_to",
    },
    required=("供应商", "产品名称", "产品类别"),
    marker="产品名称",
    max_rows=5_000,
)
EXAMPLE = {
    "供应商": "松桃县当造村苗岭生态种养专业合作社",
    "主体类型": "农民专业合作社",
    "所在村": "当造村",
    "产品名称": "松桃红薯粉",
    "产品类别": "加工食品",
    "规格": "500克/袋",
    "计量单位": "袋",
    "参考价格（元）": "18.00",
    "认定编号": "XFXZ-2026-0101",
    "认定机构": "松桃县农业农村局",
    "认定有效期起": "2026-01-01",
    "认定有效期止": "2027-12-31",
}


@dataclass(frozen=True)
class Imported:
    products: int
    suppliers: int
    skipped: int


@dataclass(frozen=True)
class Planned:
    supplier_name: str
    new_supplier: SupplierInput | None
    product: ProductInput
    key: tuple[str, str, str]


def _places(county: str) -> tuple[dict[str, str], dict[str, str]]:
    villages: dict[str, str] = {}
    for code, name in Region.objects.filter(in_area("code", county), level=Level.VILLAGE).values_list("code", "name"):
        villages[code], villages[name], villages[short_name(name)] = code, code, code
    counties = {name: code for code, name in Region.objects.filter(level=Level.COUNTY).values_list("code", "name")}
    return villages, counties


def _checker(county: str) -> Any:
    suppliers = {s.name: s for s in Supplier.objects.filter(county_id=county)}
    pending: dict[str, Supplier] = {}  # suppliers introduced by an earlier row of the file
    villages, counties = _places(county)

    def check(number: int, row: dict[str, str]) -> Planned:
        e = Errors()
        name = row.get("supplier", "").strip()
        supplier = suppliers.get(name) or pending.get(name)
        new_supplier = None
        if supplier is None:
            kind = row.get("kind", "").strip()
            if name and not kind:
                e.add(ValidationError({"kind": f"供应商“{name[:50]}”尚未登记，请填写主体类型"}))
            village = row.get("village", "").strip()
            new_supplier = SupplierInput(
                name=name,
                kind=kind,
                village_code=villages.get(village, village),
                credit_code=row.get("credit_code", ""),
            )
            if kind or not name:
                e.take(supplier_values, new_supplier, county=county)
            supplier = Supplier(county_id=county, name=name, kind=kind or codes.SupplierKind.OTHER)
        elif not supplier.active:
            e.add(ValidationError({"supplier": f"供应商“{name}”已标为无效，不能登记产品"}))
        origin = row.get("origin_county", "").strip()
        product = ProductInput(
            name=row.get("name", ""),
            category=row.get("category", ""),
            spec=row.get("spec", ""),
            unit=row.get("unit", "") or "公斤",
            price=e.take(money, row.get("price"), "price", "参考价格", required=False),
            origin_county=counties.get(origin, origin),
            certificate_number=row.get("certificate_number", ""),
            certifier=row.get("certifier", ""),
            certified_from=e.take(
                date_value, row.get("certified_from"), "certified_from", "认定有效期起", required=False
            ),
            certified_to=e.take(date_value, row.get("certified_to"), "certified_to", "认定有效期止", required=False),
        )
        e.raise_if_any()
        values = product_values(product, supplier=supplier)
        if new_supplier is not None:
            pending[name] = supplier
        return Planned(name, new_supplier, product, (name, values["name"], values["spec"]))

    return check


def import_file(*, by: Any, path: Path, name: str) -> Imported:
    """Check every row, then write all of them in one transaction — or, with any bad row, nothing."""
    county = keeper_county(by)
    require_manager(by, county)
    plan = check_rows(SHEET, read_rows(SHEET, path, name), _checker(county))
    made: dict[str, Supplier] = {}
    done: set[tuple[str, str, str]] = set()
    count = skipped = 0
    with transaction.atomic():
        existing = {s.name: s for s in Supplier.objects.filter(county_id=county)}
        known = set(Product.objects.filter(supplier__county_id=county).values_list("supplier__name", "name", "spec"))
        for item in plan:
            if item.key in known or item.key in done:
                skipped += 1
                continue
            supplier = made.get(item.supplier_name) or existing.get(item.supplier_name)
            if supplier is None:
                assert item.new_supplier is not None
                supplier = made[item.supplier_name] = supplier_create(by=by, entry=item.new_supplier)
            product_create(by=by, supplier=supplier, entry=item.product)
            done.add(item.key)
            count += 1
    return Imported(products=count, suppliers=len(made), skipped=skipped)


def template() -> bytes:
    kinds = [str(label) for _v, label in codes.SupplierKind.choices]
    categories = [str(label) for _v, label in codes.ProductCategory.choices]
    return template_bytes(
        SHEET,
        EXAMPLE,
        {"主体类型": kinds, "产品类别": categories},
        "每行一个产品；供应商按名称在本县查找，找不到的自动新建（须填主体类型）。已登记的产品（同一供应商、名称、规格）"
        "跳过不重复导入。所有行检查无误才会导入。",
        [
            ("供应商", "是", "企业、合作社、家庭农场等的名称", ""),
            ("主体类型", "新供应商必填", "", "、".join(kinds)),
            ("所在村", "否", "本县村名或12位代码", ""),
            ("产品类别", "是", "", "、".join(categories)),
            ("参考价格（元）", "否", "最多两位小数", ""),
            ("产地县", "否", "县名或6位代码，不填为本县", ""),
            ("认定有效期起/止", "填写认定编号时必填", "如 2026-01-01", ""),
        ],
    )
