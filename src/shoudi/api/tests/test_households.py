"""农户 routes: list, detail, create, change — scoped like the pages, errors in Chinese naming the field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, household_with_members, make_user, next_id

pytestmark = pytest.mark.django_db


def member(rel="head", **extra):
    return {"id_number": next_id(), "name": f"成员{rel}", "relationship": rel, **extra}


def new_household(**extra):
    return {"village_code": VILLAGE_A, "status": "former_poor", "exit_year": 2019, "members": [member()], **extra}


def totals():
    return Household.objects.count(), Person.objects.count(), AuditEntry.objects.count()


# --- reading -------------------------------------------------------------------------------------------


def test_list_shows_own_area_with_head_and_labels(as_user, village_a, household_a, household_b):
    response = as_user(village_a).get("/api/v1/households/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["number"] == household_a.number
    assert item["status"] == "former_poor" and item["status_label"] == "脱贫户"
    assert item["member_count"] == 3
    assert item["head_name"] == household_a.members.get(relationship="head").name
    assert item["village_name"] == "当造村村民委员会"


def test_township_list_filters_by_village_status_and_query(as_user, township, household_a, household_b):
    client = as_user(township)
    assert client.get("/api/v1/households/").json()["count"] == 2
    assert [i["number"] for i in client.get("/api/v1/households/", village=VILLAGE_B).json()["items"]] == [
        household_b.number
    ]
    assert client.get("/api/v1/households/", status="former_poor").json()["count"] == 1
    head = household_b.members.get(relationship="head")
    assert client.get("/api/v1/households/", q=head.id_number).json()["items"][0]["number"] == household_b.number
    assert client.get("/api/v1/households/", q=head.name).json()["count"] == 1


def test_list_paginates(as_user, county, regions):
    for _ in range(7):
        household_with_members(VILLAGE_A, size=1)
    client = as_user(county)
    first = client.get("/api/v1/households/", limit=5).json()
    second = client.get("/api/v1/households/", limit=5, offset=5).json()
    assert first["count"] == second["count"] == 7
    assert len(first["items"]) == 5 and len(second["items"]) == 2
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})


def test_limit_above_200_is_refused(as_user, county, regions):
    response = as_user(county).get("/api/v1/households/", limit=201)
    assert response.status_code == 422
    assert response.json()["field"] == "limit"
    assert response.json()["detail"] == "每页条数不能大于200"


def test_unknown_status_filter_is_refused_with_the_choices(as_user, county, regions):
    response = as_user(county).get("/api/v1/households/", status="rich")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "status"
    assert "“rich”不在代码表中" in body["detail"] and "former_poor（脱贫户）" in body["detail"]


def test_list_query_count_does_not_grow_with_the_page(as_user, county, regions):
    client = as_user(county)

    def queries_for_page():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/households/", limit=200)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    for _ in range(5):
        household_with_members(VILLAGE_A, size=3)
    small, count_small = queries_for_page()
    for _ in range(35):
        household_with_members(VILLAGE_B, size=3)
    large, count_large = queries_for_page()
    assert (count_small, count_large) == (5, 40)
    assert small == large


def test_detail_masks_ids_and_phones(as_user, village_a, household_a):
    household_a.phone = "13812345678"
    household_a.save()
    body = as_user(village_a).get(f"/api/v1/households/{household_a.pk}").json()
    assert body["phone_masked"] == "138****5678"
    assert "13812345678" not in str(body)
    assert len(body["members"]) == 3
    for person in household_a.members.all():
        assert person.id_number not in str(body)
    assert {m["id_number_masked"][:6] for m in body["members"]} == {"520628"}


@pytest.mark.parametrize("persona", ["village_b", "clerk", "leader"])
def test_detail_outside_area_or_capability_is_404(request, as_user, household_a, persona):
    client = as_user(request.getfixturevalue(persona))
    response = client.get(f"/api/v1/households/{household_a.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到", "field": None, "errors": {}}


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_roles_without_view_get_404_for_the_list(request, as_user, household_a, persona):
    assert as_user(request.getfixturevalue(persona)).get("/api/v1/households/").status_code == 404


def test_malformed_and_unknown_ids_are_404(as_user, village_a, regions):
    client = as_user(village_a)
    assert client.get("/api/v1/households/not-a-uuid").status_code == 404
    assert client.get("/api/v1/households/00000000-0000-0000-0000-000000000000").status_code == 404


# --- creating ------------------------------------------------------------------------------------------


def test_create_with_members(as_user, village_a, regions):
    spouse = member("spouse", education="junior", work_income="12000.50", phone="13900001111")
    response = as_user(village_a).post("/api/v1/households/", new_household(members=[member(), spouse]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == f"{VILLAGE_A}0001"
    assert body["member_count"] == 2 and body["head_name"] == "成员head"
    spouse_out = next(m for m in body["members"] if m["relationship"] == "spouse")
    assert spouse_out["education_label"] == "初中" and spouse_out["work_income"] == "12000.50"
    assert spouse_out["phone_masked"] == "139****1111"
    household = Household.objects.get(pk=body["id"])
    assert household.created_by == village_a
    assert AuditEntry.objects.filter(household_id=household.pk, action="create").count() == 3


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        (new_household(members=[member(id_number="520628198002301236")]), "members.0.id_number", "出生日期"),
        (new_household(members=[member(id_number="52062819800101123")]), "members.0.id_number", "当前为17位"),
        (new_household(village_code=VILLAGE_B), "village_code", "不在您负责的区域内"),
        (new_household(village_code="520628101299"), "village_code", "不存在"),
        (new_household(debt="-5"), "debt", "不能为负数"),
        (new_household(land_mu="-1"), "land_mu", "不能为负数"),
        (new_household(members=[member(work_income="-100")]), "members.0.work_income", "不能为负数"),
        (
            new_household(members=[member(), member("son", disability_grade=9)]),
            "members.1.disability_grade",
            "第2名成员 残疾等级为1–4级",
        ),
        (new_household(members=[member(), member("son", name="")]), "members.1.name", "第2名成员 姓名："),
        (new_household(status="rich"), "status", "“rich”不在代码表中"),
        (new_household(housing_grade="E"), "housing_grade", "住房安全等级“E”不在代码表中"),
        (new_household(members=[member(rel="boss")]), "members.0.relationship", "第1名成员 与户主关系“boss”"),
        (new_household(members=[member(health="ok")]), "members.0.health", "健康状况“ok”不在代码表中"),
        (new_household(members=[member("spouse")]), "relationship", "有且只有一位户主"),
        (new_household(members=[]), "members", "至少需要一名家庭成员"),
        (new_household(exit_year=2024), "exit_year", "2013–2020"),
        (new_household(debt="很多"), "debt", "不是有效数字"),
        (new_household(water_safe="maybe"), "water_safe", "应为 true 或 false"),
        (new_household(colour="red"), "colour", "不认识的字段"),
        ({"members": [member()]}, "village_code", "所在村代码不能为空"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(as_user, village_a, payload, field, words):
    before = totals()
    response = as_user(village_a).post("/api/v1/households/", payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == field
    assert words in body["detail"]
    assert field in body["errors"]
    assert totals() == before


def test_duplicate_id_within_the_request(as_user, village_a, regions):
    same = next_id()
    payload = new_household(members=[member(id_number=same), member("spouse", id_number=same)])
    before = totals()
    response = as_user(village_a).post("/api/v1/households/", payload)
    assert response.status_code == 422
    assert response.json()["field"] == "members.1.id_number"
    assert response.json()["detail"] == "第2名成员 身份证号与第1名成员重复"
    assert totals() == before


def test_duplicate_id_of_a_visible_household_names_it(as_user, village_a, household_a):
    taken = household_a.members.get(relationship="spouse").id_number
    before = totals()
    payload = new_household(members=[member(), member("spouse", id_number=taken)])
    response = as_user(village_a).post("/api/v1/households/", payload)
    assert response.status_code == 422
    assert response.json()["field"] == "members.1.id_number"
    assert response.json()["detail"].startswith("第2名成员 身份证号已属于户")
    assert household_a.number in response.json()["detail"]
    assert totals() == before


def test_duplicate_id_outside_the_area_does_not_leak_that_household(as_user, village_b, household_a):
    taken = household_a.members.get(relationship="spouse")
    payload = new_household(village_code=VILLAGE_B, members=[member(id_number=taken.id_number)])
    before = totals()
    response = as_user(village_b).post("/api/v1/households/", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "members.0.id_number"
    assert "该身份证号无法使用" in body["detail"] and "联系县级乡村振兴部门核查" in body["detail"]
    assert "已登记" not in body["detail"] and "辖区" not in body["detail"] and "已属于" not in body["detail"]
    assert household_a.number not in response.content.decode()
    assert taken.name not in response.content.decode()
    assert totals() == before


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_roles_without_edit_cannot_create(request, as_user, regions, persona):
    before = totals()
    response = as_user(request.getfixturevalue(persona)).post("/api/v1/households/", new_household())
    assert response.status_code == 404
    assert totals() == before


# --- changing ------------------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent_and_bumps_version(as_user, village_a, household_a):
    client = as_user(village_a)
    response = client.patch(
        f"/api/v1/households/{household_a.pk}", {"version": 1, "housing_grade": "C", "debt": "3000.5"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["housing_grade"], body["housing_grade_label"], body["debt"]) == ("C", "C级", "3000.50")
    assert body["version"] == 2
    assert body["status"] == "former_poor"  # untouched
    entry = AuditEntry.objects.get(household_id=household_a.pk, action="update")
    assert entry.changes["住房安全等级"] == ["A级", "C级"]


def test_stale_version_gets_409_in_chinese(as_user, village_a, township, household_a):
    as_user(township).patch(f"/api/v1/households/{household_a.pk}", {"version": 1, "water_safe": False})
    response = as_user(village_a).patch(f"/api/v1/households/{household_a.pk}", {"version": 1, "debt": "100"})
    assert response.status_code == 409
    assert response.json()["detail"] == "该户信息已被他人修改，请刷新后重试"
    assert response.json()["field"] == "version"
    household_a.refresh_from_db()
    assert household_a.debt == 0 and household_a.version == 2


def test_patch_without_version_is_refused(as_user, village_a, household_a):
    response = as_user(village_a).patch(f"/api/v1/households/{household_a.pk}", {"debt": "100"})
    assert response.status_code == 422
    assert response.json()["field"] == "version"
    assert response.json()["detail"] == "版本不能为空"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"debt": "-1"}, "debt", "不能为负数"),
        ({"status": None}, "status", "户类型"),
        ({"village_code": VILLAGE_B}, "village_code", "不在您负责的区域内"),
        ({"housing_grade": "Z"}, "housing_grade", "不在代码表中"),
    ],
)
def test_bad_patch_is_refused_and_nothing_changes(as_user, village_a, household_a, change, field, words):
    response = as_user(village_a).patch(f"/api/v1/households/{household_a.pk}", {"version": 1, **change})
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert words in response.json()["detail"]
    household_a.refresh_from_db()
    assert (household_a.version, household_a.village_id, household_a.debt) == (1, VILLAGE_A, 0)


def test_view_only_role_cannot_patch(as_user, household_a):
    committee = make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A)
    client = as_user(committee)
    assert client.get(f"/api/v1/households/{household_a.pk}").status_code == 200
    response = client.patch(f"/api/v1/households/{household_a.pk}", {"version": 1, "debt": "1"})
    assert response.status_code == 404
    household_a.refresh_from_db()
    assert household_a.version == 1


def test_other_village_cannot_patch(as_user, village_b, household_a):
    response = as_user(village_b).patch(f"/api/v1/households/{household_a.pk}", {"version": 1, "debt": "1"})
    assert response.status_code == 404
    household_a.refresh_from_db()
    assert household_a.version == 1
