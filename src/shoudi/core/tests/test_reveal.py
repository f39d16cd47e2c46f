"""``core.reveal.revealed``: the one audited look at a full value that the household, complaint, application and
scan-report reveals share — the capability over the object's area, then the ``REVEAL`` entry (who, what, from
where, in the household's history; never the value), then the value."""

from __future__ import annotations

import json

import pytest

from shoudi.core.access import Capability, NotVisible
from shoudi.core.models import AuditEntry
from shoudi.core.reveal import revealed
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def _look(user, household):
    return revealed(
        PHONE,
        by=user,
        capability=Capability.REVEAL_PHONE,
        obj=household,
        area_code=VILLAGE_A,
        reason="在农户页面查看电话",
        household_id=household.pk,
    )


def test_the_value_comes_with_one_entry_in_the_households_history(village_a, household_a):
    assert _look(village_a, household_a) == PHONE
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert (entry.actor, entry.household_id, entry.area_code) == (village_a, household_a.pk, VILLAGE_A)
    assert entry.object_id == str(household_a.pk) and entry.reason == "在农户页面查看电话"
    assert PHONE not in json.dumps(entry.changes) + entry.object_label


@pytest.mark.parametrize("persona", ["committee_a", "village_b"])  # no REVEAL_PHONE; another village
def test_without_the_capability_over_the_area_nothing_is_shown_or_logged(request, persona, household_a):
    with pytest.raises(NotVisible):
        _look(request.getfixturevalue(persona), household_a)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
