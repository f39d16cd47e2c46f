"""What an attacker at the login page meets, and the security headers of every page: the lockout per account
across addresses (with the owner's notice) and per address across accounts, the Chinese CSRF-failure page, the
password blocklist, CSP, HSTS only over HTTPS-configured deployments."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from shoudi.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
CHANGE = reverse("accounts:password_change")


def _try(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_failures_from_many_addresses_lock_the_account_everywhere(client, village_a):
    for n in range(5):
        _try(client, "village_a", "wrong-password", f"10.0.0.{n + 1}")
    response = _try(client, "village_a", PASSWORD, "10.9.9.9")  # a fresh address, the right password
    assert response.status_code == 429
    html = response.content.decode()
    assert "账号已暂时锁定" in html and "无论从哪台设备登录" in html
    assert "_auth_user_id" not in client.session


def test_the_owner_is_told_of_the_failures_once_on_the_next_login(client, village_a):
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.2"):
        _try(client, "village_a", "wrong-password", ip)
    response = _try(client, "village_a", PASSWORD, "10.0.0.7")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "有 3 次登录失败，来自 2 个地址" in html
    assert "登录失败" not in client.get(reverse("core:workbench")).content.decode()  # shown once
    client.post(reverse("accounts:logout"))
    response = _try(client, "village_a", PASSWORD, "10.0.0.7")
    assert "登录失败" not in client.get(response["Location"]).content.decode()  # cleared by the login


def test_one_address_trying_many_names_is_slowed_down(client, village_a, county):
    for n in range(20):
        _try(client, f"nobody{n}", "wrong-password", "10.1.1.1")
    refused = _try(client, "village_a", PASSWORD, "10.1.1.1")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "登录尝试过多" in html and "这个地址" in html
    assert _try(Client(), "village_a", PASSWORD, "10.1.1.2").status_code == 302  # other addresses still log in


def test_a_few_failures_from_an_office_address_do_not_block_its_other_users(client, village_a, county):
    for n in range(4):
        _try(client, f"typo{n}", "wrong-password", "10.2.2.2")
    assert _try(client, "village_a", PASSWORD, "10.2.2.2").status_code == 302


def test_an_expired_form_gets_the_chinese_csrf_page(village_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(village_a)
    response = client.post(reverse("registry:create"), {"village": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "刷新页面" in html and reverse("core:workbench") in html
    assert 'data-testid="csrf-failure"' in html and "Forbidden" not in html and "CSRF verification" not in html


def test_an_api_call_without_the_token_gets_json(village_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(village_a)
    response = client.post("/api/v1/households/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "校验失败" in response.json()["detail"] and "请刷新页面" in response.json()["detail"]


@pytest.mark.parametrize(
    "password",
    ["Shoudi2026", "shoudi@12345", "SHOUDI_2026!", "Admin@20262026", "P@ssw0rd2026", "Password12345", "1234567890"],
)
def test_system_names_and_common_words_with_digits_are_refused(client, village_a, password):
    client.force_login(village_a)
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 400
    html = response.content.decode()
    assert "太容易被猜到" in html or "太常见" in html or "全是数字" in html
    client.logout()
    assert _try(client, "village_a", password, "10.3.3.3").status_code == 200  # not changed


def test_a_short_password_is_refused_in_chinese(client, village_a):
    client.force_login(village_a)
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "Xq7#mtn", "new_password2": "Xq7#mtn"})
    html = response.content.decode()
    assert "密码太短：至少 10 个字符（当前 7 个）" in html
    assert "too short" not in html and "at least" not in html


def test_a_strong_password_is_accepted(client, village_a):
    client.force_login(village_a)
    new = "Xq7#mountain-river"
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302


def test_every_page_carries_the_content_security_policy(client, village_a):
    client.force_login(village_a)
    policy = client.get(reverse("core:workbench"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data: blob:"
    assert directives["worker-src"] == "'self'" and directives["connect-src"] == "'self'"


def _setting(name: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SHOUDI_")}
    environ.update({"SHOUDI_SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "shoudi.settings", **env})
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True).stdout


def test_hsts_only_when_the_cookies_are_secure(tmp_path):
    assert (
        _setting("SECURE_HSTS_SECONDS", SHOUDI_SECURE_COOKIES="1", SHOUDI_DATA_DIR=str(tmp_path)).strip() == "31536000"
    )
    assert _setting("SECURE_HSTS_SECONDS", SHOUDI_SECURE_COOKIES="0", SHOUDI_DATA_DIR=str(tmp_path)).strip() == "0"
    assert _setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", SHOUDI_DATA_DIR=str(tmp_path)).strip() == "False"


def test_the_forwarded_protocol_is_trusted_only_behind_a_proxy(tmp_path):
    assert _setting("SECURE_PROXY_SSL_HEADER", SHOUDI_DATA_DIR=str(tmp_path)).strip() == "None"
    behind = _setting("SECURE_PROXY_SSL_HEADER", SHOUDI_BEHIND_PROXY="1", SHOUDI_DATA_DIR=str(tmp_path))
    assert "HTTP_X_FORWARDED_PROTO" in behind


def test_hsts_is_sent_over_https(client, village_a, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(LOGIN, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
