"""户籍变动待办 API: the register updates of the caller's area, and closing one (done, or not applicable with a
reason)."""

from __future__ import annotations

import pytest

from shoudi.core.models import AuditEntry
from shoudi.screening.testing import register_update
from shoudi.screening.tests.test_register_updates_pages import NEWBORN_ID, newborn, spouse
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening/register-updates"


@pytest.fixture
def updates(household_a, household_b):
    return {
        "a": register_update(spouse(household_a)),
        "a_birth": newborn(household_a),
        "b": register_update(spouse(household_b)),
    }


def close(client, update, **body):
    return client.post(f"{URL}/{update.pk}/close", body, content_type="application/json")


def audits():
    return AuditEntry.objects.filter(object_type="registerupdate")


def test_the_list_is_the_callers_area_with_masked_ids(updates, village_a, township, client):
    client.force_login(village_a)
    body = client.get(URL).json()
    assert {u["household_number"] for u in body} == {updates["a"].household.number}
    death = next(u for u in body if u["kind"] == "death")
    person = updates["a"].person
    assert death["name"] == person.name and death["id_number"] == person.masked_id
    assert death["what_to_do"] == "核实后在基础数据库中将该成员标注为死亡并更新家庭人口"
    assert death["status"] == "open" and death["batch_label"].startswith("公安户籍-测试")
    birth = next(u for u in body if u["kind"] == "birth")
    assert birth["id_number"] == "520628********002X" and NEWBORN_ID not in str(body)
    client.force_login(township)
    assert {u["village_code"] for u in client.get(URL).json()} == {VILLAGE_A, VILLAGE_B}
    assert [u["village_code"] for u in client.get(URL, {"village": VILLAGE_B}).json()] == [VILLAGE_B]


def test_close_done_then_not_again(updates, village_a, client):
    client.force_login(village_a)
    a = updates["a"]
    response = close(client, a, outcome="done", note="已更新家庭人口")
    assert response.status_code == 200
    assert response.json()["status"] == "done" and response.json()["note"] == "已更新家庭人口"
    assert response.json()["closed_by"]
    again = close(client, a, outcome="not_applicable", reason="重复")
    assert again.status_code == 409 and "不能办理此环节" in again.json()["detail"]
    assert audits().filter(object_id=str(a.pk)).count() == 1
    assert [u["id"] for u in client.get(URL, {"status": "done"}).json()] == [str(a.pk)]
    assert str(a.pk) not in {u["id"] for u in client.get(URL).json()}


def test_not_applicable_needs_a_reason(updates, village_a, client):
    client.force_login(village_a)
    a = updates["a"]
    missing = close(client, a, outcome="not_applicable", note="写在了备注里")
    assert missing.status_code == 422 and "请填写不适用的原因" in missing.json()["detail"]
    assert missing.json()["field"] == "reason"
    ok = close(client, a, outcome="not_applicable", reason="经核实本人健在")
    assert ok.status_code == 200 and ok.json()["status"] == "not_applicable"
    entry = audits().get()
    assert entry.changes["状态"] == ["待更新", "不适用"] and entry.reason == "经核实本人健在"


def test_an_unknown_field_is_refused(updates, village_a, client):
    client.force_login(village_a)
    assert close(client, updates["a"], outcome="done", notes="typo").status_code == 422


def test_another_village_gets_404(updates, village_b, client):
    client.force_login(village_b)
    a = updates["a"]
    assert client.get(f"{URL}/{a.pk}").status_code == 404
    assert close(client, a, outcome="done").status_code == 404
    assert close(client, a, outcome="not_applicable", reason="x").status_code == 404
    a.refresh_from_db()
    assert a.status == "open" and not audits().exists()
    assert {u["household_number"] for u in client.get(URL).json()} == {updates["b"].household.number}


def test_a_role_without_the_registry_sees_nothing(updates, leader, client):
    client.force_login(leader)
    assert client.get(URL).status_code == 404
    assert close(client, updates["a"], outcome="done").status_code == 404
