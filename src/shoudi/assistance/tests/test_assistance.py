"""Plans and measures (缺什么补什么), follow-up visits that update the registry, visits due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shoudi.assistance import selectors, services
from shoudi.assistance.models import RiskMeasureRule
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.monitoring.testing.builders import days_ago, promise_scan

M = codes.MeasureKind


@pytest.fixture
def monitored(driver, household_a):
    lead_case = driver.lead(
        household_a, days_ago(100), risks=(codes.RiskType.ILLNESS, codes.RiskType.SCHOOLING, codes.Problem.WATER)
    )
    return driver.identify(lead_case, days_ago(99))


def _add(case, by, kind, **extra):
    data = {"content": "措施内容", "start": days_ago(50), "responsible_unit": "镇政府", "responsible_person": "张强"}
    data.update(extra)
    return services.measure_add(by=by, case=case, kind=kind, **data)


def test_every_risk_needs_a_matching_measure(monitored, township):
    assert selectors.missing(monitored) == ["因病", "因学", "饮水出现安全问题"]
    _add(monitored, township, M.EMPLOYMENT)  # answers none of them
    assert selectors.missing(monitored) == ["因病", "因学", "饮水出现安全问题"]
    _add(monitored, township, M.HEALTH)
    _add(monitored, township, M.COMPULSORY_EDUCATION)
    assert selectors.missing(monitored) == ["饮水出现安全问题"]
    _add(monitored, township, M.WATER)
    assert selectors.missing(monitored) == []


def test_the_mapping_is_data(monitored, township):
    RiskMeasureRule.objects.create(risk_code=codes.RiskType.ILLNESS, measure_kind=M.EMPLOYMENT)
    _add(monitored, township, M.EMPLOYMENT)
    assert "因病" not in selectors.missing(monitored)


def test_measure_validation_names_the_field(monitored, township, village_b, clerk):
    with pytest.raises(ValidationError) as error:
        _add(monitored, township, M.HEALTH, start=days_ago(10), end=days_ago(20))
    assert "结束日期" in error.value.message_dict["end"][0]
    with pytest.raises(ValidationError) as error:
        _add(monitored, township, M.WELFARE_POST)
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _add(monitored, township, M.HEALTH, amount="-5")
    assert "amount" in error.value.message_dict
    for outsider in (village_b, clerk):
        with pytest.raises(ValidationError) as error:
            _add(monitored, outsider, M.HEALTH)
        assert error.value.code == "forbidden"
    assert not monitored.measures.exists()


def test_measures_wait_for_inclusion_unless_fast_track(driver, household_a, township):
    case = driver.lead(household_a, days_ago(5))
    with pytest.raises(ValidationError):
        _add(case, township, M.HEALTH)


def test_a_visit_updates_the_household_through_the_registry(monitored, village_a):
    household = monitored.household
    visit = services.visit_record(
        by=village_a,
        case=monitored,
        visited_on=days_ago(1),
        findings="已通自来水，家中新添务工收入",
        income_note="月增收约2000元",
        household_changes={"water_safe": True, "housing_grade": "B"},
        finance=[{"month": days_ago(40).strftime("%Y-%m"), "item": "migrant_work", "amount": "2000"}],
    )
    household.refresh_from_db()
    assert household.water_safe is True and household.housing_grade == "B"
    assert household.finance_records.filter(item="migrant_work", amount=Decimal("2000")).exists()
    history = AuditEntry.objects.filter(household_id=household.pk, object_type="household", action="update")
    assert history.count() == 2  # facts and the income, each in the household's history
    assert visit.changes["household"]["water_safe"] == "True"


def test_a_failing_registry_update_saves_no_visit(monitored, village_a):
    with pytest.raises(ValidationError):
        services.visit_record(
            by=village_a,
            case=monitored,
            visited_on=days_ago(1),
            findings="走访",
            finance=[{"month": "2026-13", "item": "migrant_work", "amount": "1"}],
        )
    assert not monitored.visits.exists()


def test_helper_cadres_visit_only_their_households(monitored, helper_cadre, township):
    with pytest.raises(ValidationError) as error:
        services.visit_record(by=helper_cadre, case=monitored, visited_on=days_ago(1), findings="走访")
    assert error.value.code == "forbidden"
    from shoudi.monitoring.services import case_assign

    case_assign(by=township, case=monitored, helper=helper_cadre)
    monitored.refresh_from_db()
    visit = services.visit_record(by=helper_cadre, case=monitored, visited_on=days_ago(1), findings="走访正常")
    assert visit.visitor == helper_cadre


def test_visits_fall_due_by_the_cadence_parameter(monitored, village_a):
    today = days_ago(0)
    assert list(selectors.visits_due(village_a, today)) == [monitored]  # entered ~90 days ago, never visited
    services.visit_record(by=village_a, case=monitored, visited_on=days_ago(2), findings="走访")
    assert list(selectors.visits_due(village_a, today)) == []
    assert list(selectors.visits_due(village_a, today + dt.timedelta(days=29))) == [monitored]


def test_visit_page_with_photo(client, monitored, village_a):
    client.force_login(village_a)
    photo = promise_scan("visit.jpg")
    response = client.post(
        reverse("assistance:visit_add", args=[monitored.pk]),
        {
            "visited_on": days_ago(0).isoformat(),
            "findings": "家中情况稳定",
            "photo": photo,
            "water_safe": "1",
        },
    )
    assert response.status_code == 302
    visit = monitored.visits.get()
    assert client.get(reverse("assistance:visit_photo", args=[visit.pk])).status_code == 200


def test_measure_page_suggests_the_missing_kind(client, monitored, township):
    client.force_login(township)
    html = client.get(reverse("assistance:measure_add", args=[monitored.pk])).content.decode()
    assert "缺少措施" in html and 'value="health" selected' in html
    response = client.post(
        reverse("assistance:measure_add", args=[monitored.pk]),
        {
            "kind": "health",
            "content": "家庭医生签约",
            "start": days_ago(0).isoformat(),
            "responsible_unit": "卫生院",
            "responsible_person": "杨医生",
            "status": "active",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("monitoring:case", args=[monitored.pk])).content.decode()
    assert "家庭医生签约" in page
