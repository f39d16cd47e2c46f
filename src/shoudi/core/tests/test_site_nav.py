"""The header's links are rendered once per kind of user and reused: every kind must still get its own."""

from __future__ import annotations

import re

import pytest

from shoudi.testing.factories import build_region_tree, make_persona

pytestmark = pytest.mark.django_db


def _nav(client, name: str) -> list[str]:
    client.force_login(make_persona(name))
    page = client.get("/").content.decode()
    block = page.split('<ul class="site-nav">', 1)[1].split('<li class="who">', 1)[0]
    return re.findall(r">([^<>]+)</a></li>", block)


def test_each_kind_of_user_gets_its_own_links_in_one_process(client):
    build_region_tree()
    village = _nav(client, "village_a")
    county = _nav(client, "county")
    medical = _nav(client, "clerk")
    again = _nav(client, "village_b")  # same kind as village_a: the process's rendering is reused
    assert "动态监测" in village and "用户管理" not in village
    assert "报表驾驶舱" in county and "动态监测" in county
    assert "动态监测" not in medical  # a 医保 clerk has no monitoring menu
    assert len({tuple(village), tuple(county), tuple(medical)}) == 3
    assert again == village


def test_the_signed_in_name_and_logout_stay_per_user(client):
    build_region_tree()
    client.force_login(make_persona("village_a"))
    assert "李明（当造村监测联系人）" in client.get("/").content.decode()
    client.force_login(make_persona("village_b"))
    page = client.get("/").content.decode()
    assert "王芳（响水洞村监测联系人）" in page and "李明" not in page
