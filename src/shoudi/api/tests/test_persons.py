"""家庭成员 routes: masked output, add/change/remove through the services, reveal with an audit entry."""

import pytest

from shoudi.core.models import AuditEntry
from shoudi.registry.models import Person
from shoudi.testing.factories import next_id

pytestmark = pytest.mark.django_db


def spouse_of(household):
    return household.members.get(relationship="spouse")


def test_household_persons_are_masked(as_user, village_a, household_a):
    response = as_user(village_a).get(f"/api/v1/households/{household_a.pk}/persons")
    assert response.status_code == 200
    people = response.json()
    assert len(people) == 3
    for person in household_a.members.all():
        assert person.id_number not in response.content.decode()
    assert {p["relationship_label"] for p in people} == {"户主", "配偶", "之子"}


def test_person_detail(as_user, township, household_a):
    person = spouse_of(household_a)
    person.phone = "13712345678"
    person.save()
    body = as_user(township).get(f"/api/v1/persons/{person.pk}").json()
    assert body["name"] == person.name
    assert body["id_number_masked"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert body["phone_masked"] == "137****5678"
    assert body["sex_label"] == "男" and body["labor_label"] == "普通劳动力"
    assert "id_number" not in body and "phone" not in body


def test_add_person(as_user, village_a, household_a):
    number = next_id(female=True)
    payload = {"id_number": number, "name": "新成员", "relationship": "daughter", "school_stage": "junior"}
    response = as_user(village_a).post(f"/api/v1/households/{household_a.pk}/persons", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sex"] == "F" and body["school_stage_label"] == "初中"
    assert number not in response.content.decode()
    assert Person.objects.get(pk=body["id"]).id_number == number
    assert AuditEntry.objects.filter(object_id=body["id"], action="create").exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"id_number": "123"}, "id_number", "当前为3位"),
        ({"relationship": "head"}, "relationship", "有且只有一位户主"),
        ({"labor": "strong"}, "labor", "劳动技能“strong”不在代码表中"),
        ({"work_income": "-1"}, "work_income", "不能为负数"),
        ({"disability_grade": 7}, "disability_grade", "1–4级"),
        ({"name": None}, "name", "姓名不能为空"),
        ({"name": "无名", "relationship": "son", "extra": 1}, "extra", "不认识的字段"),
    ],
)
def test_bad_person_is_refused(as_user, village_a, household_a, change, field, words):
    payload = {"id_number": next_id(), "name": "甲", "relationship": "son", **change}
    before = Person.objects.count()
    response = as_user(village_a).post(f"/api/v1/households/{household_a.pk}/persons", payload)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert words in response.json()["detail"]
    assert Person.objects.count() == before


def test_patch_person(as_user, village_a, household_a):
    person = spouse_of(household_a)
    response = as_user(village_a).patch(
        f"/api/v1/persons/{person.pk}",
        {"health": "chronic", "work_place": "out_province", "work_months": 8, "work_income": "9000.5"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["health_label"], body["work_place_label"], body["work_months"]) == ("长期慢性病", "省外", 8)
    assert body["work_income"] == "9000.50"
    assert body["name"] == person.name  # not sent, not changed
    entry = AuditEntry.objects.get(object_id=str(person.pk), action="update")
    assert entry.changes["健康状况"] == ["健康", "长期慢性病"]


def test_patch_person_with_an_id_of_another_member_is_refused(as_user, village_a, household_a):
    person = spouse_of(household_a)
    head = household_a.members.get(relationship="head")
    response = as_user(village_a).patch(f"/api/v1/persons/{person.pk}", {"id_number": head.id_number})
    assert response.status_code == 422
    assert response.json()["field"] == "id_number"
    person.refresh_from_db()
    assert person.id_number != head.id_number


def test_delete_person_needs_a_reason(as_user, village_a, household_a):
    person = spouse_of(household_a)
    client = as_user(village_a)
    missing = client.delete(f"/api/v1/persons/{person.pk}")
    assert missing.status_code == 422
    assert missing.json()["field"] == "reason" and missing.json()["detail"] == "原因不能为空"
    blank = client.delete(f"/api/v1/persons/{person.pk}", reason="  ")
    assert blank.status_code == 422 and blank.json()["detail"] == "请填写移除原因"
    assert Person.objects.filter(pk=person.pk).exists()
    response = client.delete(f"/api/v1/persons/{person.pk}", reason="迁出")
    assert response.status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.get(object_id=str(person.pk), action="delete").reason == "迁出"


def test_head_cannot_be_deleted(as_user, village_a, household_a):
    head = household_a.members.get(relationship="head")
    response = as_user(village_a).delete(f"/api/v1/persons/{head.pk}", reason="死亡")
    assert response.status_code == 422
    assert response.json()["field"] == "relationship"
    assert Person.objects.filter(pk=head.pk).exists()


def test_reveal_returns_the_full_number_and_is_logged(as_user, village_a, household_a):
    person = spouse_of(household_a)
    response = as_user(village_a).post(f"/api/v1/persons/{person.pk}/reveal")
    assert response.status_code == 200
    assert response.json()["id_number"] == person.id_number
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(object_id=str(person.pk), action="reveal")
    assert entry.actor == village_a and entry.household_id == household_a.pk
    assert person.id_number not in str(entry.changes)


def test_reveal_needs_the_capability_and_the_area(as_user, village_b, household_a):
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import VILLAGE_A, make_user

    person = spouse_of(household_a)
    committee = make_user("committee_reveal", Role.VILLAGE_COMMITTEE, VILLAGE_A)
    for user in (committee, village_b):
        assert as_user(user).post(f"/api/v1/persons/{person.pk}/reveal").status_code == 404
    assert not AuditEntry.objects.filter(action="reveal").exists()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_person_of_another_village_is_404_and_untouched(as_user, village_b, household_a, method):
    person = spouse_of(household_a)
    client = as_user(village_b)
    if method == "get":
        response = client.get(f"/api/v1/persons/{person.pk}")
    elif method == "patch":
        response = client.patch(f"/api/v1/persons/{person.pk}", {"name": "改名"})
    else:
        response = client.delete(f"/api/v1/persons/{person.pk}", reason="迁出")
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.name != "改名"
