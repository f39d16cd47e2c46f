"""Create and edit pages: every write goes through the services; their errors land on the right field in
Chinese, and bad input saves nothing."""

import re

import pytest
from django.urls import reverse

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, make_user, next_id

pytestmark = pytest.mark.django_db
CREATE = reverse("registry:create")


def _create_data(**overrides):
    data = {
        "village": VILLAGE_A,
        "number": "",
        "status": "ordinary",
        "housing_grade": "A",
        "water_safe": "on",
        "land_mu": "2.5",
        "debt": "",
        "head-id_number": next_id(),
        "head-name": "龙光明",
        "head-registered": "on",
        "head-living_in": "on",
        "head-school_stage": "none",
        "head-health": "healthy",
        "head-labor": "ordinary",
        "head-work_months": "",
        "head-work_income": "",
        "head-medical_insurance": "on",
    }
    data.update(overrides)
    return data


def _field_errors(html, field):
    """The messages shown next to one field (the ``data-field`` list right after its input)."""
    match = re.search(rf'<ul class="field-error" role="alert" data-field="{field}">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


def _member_data(**overrides):
    data = {
        "id_number": next_id(female=True),
        "name": "龙小花",
        "relationship": "daughter",
        "registered": "on",
        "living_in": "on",
        "school_stage": "junior",
        "health": "healthy",
        "labor": "none",
        "medical_insurance": "on",
    }
    data.update(overrides)
    return data


def test_create_household_with_head(client, village_a):
    client.force_login(village_a)
    form_html = client.get(CREATE).content.decode()
    assert "新增农户" in form_html and 'name="head-id_number"' in form_html
    data = _create_data()
    response = client.post(CREATE, data)
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:detail", args=[household.pk])
    assert household.number == f"{VILLAGE_A}0001"
    assert household.land_mu == 2.5 and household.debt == 0 and household.water_safe
    head = household.members.get()
    assert head.relationship == "head" and head.name == "龙光明" and head.id_number == data["head-id_number"]
    page = client.get(response["Location"]).content.decode()
    assert "已新增农户" in page and "龙光明户" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"head-id_number": "520628198002301236"}, "head-id_number", "出生日期“19800230”不存在"),
        ({"head-id_number": "52062819800503123"}, "head-id_number", "应为18位"),
        ({"head-id_number": "520628195001021010"}, "head-id_number", "校验位错误"),
        ({"head-id_number": ""}, "head-id_number", "必填"),
        ({"head-name": ""}, "head-name", "必填"),
        ({"village": VILLAGE_B}, "village", "不在您负责的区域内"),
        ({"village": "520628101299"}, "village", "不存在"),
        ({"debt": "-5"}, "debt", "不能为负数"),
        ({"debt": "很多"}, "debt", "数"),
        ({"exit_year": "2022", "status": "former_poor"}, "exit_year", "2013–2020"),
        ({"head-work_months": "13"}, "head-work_months", "不能超过12个月"),
    ],
)
def test_bad_input_shows_chinese_error_at_the_field_and_saves_nothing(client, village_a, overrides, field, message):
    client.force_login(village_a)
    response = client.post(CREATE, _create_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in _field_errors(html, field), _field_errors(html, field) or html
    assert 'aria-invalid="true"' in html
    assert "有误" in html  # the summary at the top
    assert Household.objects.count() == 0 and Person.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_duplicate_id_names_the_other_household(client, village_a, household_a):
    taken = household_a.members.get(relationship="spouse")
    client.force_login(village_a)
    html = client.post(CREATE, _create_data(**{"head-id_number": taken.id_number})).content.decode()
    errors = _field_errors(html, "head-id_number")
    assert f"户 {household_a.number}" in errors and taken.name in errors
    assert Household.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_edit_household_uses_version_and_keeps_history(client, village_a, household_a):
    client.force_login(village_a)
    url = reverse("registry:edit", args=[household_a.pk])
    page = client.get(url).content.decode()
    assert 'name="version" value="1"' in page
    data = _create_data(status="former_poor", exit_year="2018", housing_grade="C", version="1")
    response = client.post(url, data)
    assert response.status_code == 302
    household_a.refresh_from_db()
    assert household_a.housing_grade == "C" and household_a.version == 2 and household_a.land_mu == 2.5
    assert AuditEntry.objects.filter(household_id=household_a.pk, action="update").count() == 1


def test_stale_version_is_refused_with_a_clear_message(client, village_a, household_a):
    client.force_login(village_a)
    url = reverse("registry:edit", args=[household_a.pk])
    client.post(url, _create_data(status="former_poor", exit_year="2018", housing_grade="B", version="1"))
    html = client.post(url, _create_data(status="former_poor", exit_year="2018", housing_grade="D", version="1"))
    html = html.content.decode()
    assert "已被他人修改" in html
    household_a.refresh_from_db()
    assert household_a.housing_grade == "B" and household_a.version == 2


def test_edit_to_a_village_outside_the_area_is_refused(client, village_a, household_a):
    client.force_login(village_a)
    url = reverse("registry:edit", args=[household_a.pk])
    html = client.post(url, _create_data(status="former_poor", exit_year="2018", village=VILLAGE_B, version="1"))
    assert "不在您负责的区域内" in _field_errors(html.content.decode(), "village")
    household_a.refresh_from_db()
    assert household_a.village_id == VILLAGE_A and household_a.version == 1


def test_add_member(client, village_a, household_a):
    client.force_login(village_a)
    url = reverse("registry:member_add", args=[household_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _member_data())
    assert response.status_code == 302
    assert household_a.members.filter(name="龙小花", sex="F", relationship="daughter").exists()


def test_add_second_head_is_refused_at_the_top(client, village_a, household_a):
    client.force_login(village_a)
    html = client.post(reverse("registry:member_add", args=[household_a.pk]), _member_data(relationship="head"))
    html = html.content.decode()
    assert "有且只有一位户主" in html
    assert household_a.members.count() == 3


def test_add_member_with_duplicate_id_names_the_household_in_the_users_area(client, township, household_a, household_b):
    taken = household_b.members.first()
    client.force_login(township)
    url = reverse("registry:member_add", args=[household_a.pk])
    html = client.post(url, _member_data(id_number=taken.id_number)).content.decode()
    errors = _field_errors(html, "id_number")
    assert household_b.number in errors and taken.name in errors
    assert household_a.members.count() == 3


def test_duplicate_id_of_another_village_is_refused_without_naming_who_holds_it(
    client, village_a, household_a, household_b
):
    taken = household_b.members.first()
    client.force_login(village_a)
    url = reverse("registry:member_add", args=[household_a.pk])
    html = client.post(url, _member_data(id_number=taken.id_number)).content.decode()
    errors = _field_errors(html, "id_number")
    assert "该身份证号无法使用。如确认无误，请联系县级乡村振兴部门核查处理。" in errors
    assert "已登记" not in errors and "辖区" not in errors and "已属于" not in errors
    assert household_b.number not in html and taken.name not in html
    assert household_a.members.count() == 3


def test_edit_member_keeps_id_when_left_empty(client, village_a, household_a):
    person = household_a.members.get(relationship="spouse")
    client.force_login(village_a)
    url = reverse("registry:member_edit", args=[person.pk])
    page = client.get(url).content.decode()
    assert person.id_number not in page and person.masked_id in page
    data = _member_data(id_number="", name="新名字", relationship="spouse", labor="weak")
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.name == "新名字" and person.labor == "weak"
    assert Person.objects.filter(id_number=person.id_number).count() == 1


def test_edit_member_with_bad_id_saves_nothing(client, village_a, household_a):
    person = household_a.members.get(relationship="spouse")
    client.force_login(village_a)
    url = reverse("registry:member_edit", args=[person.pk])
    html = client.post(url, _member_data(id_number="123", name="新名字", relationship="spouse")).content.decode()
    assert "18位" in _field_errors(html, "id_number")
    person.refresh_from_db()
    assert person.name != "新名字"


def test_remove_member_needs_a_reason(client, village_a, household_a):
    person = household_a.members.get(relationship="son")
    client.force_login(village_a)
    url = reverse("registry:member_remove", args=[person.pk])
    html = client.post(url, {"reason": ""}).content.decode()
    assert "必填" in _field_errors(html, "reason")
    assert Person.objects.filter(pk=person.pk).exists()
    response = client.post(url, {"reason": "户籍迁出"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_id=str(person.pk))
    assert entry.reason == "户籍迁出"
    assert "原因：户籍迁出" in client.get(reverse("registry:detail", args=[household_a.pk])).content.decode()


def test_removing_the_head_is_refused(client, village_a, household_a):
    head = household_a.members.get(relationship="head")
    client.force_login(village_a)
    html = client.post(reverse("registry:member_remove", args=[head.pk]), {"reason": "死亡"}).content.decode()
    assert "不能直接移除户主" in html
    assert Person.objects.filter(pk=head.pk).exists()


def test_view_only_role_sees_no_edit_buttons_and_gets_404(client, regions, household_a):
    viewer = make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A)
    person = household_a.members.get(relationship="son")
    client.force_login(viewer)
    assert client.get(reverse("registry:detail", args=[household_a.pk])).status_code == 200
    assert "新增农户" not in client.get(reverse("registry:list")).content.decode()
    for url in (
        CREATE,
        reverse("registry:edit", args=[household_a.pk]),
        reverse("registry:member_add", args=[household_a.pk]),
        reverse("registry:member_edit", args=[person.pk]),
        reverse("registry:member_remove", args=[person.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert Person.objects.filter(pk=person.pk).exists()
