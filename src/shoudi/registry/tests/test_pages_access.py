"""Area scope on every household page: another village, and roles without the registry, get 404."""

import pytest
from django.urls import reverse

from shoudi.core.models import AuditEntry
from shoudi.registry.models import Person

pytestmark = pytest.mark.django_db


def _household_urls(household):
    person = household.members.exclude(relationship="head").first()
    return [
        ("get", reverse("registry:detail", args=[household.pk])),
        ("get", reverse("registry:edit", args=[household.pk])),
        ("post", reverse("registry:edit", args=[household.pk])),
        ("get", reverse("registry:member_add", args=[household.pk])),
        ("post", reverse("registry:member_add", args=[household.pk])),
        ("get", reverse("registry:member_edit", args=[person.pk])),
        ("post", reverse("registry:member_edit", args=[person.pk])),
        ("get", reverse("registry:member_remove", args=[person.pk])),
        ("post", reverse("registry:member_remove", args=[person.pk])),
        ("post", reverse("registry:reveal_id", args=[person.pk])),
    ]


def test_village_b_gets_404_on_every_page_of_a_village_a_household(client, village_b, household_a):
    client.force_login(village_b)
    for method, url in _household_urls(household_a):
        response = getattr(client, method)(url, {"reason": "迁出", "name": "x"})
        assert response.status_code == 404, (method, url)
    assert Person.objects.filter(household=household_a).count() == 3
    assert not AuditEntry.objects.exists()


def test_township_reviewer_reaches_households_of_its_villages(client, township, household_a, household_b):
    client.force_login(township)
    assert client.get(reverse("registry:detail", args=[household_a.pk])).status_code == 200
    assert client.get(reverse("registry:detail", args=[household_b.pk])).status_code == 200


def test_unknown_household_is_404(client, village_a):
    client.force_login(village_a)
    assert client.get("/households/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "clerk"])
def test_leader_and_clerk_get_404_on_household_pages(client, request, persona, household_a):
    client.force_login(request.getfixturevalue(persona))
    for method, url in [
        ("get", reverse("registry:list")),
        ("get", reverse("registry:village_options")),
        ("get", reverse("registry:create")),
        ("post", reverse("registry:create")),
        *_household_urls(household_a),
    ]:
        assert getattr(client, method)(url).status_code == 404, (persona, method, url)
    nav = client.get(reverse("core:workbench")).content.decode()
    assert reverse("registry:list") not in nav
