"""结对帮扶 as the people who use it: the township pairs a cadre with ticked households and ends a pairing (the
history stays), a sheet is imported (or refused row by row), the cadre's workbench lists their households with
the visits due, and nobody reaches another area."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from shoudi.accounts.roles import Role
from shoudi.pairing.models import Pairing
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members, make_user

TODAY = timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def households(regions):
    return [household_with_members(VILLAGE_A, size=2) for _ in range(3)]


def assign(client, households, cadre, action="assign", on=None, extra=None):
    data = {
        "households": [h.number for h in households],
        "cadre": cadre.username,
        "on": (on or TODAY).isoformat(),
        "action": action,
        **(extra or {}),
    }
    return client.post(f"/pairing/?village={VILLAGE_A}", data)


def test_township_pairs_ticked_households_and_ends_one(client, township, helper_cadre, households):
    login(client, township)
    assert 'href="/pairing/"' in client.get("/").content.decode()  # the workbench button
    page = client.get(f"/pairing/?village={VILLAGE_A}").content.decode()
    assert "全选" in page and "帮扶干部（盘石镇）" in page and households[0].number in page
    response = assign(client, households[:2], helper_cadre)
    assert response.status_code == 302
    assert Pairing.objects.filter(cadre=helper_cadre, until__isnull=True).count() == 2
    again = client.get(f"/pairing/?village={VILLAGE_A}").content.decode()
    assert again.count("帮扶干部（盘石镇）") >= 3  # the two rows and the cadre list
    assert assign(client, households[:1], helper_cadre, action="end").status_code == 302
    ended = Pairing.objects.get(household=households[0])
    assert ended.until == TODAY  # kept, with its end date
    detail = client.get(f"/households/{households[0].pk}/").content.decode()
    assert "帮扶责任人" in detail and "解除" in detail


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"households": []}, "请至少勾选一户"),
        ({"cadre": ""}, "请选择一位帮扶责任人"),
        ({"cadre": "999999"}, "不在可选项中"),
        ({"on": "2026-13-01"}, "年-月-日"),
        ({"on": "abc"}, "年-月-日"),
        ({"on": (TODAY + dt.timedelta(days=3)).isoformat()}, "不能晚于今天"),
        ({"households": ["not-a-uuid"]}, "不在可选项中"),
        ({"action": "\x00"}, "不在可选项中"),
    ],
)
def test_hostile_assign_input_writes_nothing(client, township, helper_cadre, households, extra, message):
    login(client, township)
    response = assign(client, households, helper_cadre, extra=extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pairing.objects.exists()


def test_a_cadre_of_another_township_is_not_offered(client, township, households, regions):
    other = make_user("helper_c", Role.HELPER_CADRE, "520628102", full_name="盘信镇干部")
    login(client, township)
    assert "盘信镇干部" not in client.get(f"/pairing/?village={VILLAGE_A}").content.decode()
    assert assign(client, households, other).status_code == 400
    assert not Pairing.objects.exists()


def test_others_may_not_assign(client, village_a, helper_cadre, township, households):
    login(client, village_a)
    assert client.get("/pairing/").status_code == 404
    client.force_login(township)
    assert client.get(f"/pairing/?village={VILLAGE_C}").status_code == 404  # another township's village


def _sheet(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["户编号", "帮扶责任人用户名", "开始日期"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "结对.xlsx"
    return buffer


def test_import_is_all_or_nothing_with_row_errors(client, township, helper_cadre, households, regions):
    far = household_with_members(VILLAGE_C, size=1)
    login(client, township)
    template = client.get("/pairing/import/?template=1")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    rows = [
        [households[0].number, "helper_a", "2026-01-05"],
        [far.number, "helper_a", "2026-01-05"],  # another township: looks like "does not exist"
        ["9999999999999999", "helper_a", "2026-01-05"],
        [households[1].number, "nobody", "2026-02-30"],
    ]
    response = client.post("/pairing/import/", {"file": _sheet(rows)})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("不存在或不在您负责的区域内") == 2
    assert "第5行" in page and "找不到帮扶责任人" in page and "不是有效日期" in page
    assert not Pairing.objects.exists()
    response = client.post("/pairing/import/", {"file": _sheet(rows), "valid_only": "on"})
    assert response.status_code == 200 and "已导入结对 1 条" in response.content.decode()
    assert list(Pairing.objects.values_list("household__number", flat=True)) == [households[0].number]


def test_import_refuses_a_file_that_is_not_a_sheet(client, township):
    login(client, township)
    junk = io.BytesIO(b"\x00\x01garbage")
    junk.name = "x.xlsx"
    response = client.post("/pairing/import/", {"file": junk})
    assert response.status_code == 400 and "不是有效的Excel文件" in response.content.decode()


def test_cadre_workbench_lists_households_with_visits_due(client, township, helper_cadre, county, households):
    from shoudi.rounds.models import Round

    login(client, township)
    assign(client, households, helper_cadre, on=TODAY - dt.timedelta(days=30))
    client.force_login(county)
    client.post(
        "/rounds/new/",
        {
            "name": "秋季排查",
            "year": str(TODAY.year),
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + dt.timedelta(days=10)).isoformat(),
            "area": "520628",
            "warn_days": "3",
            "check_income": "on",
        },
    )
    assert Round.objects.exists()
    client.force_login(helper_cadre)
    page = client.get("/").content.decode()
    assert "我的结对户（3）" in page
    assert page.count("秋季排查：未走访") == 3
    for household in households:
        assert household.number in page


def test_api_pairs_lists_and_ends(client, township, helper_cadre, households, village_b):
    login(client, township)
    body = {"household_id": str(households[0].pk), "cadre_id": helper_cadre.pk, "since": TODAY.isoformat()}
    created = client.post("/api/v1/pairing/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    again = client.post("/api/v1/pairing/", body, content_type="application/json")
    assert again.status_code == 422 and "已与" in again.json()["detail"]
    listing = client.get(f"/api/v1/pairing/households/{households[0].pk}").json()
    assert listing[0]["cadre_name"] == "帮扶干部（盘石镇）"
    assert len(client.get(f"/api/v1/pairing/cadres/{helper_cadre.pk}").json()) == 1
    pid = created.json()["id"]
    end = client.post(f"/api/v1/pairing/{pid}/end", {"until": TODAY.isoformat()}, content_type="application/json")
    assert end.status_code == 200 and end.json()["until"] == TODAY.isoformat()
    twice = client.post(f"/api/v1/pairing/{pid}/end", {"until": TODAY.isoformat()}, content_type="application/json")
    assert twice.status_code == 409
    client.force_login(village_b)
    assert client.get(f"/api/v1/pairing/households/{households[0].pk}").status_code == 404
    assert client.post("/api/v1/pairing/", body, content_type="application/json").status_code == 404
