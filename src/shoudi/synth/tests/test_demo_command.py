"""``shoudi demo`` (run by ``make demo``): the demo county and one account per role, passwords shown once."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from shoudi.accounts.models import User
from shoudi.accounts.roles import Department
from shoudi.registry.models import Household
from shoudi.testing.factories import COUNTY

pytestmark = pytest.mark.django_db
ACCOUNT = re.compile(r"^\s+(demo_\w+)\s+(\S+)\s+(\S+) · (.+)$", re.M)


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--county", COUNTY, *args, stdout=out)
    return out.getvalue()


def logs_in(client, username: str, password: str) -> bool:
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    ok = "_auth_user_id" in client.session
    client.logout()
    return ok


def test_demo_builds_the_county_and_one_account_per_role_that_can_log_in(client, regions):
    out = run_demo("--households", "40")
    assert "40 户" in out and Household.objects.count() == 40
    accounts = {m[0]: m[1] for m in ACCOUNT.findall(out)}
    clerks = {f"demo_dept_{d}": "dept_clerk" for d in Department.values if d != Department.MEDICAL_INSURANCE}
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "demo_village": "village_contact",
        "demo_committee": "village_committee",
        "demo_helper": "helper_cadre",
        "demo_township": "township_reviewer",
        "demo_county": "county_officer",
        "demo_admin": "admin",
        "demo_yibao": "dept_clerk",
        "demo_leader": "leader",
        **clerks,
    }
    assert set(accounts) == set(roles) and len(clerks) == 14  # one clerk per department, demo_yibao the 15th
    assert "县级系统管理员" in out and User.objects.get(username="demo_admin").area_id == COUNTY
    assert User.objects.get(username="demo_helper").area_id == User.objects.get(username="demo_village").area_id
    village = User.objects.get(username="demo_village")
    assert village.area.level == 5 and village.area.name.endswith("村民委员会")
    assert Household.objects.filter(village_id=village.area_id).exists()  # the contact has households to see
    assert User.objects.get(username="demo_township").area_id == village.area_id[:9]
    for username, password in accounts.items():
        assert logs_in(client, username, password), username


def test_running_demo_again_keeps_the_data_and_shows_no_password(client, regions):
    first = {m[0]: m[1] for m in ACCOUNT.findall(run_demo("--households", "10"))}
    again = run_demo("--households", "10")
    assert "已有 10 户，跳过生成" in again and Household.objects.count() == 10
    assert first["demo_county"] not in again and "--reset-passwords" in again
    reset = {m[0]: m[1] for m in ACCOUNT.findall(run_demo("--reset-passwords"))}
    assert reset["demo_county"] != first["demo_county"]
    assert logs_in(client, "demo_county", reset["demo_county"])
    assert not logs_in(client, "demo_county", first["demo_county"])


def test_an_unknown_county_is_refused(regions):
    with pytest.raises(CommandError, match="不存在"):
        run_demo("--county", "999999")


def test_demo_county_can_be_assessed_today_with_values_marked_as_demo_data(regions):
    from django.utils import timezone

    from shoudi.policy.params import resolve

    run_demo("--households", "5")
    line = resolve("monitoring_line", "520628", timezone.localdate())
    assert line.value == 6320 and "演示数据" in line.record.source
    run_demo("--households", "5")  # a second run adds nothing: the value is found
    from shoudi.policy.models import Parameter

    assert Parameter.objects.filter(key="monitoring_line", region_code="520628").count() == 1


def test_a_small_demo_county_still_gives_the_demo_village_a_full_demo(db):
    """`DEMO_HOUSEHOLDS=500 make demo` on 松桃's 522 real villages: the demo village still gets its households, so
    the monitoring demo makes all its cases instead of a handful (or stopping at 演示村的农户不足)."""
    from shoudi.monitoring.models import Case
    from shoudi.regions import loader as regions_loader

    regions_loader.load(["52"])
    out = run_demo("--households", "500")
    assert "500 户" in out and Household.objects.count() == 500
    village = User.objects.get(username="demo_village").area
    assert village.name.endswith("村民委员会")
    assert Household.objects.filter(village=village).count() >= 17  # the monitoring demo's 14 cases and 3 leads
    monitoring = io.StringIO()
    call_command("monitoring", "demo", stdout=monitoring)
    assert "演示村只有" not in monitoring.getvalue() and "已生成 14 个监测对象" in monitoring.getvalue()
    assert Case.objects.filter(village=village).count() == 14
