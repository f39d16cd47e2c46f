"""Text no database can store: a lone UTF-16 surrogate is legal JSON (``"\\ud800"``) and a legal Python string, but
PostgreSQL refuses it at the save (a 500 before this check). Every JSON body is read by one parser that answers
it 400 in Chinese, for any operation; a real character outside the BMP (a surrogate pair, e.g. an emoji) is text."""

from __future__ import annotations

import json

from shoudi.api.errors import BAD_BODY
from shoudi.lowincome.models import Referral
from shoudi.lowincome.tests.sweep import household_at, standards
from shoudi.registry.models import Household


def _raw(client, path: str, text: str):
    return client.client.post(path, data=text, content_type="application/json", headers=client.headers)


def test_a_lone_surrogate_is_refused_in_any_body_and_nothing_is_written(as_user, township, county, regions):
    standards()
    home = household_at("3000")
    api = as_user(township)
    body = '{"household_id": "HOUSEHOLD", "layer": "dibao", "reasons": ["\\ud800"]}'.replace("HOUSEHOLD", str(home.pk))
    answer = _raw(api, "/api/v1/low-income/referrals", body)
    assert answer.status_code == 400 and answer.json()["detail"] == BAD_BODY
    assert not Referral.objects.exists()

    households = Household.objects.count()
    answer = _raw(as_user(county), "/api/v1/households/", '{"number": "1", "address": {"\\udc00": "x"}}')
    assert answer.status_code == 400 and answer.json()["detail"] == BAD_BODY  # in a key too, of any operation
    assert Household.objects.count() == households


def test_a_surrogate_pair_is_a_character_and_is_kept(as_user, township, regions):
    standards()
    home = household_at("3000")
    body = json.dumps({"household_id": str(home.pk), "layer": "dibao", "reasons": ["家里有人住院 \U0001f3e5"]})
    assert "\\ud83c\\udfe5" in body  # json.dumps writes the pair as two escapes
    answer = _raw(as_user(township), "/api/v1/low-income/referrals", body)
    assert answer.status_code == 201, answer.content
    assert Referral.objects.get().reasons == ["家里有人住院 \U0001f3e5"]
