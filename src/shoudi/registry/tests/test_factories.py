"""The registry's builders (shoudi.testing.registry) put objects in their states through the services."""

import pytest

from shoudi.core.models import AuditEntry
from shoudi.registry.models import Household, Person
from shoudi.testing.registry import household, import_job, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_household_and_a_member_come_with_their_history(village_a):
    made = household(village_a, size=3, housing_grade="B")
    extra = member(village_a, made, relationship="daughter")
    assert made.members.count() == 4 and made.members.filter(relationship="head").count() == 1
    assert extra.sex == "F"
    assert AuditEntry.objects.filter(household_id=made.pk, action="create").count() == 5


def test_an_import_job_waits_for_confirmation_or_is_written(county):
    job = import_job(county)
    assert (job.stage, job.status, job.result["can_apply"]) == ("validate", "done", True)
    assert not Household.objects.exists()
    written = import_job(county, state="applied", households=1)
    assert (written.stage, written.status) == ("apply", "done")
    assert Household.objects.count() == 1 and Person.objects.count() == 2
