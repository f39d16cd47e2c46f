"""The register exported in the columns 民政's low-income platform exchanges: one row per household and layer held
today, the head's ID in full only for roles that may see IDs, nothing outside the area, every export logged."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from shoudi.core.models import AuditEntry
from shoudi.lowincome.platform_export import HEADERS
from shoudi.registry.idnumber import mask
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C
from shoudi.testing.factories import household_with_members as household

from .entitlement_world import TODAY, civil_clerk, holds, login, members
from .test_counts import case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(regions):
    h1 = household(VILLAGE_A, size=3, status="former_poor", exit_year=2018)
    holds(h1, "dibao", dt.date(2024, 3, 5), dibao_class="2", document_no="松民〔2024〕12号", next_due=TODAY)
    case(h1, dt.date(2024, 3, 20))
    h2 = household(VILLAGE_C, size=1)
    holds(h2, "tekun", dt.date(2023, 6, 1))
    household(VILLAGE_A, size=2)  # holds nothing: not exported
    return h1, h2


def sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [list(r) for r in book["低收入人口"].iter_rows(values_only=True)]
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]], book


def test_the_county_officer_exports_every_layer_in_the_platform_columns(world, county):
    h1, h2 = world
    head = next(p for p in members(h1) if p.relationship == "head")
    header, rows, book = sheet(login(county).get("/low-income/export/"))
    assert tuple(header) == HEADERS
    assert [(r["户编号"], r["类别代码"]) for r in rows] == [
        (h1.number, "dibao"),
        (h1.number, "monitoring"),
        (h1.number, "former_poor"),
        (h2.number, "tekun"),
    ]
    dibao = rows[0]
    assert dibao["户主身份证号"] == head.id_number and dibao["户主姓名"] == head.name  # the county may see IDs
    assert dibao["家庭人口"] == 3 and dibao["人员类别"] == "低保" and dibao["低保类别"] == "二类"
    assert dibao["纳入日期"].date() == dt.date(2024, 3, 5) and dibao["认定机关"] == "县民政局"
    assert float(dibao["月救助金额（元）"]) == 400.0 and dibao["认定文号"] == "松民〔2024〕12号"
    assert dibao["同时属于"] == "防止返贫致贫监测对象、脱贫户" and dibao["数据来源"] == "民政部门录入"
    assert dibao["行政区划代码"] == VILLAGE_A and dibao["乡镇（街道）"] == "盘石镇"
    assert rows[1]["人员类别"] == "防止返贫致贫监测对象" and rows[1]["纳入日期"].date() == dt.date(2024, 3, 20)
    assert rows[2]["脱贫年度"] == 2018 and rows[2]["状态"] == "脱贫户"
    assert "列说明" in book.sheetnames
    entry = AuditEntry.objects.get(object_type="lowincome_export")
    assert entry.actor == county and entry.changes == {"行数": 4, "显示完整证件号": True}


def test_the_civil_affairs_clerk_gets_masked_ids_and_the_township_its_own_area(world, township):
    h1, _h2 = world
    head = next(p for p in members(h1) if p.relationship == "head")
    _header, rows, _book = sheet(login(civil_clerk()).get("/low-income/export/"))
    assert len(rows) == 4 and rows[0]["户主身份证号"] == mask(head.id_number) != head.id_number
    _header, rows, _book = sheet(login(township).get("/low-income/export/"))
    assert {r["户编号"] for r in rows} == {h1.number}  # 盘石镇 only
    assert login(township).get(f"/low-income/export/?area={VILLAGE_C}").status_code == 404


def test_who_may_not_export(world, village_a, clerk, leader, outsider):
    for user in (village_a, clerk, leader):
        assert login(user).get("/low-income/export/").status_code == 404, user
    assert login(outsider).get("/low-income/export/?area=520628").status_code == 404
    assert not AuditEntry.objects.filter(object_type="lowincome_export").exists()
    _header, rows, _book = sheet(login(outsider).get("/low-income/export/"))  # its own county: nothing of ours
    assert rows == []
