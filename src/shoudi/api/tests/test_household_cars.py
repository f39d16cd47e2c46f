"""The household API reads and writes the car judgement (issue 14): a car judged production or low-value needs
its reason, an unknown code is refused, and nothing changes on a refusal."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_reads_and_writes_the_judgement(as_user, village_a, household_a):
    client = as_user(village_a)
    url = f"/api/v1/households/{household_a.pk}"
    body = client.get(url).json()
    assert (body["leisure_car"], body["other_car"], body["other_car_label"], body["car_reason"]) == (False, "", "", "")
    response = client.patch(url, {"version": 1, "other_car": "low_value", "car_reason": "二手代步车"})
    assert response.status_code == 200, response.content
    assert response.json()["other_car_label"] == "低值代步车" and response.json()["car_reason"] == "二手代步车"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"other_car": "production"}, "car_reason", "车辆认定理由"),
        ({"other_car": "sports"}, "other_car", ""),
        ({"other_car": "production", "car_reason": "x" * 201}, "car_reason", ""),
    ],
)
def test_the_api_refuses_a_judgement_without_reason_or_unknown(as_user, village_a, household_a, change, field, words):
    response = as_user(village_a).patch(f"/api/v1/households/{household_a.pk}", {"version": 1, **change})
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field and words in response.json()["detail"]
    household_a.refresh_from_db()
    assert (household_a.other_car, household_a.version) == ("", 1)
