"""Work spells (employment.work): entered once, they keep the registry's work fields in step and become a
就业帮扶 measure of an open monitoring case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.assistance.models import Measure
from shoudi.core.access import NotVisible
from shoudi.employment import codes
from shoudi.employment.work import WorkInput, months_in_year, work_end, work_start
from shoudi.monitoring.codes import MeasureKind
from shoudi.testing.factories import household_with_members

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _member(village="520628101203"):
    return household_with_members(village, size=2).members.order_by("birth_date").first()


def test_months_in_year_counts_started_months_up_to_today():
    assert months_in_year(dt.date(2026, 3, 15), None, 2026, dt.date(2026, 6, 1)) == 4
    assert months_in_year(dt.date(2025, 11, 1), dt.date(2026, 2, 10), 2026, dt.date(2026, 6, 1)) == 2
    assert months_in_year(dt.date(2027, 1, 1), None, 2026, dt.date(2026, 6, 1)) == 0


def test_starting_work_updates_the_registry_and_ending_it_clears_the_place(village_a):
    person = _member()
    start = TODAY.replace(day=1)
    spell = work_start(
        by=village_a,
        person=person,
        entry=WorkInput(
            place=codes.WorkPlace.PARTNER_CITY,
            started_on=start,
            employer_name="东莞某电子厂",
            monthly_pay=Decimal("5000"),
        ),
    )
    person.refresh_from_db()
    assert person.work_place == codes.WorkPlace.PARTNER_CITY
    assert person.work_months == 1
    assert person.work_income == Decimal("5000.00")
    work_end(by=village_a, work=spell, ended_on=TODAY, reason="工厂停产返乡")
    person.refresh_from_db()
    assert person.work_place == ""
    assert person.work_income == Decimal("5000.00")  # the year's wages stay


def test_a_new_spell_ends_the_open_one_the_day_before(village_a):
    person = _member()
    first = work_start(
        by=village_a,
        person=person,
        entry=WorkInput(place="in_county", started_on=dt.date(2026, 1, 1), employer_name="甲"),
    )
    second = work_start(
        by=village_a,
        person=person,
        entry=WorkInput(place="out_province", started_on=dt.date(2026, 5, 1), employer_name="乙"),
    )
    first.refresh_from_db()
    assert first.ended_on == dt.date(2026, 4, 30) and second.ended_on is None
    with pytest.raises(ValidationError) as err:
        work_start(
            by=village_a,
            person=person,
            entry=WorkInput(place="in_county", started_on=dt.date(2026, 4, 1), employer_name="丙"),
        )
    assert "开始日期须晚于" in str(err.value)


def test_bad_input_names_the_field(village_a):
    person = _member()
    with pytest.raises(ValidationError) as err:
        work_start(by=village_a, person=person, entry=WorkInput(place="moon", started_on=TODAY, employer_name="甲"))
    assert "place" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        work_start(by=village_a, person=person, entry=WorkInput(place="in_county", started_on=TODAY, employer_name=" "))
    assert "employer_name" in err.value.message_dict


def test_another_village_may_not_record(village_b):
    with pytest.raises(NotVisible):
        work_start(
            by=village_b, person=_member(), entry=WorkInput(place="in_county", started_on=TODAY, employer_name="甲")
        )


def test_work_of_a_monitored_member_becomes_one_employment_measure(village_a, monitored):
    person = monitored.household.members.first()
    entry = WorkInput(place="in_county", started_on=TODAY, employer_name="松桃苗绣车间", monthly_pay=Decimal("2600"))
    work_start(by=village_a, person=person, entry=entry)
    measures = Measure.objects.filter(case=monitored, kind=MeasureKind.EMPLOYMENT, person=person)
    assert measures.count() == 1
    assert "松桃苗绣车间" in measures.get().content
    assert measures.get().status == "active"


def test_the_measure_ends_with_the_job_and_a_new_job_gets_its_own(village_a, monitored):
    person = monitored.household.members.first()
    first = work_start(
        by=village_a,
        person=person,
        entry=WorkInput(place="in_county", started_on=TODAY - dt.timedelta(days=60), employer_name="甲厂"),
    )
    work_start(
        by=village_a,
        person=person,
        entry=WorkInput(place="out_province", started_on=TODAY - dt.timedelta(days=20), employer_name="乙厂"),
    )
    old, new = Measure.objects.filter(case=monitored, kind=MeasureKind.EMPLOYMENT).order_by("start")
    assert (old.status, old.end) == ("done", TODAY - dt.timedelta(days=21))
    assert (new.status, new.end) == ("active", None)
    first.refresh_from_db()
    current = person.works.get(ended_on__isnull=True)
    work_end(by=village_a, work=current, ended_on=TODAY, reason="合同到期")
    new.refresh_from_db()
    assert (new.status, new.end) == ("done", TODAY)
