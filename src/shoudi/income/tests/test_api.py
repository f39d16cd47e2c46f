"""The 收入核算 API: read, save whole, 409 on a stale version, 422 on bad amounts, 404 outside the area."""

from __future__ import annotations

import json

import pytest

from shoudi.income.models import IncomeLine
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(regions):
    return household_with_members(VILLAGE_A, size=2)


def _put(client, household, body, year=2026):
    return client.put(
        f"/api/v1/income/households/{household.pk}/{year}", json.dumps(body), content_type="application/json"
    )


def test_put_then_get_with_totals_and_years(client, village_a, household):
    client.force_login(village_a)
    head = household.members.get(relationship="head")
    body = {
        "lines": [
            {
                "item": "migrant_work",
                "amount": "24000",
                "member_id": str(head.pk),
                "work_place": "out_province",
                "work_months": 8,
            },
            {"item": "crops", "amount": 1200, "monthly": ["100"] * 12},
            {"item": "production_cost", "amount": "200.50"},
        ],
        "expected_version": 0,
    }
    saved = _put(client, household, body)
    assert saved.status_code == 200, saved.content
    data = saved.json()
    assert data["version"] == 1 and data["summary"]["net_income"] == "24999.50"
    assert data["summary"]["per_capita_net_income"] == "12499.75"
    got = client.get(f"/api/v1/income/households/{household.pk}/2026").json()
    assert {line["item"] for line in got["lines"]} == {"migrant_work", "crops", "production_cost"}
    assert client.get(f"/api/v1/income/households/{household.pk}").json()["years"] == [2026]
    assert _put(client, household, {**body, "expected_version": 0}).status_code == 409


@pytest.mark.parametrize(
    "line",
    [
        {"item": "crops", "amount": 1e30},
        {"item": "crops", "amount": "-1"},
        {"item": "crops", "amount": "1.234"},
        {"item": "crops", "amount": "abc"},
        {"item": "crops", "amount": "NaN"},
        {"item": "nonsense", "amount": "1"},
        {"item": "crops", "amount": "1", "monthly": ["1"] * 11},
        {"item": "crops", "amount": "1", "extra": 1},
        {"item": "crops", "amount": "1", "work_months": 3},
    ],
)
def test_bad_lines_are_422_and_nothing_is_written(client, village_a, household, line):
    client.force_login(village_a)
    response = _put(client, household, {"lines": [line]})
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert not IncomeLine.objects.exists()


def test_outside_the_area_is_404(client, village_b, leader, household):
    for user in (village_b, leader):
        client.force_login(user)
        assert client.get(f"/api/v1/income/households/{household.pk}/2026").status_code == 404
        assert _put(client, household, {"lines": []}).status_code == 404
    assert client.get(f"/api/v1/income/households/{household.pk}/1900").status_code in (404, 422)
