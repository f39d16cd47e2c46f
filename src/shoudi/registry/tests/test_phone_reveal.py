"""A household's phone: masked on its page and in the API for everyone, shown in full one look at a time (a POST,
logged in the household's history) to the roles that call households — the village contact, the 帮扶责任人, the
township and the county — and never to the 村两委."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import VILLAGE_A, make_user

pytestmark = pytest.mark.django_db
PHONE = "13987654321"


@pytest.fixture
def household(household_a):
    household_a.phone = PHONE
    household_a.save(update_fields=["phone"])
    return household_a


@pytest.fixture
def helper(regions):
    return make_user("helper_a", Role.HELPER_CADRE, VILLAGE_A, full_name="周帮扶")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _reveals():
    return AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, reason__contains="联系电话")


@pytest.mark.parametrize("persona", ["village_a", "committee_a", "township", "county"])
def test_the_household_page_shows_the_phone_masked_to_everyone(request, household, persona):
    html = _client(request.getfixturevalue(persona)).get(reverse("registry:detail", args=[household.pk])).content
    assert PHONE not in html.decode() and "139****4321" in html.decode()


@pytest.mark.parametrize("persona", ["village_a", "helper", "township"])
def test_a_role_that_calls_households_reveals_it_and_the_look_is_logged(request, household, persona):
    user = request.getfixturevalue(persona)
    client = _client(user)
    page = client.get(reverse("registry:detail", args=[household.pk])).content.decode()
    assert 'data-testid="reveal-phone"' in page
    assert client.get(reverse("registry:reveal_phone", args=[household.pk])).status_code == 405  # POST only
    response = client.post(reverse("registry:reveal_phone", args=[household.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = _reveals().get()
    assert entry.actor == user and entry.household_id == household.pk and "农户页面" in entry.reason
    history = client.get(reverse("registry:detail", args=[household.pk])).content.decode()
    assert PHONE not in history  # the history itself never shows the full phone


def test_the_village_committee_cannot_reveal_a_phone(household, committee_a):
    client = _client(committee_a)
    page = client.get(reverse("registry:detail", args=[household.pk])).content.decode()
    assert 'data-testid="reveal-phone"' not in page
    response = client.post(reverse("registry:reveal_phone", args=[household.pk]))
    assert response.status_code == 404 and PHONE not in response.content.decode()
    assert not _reveals().exists()


def test_another_village_gets_a_404(household, village_b):
    response = _client(village_b).post(reverse("registry:reveal_phone", args=[household.pk]))
    assert response.status_code == 404 and not _reveals().exists()


def test_the_api_masks_the_phone_and_reveals_it_with_a_logged_call(household, village_a, committee_a):
    contact = _client(village_a)
    read = contact.get(f"/api/v1/households/{household.pk}")
    assert read.status_code == 200 and PHONE not in read.content.decode()
    assert read.json()["phone_masked"] == "139****4321"
    revealed = contact.post(f"/api/v1/households/{household.pk}/reveal-phone")
    assert revealed.status_code == 200 and revealed.json()["phone"] == PHONE
    assert _reveals().get().reason == "通过接口查看联系电话"
    refused = _client(committee_a).post(f"/api/v1/households/{household.pk}/reveal-phone")
    assert refused.status_code == 404 and PHONE not in refused.content.decode()
    assert _reveals().count() == 1


def test_without_javascript_the_reveal_is_a_page_of_its_own(household, village_a):
    response = _client(village_a).post(reverse("registry:reveal_phone", args=[household.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "完整联系电话" in html and PHONE in html
    assert reverse("registry:detail", args=[household.pk]) in html
