"""The matching pool a process keeps (``matching_pool``) and what changes it: a page may show a pool up to a minute
behind, but a batch that writes recommendations sees every change, also one written in bulk (which sends no
signal and bumps the county's generation itself)."""

from __future__ import annotations

import pytest

from shoudi.employment import matching_pool
from shoudi.employment.jobs_recommendations import batch_recommend
from shoudi.employment.models import LabourProfile, Recommendation
from shoudi.employment.testing import employer, opening
from shoudi.employment.tests.sweep_jobs import worker
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A

pytestmark = pytest.mark.django_db


def test_a_batch_sees_a_bulk_written_profile_in_a_pool_loaded_a_moment_ago(hr_clerk, regions):
    opening(employer(), title="电焊工", skills="电焊", workplace_id=TOWNSHIP_A)
    person = worker(VILLAGE_A, 30, name="甲")
    before = matching_pool.pool_for(COUNTY)  # loaded now: fresh for MIN_FRESH_SECONDS on pages
    LabourProfile.objects.bulk_create(
        [LabourProfile(person=person, village_id=VILLAGE_A, skills="电焊", wish_kind="电焊工")]
    )
    matching_pool.bump(county=COUNTY)
    assert matching_pool.pool_for(COUNTY) is before  # a page within the minute keeps the pool it has
    result = batch_recommend(by=hr_clerk, county=COUNTY, write=True)
    assert result.written == 1 and Recommendation.objects.get().person_id == person.pk
