"""户籍变动待办 API: the tasks of the caller's area, and closing one (done, or not applicable with a reason)."""

from __future__ import annotations

import pytest

from shoudi.core.models import AuditEntry
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B
from shoudi.screening.tests.test_tasks_pages import NEWBORN_ID, birth_task, death_task, spouse

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening/tasks"


@pytest.fixture
def tasks(household_a, household_b):
    return {
        "a": death_task(spouse(household_a)),
        "a_birth": birth_task(household_a),
        "b": death_task(spouse(household_b)),
    }


def close(client, task, **body):
    return client.post(f"{URL}/{task.pk}/close", body, content_type="application/json")


def test_the_list_is_the_callers_area_with_masked_ids(tasks, village_a, township, client):
    client.force_login(village_a)
    body = client.get(URL).json()
    assert {t["household_number"] for t in body} == {tasks["a"].household.number}
    death = next(t for t in body if t["kind"] == "death")
    person = tasks["a"].person
    assert death["name"] == person.name and death["id_number"] == person.masked_id
    assert death["what_to_do"] == "核实后在基础数据库中将该成员标注为死亡并更新家庭人口"
    assert death["status"] == "open" and death["batch_label"].startswith("公安户籍-测试")
    birth = next(t for t in body if t["kind"] == "birth")
    assert birth["id_number"] == "520628********002X" and NEWBORN_ID not in str(body)
    client.force_login(township)
    assert {t["village_code"] for t in client.get(URL).json()} == {VILLAGE_A, VILLAGE_B}
    assert [t["village_code"] for t in client.get(URL, {"village": VILLAGE_B}).json()] == [VILLAGE_B]


def test_close_done_then_not_again(tasks, village_a, client):
    client.force_login(village_a)
    a = tasks["a"]
    response = close(client, a, outcome="done", note="已更新家庭人口")
    assert response.status_code == 200
    assert response.json()["status"] == "done" and response.json()["note"] == "已更新家庭人口"
    assert response.json()["closed_by"]
    again = close(client, a, outcome="not_applicable", reason="重复")
    assert again.status_code == 409 and "不能再次办结" in again.json()["detail"]
    assert AuditEntry.objects.filter(object_type="registrytask", object_id=str(a.pk)).count() == 1
    assert [t["id"] for t in client.get(URL, {"status": "done"}).json()] == [str(a.pk)]
    assert str(a.pk) not in {t["id"] for t in client.get(URL).json()}


def test_not_applicable_needs_a_reason(tasks, village_a, client):
    client.force_login(village_a)
    a = tasks["a"]
    missing = close(client, a, outcome="not_applicable", note="写在了备注里")
    assert missing.status_code == 422 and "请填写不适用的原因" in missing.json()["detail"]
    assert missing.json()["field"] == "reason"
    ok = close(client, a, outcome="not_applicable", reason="经核实本人健在")
    assert ok.status_code == 200 and ok.json()["status"] == "not_applicable"
    entry = AuditEntry.objects.get(object_type="registrytask")
    assert entry.changes == {"状态": ["待更新", "不适用"]} and entry.reason == "经核实本人健在"


def test_another_village_gets_404(tasks, village_b, client):
    client.force_login(village_b)
    a = tasks["a"]
    assert client.get(f"{URL}/{a.pk}").status_code == 404
    assert close(client, a, outcome="done").status_code == 404
    assert close(client, a, outcome="not_applicable", reason="x").status_code == 404
    a.refresh_from_db()
    assert a.status == "open" and not AuditEntry.objects.filter(object_type="registrytask").exists()
    assert {t["household_number"] for t in client.get(URL).json()} == {tasks["b"].household.number}


def test_a_role_without_the_registry_sees_nothing(tasks, leader, client):
    client.force_login(leader)
    assert client.get(URL).status_code == 404
    assert close(client, tasks["a"], outcome="done").status_code == 404
