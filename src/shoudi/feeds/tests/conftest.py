"""Fixtures of the department-data tests: clerks of two departments and helpers that build files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from shoudi.accounts.roles import Department, Role
from shoudi.testing.factories import COUNTY, make_user

HEADERS = ["身份证号", "姓名", "结算日期", "就诊类型", "总费用", "合规自付费用"]


def csv_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Sheet1")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if hasattr(value, "isoformat") and not isinstance(value, str):
                sheet.write_datetime(r, c, value, date)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return out.getvalue()


def upload(content: bytes, name: str = "医保结算.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def members(household_a) -> list[Any]:
    return list(household_a.members.order_by("relationship", "id_number"))


@pytest.fixture
def civil_clerk(regions):
    return make_user(
        "clerk_civil", Role.DEPT_CLERK, COUNTY, full_name="民政局数据员", department=Department.CIVIL_AFFAIRS
    )


@pytest.fixture
def other_county_officer(regions):
    return make_user("county_other", Role.COUNTY_OFFICER, "520627", full_name="沿河县乡村振兴局")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
