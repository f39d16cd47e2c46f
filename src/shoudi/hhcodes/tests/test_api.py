"""/api/v1/household-codes/ as the village contact and the county: the paged list (head's name masked, nothing
else personal), issuing, revoking and reissuing; hostile input answers 4xx in Chinese in the one error shape,
never 500; village B gets 404 for everything of village A."""

from __future__ import annotations

import json

import pytest

from shoudi.hhcodes.models import HouseholdCode
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db
API = "/api/v1/household-codes"
HOSTILE = ["a\x00b", "\ud800", "x" * 2000, 10**20, 1e30, None, "", "   ", ["卡片遗失"], {"a": 1}]


def _post(client, path, body=None):
    return client.post(f"{API}{path}", data=json.dumps(body or {}), content_type="application/json")


def test_list_is_paged_and_masks_the_head(client, village_a, household_a, code_a):
    for _ in range(3):
        household_with_members(VILLAGE_A, size=1)
    client.force_login(village_a)
    page = client.get(f"{API}/villages/{VILLAGE_A}/codes?limit=2&offset=0").json()
    assert page["count"] == 4 and len(page["items"]) == 2
    first = page["items"][0]
    assert first["number"] == household_a.number and first["code"]["url"].endswith(f"/c/{code_a.token}/")
    head = household_a.members.get(relationship="head").name
    body = json.dumps(page, ensure_ascii=False)
    assert head not in body and first["head"].startswith(head[0]) and "*" in first["head"]
    for person in household_a.members.all():
        assert person.id_number not in body
    rest = client.get(f"{API}/villages/{VILLAGE_A}/codes?limit=2&offset=2").json()
    assert [i["code"] for i in rest["items"]] == [None, None]


def test_issue_revoke_and_reissue(client, county, household_a):
    client.force_login(county)
    done = _post(client, f"/villages/{VILLAGE_A}/codes/issue")
    assert done.status_code == 200 and done.json() == {"village_code": VILLAGE_A, "issued": 1}
    assert _post(client, f"/villages/{VILLAGE_A}/codes/issue").json()["issued"] == 0
    new = _post(client, f"/households/{household_a.pk}/code/reissue", {"reason": "卡片遗失"})
    assert new.status_code == 201 and new.json()["url"]
    revoked = _post(client, f"/households/{household_a.pk}/code/revoke", {"reason": "农户迁出"})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and revoked.json()["url"] is None
    again = _post(client, f"/households/{household_a.pk}/code/revoke", {"reason": "农户迁出"})
    assert again.status_code == 409 and "没有有效的二维码" in again.json()["detail"]
    assert HouseholdCode.objects.filter(household=household_a).count() == 2


def test_hostile_input_answers_4xx_in_chinese(client, village_a, household_a, code_a):
    client.force_login(village_a)
    for path in (f"/households/{household_a.pk}/code/revoke", f"/households/{household_a.pk}/code/reissue"):
        for bad in HOSTILE:
            response = _post(client, path, {"reason": bad})
            assert 400 <= response.status_code < 500, (path, bad, response.status_code)
            body = response.json()
            assert set(body) == {"detail", "field", "errors"}
            assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"]), (bad, body)
        assert _post(client, path, {"reason": "卡片遗失", "extra": 1}).status_code == 422
    for query in ("limit=0", "limit=100000", "offset=-1", "offset=99999999999", "limit=abc", "limit=1e30"):
        response = client.get(f"{API}/villages/{VILLAGE_A}/codes?{query}")
        assert response.status_code == 422, query
    for code in ("x", "5206281012", "9" * 40, "52062810120３"):
        assert client.get(f"{API}/villages/{code}/codes").status_code == 404
    nul = client.get(f"{API}/villages/%00/codes")  # the request guard refuses a NUL in any URL
    assert nul.status_code == 400 and "空字符" in nul.json()["detail"]
    for bad_id in ("not-a-uuid", "0" * 40):
        assert _post(client, f"/households/{bad_id}/code/revoke", {"reason": "x"}).status_code in (404, 422)
    assert HouseholdCode.objects.get(pk=code_a.pk).active


def test_village_b_gets_404_for_village_a(client, village_b, household_a, code_a):
    client.force_login(village_b)
    assert client.get(f"{API}/villages/{VILLAGE_A}/codes").status_code == 404
    assert _post(client, f"/villages/{VILLAGE_A}/codes/issue").status_code == 404
    for action in ("revoke", "reissue"):
        assert _post(client, f"/households/{household_a.pk}/code/{action}", {"reason": "x"}).status_code == 404
    assert HouseholdCode.objects.get(pk=code_a.pk).active


def test_without_a_session_or_token_is_401(client, household_a):
    assert client.get(f"{API}/villages/{VILLAGE_A}/codes").status_code == 401
