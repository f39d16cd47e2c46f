"""Importing households and members from Excel/CSV: staged, validated by row and column, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from shoudi.core.models import AuditEntry
from shoudi.registry.io.testing import household_rows, ids, write_rows
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members, make_user

pytestmark = pytest.mark.django_db

BAD_ID = "520628196001011235"  # the check digit should be 4


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_import(path, user=None, *args):
    out = io.StringIO()
    argv = ["import", "households", str(path), "-v0", *args]
    if user is not None:
        argv += ["--as", user.username]
    call_command(*argv, stdout=out)
    return out.getvalue()


def dry_run(path, username="county"):
    out = io.StringIO()
    call_command("import", "households", str(path), "--as", username, "--dry-run", "-v0", stdout=out)
    return out.getvalue()


def five_rows(bad_last=True):
    """Households: 0001 (2 people), 0002 (2 people), 0003 (1 person, whose ID is wrong if ``bad_last``)."""
    p = ids(5)
    rows = [
        *household_rows(f"{VILLAGE_A}0001", VILLAGE_A, p[0:2], 户类型="脱贫户", 脱贫年度=2018),
        *household_rows(f"{VILLAGE_A}0002", VILLAGE_A, p[2:4]),
        *household_rows(f"{VILLAGE_B}0003", VILLAGE_B, [BAD_ID if bad_last else p[4]]),
    ]
    return rows


def counts():
    return Household.objects.count(), Person.objects.count(), AuditEntry.objects.count()


def test_default_mode_with_one_bad_row_writes_nothing_and_names_row_and_column(county, tmp_path):
    path = write_rows(tmp_path / "five.xlsx", five_rows())
    with pytest.raises(CommandError) as exc:
        run_import(path, county)
    assert "1处错误" in str(exc.value) and "未导入任何数据" in str(exc.value)
    assert counts() == (0, 0, 0)
    text = dry_run(path, "county")
    assert "第6行 身份证号：身份证号校验位错误" in text


def test_valid_only_writes_the_good_households_and_returns_the_bad_rows(county, tmp_path):
    path = write_rows(tmp_path / "five.xlsx", five_rows())
    rejected = tmp_path / "rejected.xlsx"
    out = run_import(path, county, "--valid-only", "--rejected", str(rejected))
    assert "新增2户、4人" in out
    assert Person.objects.count() == 4
    assert not Household.objects.filter(number=f"{VILLAGE_B}0003").exists()
    rows = list(CalamineWorkbook.from_path(str(rejected)).get_sheet_by_index(0).iter_rows())
    assert rows[0][:2] == ["错误说明", "原行号"]
    assert len(rows) == 2  # header + the one bad row
    assert "校验位错误" in rows[1][0] and BAD_ID in rows[1]


def test_a_household_with_one_bad_row_is_rejected_whole(county, tmp_path):
    p = ids(3)
    rows = household_rows(f"{VILLAGE_A}0001", VILLAGE_A, [p[0], p[1], BAD_ID])
    path = write_rows(tmp_path / "h.csv", rows)
    rejected = tmp_path / "r.xlsx"
    with pytest.raises(CommandError):  # valid-only, but nothing is valid
        run_import(path, county, "--valid-only", "--rejected", str(rejected))
    assert Person.objects.count() == 0
    returned = list(CalamineWorkbook.from_path(str(rejected)).get_sheet_by_index(0).iter_rows())[1:]
    assert len(returned) == 3
    assert returned[0][0] == "同户第4行有错误，整户未导入"


def test_reimporting_the_same_file_changes_nothing(county, tmp_path):
    path = write_rows(tmp_path / "ok.xlsx", five_rows(bad_last=False))
    run_import(path, county)
    assert Person.objects.count() == 5
    before = counts()
    stamps = sorted(Household.objects.values_list("updated_at", "version"))
    out = run_import(path, county)
    assert "新增0户、0人；修改0户、0人；无变化3户" in out
    assert counts() == before
    assert sorted(Household.objects.values_list("updated_at", "version")) == stamps


def test_a_changed_row_updates_the_household_and_shows_in_its_history(county, tmp_path):
    rows = five_rows(bad_last=False)
    run_import(write_rows(tmp_path / "v1.xlsx", rows), county)
    for row in rows[:2]:
        row["住房安全等级"] = "C级"
    rows[1]["健康状况"] = "患有大病"
    rows[1]["姓名"] = "改名"
    run_import(write_rows(tmp_path / "v2.xlsx", rows), county)
    household = Household.objects.get(number=f"{VILLAGE_A}0001")
    assert household.housing_grade == "C" and household.version == 2
    spouse = household.members.get(relationship="spouse")
    assert spouse.health == "major" and spouse.name == "改名"
    entries = AuditEntry.objects.filter(household_id=household.pk, action="update")
    assert entries.get(object_type="household").changes == {"住房安全等级": ["A级", "C级"]}
    person_change = entries.get(object_type="person").changes
    assert person_change["健康状况"] == ["健康", "患有大病"] and person_change["姓名"][1] == "改名"
    assert entries.get(object_type="household").actor == county
    other = Household.objects.get(number=f"{VILLAGE_A}0002")
    assert not AuditEntry.objects.filter(household_id=other.pk, action="update").exists()


def test_import_history_matches_manual_creation(county, tmp_path):
    run_import(write_rows(tmp_path / "a.xlsx", five_rows(bad_last=False)), county)
    household = Household.objects.get(number=f"{VILLAGE_A}0001")
    created = AuditEntry.objects.filter(household_id=household.pk, action="create")
    hh = created.get(object_type="household")
    assert hh.changes["户编号"] == [None, household.number]
    assert hh.changes["户类型"] == [None, "脱贫户"] and hh.changes["脱贫年度"] == [None, 2018]
    people = created.filter(object_type="person")
    assert people.count() == 2
    head = household.members.get(relationship="head")
    assert not any(head.id_number in str(e.changes) for e in people)  # IDs masked in the history
    assert AuditEntry.objects.filter(action="import").count() == 1


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_chinese_excel_encodings_imports(county, tmp_path, encoding):
    rows = five_rows(bad_last=False)
    for row in rows[:2]:
        row["详细地址"] = "盘石镇当造村三组（龍）"
    path = write_rows(tmp_path / f"{encoding}.csv", rows, encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    run_import(path, county)
    assert Household.objects.get(number=f"{VILLAGE_A}0001").address == "盘石镇当造村三组（龍）"
    assert Person.objects.count() == 5


def test_person_already_in_another_household_is_an_error_naming_it(county, tmp_path):
    existing = household_with_members(VILLAGE_C, size=2)
    member = existing.members.get(relationship="spouse")
    p = ids(1, sequence=301)
    rows = household_rows(f"{VILLAGE_A}0009", VILLAGE_A, [p[0], member.id_number])
    text = dry_run(write_rows(tmp_path / "x.xlsx", rows), "county")
    assert f"第3行 身份证号：此人已属于户 {existing.number}（{member.name}）" in text


def test_person_registered_outside_the_area_is_refused_without_confirming_it(regions, tmp_path):
    """The error report of an import as a county officer of 沿河 must not say that the person is registered
    in 松桃: the same words as for any number that cannot be used."""
    make_user("yanhe", "county_officer", "520627", full_name="沿河县")
    from shoudi.regions.models import Region

    Region.objects.create(code="520627100", name="和平街道", level=4, parent_id="520627")
    Region.objects.create(code="520627100001", name="某社区", level=5, parent_id="520627100")
    existing = household_with_members(VILLAGE_A, size=2)
    member = existing.members.get(relationship="spouse")
    rows = household_rows("5206271000010009", "520627100001", [*ids(1, sequence=601), member.id_number])
    text = dry_run(write_rows(tmp_path / "y.xlsx", rows), "yanhe")
    assert "第3行 身份证号：该身份证号无法使用。如确认无误，请联系县级乡村振兴部门核查处理。" in text
    assert existing.number not in text and member.name not in text and "另一户" not in text and "区域以外" not in text


def test_the_checks_of_cells_and_households(county, tmp_path):
    p = ids(8, sequence=401)
    rows = [
        *household_rows(f"{VILLAGE_A}0001", VILLAGE_A, p[0:2]),
        *household_rows(f"{VILLAGE_A}0002", "520628101299", p[2:3]),  # no such village
        *household_rows(f"{VILLAGE_A}0003", VILLAGE_A, p[3:5]),
        *household_rows(f"{VILLAGE_A}0004", VILLAGE_A, p[5:6], 户类型="富裕户"),
        *household_rows(f"{VILLAGE_A}0005", VILLAGE_A, p[6:8]),
    ]
    rows[1]["身份证号"] = p[0]  # duplicate inside the file
    rows[4]["与户主关系"] = "户主"  # two heads
    rows[5]["饮水安全"] = "也许"
    rows[5]["务工时间（月）"] = 13
    rows[7]["住房安全等级"] = "B级"  # household columns disagree within the household
    rows[7]["负债（元）"] = "-5"
    text = dry_run(write_rows(tmp_path / "c.xlsx", rows), "county")
    assert "第3行 身份证号：与第2行重复" in text
    assert "第4行 村代码：村代码“520628101299”不存在" in text
    assert "第5行 与户主关系：户编号“5206281012030003”有2位户主" in text
    assert "第7行 户类型：“富裕户”不在可选值中，可选：脱贫户、一般农户、脱贫不享受政策户" in text
    assert "第7行 饮水安全：应填写“是”或“否”，当前为“也许”" in text
    assert "第7行 务工时间（月）：务工时间不能超过12个月" in text
    assert "第9行 住房安全等级：与同户第8行不一致" in text
    assert "第9行 负债（元）：不能为负数" in text


def test_village_outside_the_uploaders_area_is_refused(regions, tmp_path):
    yanhe = make_user("yanhe", "county_officer", "520627", full_name="沿河县")
    path = write_rows(tmp_path / "o.xlsx", household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(1)))
    with pytest.raises(CommandError):
        run_import(path, yanhe)
    text = dry_run(path, "yanhe")
    assert "不在您负责的区域内" in text
    assert Household.objects.count() == 0


def test_household_number_used_outside_the_area_is_refused(regions, tmp_path):
    make_user("yanhe", "county_officer", "520627", full_name="沿河县")
    from shoudi.regions.models import Region

    Region.objects.create(code="520627100", name="和平街道", level=4, parent_id="520627")
    Region.objects.create(code="520627100001", name="某社区", level=5, parent_id="520627100")
    taken = household_with_members(VILLAGE_A, size=1)
    path = write_rows(tmp_path / "n.xlsx", household_rows(taken.number, "520627100001", ids(1, sequence=501)))
    text = dry_run(path, "yanhe")
    assert f"户编号“{taken.number}”已被您负责区域以外的农户使用" in text


def test_roles_without_import_right_are_refused(village_a, tmp_path):
    path = write_rows(tmp_path / "a.xlsx", five_rows(bad_last=False))
    with pytest.raises(CommandError, match="无权导入"):
        run_import(path, village_a)
    assert counts() == (0, 0, 0)


def test_members_absent_from_the_file_stay_and_count_for_the_head_rule(county, tmp_path):
    household = household_with_members(VILLAGE_A, size=3)
    head = household.members.get(relationship="head")
    rows = household_rows(household.number, VILLAGE_A, [head.id_number])
    rows[0]["姓名"] = head.name
    rows.append(dict(rows[0], 身份证号=ids(1, sequence=601)[0], 姓名="新成员", 与户主关系="之女"))
    run_import(write_rows(tmp_path / "m.xlsx", rows), county)
    assert household.members.count() == 4
    rows[1]["与户主关系"] = "户主"
    rows[1]["身份证号"] = ids(1, sequence=603)[0]
    text = dry_run(write_rows(tmp_path / "m2.xlsx", rows), "county")
    assert "有2位户主" in text


def test_masked_or_numeric_ids_get_a_clear_message(county, tmp_path):
    rows = household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(2))
    rows[0]["身份证号"] = 5.20628195001021e17  # Excel stored it as a number
    rows[1]["身份证号"] = "520628********1018"
    rows.append(dict(household_rows(f"{VILLAGE_A}0002", VILLAGE_A, ids(1, sequence=11))[0], 户编号=5206281012030002.0))
    text = dry_run(write_rows(tmp_path / "m.xlsx", rows), "county")
    assert "第2行 身份证号：被Excel存成了数字，末几位已丢失" in text
    assert "第3行 身份证号：身份证号已脱敏" in text
    assert "第4行 户编号：被存成了数字，末几位已丢失" in text


def test_command_without_as_runs_as_the_system(regions, tmp_path):
    out = run_import(write_rows(tmp_path / "s.xlsx", five_rows(bad_last=False)))
    assert "新增3户、5人" in out
    entry = AuditEntry.objects.filter(action="create", object_type="household").first()
    assert entry.actor is None and entry.actor_name == "命令行（系统）"
