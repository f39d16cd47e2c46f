"""``shoudi governance demo --area`` builds two villages' rules, a closed review and a shop, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from shoudi.governance.models import Entry, QuarterlyReview, RuleBook, VillageBoard
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_B, household_with_members

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(committee_a, capsys):
    for village in (VILLAGE_A, VILLAGE_A, VILLAGE_B, VILLAGE_B):
        household_with_members(village, size=2)
    call_command("governance", "demo", "--area", COUNTY)
    assert RuleBook.objects.filter(status="adopted").count() == 2
    assert RuleBook.objects.get(village_id=VILLAGE_A).rules.filter(kind="black").count() == 10
    assert QuarterlyReview.objects.filter(status="closed").count() == 2
    assert Entry.objects.filter(status="confirmed").exists() and Entry.objects.filter(status="rejected").exists()
    assert VillageBoard.objects.filter(active=True).count() == 2
    before = Entry.objects.count()
    call_command("governance", "demo", "--area", COUNTY)
    assert Entry.objects.count() == before and "未重复生成" in capsys.readouterr().out
