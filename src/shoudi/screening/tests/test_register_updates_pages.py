"""户籍变动待办 pages: a death or birth in 公安户籍 becomes a register update the village works in its own area;
done or not applicable (with a reason), each a step of the workflow (one history row, one audit entry); another
village sees nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest

from shoudi.core.models import AuditEntry
from shoudi.feeds import testing as ft
from shoudi.registry.models import Household, Person
from shoudi.screening.models import RegisterUpdate, RegisterUpdateStep, ScreeningRun
from shoudi.screening.services import run_execute
from shoudi.screening.testing import birth_update, register_update
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db

NEWBORN_ID = "52062820210301002X"  # a girl born 2021-03-01, not yet in the base database
LIST = "/screening/register-updates/"


def newborn(household: Household) -> RegisterUpdate:
    return birth_update(household, NEWBORN_ID, "新生儿甲")


def spouse(household: Household) -> Person:
    return household.members.get(relationship="spouse")


@pytest.fixture
def updates(household_a, household_b):
    household_c = household_with_members(VILLAGE_C, size=2)
    return {
        "a": register_update(spouse(household_a)),
        "a_birth": newborn(household_a),
        "b": register_update(spouse(household_b)),
        "c": register_update(spouse(household_c)),
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def audits():
    return AuditEntry.objects.filter(object_type="registerupdate")


def test_the_village_sees_its_own_open_updates_with_what_to_do(updates, village_a, client):
    client.force_login(village_a)
    html = page(client, LIST)
    a, b = updates["a"], updates["b"]
    assert a.household.number in html and a.person.name in html
    assert "核实后在基础数据库中将该成员标注为死亡并更新家庭人口" in html
    assert "核实后为该户新增家庭成员" in html and "新生儿甲" in html
    assert "2021-05-05" in html and "公安户籍-测试" in html  # the change date and the batch (its file name)
    assert b.household.number not in html and b.person.name not in html
    assert updates["c"].household.number not in html
    assert "共 2 个" in html


def test_ids_are_masked_in_the_list_and_on_the_update(updates, village_a, client):
    client.force_login(village_a)
    a = updates["a"]
    html = page(client, LIST)
    assert a.person.id_number not in html and a.person.masked_id in html
    assert NEWBORN_ID not in html and "520628********002X" in html  # the newborn's, from the feed record
    detail = page(client, f"{LIST}{a.pk}/")
    assert a.person.id_number not in detail and a.person.masked_id in detail
    # through the registry's logged reveal, for roles that may; the visible text starts the accessible name
    assert f'aria-label="查看完整身份证号（{a.person.name}）">查看完整身份证号<' in detail


def test_the_township_sees_its_villages_and_filters_by_village_and_status(updates, township, client):
    client.force_login(township)
    html = page(client, LIST)
    assert updates["a"].household.number in html and updates["b"].household.number in html
    assert updates["c"].household.number not in html  # another township
    only_b = page(client, f"{LIST}?village={updates['b'].village_id}")
    assert updates["b"].household.number in only_b and updates["a"].household.number not in only_b
    assert "当造村" in html and "响水洞村" in html  # the village filter offers its villages
    assert "团塘村" not in html
    client.post(f"{LIST}{updates['b'].pk}/done/", follow=True)  # the message names the household
    assert updates["b"].household.number not in page(client, LIST)
    done = page(client, f"{LIST}?status=done")
    assert updates["b"].household.number in done and updates["a"].household.number not in done


def test_a_bad_filter_says_so_and_lists_the_open_updates(updates, township, client):
    client.force_login(township)
    html = page(client, f"{LIST}?status=nonsense&village={VILLAGE_C}")  # a village outside the area, a bad status
    assert 'data-field="status"' in html and 'data-field="village"' in html
    assert updates["a"].household.number in html and "共 3 个" in html  # A's two and B's, all open


def test_a_village_cannot_open_or_close_another_villages_update(updates, village_b, client):
    client.force_login(village_b)
    a = updates["a"]
    assert client.get(f"{LIST}{a.pk}/").status_code == 404
    assert client.post(f"{LIST}{a.pk}/done/", {"note": "x"}).status_code == 404
    assert client.post(f"{LIST}{a.pk}/not-applicable/", {"reason": "x"}).status_code == 404
    a.refresh_from_db()
    assert a.status == "open"
    assert not audits().exists() and not RegisterUpdateStep.objects.exists()


def test_done_with_a_note_closes_the_update_with_one_step_and_one_audit_entry(updates, village_a, client):
    client.force_login(village_a)
    a = updates["a"]
    response = client.post(f"{LIST}{a.pk}/done/", {"note": "已移除该成员，家庭人口改为2人"})
    assert response.status_code == 302 and response["Location"] == LIST
    a.refresh_from_db()
    assert a.status == "done" and a.closed_by == village_a and a.note == "已移除该成员，家庭人口改为2人"
    step = RegisterUpdateStep.objects.get(register_update=a)
    assert (step.action, step.from_status, step.to_status, step.actor) == ("done", "open", "done", village_a)
    assert step.reason == "已移除该成员，家庭人口改为2人"
    entry = audits().get(object_id=str(a.pk))
    assert entry.actor == village_a and entry.action == "transition"
    assert entry.changes == {"环节": [None, "标记为已更新"], "状态": ["待更新", "已更新"]}
    assert entry.reason == "已移除该成员，家庭人口改为2人"
    assert entry.household_id == a.household_id and entry.area_code == VILLAGE_A
    html = page(client, LIST)
    assert a.person.name not in html and "已将农户" in html  # off the open list, with a message
    assert "已移除该成员" in page(client, f"{LIST}{a.pk}/")


def test_a_closed_update_cannot_be_closed_again(updates, village_a, client):
    client.force_login(village_a)
    a = updates["a"]
    client.post(f"{LIST}{a.pk}/done/")
    again = client.post(f"{LIST}{a.pk}/not-applicable/", {"reason": "记录有误"}, follow=True)
    assert "当前为“已更新”，不能办理此环节" in again.content.decode()
    a.refresh_from_db()
    assert a.status == "done" and a.note == ""
    assert audits().count() == 1 and RegisterUpdateStep.objects.count() == 1


def test_not_applicable_needs_a_reason_shown_next_to_the_field(updates, village_a, client):
    client.force_login(village_a)
    a = updates["a"]
    response = client.post(f"{LIST}{a.pk}/not-applicable/", {"reason": "  "})
    html = response.content.decode()
    assert response.status_code == 400 and 'data-field="reason"' in html and "请填写不适用的原因" in html
    a.refresh_from_db()
    assert a.status == "open" and not audits().exists()
    too_long = client.post(f"{LIST}{a.pk}/done/", {"note": "长" * 501})
    assert too_long.status_code == 400 and 'data-field="note"' in too_long.content.decode()
    assert "长" * 501 in too_long.content.decode()  # the input is kept
    client.post(f"{LIST}{a.pk}/not-applicable/", {"reason": "经核实本人健在，公安记录有误"})
    a.refresh_from_db()
    assert a.status == "not_applicable" and a.note == "经核实本人健在，公安记录有误"
    entry = audits().get()
    assert entry.changes["状态"] == ["待更新", "不适用"] and entry.reason == "经核实本人健在，公安记录有误"
    assert "经核实本人健在" in page(client, f"{LIST}?status=not_applicable")


def test_the_update_links_lead_to_the_registry_pages_where_the_change_is_made(updates, village_a, client):
    client.force_login(village_a)
    a, birth = updates["a"], updates["a_birth"]
    death_page = page(client, f"{LIST}{a.pk}/")
    assert f"/households/person/{a.person_id}/remove/" in death_page
    assert page(client, f"/households/person/{a.person_id}/remove/")  # the village may open it
    assert f"/households/{birth.household_id}/members/new/" in page(client, f"{LIST}{birth.pk}/")


def test_the_screening_pages_show_the_number_of_open_updates(updates, county, client):
    client.force_login(county)
    assert 'aria-label="待更新 4 个"' in page(client, "/screening/")
    client.post(f"{LIST}{updates['c'].pk}/done/")
    assert 'aria-label="待更新 3 个"' in page(client, "/screening/matches/")


def test_roles_that_do_not_change_the_registry_see_no_updates(updates, leader, clerk, client):
    for user in (leader, clerk):
        client.force_login(user)
        assert client.get(LIST).status_code == 404
        assert client.post(f"{LIST}{updates['a'].pk}/done/").status_code == 404


def test_the_list_does_not_query_per_update(updates, household_a, village_a, client, django_assert_max_num_queries):
    client.force_login(village_a)
    page(client, LIST)  # warm the session and the caches
    with django_assert_max_num_queries(14) as few:
        page(client, LIST)
    for person in household_a.members.exclude(relationship="head"):
        register_update(person, on="2021-06-01")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(client, LIST)


def test_a_death_in_the_feed_becomes_an_update_on_the_villages_page(household_a, village_a, client):
    """End to end: the 公安户籍 batch, the screening run (DuckDB), the village's page."""
    from shoudi.monitoring.policy_bridge import load_builtin_params

    load_builtin_params()
    person = spouse(household_a)
    ft.feed("household_register", ft.register(person, "死亡", "2021-05-05"))
    run_execute(ScreeningRun.objects.create(area_id=VILLAGE_A, as_of=dt.date(2021, 6, 30), engine="duckdb"))
    client.force_login(village_a)
    html = page(client, LIST)
    assert household_a.number in html and person.name in html and "标注为死亡" in html


def test_village_reaches_its_updates_from_the_menu_and_the_workbench(client, village_a, village_b, updates):
    client.force_login(village_a)
    home = client.get("/").content.decode()
    assert f'href="{LIST}"' in home  # the menu link and the workbench panel
    assert 'data-testid="count-register-updates">2<' in home  # A's death and birth; B's and C's are not counted
    client.force_login(village_b)
    assert 'data-testid="count-register-updates">1<' in client.get("/").content.decode()


def test_leader_without_registry_edits_has_no_register_update_panel(client, leader, updates):
    client.force_login(leader)
    assert 'data-testid="screening-panel"' not in client.get("/").content.decode()
