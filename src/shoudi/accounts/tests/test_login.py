"""Logging in and out, the lockout after repeated failures, and the login wall in front of every page."""

import pytest
from django.urls import reverse

from shoudi.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def test_login_page_is_chinese(client):
    html = client.get(LOGIN).content.decode()
    assert "用户名" in html and "密码" in html and "登录" in html


def test_login_redirects_to_the_workbench(client, village_a):
    response = client.post(LOGIN, {"username": "village_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:workbench")
    html = client.get(response["Location"]).content.decode()
    assert "工作台" in html and "李明（当造村监测联系人）" in html


def test_login_follows_next_inside_the_site(client, village_a):
    response = client.post(
        LOGIN + "?next=/households/", {"username": "village_a", "password": PASSWORD, "next": "/households/"}
    )
    assert response["Location"] == "/households/"
    client.logout()
    evil = client.post(LOGIN, {"username": "village_a", "password": PASSWORD, "next": "https://evil.example/"})
    assert evil["Location"] == reverse("core:workbench")


def test_wrong_password_says_so_in_chinese(client, village_a):
    response = client.post(LOGIN, {"username": "village_a", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account(client, village_a):
    for _ in range(5):
        client.post(LOGIN, {"username": "village_a", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "village_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:workbench")).status_code == 302


def test_four_wrong_passwords_do_not_lock(client, village_a):
    for _ in range(4):
        client.post(LOGIN, {"username": "village_a", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "village_a", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, village_a):
    client.force_login(village_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get(reverse("core:workbench")).status_code == 302


def _every_page(household, person, region):
    return [
        reverse("core:workbench"),
        reverse("registry:list"),
        reverse("registry:village_options"),
        reverse("registry:create"),
        reverse("registry:detail", args=[household.pk]),
        reverse("registry:edit", args=[household.pk]),
        reverse("registry:member_add", args=[household.pk]),
        reverse("registry:member_edit", args=[person.pk]),
        reverse("registry:member_remove", args=[person.pk]),
        reverse("registry:reveal_id", args=[person.pk]),
        reverse("regions:index"),
        reverse("regions:edit", args=[region]),
    ]


def test_every_page_sends_anonymous_users_to_login(client, household_a):
    """Each page sends a visitor who is not signed in to the login page; a method the page does not take at all
    is a 405 first (that says nothing about any record)."""
    person = household_a.members.first()
    for url in _every_page(household_a, person, "520628"):
        answers = {method: getattr(client, method)(url) for method in ("get", "post")}
        assert any(r.status_code == 302 for r in answers.values()), (
            url,
            {m: r.status_code for m, r in answers.items()},
        )
        for method, response in answers.items():
            assert response.status_code in (302, 405), (method, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(LOGIN + "?next="), (method, url)
