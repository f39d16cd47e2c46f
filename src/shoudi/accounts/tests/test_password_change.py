"""Every user changes their own password; a user with a one-time password must do so before anything else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shoudi.accounts.models import ApiToken
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
CHANGE = reverse("accounts:password_change")
NEW = "Dangzao-village-2027"


def _forced(user):
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    return user


def test_a_user_with_a_one_time_password_is_sent_to_the_change_page_everywhere(client, village_a):
    client.force_login(_forced(village_a))
    for url in ("/", reverse("registry:list"), reverse("monitoring:cases"), "/households/?q=x"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == CHANGE, url
    assert client.post(reverse("registry:create"), {}).status_code == 302
    page = client.get(CHANGE)
    assert page.status_code == 200 and "一次性密码" in page.content.decode()
    api = client.get("/api/v1/households/")
    assert api.status_code == 403 and "修改" in api.json()["detail"]
    assert client.post(reverse("accounts:logout")).status_code == 302  # signing out stays possible


def test_after_the_change_the_user_works_normally_with_the_new_password(client, village_a):
    client.force_login(_forced(village_a))
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("core:workbench")
    assert client.get(reverse("registry:list")).status_code == 200  # still signed in
    village_a.refresh_from_db()
    assert not village_a.must_change_password and village_a.check_password(NEW)
    entry = AuditEntry.objects.get(object_id=str(village_a.pk))
    assert NEW not in str(entry.changes) and entry.changes["首次登录须修改密码"] == [True, False]


def test_an_api_token_is_not_affected(client, village_a):
    _, raw = ApiToken.issue(user=_forced(village_a), name="对接")
    response = client.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"old_password": "wrong-one-1", "new_password1": NEW, "new_password2": NEW}, "old_password", "原密码不正确"),
        ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "new_password2", "不一致"),
        ({"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"}, "new_password1", "密码太短"),
        ({"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"}, "", "太常见"),
        (
            {"old_password": PASSWORD, "new_password1": "1234567890123", "new_password2": "1234567890123"},
            "",
            "全是数字",
        ),
        ({"old_password": PASSWORD, "new_password1": "village_a1", "new_password2": "village_a1"}, "", "太相似"),
        ({"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}, "", "不能与原密码相同"),
        ({"old_password": "", "new_password1": "", "new_password2": ""}, "old_password", "此项必填"),
        ({"old_password": PASSWORD, "new_password1": "x" * 129, "new_password2": "x"}, "", "不能超过 128 个字符"),
    ],
)
def test_a_bad_new_password_is_refused_in_chinese(client, village_a, data, field, message):
    client.force_login(village_a)
    response = client.post(CHANGE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    village_a.refresh_from_db()
    assert village_a.check_password(PASSWORD)
