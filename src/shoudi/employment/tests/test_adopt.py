"""``shoudi employment adopt``: the base database's work facts become open spells of the labour database, once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shoudi.core.models import AuditEntry
from shoudi.employment.models import Work
from shoudi.employment.testing import work
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db


def _worker(village, **facts):
    person = household_with_members(village, size=2).members.order_by("birth_date").first()
    for k, v in facts.items():
        setattr(person, k, v)
    person.save()
    return person


def test_adopt_opens_one_spell_per_worker_and_is_idempotent(regions, capsys):
    migrant = _worker(VILLAGE_A, work_place="out_province", work_months=10, work_income=Decimal("45000"))
    local = _worker(VILLAGE_C, work_place="in_county", work_months=0, work_income=Decimal("0"))
    has_spell = _worker(VILLAGE_A, work_place="in_county")
    work(has_spell)
    _worker(VILLAGE_A, work_place="")

    call_command("employment", "adopt", "--area", COUNTY, "--on", "2026-06-30")
    assert "省外 1 人" in capsys.readouterr().out
    spell = Work.objects.get(person=migrant)
    assert (spell.place, spell.started_on, spell.monthly_pay, spell.source) == (
        "out_province",
        dt.date(2026, 1, 1),
        Decimal("4500.00"),
        "registry",
    )
    assert Work.objects.get(person=local).monthly_pay is None
    assert Work.objects.filter(person=has_spell).count() == 1
    assert AuditEntry.objects.filter(object_type="work", action="import").count() == 2  # one per village

    call_command("employment", "adopt", "--area", COUNTY)
    assert "无新增" in capsys.readouterr().out
    assert Work.objects.count() == 3


def test_adopt_refuses_an_unknown_area(regions):
    with pytest.raises(CommandError, match="区划代码“999999”不存在"):
        call_command("employment", "adopt", "--area", "999999")
