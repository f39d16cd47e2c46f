"""Exporting households and members: the user's area only, IDs masked unless the role may see them,
no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from shoudi.accounts.roles import CAPABILITIES, Role
from shoudi.core.models import AuditEntry
from shoudi.registry.io.export import export_headers
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db


def export(path, area, username=None):
    argv = ["export", "households", str(path), "--area", area, "-v0"]
    if username:
        argv += ["--as", username]
    out = io.StringIO()
    call_command(*argv, stdout=out)
    return out.getvalue()


def read(path):
    if str(path).endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        rows = [list(r) for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()]
    header = rows[0]
    return [dict(zip(header, r, strict=False)) for r in rows[1:]]


@pytest.fixture
def three_villages(regions):
    a = household_with_members(VILLAGE_A, size=2, phone="13800001111")
    b = household_with_members(VILLAGE_B, size=1)
    c = household_with_members(VILLAGE_C, size=3)
    return a, b, c


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_roles_that_may_see_full_ids_get_them(county, three_villages, tmp_path, suffix):
    a, _, _ = three_villages
    path = tmp_path / f"all.{suffix}"
    assert "已导出3户、6行" in export(path, COUNTY, "county")
    rows = read(path)
    assert list(rows[0]) == export_headers()
    head = a.members.get(relationship="head")
    row = next(r for r in rows if r["身份证号"] == head.id_number)
    assert row["户联系电话"] == "13800001111" and row["所在村"] == "当造村村民委员会" and row["与户主关系"] == "户主"
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == county and entry.changes["显示完整证件号"] is True


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_roles_without_reveal_get_masked_ids_and_phones(township, three_villages, tmp_path, monkeypatch, suffix):
    monkeypatch.setitem(CAPABILITIES, Role.TOWNSHIP_REVIEWER, CAPABILITIES[Role.TOWNSHIP_REVIEWER] - {"reveal_id"})
    a, _, _ = three_villages
    path = tmp_path / f"masked.{suffix}"
    assert "已脱敏" in export(path, TOWNSHIP_A, "township")
    rows = read(path)
    head = a.members.get(relationship="head")
    ids = {r["身份证号"] for r in rows}
    assert head.id_number not in ids and f"{head.id_number[:6]}********{head.id_number[-4:]}" in ids
    assert {r["户联系电话"] for r in rows if r["户编号"] == a.number} == {"138****1111"}


def test_the_command_without_a_user_masks(three_villages, tmp_path):
    path = tmp_path / "system.csv"
    export(path, COUNTY)
    assert all("*" in r["身份证号"] for r in read(path))


def test_only_the_area_asked_for_and_within_the_users_area(township, three_villages, tmp_path):
    a, b, _c = three_villages
    path = tmp_path / "township.xlsx"
    export(path, TOWNSHIP_A, "township")
    numbers = {r["户编号"] for r in read(path)}
    assert numbers == {a.number, b.number}  # village C lies in another township
    export(path, VILLAGE_B, "township")
    assert {r["户编号"] for r in read(path)} == {b.number}
    with pytest.raises(CommandError, match="不在您负责的区域内"):
        export(tmp_path / "other.xlsx", "520628102", "township")
    with pytest.raises(CommandError, match="不在您负责的区域内"):
        export(tmp_path / "up.xlsx", COUNTY, "township")


def test_roles_without_export_right_are_refused(leader, village_a, three_villages, tmp_path):
    for user in ("leader", "village_a"):
        with pytest.raises(CommandError, match="无权导出"):
            export(tmp_path / "x.xlsx", COUNTY if user == "leader" else VILLAGE_A, user)


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_cells_that_look_like_formulas_are_neutralised(county, regions, tmp_path, suffix):
    household = household_with_members(VILLAGE_A, size=2, address='=HYPERLINK("http://x","点我")')
    head, spouse = household.members.order_by("relationship")
    head.name, spouse.name = "@SUM(A1)", "-2+3"
    head.save()
    spouse.save()
    household.production_tools = "\tcmd"
    household.save()
    path = tmp_path / f"f.{suffix}"
    export(path, COUNTY, "county")
    rows = read(path)
    assert rows[0]["详细地址"] == '\'=HYPERLINK("http://x","点我")'
    assert rows[0]["主要生产工具"] == "'\tcmd"
    assert {r["姓名"] for r in rows} == {"'@SUM(A1)", "'-2+3"}


def test_an_export_reimports_without_changes(county, three_villages, tmp_path):
    path = tmp_path / "round.xlsx"
    export(path, COUNTY, "county")
    before = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("import", "households", str(path), "--as", "county", "-v0", stdout=out)
    assert "修改0户、0人；无变化3户" in out.getvalue()
    assert AuditEntry.objects.count() == before
