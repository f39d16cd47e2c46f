"""The workbench panels are kept a minute (core.panelcache) but a write shows at once: the task a village
contact or a township reviewer is waiting for appears on the next visit, not a minute later."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from shoudi.monitoring import codes, services
from shoudi.monitoring.models import Lead
from shoudi.monitoring.testing.builders import days_ago
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db
S = codes.Status
_clients: dict[object, Client] = {}


@pytest.fixture(autouse=True)
def monitoring_setup(db):
    from shoudi.monitoring.testing.builders import load_rules, setup_policy

    setup_policy()
    load_rules()
    _clients.clear()


@pytest.fixture
def driver(village_a, township, county, committee_a):
    from shoudi.monitoring.testing.builders import Driver

    return Driver(contact=village_a, township=township, county=county, committee=committee_a)


def _workbench(user) -> str:
    """The workbench as ``user`` sees it, logged in once (a login writes the user's last login)."""
    if user.pk not in _clients:
        _clients[user.pk] = Client()
        _clients[user.pk].force_login(user)
    return _clients[user.pk].get(reverse("core:workbench")).content.decode()


def _lead(by, number: str = ""):
    return services.lead_create(
        by=by,
        household=household_with_members(VILLAGE_A),
        channel="cadre_visit",
        summary=f"走访发现{number}",
        reported_on=days_ago(1),
    )


def test_a_new_lead_shows_at_once_on_the_village_contacts_workbench(village_a):
    _lead(village_a)
    assert 'data-testid="task-leads">1<' in _workbench(village_a)
    assert 'data-testid="task-leads">1<' in _workbench(village_a)  # from the cache
    lead = _lead(village_a, "2")
    html = _workbench(village_a)
    assert 'data-testid="task-leads">2<' in html
    assert lead.household.number in html  # the personal list of leads to check, too


def test_a_case_moved_to_the_township_shows_on_the_reviewers_workbench(driver, household_a, township):
    assert 'data-testid="task-mine">0<' in _workbench(township)
    case = driver.identify(driver.lead(household_a, days_ago(30)), days_ago(29), upto=S.ID_TOWNSHIP)
    html = _workbench(township)
    assert 'data-testid="task-mine">1<' in html
    assert reverse("monitoring:case", args=[case.pk]) in html  # the row of the case waiting for the reviewer


def test_a_write_around_the_models_shows_after_the_cache_time(village_a):
    """``QuerySet.update`` sends no signal: its change is seen once the kept panels expire (a minute)."""
    lead = _lead(village_a)
    assert 'data-testid="task-leads">1<' in _workbench(village_a)
    Lead.objects.filter(pk=lead.pk).update(status=codes.LeadStatus.CLOSED)
    assert 'data-testid="task-leads">1<' in _workbench(village_a)  # still the kept panel
    cache.clear()  # what expiry does after PANEL_SECONDS
    assert 'data-testid="task-leads">0<' in _workbench(village_a)


def test_each_user_has_their_own_panel(village_a, township):
    """Kept per user: the reviewer's panel is not the contact's, though both read village A's cases."""
    _lead(village_a)
    assert 'data-testid="task-leads">1<' in _workbench(village_a)
    assert 'data-testid="task-leads"' not in _workbench(township)


def test_a_process_keeps_what_it_read_but_a_write_anywhere_is_seen(village_a):
    """The process-local layer in front of the shared cache: a second read computes nothing, hands out a copy
    (a caller that changes it does not change the next reader's), and a model save moves the generation."""
    from shoudi.core.panelcache import panel_counts

    computed: list[int] = []

    def compute() -> dict[str, list[int]]:
        computed.append(1)
        return {"rows": [len(computed)]}

    first = panel_counts("test", village_a, compute)
    first["rows"].append(99)
    again = panel_counts("test", village_a, compute)
    assert again == {"rows": [1]} and len(computed) == 1
    cache.clear()  # the shared cache emptied (Redis restarted): the token went with it, so the key is new
    assert panel_counts("test", village_a, compute) == {"rows": [2]}
    household_with_members(VILLAGE_A)
    assert panel_counts("test", village_a, compute) == {"rows": [3]}
