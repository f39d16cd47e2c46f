"""The API offers the same operations with the same checks as the pages."""

from __future__ import annotations

from decimal import Decimal

from shoudi.monitoring import codes
from shoudi.monitoring.testing.builders import JPEG, days_ago, monthly_income

S = codes.Status
BASE = "/api/v1/monitoring"


def _post(client, url, headers, body=None):
    return client.post(url, body or {}, content_type="application/json", **headers)


def test_the_whole_identification_through_the_api(
    client, bearer, household_a, village_a, committee_a, township, county
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    contact, committee, town, cnty = bearer(village_a), bearer(committee_a), bearer(township), bearer(county)
    lead = _post(
        client,
        f"{BASE}/leads",
        contact,
        {
            "household_id": str(household_a.pk),
            "channel": "cadre_visit",
            "summary": "走访发现患病",
            "reported_on": days_ago(12).isoformat(),
        },
    )
    assert lead.status_code == 201, lead.content
    case = _post(
        client,
        f"{BASE}/leads/{lead.json()['id']}/convert",
        contact,
        {
            "risks": [{"code": "illness"}],
            "findings": "属实",
            "on": days_ago(12).isoformat(),
        },
    ).json()
    case_id = case["id"]
    assert case["status"] == S.ID_HOME_CHECK and [a["key"] for a in case["actions"]] == ["id_home_check", "reject"]

    missing = _post(
        client,
        f"{BASE}/cases/{case_id}/steps/id_home_check",
        contact,
        {"findings": "核实", "on": days_ago(11).isoformat()},
    )
    assert missing.status_code == 422 and missing.json()["field"] == "promise"
    upload = client.post(
        f"{BASE}/cases/{case_id}/attachments",
        {"kind": "promise", "file": SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")},
        **contact,
    )
    assert upload.status_code == 201, upload.content

    steps = [
        (contact, "id_home_check", {"findings": "核实属实", "on": days_ago(11).isoformat()}),
        (cnty, "id_data_check", {"result": "比对无异常", "on": days_ago(10).isoformat()}),
        (
            committee,
            "id_review",
            {"attendance": 12, "attendees": "村两委、村民代表", "passed": True, "on": days_ago(9).isoformat()},
        ),
    ]
    for headers, action, body in steps:
        response = _post(client, f"{BASE}/cases/{case_id}/steps/{action}", headers, body)
        assert response.status_code == 200, (action, response.content)
    notice = _post(
        client,
        f"{BASE}/notices",
        committee,
        {
            "village_code": household_a.village_id,
            "kind": "inclusion",
            "posted_on": days_ago(8).isoformat(),
        },
    )
    assert notice.status_code == 201 and notice.json()["entries"][0]["size"] == 3
    assert "id_number" not in notice.content.decode()
    for headers, action, body in [
        (committee, "id_notice_end", {"on": days_ago(2).isoformat()}),
        (town, "id_township", {"opinion": "同意", "on": days_ago(1).isoformat()}),
        (cnty, "id_decision", {"opinion": "同意纳入", "category": "unstable", "on": days_ago(1).isoformat()}),
        (contact, "id_entry", {"on": days_ago(0).isoformat()}),
    ]:
        response = _post(client, f"{BASE}/cases/{case_id}/steps/{action}", headers, body)
        assert response.status_code == 200, (action, response.content)
    final = client.get(f"{BASE}/cases/{case_id}", **contact).json()
    assert final["status"] == S.MONITORED and final["category"] == "unstable"
    assert [t["action"] for t in final["transitions"]][-1] == "id_entry"


def test_api_refuses_other_roles_areas_and_stale_versions(
    client, bearer, driver, household_a, village_b, clerk, township, county
):
    case = driver.identify(driver.lead(household_a, days_ago(20)), days_ago(19), upto=S.ID_TOWNSHIP)
    url = f"{BASE}/cases/{case.pk}/steps/id_township"
    for outsider in (village_b, clerk):
        assert client.get(f"{BASE}/cases/{case.pk}", **bearer(outsider)).status_code == 404
        assert _post(client, url, bearer(outsider), {"opinion": "同意"}).status_code == 404
    assert _post(client, url, bearer(county), {"opinion": "同意"}).status_code == 404  # not the county's step
    stale = case.version
    assert _post(client, url, bearer(township), {"opinion": "同意", "version": stale}).status_code == 200
    response = _post(
        client,
        f"{BASE}/cases/{case.pk}/steps/id_decision",
        bearer(county),
        {"opinion": "同意", "category": "marginal", "version": stale},
    )
    assert response.status_code == 409 and "已被他人" in response.json()["detail"]
    skip = _post(client, f"{BASE}/cases/{case.pk}/steps/id_entry", bearer(county), {})
    assert skip.status_code in (404, 409)


def test_blocked_elimination_explains_itself(client, bearer, driver, household_a, village_a, committee_a):
    monthly_income(household_a, per_month=Decimal("300"))
    case = driver.identify(driver.lead(household_a, days_ago(40)), days_ago(39))
    response = _post(
        client,
        f"{BASE}/cases/{case.pk}/steps/el_home_check",
        bearer(village_a),
        {"kind": "assisted", "findings": "拟消除", "second_checker": committee_a.username},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "不符合风险消除条件" in detail and "低于监测范围" in detail


def test_assistance_api_plan_and_measures(client, bearer, driver, household_a, township):
    case = driver.identify(driver.lead(household_a, days_ago(40)), days_ago(39))
    headers = bearer(township)
    plan = client.get(f"/api/v1/assistance/cases/{case.pk}/plan", **headers).json()
    assert plan["missing"] == ["因病"]
    response = _post(
        client,
        f"/api/v1/assistance/cases/{case.pk}/measures",
        headers,
        {
            "kind": "health",
            "content": "医疗救助",
            "start": days_ago(1).isoformat(),
            "responsible_unit": "镇卫生院",
            "responsible_person": "杨医生",
            "amount": "1200.50",
        },
    )
    assert response.status_code == 201 and response.json()["amount"] == "1200.50"
    assert client.get(f"/api/v1/assistance/cases/{case.pk}/plan", **headers).json()["missing"] == []
    bad = _post(
        client,
        f"/api/v1/assistance/cases/{case.pk}/measures",
        headers,
        {
            "kind": "nope",
            "content": "x",
            "start": days_ago(1).isoformat(),
            "responsible_unit": "x",
            "responsible_person": "x",
        },
    )
    assert bad.status_code == 422


def test_assign_helper_through_the_api(client, bearer, driver, household_a, township, helper_cadre, village_b):
    case = driver.identify(driver.lead(household_a, days_ago(40)), days_ago(39))
    response = _post(
        client,
        f"{BASE}/cases/{case.pk}/assign",
        bearer(township),
        {"helper_id": helper_cadre.pk, "version": case.version},
    )
    assert response.status_code == 200 and response.json()["helper_name"] == "帮扶干部（盘石镇）"
    assert client.get(f"{BASE}/cases/{case.pk}", **bearer(helper_cadre)).status_code == 200
    bad = _post(client, f"{BASE}/cases/{case.pk}/assign", bearer(township), {"contact_id": village_b.pk})
    assert bad.status_code == 422 and bad.json()["field"] == "contact"
