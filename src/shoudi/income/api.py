"""收入核算 API: a household's sheet of one year with its lines and computed totals, saved whole (PUT), and the
years that have one. The same selectors and service as the page: area scope (404 outside), the line checks,
the version check (409), the audit entry."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from shoudi.core.api import CONFLICT, ERRORS, InputSchema, actor
from shoudi.income import selectors, services
from shoudi.income.inputs import MAX_AMOUNT, MONTHS, LineInput
from shoudi.income.models import IncomeSheet
from shoudi.registry.models import Household
from shoudi.registry.selectors import access_household_by_id

router = Router()


class LineIn(InputSchema):
    item: str = Field(max_length=30, title="项目代码（如 crops、dibao、medical）")
    amount: Decimal = Field(ge=0, le=MAX_AMOUNT, max_digits=10, decimal_places=2, title="全年金额（元）")
    member_id: uuid.UUID | None = Field(None, title="家庭成员（工资性收入）")
    work_place: str = Field("", max_length=20, title="务工地点：in_county、in_province、out_province、partner_city")
    work_months: int | None = Field(None, ge=0, le=MONTHS, title="务工月数")
    monthly: list[Decimal] | None = Field(None, min_length=MONTHS, max_length=MONTHS, title="逐月金额（1–12月）")


class SheetIn(InputSchema):
    lines: list[LineIn] = Field(max_length=300, title="收入核算条目（替换人工填写的全部条目）")
    expected_version: int | None = Field(None, ge=0, le=2_000_000_000, title="读取时的版本（0：尚无核算表）")
    collected_on: dt.date | None = Field(None, title="核算日期")
    note: str = Field("", max_length=200, title="备注")


class LineOut(Schema):
    item: str
    item_label: str
    amount: str
    member_id: uuid.UUID | None
    work_place: str
    work_months: int | None
    monthly: list[str] | None
    source: str
    department: str
    batch_ref: str


class SummaryOut(Schema):
    year: int
    kinds: dict[str, str]
    income: str
    costs: str
    net_income: str
    members_counted: int
    per_capita_net_income: str | None
    last_year_per_capita: str | None
    change_percent: str | None
    warning: bool


class SheetOut(Schema):
    household_id: uuid.UUID
    year: int
    exists: bool
    version: int
    source: str
    collected_on: dt.date | None
    note: str
    lines: list[LineOut]
    summary: SummaryOut


class YearsOut(Schema):
    household_id: uuid.UUID
    years: list[int]


def _sheet_out(household: Household, year: int, sheet: IncomeSheet | None) -> dict[str, Any]:
    lines = selectors.sheet_lines(sheet)
    return {
        "household_id": household.pk,
        "year": year,
        "exists": sheet is not None,
        "version": sheet.version if sheet is not None else 0,
        "source": sheet.source if sheet is not None else "",
        "collected_on": sheet.collected_on if sheet is not None else None,
        "note": sheet.note if sheet is not None else "",
        "lines": [
            {
                "item": line.item,
                "item_label": line.get_item_display(),
                "amount": f"{line.amount:.2f}",
                "member_id": line.member_id,
                "work_place": line.work_place,
                "work_months": line.work_months,
                "monthly": [str(m) for m in line.monthly] if line.monthly else None,
                "source": line.source,
                "department": line.department,
                "batch_ref": line.batch_ref,
            }
            for line in lines
        ],
        "summary": selectors.summary_for(household, year, sheet).as_dict(),
    }


YEAR = Path(..., ge=services.MIN_YEAR, le=services.MAX_YEAR, title="核算年度")


@router.get("/households/{household_id}", response={200: YearsOut, **ERRORS}, summary="农户已有收入核算表的年度")
def sheet_years(request: HttpRequest, household_id: uuid.UUID) -> dict[str, Any]:
    household = access_household_by_id(actor(request), household_id)
    return {"household_id": household.pk, "years": selectors.sheet_years(household)}


@router.get("/households/{household_id}/{year}", response={200: SheetOut, **ERRORS}, summary="农户一个年度的收入核算表")
def sheet_get(request: HttpRequest, household_id: uuid.UUID, year: int = YEAR) -> dict[str, Any]:
    household = access_household_by_id(actor(request), household_id)
    return _sheet_out(household, year, selectors.sheet_for(household, year))


@router.put(
    "/households/{household_id}/{year}",
    response={200: SheetOut, **CONFLICT},
    summary="保存收入核算表（替换人工填写的条目；部门数据条目保留，除非填写了同一项目）",
)
def sheet_put(request: HttpRequest, household_id: uuid.UUID, body: SheetIn, year: int = YEAR) -> dict[str, Any]:
    user = actor(request)
    household = access_household_by_id(user, household_id)
    sheet = services.sheet_save(
        by=user,
        household=household,
        year=year,
        lines=[
            LineInput(
                item=line.item,
                amount=line.amount,
                member_id=line.member_id,
                work_place=line.work_place,
                work_months=line.work_months,
                monthly=tuple(line.monthly) if line.monthly is not None else None,
            )
            for line in body.lines
        ],
        source="api",
        collected_on=body.collected_on,
        expected_version=body.expected_version,
        note=body.note,
    )
    return _sheet_out(household, year, selectors.sheet_for(household, sheet.year))
