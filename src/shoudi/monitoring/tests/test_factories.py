"""The factories of ``shoudi.testing.monitoring`` reach every status through the services (the sweep and the
tests rely on them)."""

from __future__ import annotations

import pytest

from shoudi.monitoring import codes
from shoudi.testing.monitoring import Team, case_at, notice_of, objection


@pytest.mark.parametrize("status", [s.value for s in codes.Status])
def test_a_case_at_every_status(status, village_a, township, county, committee_a):
    team = Team(contact=village_a, township=township, county=county, committee=committee_a)
    case = case_at(status, team=team)
    assert case.status == status
    if status in codes.NOTICE_STATUSES:
        assert objection(case, team).notice == notice_of(case)
