"""Entered once: an income sheet's wage line opens a work spell, the income form offers the spells' wages, an edit
of a member's 务工地点 in the registry opens or ends one, and the 人社 feed records its events once."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from shoudi.employment import codes
from shoudi.employment.models import LabourEvent, Work
from shoudi.employment.work import WorkInput, work_start
from shoudi.feeds import testing as ft
from shoudi.feeds.hooks import run_after_apply
from shoudi.income.models import IncomeLine
from shoudi.testing.factories import VILLAGE_A

from .sweep_labour import at_work, head, spouse, workers

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def sheet_url(household, year=YEAR):
    return f"/income/{household.pk}/{year}/"


def test_a_wage_line_on_the_income_sheet_opens_a_work_spell(client, village_a):
    household = workers(VILLAGE_A)
    person = spouse(household)
    client.force_login(village_a)
    key = f"p{person.pk.hex}"
    response = client.post(
        sheet_url(household),
        {"version": "0", f"{key}_place": "out_province", f"{key}_months": "10", f"{key}_amount": "45000"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    spell = Work.objects.get(person=person)
    assert (spell.place, spell.source, spell.started_on, spell.ended_on) == (
        "out_province",
        "income",
        dt.date(YEAR, 1, 1),
        None,
    )
    assert spell.months_this_year == 10 and spell.monthly_pay == Decimal("4500.00")
    person.refresh_from_db()
    assert (
        person.work_place == "out_province" and person.work_months == 10 and person.work_income == Decimal("45000.00")
    )
    assert not Work.objects.filter(person=head(household)).exists()
    again = client.post(
        sheet_url(household),
        {"version": "1", f"{key}_place": "out_province", f"{key}_months": "11", f"{key}_amount": "49500"},
    )
    assert again.status_code == 302 and Work.objects.filter(person=person).count() == 1  # the spell is known now


def test_a_past_years_sheet_opens_nothing(client, village_a):
    household = workers(VILLAGE_A)
    key = f"p{head(household).pk.hex}"
    client.force_login(village_a)
    data = {"version": "0", f"{key}_place": "in_county", f"{key}_months": "12", f"{key}_amount": "30000"}
    assert client.post(sheet_url(household, YEAR - 1), data).status_code == 302
    assert not Work.objects.exists()


def test_the_income_form_is_offered_the_wages_of_the_work_spells_never_over_typed_ones(client, village_a):
    household = workers(VILLAGE_A)
    worker, other = head(household), spouse(household)
    at_work(
        worker,
        started_on=dt.date(YEAR, 1, 1),
        monthly_pay=Decimal("4000"),
        months_this_year=3,
        employer_name="县建筑队",
    )
    client.force_login(village_a)
    body = client.get(sheet_url(household)).content.decode()
    assert "来自就业台账" in body and "县建筑队" in body
    form = client.get(sheet_url(household)).context["form"]
    key = f"p{worker.pk.hex}"
    assert form.initial[f"{key}_place"] == "out_province" and form.initial[f"{key}_months"] == 3
    assert form.initial[f"{key}_amount"] == Decimal("12000.00")
    assert f"p{other.pk.hex}_amount" not in form.initial
    typed = client.post(sheet_url(household), {"version": "0", f"{key}_place": "in_county", f"{key}_amount": "9000"})
    assert typed.status_code == 302
    after = client.get(sheet_url(household)).context["form"]
    assert after.initial[f"{key}_amount"] == Decimal("9000.00") and after.initial[f"{key}_place"] == "in_county"
    assert "来自就业台账" not in client.get(sheet_url(household)).content.decode()
    line = IncomeLine.objects.get(member=worker)
    assert line.amount == Decimal("9000.00")


def test_a_registry_edit_of_the_work_place_opens_and_ends_the_spell(client, village_a):
    from shoudi.accounts.models import ApiToken

    person = head(workers(VILLAGE_A))
    _, raw = ApiToken.issue(user=village_a, name="test")
    url = f"/api/v1/persons/{person.pk}"

    def patch(body):
        return client.patch(url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert patch({"work_place": "in_province", "work_months": 6}).status_code == 200
    spell = Work.objects.get(person=person)
    assert (spell.place, spell.started_on, spell.ended_on, spell.months_this_year) == ("in_province", TODAY, None, 6)
    person.refresh_from_db()
    assert person.work_months == 6  # what was typed stays
    assert patch({"health": "chronic"}).status_code == 200 and Work.objects.count() == 1
    assert patch({"work_place": ""}).status_code == 200
    spell.refresh_from_db()
    assert spell.ended_on == TODAY and spell.end_reason == "农户信息：未务工"


def test_the_hr_feed_records_events_once_ends_and_opens_work(hr_clerk):
    home = workers(VILLAGE_A)
    returned, hired = head(home), spouse(home)
    spell = at_work(returned, started_on=TODAY - dt.timedelta(days=200))
    on = TODAY - dt.timedelta(days=10)
    batch = ft.feed(
        "employment",
        ft.employment(returned, "返乡", on.isoformat()),
        ft.employment(hired, "就业", on.isoformat()),
        ft.employment(ft.unknown("520628199001011234", "未匹配"), "失业登记", on.isoformat()),
        uploaded_by=hr_clerk,
    )
    run_after_apply(batch)
    spell.refresh_from_db()
    assert spell.ended_on == on and spell.end_reason == "返乡：人社数据"
    opened = Work.objects.get(person=hired)
    assert (opened.place, opened.employer_name, opened.source, opened.started_on) == (
        "in_county",
        "人社就业登记",
        "feed",
        on,
    )
    assert LabourEvent.objects.filter(source="feed").count() == 2
    run_after_apply(batch)  # applied again: nothing twice
    assert LabourEvent.objects.count() == 2 and Work.objects.count() == 2


def test_a_spell_starting_next_month_keeps_the_registry_consistent(village_a):
    person = head(workers(VILLAGE_A))
    start = (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    if start > TODAY + dt.timedelta(days=31):
        start = TODAY + dt.timedelta(days=20)
    entry = WorkInput(place=codes.WorkPlace.IN_COUNTY, started_on=start, employer_name="县城超市")
    work_start(by=village_a, person=person, entry=entry)  # no month of this year yet: 务工时间 0, not empty
    person.refresh_from_db()
    assert person.work_place == "in_county" and person.work_months in (0, 1)
