"""The API as the council of village A: hostile input on every writing operation answers 4xx with a Chinese
message in the one error shape, never 500; the same services as the pages."""

from __future__ import annotations

import json

import pytest

from shoudi.governance import testing as gt
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"
MUST_FAIL = ["a\x00b", "\ud800", "x" * 2000, 1e30, None]
HOSTILE = ["a\x00b", 10**20, 1e30, "2026-02-30", "x" * 2000, None, "\ud800", -1, "9" * 25]


@pytest.fixture
def setup(household_a):
    book = gt.rulebook(VILLAGE_A)
    draft = gt.rulebook(VILLAGE_A, status="draft")
    entry = gt.entry(household_a, gt.rule_of(book, "yellow"), status="confirmed")
    return {
        "book": book,
        "draft": draft,
        "entry": entry,
        "review": gt.review(VILLAGE_A),
        "item": gt.item(VILLAGE_A),
        "rule": gt.rule_of(book, "red"),
        "household": household_a,
    }


def test_hostile_bodies_answer_4xx_in_chinese(client, committee_a, setup):
    client.force_login(committee_a)
    h, d = setup["household"].pk, setup["draft"].pk
    calls = {
        f"/households/{h}/entries": {
            "rule_id": str(setup["rule"].pk),
            "deed_on": "2026-01-05",
            "description": "x",
            "evidence": "y",
        },
        f"/rulebooks/{d}/rules": {"kind": "red", "item": "x", "points": 1},
        f"/rulebooks/{d}/adopt": {"adopted_on": "2026-01-05", "total": 30, "present": 25, "votes_for": 20},
        f"/villages/{VILLAGE_A}/reviews": {
            "year": 2026,
            "quarter": 1,
            "held_on": "2026-01-05",
            "chair": "a",
            "representatives": "b",
            "present": 3,
        },
        f"/entries/{setup['entry'].pk}/correction": {"correction": "x", "corrected_on": "2026-01-05"},
        f"/villages/{VILLAGE_A}/shop/items": {"name": "x", "cost": 1, "stock": 1},
    }
    for path, body in calls.items():
        for key in body:
            for bad in HOSTILE:
                raw = {**body, key: bad}
                text = json.dumps(raw, ensure_ascii=True)
                response = client.post(API + path, text, content_type="application/json")
                assert response.status_code < 500, (path, key, bad, response.status_code)
                if bad in MUST_FAIL:
                    assert response.status_code >= 400, (path, key, bad, response.status_code)
                if response.status_code >= 400:
                    detail = response.json()["detail"]
                    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), (path, key, detail)


def test_decisions_refuse_foreign_entries_and_adopt_checks_majority(client, committee_a, setup, household_b):
    client.force_login(committee_a)
    foreign = gt.entry(household_b, gt.rulebook("520628101204").rules.first())
    body = {"decisions": [{"entry_id": str(foreign.pk), "decision": "confirm"}]}
    response = client.post(f"{API}/reviews/{setup['review'].pk}/decisions", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "rows.0.decision"
    adopt = {"adopted_on": "2026-01-05", "total": 30, "present": 25, "votes_for": 12}
    response = client.post(f"{API}/rulebooks/{setup['draft'].pk}/adopt", adopt, content_type="application/json")
    assert response.status_code == 422 and "半数" in response.json()["detail"]
