"""User management through the pages, as a county administrator posting the form fields a browser sends."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import COUNTY, PASSWORD, TOWNSHIP_A, VILLAGE_A, make_user

pytestmark = pytest.mark.django_db
CREATE = reverse("accounts:user_create")
NEW = {
    "username": "wu_yi",
    "full_name": "吴一",
    "role": "village_contact",
    "area": VILLAGE_A,
    "department": "",
    "phone": "13800001111",
}


def _logs_in(client, username: str, password: str) -> bool:
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    ok = "_auth_user_id" in client.session
    client.logout()
    return ok


def _shown_password(html: str) -> str:
    return html.split('data-testid="one-time-password"')[1].split(">")[1].split("<")[0]


def test_admin_creates_an_account_and_sees_its_one_time_password_once(admin_client, client):
    response = admin_client.post(CREATE, NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "只显示这一次" in html and "监测联系人" in html
    secret = _shown_password(html)
    user = User.objects.get(username="wu_yi")
    assert user.area_id == VILLAGE_A and user.must_change_password and user.phone == "13800001111"
    assert secret not in admin_client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    entry = AuditEntry.objects.get(object_type="user", object_id=str(user.pk))
    assert entry.actor.username == "admin" and entry.changes["负责区域"] == [None, VILLAGE_A]
    assert entry.changes["手机号"] == [None, "138****1111"]
    assert secret not in str(entry.changes) and "password" not in str(entry.changes)
    admin_client.logout()
    assert _logs_in(client, "wu_yi", secret)


def test_the_list_filters_searches_and_masks_phones(admin_client, other_user):
    make_user("wu_er", Role.TOWNSHIP_REVIEWER, TOWNSHIP_A, full_name="吴二", phone="13912345678")
    html = admin_client.get(reverse("accounts:users"), {"q": "吴二"}).content.decode()
    assert "wu_er" in html and "139****5678" in html and "13912345678" not in html
    assert "yanhe_officer" not in admin_client.get(reverse("accounts:users")).content.decode()
    html = admin_client.get(reverse("accounts:users"), {"role": "village_contact"}).content.decode()
    assert "wu_er" not in html
    for hostile in ({"area": "abc"}, {"role": "x" * 500}, {"page": "-1"}, {"active": "9"}):
        assert admin_client.get(reverse("accounts:users"), hostile).status_code == 200
    refused = admin_client.get(reverse("accounts:users"), {"q": "\x00"})  # the request guard: a Chinese 400
    assert refused.status_code == 400 and "空字符" in refused.content.decode()


def test_admin_title_shows_the_level(admin_client, province_admin):
    html = admin_client.get(reverse("core:workbench")).content.decode()
    assert "县级系统管理员" in html and "用户管理" in html
    assert province_admin.role_title == "省级系统管理员"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "", "此项必填"),
        ("username", "a b", "用户名只能包含"),
        ("username", "admin", "已被使用"),
        ("username", "x" * 151, "不能超过 150 个字符"),
        ("area", "", "此项必填"),
        ("area", "abc", "不存在"),
        ("area", "1e30", "不存在"),
        ("area", "520627", "不在您的负责区域内"),
        ("area", COUNTY, "负责区域应为村级"),
        ("role", "boss", "不在可选项中"),
        ("phone", "abc", "手机号应为"),
        ("phone", "-1", "手机号应为"),
        ("full_name", "名\x00", "空字符"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(admin_client, field, value, message):
    before = User.objects.count()
    response = admin_client.post(CREATE, {**NEW, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before and not AuditEntry.objects.exists()


def test_a_county_admin_cannot_create_a_province_admin(admin_client):
    response = admin_client.post(CREATE, {**NEW, "role": "admin", "area": "52"})
    assert response.status_code == 400
    assert "县级系统管理员不能设置省级系统管理员" in response.content.decode()
    assert not User.objects.filter(username="wu_yi").exists()
    assert admin_client.post(CREATE, {**NEW, "role": "admin", "area": COUNTY}).status_code == 200  # its own level


def test_a_department_clerk_needs_a_department(admin_client):
    response = admin_client.post(CREATE, {**NEW, "role": "dept_clerk", "area": COUNTY})
    assert response.status_code == 400 and "必须指定所属部门" in response.content.decode()


def test_editing_changes_role_and_area_and_is_audited(admin_client):
    target = make_user("wu_san", Role.VILLAGE_CONTACT, VILLAGE_A, full_name="吴三", phone="13700002222")
    url = reverse("accounts:user_edit", args=[target.pk])
    page = admin_client.get(url).content.decode()
    assert "137****2222" in page and "13700002222" not in page  # the admin may not reveal phones
    data = {"full_name": "吴三", "role": "township_reviewer", "area": TOWNSHIP_A, "department": "", "phone": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == "township_reviewer" and target.area_id == TOWNSHIP_A
    assert target.phone == "13700002222"  # left empty: kept
    entry = AuditEntry.objects.get(object_id=str(target.pk))
    assert entry.changes["角色"] == ["监测联系人/网格员", "乡镇审核员"]
    assert entry.changes["负责区域"] == [VILLAGE_A, TOWNSHIP_A]
    outside = admin_client.post(url, {**data, "area": "520627"})
    assert outside.status_code == 400 and "不在您的负责区域内" in outside.content.decode()
    target.refresh_from_db()
    assert target.area_id == TOWNSHIP_A


def test_deactivated_user_can_no_longer_log_in_and_can_be_reactivated(admin_client, client):
    target = make_user("wu_si", Role.VILLAGE_CONTACT, VILLAGE_A)
    assert admin_client.post(reverse("accounts:user_deactivate", args=[target.pk]), {"reason": ""}).status_code == 400
    response = admin_client.post(reverse("accounts:user_deactivate", args=[target.pk]), {"reason": "调离"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    entry = AuditEntry.objects.filter(object_id=str(target.pk)).first()
    assert entry.changes == {"有效": [True, False]} and entry.reason == "调离"
    admin_client.post(reverse("accounts:user_reactivate", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active
    admin_client.post(reverse("accounts:user_deactivate", args=[target.pk]), {"reason": "退休"})
    admin_client.logout()
    assert not _logs_in(client, "wu_si", PASSWORD)


def test_a_deactivated_users_open_session_ends(admin_client, client):
    target = make_user("wu_wu", Role.VILLAGE_CONTACT, VILLAGE_A)
    other = type(client)()
    other.force_login(target)
    assert other.get(reverse("core:workbench")).status_code == 200
    admin_client.post(reverse("accounts:user_deactivate", args=[target.pk]), {"reason": "调离"})
    assert other.get(reverse("core:workbench")).status_code == 302


def test_an_admin_cannot_deactivate_itself(admin_client, admin):
    response = admin_client.post(reverse("accounts:user_deactivate", args=[admin.pk]), {"reason": "试试"})
    assert response.status_code == 400 and "不能停用自己的账号" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_reset_password_shows_a_one_time_password_and_the_old_one_fails(admin_client, client):
    target = make_user("wu_liu", Role.VILLAGE_CONTACT, VILLAGE_A)
    response = admin_client.post(reverse("accounts:user_reset_password", args=[target.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = _shown_password(response.content.decode())
    target.refresh_from_db()
    assert target.must_change_password
    entry = AuditEntry.objects.get(object_id=str(target.pk))
    assert secret not in str(entry.changes) and "密码" in entry.changes
    admin_client.logout()
    assert not _logs_in(client, "wu_liu", PASSWORD)
    client.post(reverse("accounts:login"), {"username": "wu_liu", "password": secret})
    assert client.get(reverse("registry:list"))["Location"] == reverse("accounts:password_change")


def test_an_admin_of_county_a_cannot_see_or_touch_a_user_of_county_b(admin_client, other_user):
    for name in ("user_detail", "user_edit"):
        assert admin_client.get(reverse(f"accounts:{name}", args=[other_user.pk])).status_code == 404
    for name in ("user_edit", "user_deactivate", "user_reactivate", "user_reset_password"):
        data = {"full_name": "x", "role": "leader", "area": COUNTY, "reason": "x"}
        assert admin_client.post(reverse(f"accounts:{name}", args=[other_user.pk]), data).status_code == 404
    other_user.refresh_from_db()
    assert other_user.is_active and other_user.role == "county_officer"
    assert not AuditEntry.objects.exists()
    for hostile in ("999999", "99999999999999999999999", "0"):
        assert admin_client.get(f"/accounts/users/{hostile}/").status_code == 404
        assert admin_client.post(f"/accounts/users/{hostile}/deactivate/", {"reason": "x"}).status_code == 404
    assert admin_client.get("/accounts/users/import/not-a-uuid/").status_code == 404


def test_other_roles_cannot_reach_user_management(client, county, province_admin):
    client.force_login(county)
    for url in (reverse("accounts:users"), CREATE, reverse("accounts:import"), reverse("accounts:area_options")):
        assert client.get(url).status_code == 404
    assert client.get(reverse("accounts:user_detail", args=[province_admin.pk])).status_code == 404
    assert "用户管理" not in client.get(reverse("core:workbench")).content.decode()


def test_the_area_picker_finds_villages_by_name_inside_the_area_only(admin_client):
    html = admin_client.get(reverse("accounts:area_options"), {"area": "当造"}).content.decode()
    assert VILLAGE_A in html and "当造村" in html
    assert "520627" not in admin_client.get(reverse("accounts:area_options"), {"area": "5206"}).content.decode()


def test_a_reset_lifts_the_lockout_after_failed_sign_ins(admin_client):
    target = make_user("wu_qi", Role.VILLAGE_CONTACT, VILLAGE_A)
    stranger = type(admin_client)()
    for _ in range(5):
        stranger.post(reverse("accounts:login"), {"username": "wu_qi", "password": "wrong-password"})
    assert stranger.post(reverse("accounts:login"), {"username": "wu_qi", "password": PASSWORD}).status_code == 429
    response = admin_client.post(reverse("accounts:user_reset_password", args=[target.pk]))
    secret = _shown_password(response.content.decode())
    stranger.post(reverse("accounts:login"), {"username": "wu_qi", "password": secret})
    assert "_auth_user_id" in stranger.session
