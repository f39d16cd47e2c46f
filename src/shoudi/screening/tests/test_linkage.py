"""Fuzzy matches: Splink proposes, a clerk of the source or a county officer decides; never a lead alone."""

from __future__ import annotations

import pytest

from shoudi.feeds import testing as ft
from shoudi.feeds.models import FeedRecord
from shoudi.monitoring.models import Lead
from shoudi.screening.linkage import from_id_like
from shoudi.screening.models import LinkCandidate
from shoudi.screening.tests.test_rules import run
from shoudi.testing.factories import VILLAGE_A, household_with_members, make_user

pytestmark = pytest.mark.django_db


def _mistyped(id_number: str) -> str:
    """The same person with one digit of the sequence mistyped (birth date and sex kept)."""
    digit = "9" if id_number[14] != "9" else "8"
    return id_number[:14] + digit + id_number[15:]


@pytest.fixture
def mistyped(regions):
    from shoudi.monitoring.policy_bridge import load_builtin_params

    load_builtin_params()
    household = household_with_members(VILLAGE_A, size=2, status="former_poor")
    head = household.members.get(relationship="head")
    ft.feed(
        "medical_claims", ft.medical_claim(ft.unknown(_mistyped(head.id_number), head.name), "2021-03-01", oop="9000")
    )
    return household, head


def test_the_id_like_value_gives_birth_date_and_sex():
    assert from_id_like("52062819800102001X") == ("1980-01-02", "M")
    assert from_id_like("520628198001020020") == ("1980-01-02", "F")
    assert from_id_like("5206281980") == (None, None)


def test_a_mistyped_id_becomes_a_candidate_not_a_lead(mistyped):
    _household, head = mistyped
    result = run()
    candidate = LinkCandidate.objects.get()
    assert candidate.person == head and candidate.score >= 0.8 and candidate.status == "pending"
    assert result.inputs["link_candidates_new"] == 1
    assert not Lead.objects.exists()
    run()
    assert LinkCandidate.objects.count() == 1  # the same pair is proposed once


def test_a_county_officer_confirms_and_the_next_run_raises_the_lead(mistyped, county, client):
    household, head = mistyped
    run()
    candidate = LinkCandidate.objects.get()
    client.force_login(county)
    page = client.get("/screening/matches/").content.decode()
    assert head.name in page and head.id_number not in page  # masked
    response = client.post(f"/screening/matches/{candidate.pk}/confirm/")
    assert response.status_code == 302
    record = FeedRecord.objects.get()
    assert record.match == "fuzzy" and record.person == head
    candidate.refresh_from_db()
    assert candidate.status == "confirmed"
    run()
    assert Lead.objects.filter(household=household, rule="medical_oop").count() == 1


def test_reject_and_who_may_decide(mistyped, clerk, village_a, client, regions):
    run()
    candidate = LinkCandidate.objects.get()
    other = make_user("edu", "dept_clerk", "520628", department="education")
    client.force_login(other)
    assert client.post(f"/screening/matches/{candidate.pk}/reject/").status_code == 404
    client.force_login(village_a)
    assert client.get("/screening/matches/").status_code == 404
    client.force_login(clerk)  # 医保 clerk: a 医保结算 row is theirs
    assert client.post(f"/screening/matches/{candidate.pk}/reject/").status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "rejected"
    assert FeedRecord.objects.get().match == "none"
    run()
    assert not Lead.objects.exists()


def test_a_village_water_record_names_nobody_and_is_not_linked(regions, monkeypatch):
    """A record kept by village (no ID number, no name) is nobody to link: the run does not load the area's
    persons for it (a province's ten million) and proposes nothing."""
    from shoudi.monitoring.policy_bridge import load_builtin_params
    from shoudi.screening import linkage

    load_builtin_params()
    household_with_members(VILLAGE_A, size=2, status="former_poor")
    ft.feed("water", ft.water("2024-03-01", village=VILLAGE_A) | {"match": FeedRecord.Match.NONE})
    record = FeedRecord.objects.get()
    assert (record.id_number, record.name, record.household_id, record.match) == ("", "", None, "none")

    def no_linking(*args, **kwargs):
        raise AssertionError("linkage ran for a record that names nobody")

    monkeypatch.setattr(linkage, "link", no_linking)
    result = run()
    assert result.inputs["link_candidates_new"] == 0
    assert "water_unsafe" in result.counts_by_rule
