"""监测对象类型 through identification: the home check proposes it from the assessment, the township may settle
it at 乡镇审核, the county confirms or changes it at 审定 — and the case page and the printed notice show it.
(Regression: the township's choice used to be dropped, leaving the case 待确定 and the notice's 类型 empty.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shoudi.monitoring import codes, transitions
from shoudi.monitoring.testing.builders import days_ago
from shoudi.testing.monitoring import ABOVE_THE_LINE, Team, case_at, household, notice_of

S = codes.Status


@pytest.fixture
def undecided(team):
    """At 乡镇审核 with no type yet: income above the line, so the assessment proposes none."""
    case = case_at(S.ID_TOWNSHIP, team=team, household_=household(income=ABOVE_THE_LINE))
    assert case.category == "" and notice_of(case).entries.get().category == ""
    return case


def test_the_township_settles_the_type_and_the_notice_shows_it(undecided, township):
    case = transitions.case_township_review(
        by=township, case=undecided, opinion="同意", category=codes.Category.SUDDEN, on=days_ago(0)
    )
    case.refresh_from_db()
    assert case.status == S.ID_DECISION and case.category == codes.Category.SUDDEN
    row = case.transitions.get(action="id_township")
    assert row.payload["category"] == "突发严重困难户"
    assert notice_of(case).entries.get().category == "突发严重困难户"


def test_the_county_confirms_or_changes_the_type(undecided, township, county):
    case = transitions.case_township_review(by=township, case=undecided, opinion="同意", category="sudden")
    case = transitions.case_decide(by=county, case=case, opinion="同意纳入")
    assert case.category == "sudden"  # confirmed as the township settled it
    other = case_at(S.ID_DECISION, team=Team(contact=case.contact, township=township, county=county))
    other = transitions.case_decide(by=county, case=other, opinion="同意纳入", category="unstable")
    assert other.category == "unstable" and notice_of(other).entries.get().category == "脱贫不稳定户"


def test_an_unknown_type_or_a_type_outside_identification_is_refused(undecided, township, team):
    with pytest.raises(ValidationError) as error:
        transitions.case_township_review(by=township, case=undecided, opinion="同意", category="ordinary")
    assert "不在代码表中" in error.value.message_dict["category"][0]
    later = case_at(S.EL_TOWNSHIP, team=team)
    with pytest.raises(ValidationError) as error:
        transitions.case_township_review(by=township, case=later, opinion="同意", category="sudden")
    assert "category" in error.value.message_dict
    undecided.refresh_from_db()
    assert undecided.category == "" and undecided.status == S.ID_TOWNSHIP


def test_the_township_form_offers_the_type_and_the_pages_show_it(client, undecided, township):
    client.force_login(township)
    url = reverse("monitoring:act", args=[undecided.pk, "id_township"])
    assert 'name="category"' in client.get(url).content.decode()
    response = client.post(
        url,
        {"version": undecided.version, "on": days_ago(0).isoformat(), "opinion": "同意上报", "category": "sudden"},
    )
    assert response.status_code == 302
    page = client.get(reverse("monitoring:case", args=[undecided.pk])).content.decode()
    assert 'data-testid="case-category">突发严重困难户<' in page
    printed = client.get(reverse("monitoring:notice_print", args=[notice_of(undecided).pk])).content.decode()
    assert 'data-testid="notice-category">突发严重困难户<' in printed
