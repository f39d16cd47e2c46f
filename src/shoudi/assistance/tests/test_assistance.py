"""Plans and measures (缺什么补什么), follow-up visits that update the registry, visits due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shoudi.assistance import selectors, services
from shoudi.assistance.inputs import FinanceEntry, VisitFacts
from shoudi.assistance.models import RiskMeasureRule
from shoudi.core.access import NotVisible
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.monitoring import selectors as monitoring_selectors
from shoudi.monitoring.testing.builders import days_ago, promise_scan
from shoudi.testing.assistance import measure_input

M = codes.MeasureKind


@pytest.fixture
def monitored(driver, household_a):
    lead_case = driver.lead(
        household_a, days_ago(100), risks=(codes.RiskType.ILLNESS, codes.RiskType.SCHOOLING, codes.Problem.WATER)
    )
    return driver.identify(lead_case, days_ago(99))


def _add(case, by, kind, **extra):
    values = {"content": "措施内容", "start": days_ago(50), "responsible_unit": "镇政府", "responsible_person": "张强"}
    values.update(extra)
    return services.measure_add(by=by, case=case, measure=measure_input(kind, **values))


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
        _add(monitored, township, M.HEALTH, amount=Decimal("-5"))
    assert "amount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _add(monitored, township, "nope")
    assert "不在代码表中" in error.value.message_dict["kind"][0]
    for outsider in (village_b, clerk):
        with pytest.raises(NotVisible):
            _add(monitored, outsider, M.HEALTH)
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
        household_changes=VisitFacts(water_safe=True, housing_grade="B"),
        finance=[FinanceEntry(month=days_ago(40).replace(day=1), item="migrant_work", amount=Decimal("2000"))],
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
            finance=[FinanceEntry(month=days_ago(40), item="no_such_item", amount=Decimal("1"))],
        )
    assert not monitored.visits.exists()


def test_helper_cadres_visit_only_their_households(monitored, helper_cadre, township):
    with pytest.raises(NotVisible):
        services.visit_record(by=helper_cadre, case=monitored, visited_on=days_ago(1), findings="走访")
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


# ---- 先帮扶后认定 -----------------------------------------------------------------------------------------


def test_fast_track_helps_first_and_identifies_after(driver, household_a, village_a):
    case = services.case_fast_track(
        by=village_a,
        household=household_a,
        event="7月洪灾房屋倒塌",
        on=days_ago(30),
        risks=[(codes.RiskType.DISASTER, codes.DisasterSubtype.FLOOD)],
        measures=[measure_input(M.HOUSING, start=days_ago(30), content="临时安置并启动危房重建", status="")],
    )
    assert case.fast_track and case.status == codes.Status.ID_HOME_CHECK
    assert case.measures.get().before_identification and case.measures.get().status == "active"
    assert monitoring_selectors.case_list(village_a, today=days_ago(0), fast_track=True).filter(pk=case.pk).exists()
    assert str(case.risks.get()) == "因自然灾害（洪涝）"

    case = driver.identify(case, days_ago(29))
    assert case.status == codes.Status.MONITORED
    assert not monitoring_selectors.case_list(village_a, today=days_ago(0), fast_track=True).filter(pk=case.pk).exists()


def test_fast_track_requires_a_measure(household_a, village_a):
    with pytest.raises(ValidationError) as error:
        services.case_fast_track(by=village_a, household=household_a, event="火灾", risks=["accident"], measures=[])
    assert "measures" in error.value.message_dict
    assert not household_a.cases.exists()


def test_fast_track_on_a_case_already_in_identification_marks_it(driver, household_a, village_a):
    case = driver.lead(household_a, days_ago(3))
    version = case.version
    again = services.case_fast_track(
        by=village_a,
        household=household_a,
        event="房屋倒塌",
        risks=["disaster"],
        measures=[measure_input(M.HOUSING, start=days_ago(1))],
        on=days_ago(1),
    )
    assert again.pk == case.pk and again.fast_track and again.version == version + 1
    assert again.transitions.filter(action="fast_track", from_status=again.status, to_status=again.status).exists()


def test_fast_track_page(client, household_a, village_a):
    client.force_login(village_a)
    response = client.post(
        reverse("assistance:fast_track"),
        {
            "household": household_a.number,
            "on": days_ago(0).isoformat(),
            "event": "山体滑坡损毁房屋",
            "risks": ["disaster"],
            "disaster_subtype": "geological",
            "measure_kind": "housing",
            "measure_content": "临时安置",
            "responsible_unit": "盘石镇",
            "responsible_person": "张强",
        },
    )
    assert response.status_code == 302
    case = household_a.cases.get()
    html = client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    assert 'data-testid="fast-track"' in html and "因自然灾害（地质）" in html


def test_assistance_plugs_into_monitorings_pages(client, monitored, village_a, clerk):
    """Monitoring shows assistance through its extension points: the visits due on the workbench, the fast
    track button, the plan and visits on the case page."""
    client.force_login(village_a)
    workbench = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-visits_due">1<' in workbench
    assert reverse("assistance:fast_track") in workbench
    page = client.get(reverse("monitoring:case", args=[monitored.pk])).content.decode()
    assert (
        'id="plan"' in page and 'id="visits"' in page and reverse("assistance:visit_add", args=[monitored.pk]) in page
    )


def _bearer(user) -> dict[str, str]:
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=user, name="测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_fast_track_and_a_visit_through_the_api(client, household_a, village_a):
    headers = _bearer(village_a)
    body = {
        "household_id": str(household_a.pk),
        "event": "山洪冲毁房屋",
        "on": days_ago(2).isoformat(),
        "risks": [{"code": "disaster", "disaster_subtype": "flood"}],
        "measures": [
            {
                "kind": "housing",
                "content": "临时安置",
                "start": days_ago(2).isoformat(),
                "responsible_unit": "盘石镇",
                "responsible_person": "张强",
            }
        ],
    }
    response = client.post("/api/v1/assistance/fast-track", body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    assert response.json()["fast_track"] is True
    visit = {
        "visited_on": days_ago(1).isoformat(),
        "findings": "已临时安置",
        "household_changes": {"housing_grade": "D"},
        "finance": [{"month": days_ago(40).strftime("%Y-%m"), "item": "migrant_work", "amount": "1500"}],
    }
    url = f"/api/v1/assistance/cases/{case_id}/visits"
    response = client.post(url, visit, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    household_a.refresh_from_db()
    assert household_a.housing_grade == "D" and household_a.finance_records.filter(item="migrant_work").exists()
    bad = client.post(
        url,
        {**visit, "finance": [{"month": "2026-13", "item": "migrant_work", "amount": "1"}]},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
