"""The income import/export page (/income/data/): uploading a 收入核算表 file, confirming the validated import on
its job page, and exporting an area's sheets of a year."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.test import TestCase

from shoudi.income.jobs import import_submit
from shoudi.income.models import IncomeSheet
from shoudi.jobs.models import Job
from shoudi.registry.models import Household
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members
from shoudi.testing.registry import import_upload

from .spec import Upload, form

NUMBER = f"{VILLAGE_A}7001"
WIDE = ["户编号", "年度", "核算日期", "务工收入", "种植业收入", "医疗自付"]


def _bytes() -> bytes:
    """A real wide-layout XLSX for the household ``_household`` makes, as a county would upload it."""
    import xlsxwriter

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "收入核算.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("按户填写")
        sheet.write_row(0, 0, WIDE)
        sheet.write_row(1, 0, [NUMBER, 2026, "2026-10-15", 36000, 4200, 800])
        book.close()
        return path.read_bytes()


FILE = _bytes()


def _household(w: Any) -> Household:
    found = Household.objects.filter(number=NUMBER).first()
    return found or household_with_members(VILLAGE_A, size=2, number=NUMBER)


def _validated(w: Any) -> Job:
    _household(w)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "收入核算.xlsx"
        path.write_bytes(FILE)
        with TestCase.captureOnCommitCallbacks(execute=True):
            job = import_submit(by=w.user("county"), upload=import_upload(path), mode="all")
    job.refresh_from_db()
    return job


def _exported(w: Any) -> IncomeSheet:
    household = _household(w)
    return IncomeSheet.objects.get_or_create(household=household, year=2026, defaults={"starts": "2026-01-01"})[0]


form(
    name="income.import",
    form="income.import",
    url_name="income_io:import",
    persona="county",
    setup=_household,
    page=lambda w, ctx: "/income/data/",
    valid={"file": Upload("收入核算.xlsx", FILE), "mode": "all"},
    changed=lambda w, ctx: Job.objects.filter(
        kind=Job.Kind.IMPORT_INCOME, stage=Job.Stage.VALIDATE, status=Job.Status.DONE, result__can_apply=True
    ).exists(),
    success="文件已上传",
    after_valid=lambda page, w, ctx: page.wait_for_selector("form[data-form='income.import_apply']"),
)

form(
    name="income.import_apply",
    form="income.import_apply",
    url_name="jobs:apply",
    persona="county",
    setup=_validated,
    page=lambda w, ctx: f"/jobs/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: IncomeSheet.objects.filter(household__number=NUMBER, year=2026).exists(),
    success="已确认导入",
)

form(
    name="income.export",
    form="income.export",
    url_name="income_io:export",
    persona="county",
    setup=_exported,
    page=lambda w, ctx: "/income/data/",
    valid={"area": COUNTY, "year": "2026"},
    changed=lambda w, ctx: Job.objects.filter(
        kind=Job.Kind.EXPORT_INCOME, status=Job.Status.DONE, result__sheets=1
    ).exists(),
    success="已开始导出",
)
