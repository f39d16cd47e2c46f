"""Authentication: session with CSRF on writes, or a bearer token; the ``shoudi tokens`` command."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.api.tests.conftest import JsonClient
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, next_id

pytestmark = pytest.mark.django_db


def with_token(raw):
    return JsonClient(Client(), headers={"Authorization": f"Bearer {raw}"})


def issue(username, name="县医保局对接"):
    out, err = io.StringIO(), io.StringIO()
    call_command("tokens", "issue", "--user", username, "--name", name, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_issue_prints_the_raw_token_once_and_stores_only_its_digest(village_a):
    raw, note = issue("village_a")
    assert raw.startswith("sd_") and len(raw) > 40
    token = ApiToken.objects.get(user=village_a)
    assert token.digest == ApiToken.hash(raw) and raw not in (token.digest, token.prefix)
    assert "只显示这一次" in note


def test_token_reads_the_users_area_only(village_a, household_a, household_b):
    raw, _ = issue("village_a")
    response = with_token(raw).get("/api/v1/households/")
    assert response.status_code == 200
    assert [i["number"] for i in response.json()["items"]] == [household_a.number]
    assert with_token(raw).get(f"/api/v1/households/{household_b.pk}").status_code == 404


def test_token_writes_without_csrf_and_acts_as_its_user(village_a, regions):
    raw, _ = issue("village_a")
    payload = {"village_code": VILLAGE_A, "members": [{"id_number": next_id(), "name": "甲", "relationship": "head"}]}
    client = JsonClient(Client(enforce_csrf_checks=True), headers={"Authorization": f"Bearer {raw}"})
    response = client.post("/api/v1/households/", payload)
    assert response.status_code == 201, response.content
    assert Household.objects.get(pk=response.json()["id"]).created_by == village_a


def test_revoked_token_is_refused(village_a, regions):
    raw, _ = issue("village_a")
    out = io.StringIO()
    call_command("tokens", "revoke", raw[:8], stdout=out)
    assert "已吊销" in out.getvalue()
    response = with_token(raw).get("/api/v1/regions/")
    assert response.status_code == 401
    assert "未登录或令牌无效" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer sd_not-a-token", "Bearer ", "Token abc", "Bearer nosdprefix"])
def test_unknown_tokens_are_401(regions, header):
    response = JsonClient(Client(), headers={"Authorization": header}).get("/api/v1/regions/")
    assert response.status_code == 401


def test_token_of_inactive_user_is_refused(village_a):
    raw, _ = issue("village_a")
    village_a.is_active = False
    village_a.save()
    assert with_token(raw).get("/api/v1/regions/").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(village_a):
    raw, _ = issue("village_a")
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    with_token(raw).get("/api/v1/regions/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with_token(raw).get("/api/v1/regions/")
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not rewritten
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    with_token(raw).get("/api/v1/regions/")
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(minutes=1)
    assert token.last_used_at <= timezone.now()


def test_session_writes_need_csrf(village_a, regions):
    client = Client(enforce_csrf_checks=True)
    client.force_login(village_a)
    payload = {"village_code": VILLAGE_A, "members": [{"id_number": next_id(), "name": "甲", "relationship": "head"}]}
    refused = JsonClient(client).post("/api/v1/households/", payload)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"] and "请刷新页面" in refused.json()["detail"]
    assert not Household.objects.exists()
    # reads need no token; the docs page hands out the CSRF cookie a browser then sends back
    assert JsonClient(client).get("/api/v1/regions/").status_code == 200
    client.get("/api/docs")
    csrf = client.cookies["csrftoken"].value
    accepted = JsonClient(client, headers={"X-CSRFToken": csrf}).post("/api/v1/households/", payload)
    assert accepted.status_code == 201, accepted.content


def test_command_errors_are_chinese(village_a):
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        issue("nobody")
    with pytest.raises(CommandError, match="没有前缀为"):
        call_command("tokens", "revoke", "sd_zzzzz")


def test_list_shows_prefix_and_state_never_the_token(village_a):
    raw, _ = issue("village_a", name="民政对接")
    call_command("tokens", "revoke", raw[:8], stdout=io.StringIO())
    out = io.StringIO()
    call_command("tokens", "list", stdout=out)
    text = out.getvalue()
    assert raw[:8] in text and "民政对接" in text and "已吊销" in text
    assert raw not in text
