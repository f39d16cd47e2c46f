"""Who sees what: red records, balances and rankings for everyone who may view in the area; yellow and black
records only for the council of the household's village (others get counts); the public board shows red only;
another village, a department clerk and a leader get 404."""

from __future__ import annotations

import pytest

from shoudi.governance import testing as gt
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(household_a):
    book = gt.rulebook(VILLAGE_A)
    red = gt.entry(household_a, gt.rule_of(book, "red"), status="confirmed", description="清扫公共区域一天")
    yellow = gt.entry(household_a, gt.rule_of(book, "yellow"), status="confirmed", description="门前乱堆柴草")
    black = gt.entry(household_a, gt.rule_of(book, "black"), status="confirmed", description="酒后驾驶被处罚")
    return {"household": household_a, "red": red, "yellow": yellow, "black": black, "book": book}


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_council_sees_every_record_and_others_only_red(client, world, committee_a, village_a, township, county):
    url = f"/governance/households/{world['household'].pk}/"
    text = page(client, committee_a, url).content.decode()
    assert "清扫公共区域一天" in text and "门前乱堆柴草" in text and "酒后驾驶被处罚" in text
    assert "积分不作为享受任何帮扶政策的条件" in text
    for user in (village_a, township, county):
        response = page(client, user, url)
        text = response.content.decode()
        assert response.status_code == 200
        assert "清扫公共区域一天" in text
        assert "门前乱堆柴草" not in text and "酒后驾驶被处罚" not in text
        assert 'data-testid="hidden-counts">1 条 / 1 条' in text
        assert 'data-testid="balance">-5<' in text  # 1 red − 1 yellow − 5 black: balances are visible


def test_hidden_records_are_404_for_non_council_in_photo_and_api(client, world, committee_a, township, village_a):
    for user in (township, village_a):
        assert page(client, user, f"/governance/entries/{world['black'].pk}/photo/").status_code == 404
        data = page(client, user, f"/api/v1/governance/households/{world['household'].pk}/file").json()
        assert {e["kind"] for e in data["entries"]} == {"red"}
        assert data["hidden_counts"] == {"yellow": 1, "black": 1}
        assert "yellow" not in data["points"] or data["points"]["yellow"] is None
    data = page(client, committee_a, f"/api/v1/governance/households/{world['household'].pk}/file").json()
    assert {e["kind"] for e in data["entries"]} == {"red", "yellow", "black"}
    assert data["points"]["balance"] == -5


def test_township_and_county_get_counts_only(client, world, township, county):
    for user in (township, county):
        client.force_login(user)
        text = client.get("/governance/").content.decode()
        assert "门前乱堆柴草" not in text
        rows = client.get("/api/v1/governance/villages").json()
        a = next(r for r in rows if r["code"] == VILLAGE_A)
        assert (a["red"], a["yellow"], a["black"]) == (1, 1, 1)


def test_public_board_shows_red_only_without_login(client, world):
    gt.board(VILLAGE_A, token="public-board-token-abcdefghijklmnop")
    response = client.get("/governance/board/public-board-token-abcdefghijklmnop/")
    text = response.content.decode()
    assert response.status_code == 200
    head = world["household"].members.get(relationship="head")
    assert head.name in text and "主动参与清扫公共区域一天" in text
    assert head.id_number not in text and "乱堆" not in text and "酒驾" not in text and "黑榜积分" not in text
    assert client.get("/governance/board/520628101203/").status_code == 404  # never the region code
    assert client.get("/governance/board/guessed-token-000000000000000/").status_code == 404


def test_revoked_board_link_is_404(client, world, committee_a):
    gt.board(VILLAGE_A, token="public-board-token-abcdefghijklmnop")
    client.force_login(committee_a)
    assert client.post(f"/governance/village/{VILLAGE_A}/board/revoke/").status_code == 302
    client.logout()
    assert client.get("/governance/board/public-board-token-abcdefghijklmnop/").status_code == 404


@pytest.mark.parametrize("who", ["village_b", "clerk", "leader", "outsider"])
def test_other_village_clerk_leader_get_404(client, world, who, request):
    user = request.getfixturevalue(who)
    hid = world["household"].pk
    for url in (
        f"/governance/households/{hid}/",
        f"/governance/village/{VILLAGE_A}/",
        f"/governance/rulebooks/{world['book'].pk}/",
        f"/governance/village/{VILLAGE_A}/ranking/",
        f"/api/v1/governance/households/{hid}/file",
    ):
        assert page(client, user, url).status_code == 404, url
    assert client.post(f"/governance/households/{hid}/entries/", {}).status_code == 404


def test_contact_and_township_may_not_write(client, world, village_a, township):
    book = world["book"]
    for user in (village_a, township):
        client.force_login(user)
        posted = {"rule": str(gt.rule_of(book, "red").pk), "deed_on": "2026-01-02", "description": "x", "evidence": "y"}
        assert client.post(f"/governance/households/{world['household'].pk}/entries/", posted).status_code == 404
        assert client.post(f"/governance/village/{VILLAGE_A}/reviews/", {}).status_code == 404
        assert (
            'data-form="governance.entry_propose"'
            not in client.get(f"/governance/households/{world['household'].pk}/").content.decode()
        )


def test_menu_and_panel(client, world, committee_a, clerk):
    gt.entry(world["household"], gt.rule_of(world["book"], "red"))
    client.force_login(committee_a)
    text = client.get("/").content.decode()
    assert ">积分制</a>" in text and 'data-testid="task-awaiting-review">1<' in text
    client.force_login(clerk)
    assert ">积分制</a>" not in client.get("/").content.decode()


def test_list_pages_do_not_grow_queries_with_rows(client, world, committee_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shoudi.testing.factories import household_with_members

    client.force_login(committee_a)
    urls = [f"/governance/village/{VILLAGE_A}/", f"/governance/village/{VILLAGE_A}/ranking/", "/governance/"]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code in (200, 302)
            found.append(len(ctx.captured_queries))
        return found

    before = counts()
    for _ in range(4):
        gt.entry(household_with_members(VILLAGE_A, size=2), gt.rule_of(world["book"], "red"), status="confirmed")
    assert counts() == before


def test_printed_copy_has_every_confirmed_record_and_no_id(client, world, committee_a, township):
    gt.entry(world["household"], gt.rule_of(world["book"], "black"), status="rejected", description="证据不足的记录")
    url = f"/governance/households/{world['household'].pk}/?print=1"
    client.force_login(committee_a)
    text = client.get(url).content.decode()
    assert 'data-testid="print-table"' in text and "门前乱堆柴草" in text and "酒后驾驶被处罚" in text
    assert "证据不足的记录" not in text
    assert all(p.id_number not in text for p in world["household"].members.all())
    client.force_login(township)
    assert 'data-testid="print-table"' not in client.get(url).content.decode()
