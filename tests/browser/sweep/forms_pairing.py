"""结对帮扶: the village picker, pairing ticked households with a cadre, and the spreadsheet import. The setup
makes households with fixed numbers (the checkboxes' values) in 当造村; the cadre is ``helper_a``."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

from shoudi.pairing.models import Pairing
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import Upload, form

TODAY = dt.date.today().isoformat()
NUMBERS = ("5206281012038101", "5206281012038102")


def _households(w: Any) -> Any:
    return [household_with_members(VILLAGE_A, size=2, number=n) for n in NUMBERS]


def _sheet() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["户编号", "帮扶责任人用户名", "开始日期"])
    sheet.append([NUMBERS[0], "helper_a", TODAY])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


form(
    name="pairing.village",
    form="pairing.village",
    url_name="pairing:assign",
    persona="township",
    method="get",
    setup=_households,
    page=lambda w, ctx: "/pairing/",
    valid={"village": VILLAGE_A},
    after_valid=lambda page, w, ctx: page.wait_for_selector(f"text={NUMBERS[0]}"),
)
form(
    name="pairing.assign",
    form="pairing.assign",
    url_name="pairing:assign",
    persona="township",
    setup=_households,
    page=lambda w, ctx: f"/pairing/?village={VILLAGE_A}",
    valid={"households": list(NUMBERS), "cadre": "helper_a", "on": TODAY, "action": "assign"},
    changed=lambda w, ctx: Pairing.objects.filter(household__number__in=NUMBERS, until__isnull=True).count() == 2,
    success="帮扶责任人",
)
form(
    name="pairing.import",
    form="pairing.import",
    url_name="pairing:import",
    persona="township",
    setup=_households,
    page=lambda w, ctx: "/pairing/import/",
    valid={"file": Upload("结对.xlsx", _sheet(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")},
    changed=lambda w, ctx: Pairing.objects.filter(household__number=NUMBERS[0]).exists(),
    success="已导入结对",
    expect_redirect=True,
)
