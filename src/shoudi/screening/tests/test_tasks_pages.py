"""户籍变动待办 pages: a death or birth in 公安户籍 becomes a task the village works in its own area; done or
not applicable (with a reason), each written to the audit log; another village sees nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest

from shoudi.core.models import AuditEntry
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members
from shoudi.feeds import testing as ft
from shoudi.registry.models import Household, Person
from shoudi.screening.models import RegistryTask, ScreeningRun
from shoudi.screening.services import run_execute
from shoudi.screening.tests.sweep import death_task

pytestmark = pytest.mark.django_db

NEWBORN_ID = "52062820210301002X"  # a girl born 2021-03-01, not yet in the base database


def birth_task(household: Household) -> RegistryTask:
    batch = ft.feed("household_register", ft.register(ft.unknown(NEWBORN_ID, "新生儿甲"), "出生", "2021-03-01"))
    return RegistryTask.objects.create(
        household=household,
        village_id=household.village_id,
        record_id=batch.records.get().pk,
        kind=RegistryTask.Kind.BIRTH,
        on=dt.date(2021, 3, 1),
        text="新生儿甲 2021年3月1日出生（公安户籍），请更新农户信息",
    )


def spouse(household: Household) -> Person:
    return household.members.get(relationship="spouse")


@pytest.fixture
def tasks(household_a, household_b):
    household_c = household_with_members(VILLAGE_C, size=2)
    return {
        "a": death_task(spouse(household_a)),
        "a_birth": birth_task(household_a),
        "b": death_task(spouse(household_b)),
        "c": death_task(spouse(household_c)),
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_village_sees_its_own_open_tasks_with_what_to_do(tasks, village_a, client):
    client.force_login(village_a)
    html = page(client, "/screening/tasks/")
    a, b = tasks["a"], tasks["b"]
    assert a.household.number in html and a.person.name in html
    assert "核实后在基础数据库中将该成员标注为死亡并更新家庭人口" in html
    assert "核实后为该户新增家庭成员" in html and "新生儿甲" in html
    assert "2021-05-05" in html and "公安户籍-测试" in html  # the change date and the batch (its file name)
    assert b.household.number not in html and b.person.name not in html
    assert tasks["c"].household.number not in html
    assert "共 2 个" in html


def test_ids_are_masked_in_the_list_and_on_the_task(tasks, village_a, client):
    client.force_login(village_a)
    a = tasks["a"]
    html = page(client, "/screening/tasks/")
    assert a.person.id_number not in html and a.person.masked_id in html
    assert NEWBORN_ID not in html and "520628********002X" in html  # the newborn's, from the feed record
    detail = page(client, f"/screening/tasks/{a.pk}/")
    assert a.person.id_number not in detail and a.person.masked_id in detail
    assert "查看完整身份证号" in detail  # through the registry's logged reveal, for roles that may


def test_the_township_sees_its_villages_and_filters_by_village_and_status(tasks, township, client):
    client.force_login(township)
    html = page(client, "/screening/tasks/")
    assert tasks["a"].household.number in html and tasks["b"].household.number in html
    assert tasks["c"].household.number not in html  # another township
    only_b = page(client, f"/screening/tasks/?village={tasks['b'].village_id}")
    assert tasks["b"].household.number in only_b and tasks["a"].household.number not in only_b
    assert "当造村" in html and "响水洞村" in html  # the village filter offers its villages
    assert "团塘村" not in html
    client.post(f"/screening/tasks/{tasks['b'].pk}/done/", follow=True)  # the message names the household
    assert tasks["b"].household.number not in page(client, "/screening/tasks/")
    done = page(client, "/screening/tasks/?status=done")
    assert tasks["b"].household.number in done and tasks["a"].household.number not in done


def test_a_village_cannot_open_or_close_another_villages_task(tasks, village_b, client):
    client.force_login(village_b)
    a = tasks["a"]
    assert client.get(f"/screening/tasks/{a.pk}/").status_code == 404
    assert client.post(f"/screening/tasks/{a.pk}/done/", {"note": "x"}).status_code == 404
    assert client.post(f"/screening/tasks/{a.pk}/not-applicable/", {"reason": "x"}).status_code == 404
    a.refresh_from_db()
    assert a.status == "open"
    assert not AuditEntry.objects.filter(object_type="registrytask").exists()


def test_done_with_a_note_closes_the_task_and_is_audited(tasks, village_a, client):
    client.force_login(village_a)
    a = tasks["a"]
    response = client.post(f"/screening/tasks/{a.pk}/done/", {"note": "已移除该成员，家庭人口改为2人"})
    assert response.status_code == 302 and response["Location"] == "/screening/tasks/"
    a.refresh_from_db()
    assert a.status == "done" and a.closed_by == village_a and a.note == "已移除该成员，家庭人口改为2人"
    entry = AuditEntry.objects.get(object_type="registrytask", object_id=str(a.pk))
    assert entry.actor == village_a and entry.action == "transition"
    assert entry.changes == {"状态": ["待更新", "已更新"]} and entry.reason == "已移除该成员，家庭人口改为2人"
    assert entry.household_id == a.household_id and entry.area_code == VILLAGE_A
    html = page(client, "/screening/tasks/")
    assert a.person.name not in html and "已将农户" in html  # off the open list, with a message
    assert "已移除该成员" in page(client, f"/screening/tasks/{a.pk}/")


def test_a_closed_task_cannot_be_closed_again(tasks, village_a, client):
    client.force_login(village_a)
    a = tasks["a"]
    client.post(f"/screening/tasks/{a.pk}/done/")
    again = client.post(f"/screening/tasks/{a.pk}/not-applicable/", {"reason": "记录有误"}, follow=True)
    assert "该任务已办结（已更新），不能再次办结" in again.content.decode()
    a.refresh_from_db()
    assert a.status == "done" and a.note == ""
    assert AuditEntry.objects.filter(object_type="registrytask").count() == 1


def test_not_applicable_needs_a_reason(tasks, village_a, client):
    client.force_login(village_a)
    a = tasks["a"]
    response = client.post(f"/screening/tasks/{a.pk}/not-applicable/", {"reason": "  "})
    assert response.status_code == 400 and "请填写不适用的原因" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "open" and not AuditEntry.objects.filter(object_type="registrytask").exists()
    client.post(f"/screening/tasks/{a.pk}/not-applicable/", {"reason": "经核实本人健在，公安记录有误"})
    a.refresh_from_db()
    assert a.status == "not_applicable" and a.note == "经核实本人健在，公安记录有误"
    entry = AuditEntry.objects.get(object_type="registrytask")
    assert entry.changes == {"状态": ["待更新", "不适用"]} and entry.reason == "经核实本人健在，公安记录有误"
    assert "经核实本人健在" in page(client, "/screening/tasks/?status=not_applicable")


def test_the_update_links_lead_to_the_registry_pages_where_the_change_is_made(tasks, village_a, client):
    client.force_login(village_a)
    a, birth = tasks["a"], tasks["a_birth"]
    death_page = page(client, f"/screening/tasks/{a.pk}/")
    assert f"/households/person/{a.person_id}/remove/" in death_page
    assert page(client, f"/households/person/{a.person_id}/remove/")  # the village may open it
    assert f"/households/{birth.household_id}/members/new/" in page(client, f"/screening/tasks/{birth.pk}/")


def test_the_screening_pages_show_the_number_of_open_tasks(tasks, county, client):
    client.force_login(county)
    assert 'aria-label="待更新 4 个"' in page(client, "/screening/")
    client.post(f"/screening/tasks/{tasks['c'].pk}/done/")
    assert 'aria-label="待更新 3 个"' in page(client, "/screening/matches/")


def test_roles_that_do_not_change_the_registry_see_no_tasks(tasks, leader, clerk, client):
    for user in (leader, clerk):
        client.force_login(user)
        assert client.get("/screening/tasks/").status_code == 404
        assert client.post(f"/screening/tasks/{tasks['a'].pk}/done/").status_code == 404


def test_the_list_does_not_query_per_task(tasks, household_a, village_a, client, django_assert_max_num_queries):
    client.force_login(village_a)
    page(client, "/screening/tasks/")  # warm the session and the caches
    with django_assert_max_num_queries(14) as few:
        page(client, "/screening/tasks/")
    for person in household_a.members.exclude(relationship="head"):
        death_task(person, on="2021-06-01")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(client, "/screening/tasks/")


def test_a_death_in_the_feed_becomes_a_task_on_the_villages_page(household_a, village_a, client):
    """End to end: the 公安户籍 batch, the screening run (DuckDB), the village's page."""
    from shoudi.monitoring.policy_bridge import load_builtin_params

    load_builtin_params()
    person = spouse(household_a)
    ft.feed("household_register", ft.register(person, "死亡", "2021-05-05"))
    run_execute(ScreeningRun.objects.create(area_id=VILLAGE_A, as_of=dt.date(2021, 6, 30), engine="duckdb"))
    client.force_login(village_a)
    html = page(client, "/screening/tasks/")
    assert household_a.number in html and person.name in html and "标注为死亡" in html


def test_village_reaches_its_tasks_from_the_menu_and_the_workbench(client, village_a, village_b, tasks):
    client.force_login(village_a)
    page = client.get("/").content.decode()
    assert 'href="/screening/tasks/"' in page  # the menu link and the workbench panel
    assert 'data-testid="task-registry-updates">2<' in page  # A's death and birth; B's and C's are not counted
    client.force_login(village_b)
    assert 'data-testid="task-registry-updates">1<' in client.get("/").content.decode()


def test_leader_without_registry_edits_has_no_task_panel(client, leader, tasks):
    client.force_login(leader)
    assert 'data-testid="screening-panel"' not in client.get("/").content.decode()
