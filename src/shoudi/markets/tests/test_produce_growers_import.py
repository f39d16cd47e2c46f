"""The grower import as the county's 农业农村 clerk meets it: the bureau's Excel list of 种养户 and 合作社 becomes a
background job that writes every row or none, names each bad row and column in Chinese (a household of another
county is "不在本县" exactly like an unknown number), and re-importing updates the scale without duplicating; the
API submits the same job; who may not record gets 404."""

from __future__ import annotations

import io

import openpyxl
import pytest

from shoudi.markets import testing
from shoudi.markets import testing_produce as build
from shoudi.markets.models_produce import Grower
from shoudi.regions.models import Level, Region
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db
HEAD = ["重点农产品", "户编号", "合作社/企业名称", "种养规模", "规模单位", "备注"]
PAGE = "/markets/produce/growers/import/"


def _xlsx(rows: list[list[str]], head: list[str] = HEAD) -> io.BytesIO:
    book = openpyxl.Workbook()
    book.active.append(head)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "种养主体.xlsx"
    return buffer


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    def post(rows: list[list[str]], head: list[str] = HEAD) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(PAGE, {"file": _xlsx(rows, head)})
        assert response.status_code == 302 and "/jobs/" in response["Location"], response.status_code
        return client.get(response["Location"]).content.decode()

    return post


def _elsewhere() -> str:
    """A household of another county (松桃县's neighbour), whose number the import must not confirm."""
    for code, level, parent in (("520627", Level.COUNTY, "5206"), ("520627100", Level.TOWNSHIP, "520627")):
        Region.objects.get_or_create(code=code, defaults={"name": code, "level": level, "parent_id": parent})
    Region.objects.get_or_create(
        code="520627100201", defaults={"name": "邻县村", "level": Level.VILLAGE, "parent_id": "520627100"}
    )
    return household_with_members("520627100201", size=1).number


def test_import_growers_all_or_nothing_then_idempotent(client, agri_clerk, household_a, upload):
    kiwi = build.commodity(keywords="红心猕猴桃")
    tea = build.commodity("茶叶", category="tea")
    coop = testing.supplier(village_id=VILLAGE_A)
    testing.supplier("无村企业")
    other = _elsewhere()
    client.force_login(agri_clerk)
    assert client.get("/markets/produce/").text.count(PAGE) == 1
    template = client.get(f"{PAGE}template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")

    bad = [
        ["猕猴桃", household_a.number, "", "5", "亩", ""],
        ["芒果", household_a.number, "", "1", "亩", ""],  # 3: unknown product
        ["猕猴桃", "5206289999999999", "", "", "", ""],  # 4: unknown number
        ["猕猴桃", other, "", "", "", ""],  # 5: another county's household
        ["茶叶", "", "", "2", "亩", ""],  # 6: neither
        ["红心猕猴桃", household_a.number, "", "6", "亩", ""],  # 7: same as row 2
        ["茶叶", "", "无村企业", "abc", "", ""],  # 8: supplier without village, bad scale
    ]
    text = upload(bad)
    assert "任务失败" in text and "未导入任何数据" in text
    for expected in (
        "第3行 重点农产品",
        "第4行 户编号：户编号“5206289999999999”不在本县",
        f"第5行 户编号：户编号“{other}”不在本县",
        "第6行 户编号",
        "第7行 户编号：与第2行是同一产品的同一户编号",
        "第8行 合作社/企业名称",
        "第8行 种养规模",
    ):
        assert expected in text, expected
    assert not Grower.objects.exists()

    good = [
        ["猕猴桃", household_a.number, "", "5", "亩", "红心"],
        ["茶叶", "", coop.name, "120", "亩", ""],
        ["红心猕猴桃", "", coop.name, "30", "亩", ""],
    ]
    assert "新登记 3 个" in upload(good)
    assert Grower.objects.count() == 3 and Grower.objects.get(supplier=coop, commodity=tea).village_id == VILLAGE_A
    good[0][3] = "8"
    again = upload(good)
    assert "新登记 0 个" in again and "更新规模 1 个" in again and "2 个已登记且无变化" in again
    assert Grower.objects.count() == 3
    assert str(Grower.objects.get(household=household_a, commodity=kiwi).scale) == "8.000"
    assert "找不到“重点农产品”列" in upload([["1"]], head=["种养规模"])


def test_who_may_import_and_the_api(client, agri_clerk, township, village_a, household_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    build.commodity()
    for who in (township, village_a):
        client.force_login(who)
        assert client.get(PAGE).status_code == 404
        assert client.get(f"{PAGE}template/").status_code == 404
        assert client.post("/api/v1/markets/produce/imports/growers", {"file": _xlsx([])}).status_code == 404
    client.force_login(agri_clerk)
    assert client.post(PAGE, {}).status_code == 400  # no file: the form says so, nothing submitted
    api = "/api/v1/markets/produce/imports/growers"
    made = client.post(api, {"file": _xlsx([["猕猴桃", household_a.number, "", "3", "亩", ""]])})
    assert made.status_code == 202 and made.json()["job_id"]
    assert client.post("/api/v1/markets/produce/imports/bogus", {"file": _xlsx([])}).status_code == 404
    assert client.post(api, {}).status_code in (400, 422)
