"""收入核算: the sheet of one household-year on a phone (income/_sheet_fields.html inside income/sheet.html)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shoudi.income.models import IncomeLine
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A
from shoudi.testing.registry import household

from .spec import form


def _household(w: Any) -> Household:
    return household(w.user("village_a"), VILLAGE_A, size=3)


def _head_key(ctx: Household) -> str:
    return f"p{ctx.members.get(relationship='head').pk.hex}"


def _valid(w: Any, ctx: Household) -> None:
    line = IncomeLine.objects.filter(sheet__household=ctx, item="crops").first()
    return line is not None and line.amount == Decimal("3000")


def _live_totals(page: Any, w: Any, ctx: Household) -> None:
    """After saving, the page shows the saved figures; typing updates the totals at once (income/sheet.js), and
    按月填写 fills the annual amount."""
    total = page.locator('[data-total="income"]')
    assert total.inner_text() == "5400.00", total.inner_text()
    page.fill("input[name=crops]", "6000")
    assert total.inner_text() == "8400.00"
    assert page.locator('[data-total="per-capita"]').inner_text() == "2533.33"  # (8,400 − 800) / 3
    page.locator("input[name=pension]").locator("xpath=ancestor::div[@class='income-item']//summary").click()
    page.fill("input[name=pension_m1]", "100")
    page.fill("input[name=pension_m2]", "50.5")
    assert page.input_value("input[name=pension]") == "150.50"
    assert total.inner_text() == "8550.50"


form(
    name="income.sheet",
    form="income.sheet",
    url_name="income:sheet",
    persona="village_a",
    setup=_household,
    page=lambda w, ctx: f"/income/{ctx.pk}/2026/",
    valid={"crops": "3000", "production_cost": "800", "dibao": "2400", "medical": "1200.50"},
    changed=_valid,
    success="收入核算表已保存",
    phone=True,
    after_valid=_live_totals,
    skip={"required": "没有必填项：空白的项目表示未发生", "too_long": "金额输入框按数字校验，无文字长度限制"},
)
