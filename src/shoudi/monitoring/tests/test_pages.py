"""The pages as users see them: workbench tasks, lists, the case page offering only allowed steps, forms,
the printable notice, and 404 for everyone outside the area."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from shoudi.monitoring import codes, notices, services
from shoudi.monitoring.testing.builders import days_ago, monthly_income, promise_scan
from shoudi.testing.factories import VILLAGE_A, household_with_members

S = codes.Status


@pytest.fixture
def at_township(driver, household_a):
    return driver.identify(driver.lead(household_a, days_ago(30)), days_ago(29), upto=S.ID_TOWNSHIP)


def _actions(client, case) -> list[str]:
    html = client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    return re.findall(r'data-action="([a-z_]+)"', html)


def test_workbench_shows_each_user_their_tasks(client, driver, household_a, village_a, township, county, leader):
    services.lead_create(
        by=village_a,
        household=household_with_members(VILLAGE_A),
        channel="cadre_visit",
        summary="走访发现",
        reported_on=days_ago(1),
    )
    driver.identify(driver.lead(household_a, days_ago(30)), days_ago(29), upto=S.ID_TOWNSHIP)  # overdue: 30 > 15 days

    client.force_login(village_a)
    html = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-leads">1<' in html

    client.force_login(township)
    html = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-mine">1<' in html
    assert 'data-testid="task-overdue">1<' in html and 'class="overdue"' in html
    assert "超期" in html

    client.force_login(leader)
    html = client.get(reverse("core:workbench")).content.decode()
    assert "识别中" in html and "task-mine" not in html  # aggregates only


def test_case_page_offers_only_the_users_steps(client, at_township, village_a, township, county):
    client.force_login(village_a)
    assert _actions(client, at_township) == []
    client.force_login(county)
    assert _actions(client, at_township) == []
    client.force_login(township)
    assert _actions(client, at_township) == ["id_township", "return", "reject"]
    client.force_login(village_a)
    assert client.get(reverse("monitoring:act", args=[at_township.pk, "id_township"])).status_code == 404


def test_township_review_through_the_page(client, at_township, township):
    client.force_login(township)
    url = reverse("monitoring:act", args=[at_township.pk, "id_township"])
    response = client.post(url, {"version": at_township.version, "on": days_ago(0).isoformat(), "opinion": "同意上报"})
    assert response.status_code == 302
    at_township.refresh_from_db()
    assert at_township.status == S.ID_DECISION
    page = client.get(reverse("monitoring:case", args=[at_township.pk])).content.decode()
    assert "乡镇审核" in page and "同意上报" in page


def test_a_stale_form_is_told_the_case_changed(client, at_township, township):
    client.force_login(township)
    url = reverse("monitoring:act", args=[at_township.pk, "id_township"])
    stale = at_township.version
    client.post(url, {"version": stale, "on": days_ago(0).isoformat(), "opinion": "同意"})
    at_township.refresh_from_db()
    # the same user submits the old form again: the step is no longer offered
    response = client.post(url, {"version": stale, "on": days_ago(0).isoformat(), "opinion": "同意"})
    assert response.status_code == 404
    assert at_township.transitions.filter(action="id_township").count() == 1


def test_stale_version_on_an_offered_step_shows_a_message(client, at_township, township, committee_a):
    client.force_login(township)
    url = reverse("monitoring:act", args=[at_township.pk, "return"])
    stale = at_township.version
    services.case_assign(by=township, case=at_township, helper=township)  # someone else changes the case meanwhile
    response = client.post(url, {"version": stale, "on": days_ago(0).isoformat(), "reason": "退回补充"}, follow=True)
    assert "已被他人办理或修改" in response.content.decode()
    at_township.refresh_from_db()
    assert at_township.status == S.ID_TOWNSHIP


def test_home_check_form_with_the_promise_upload(client, driver, household_a, village_a):
    case = driver.lead(household_a, days_ago(3))
    client.force_login(village_a)
    url = reverse("monitoring:act", args=[case.pk, "id_home_check"])
    form = client.get(url).content.decode()
    assert 'name="promise"' in form and 'value="illness"' in form
    response = client.post(
        url,
        {
            "version": case.version,
            "on": days_ago(2).isoformat(),
            "findings": "户主住院，家庭收入骤减",
            "risks": ["illness"],
            "promise": promise_scan(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.status == S.ID_DATA_CHECK
    attachment = case.attachments.get()
    assert attachment.kind == "promise"
    download = client.get(reverse("monitoring:attachment", args=[case.pk, attachment.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"


def test_home_check_form_refuses_a_disguised_file(client, driver, household_a, village_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = driver.lead(household_a, days_ago(3))
    client.force_login(village_a)
    bad = SimpleUploadedFile("promise.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = client.post(
        reverse("monitoring:act", args=[case.pk, "id_home_check"]),
        {
            "version": case.version,
            "on": days_ago(2).isoformat(),
            "findings": "核实",
            "risks": ["illness"],
            "promise": bad,
        },
    )
    assert response.status_code == 200
    assert "不是 PDF 格式" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.ID_HOME_CHECK


def test_blocked_elimination_lists_why_on_the_page(client, driver, household_a, village_a, committee_a):
    monthly_income(household_a, per_month=Decimal("300"))
    case = driver.identify(driver.lead(household_a, days_ago(60)), days_ago(59))
    client.force_login(village_a)
    response = client.post(
        reverse("monitoring:act", args=[case.pk, "el_home_check"]),
        {
            "version": case.version,
            "on": days_ago(0).isoformat(),
            "kind": "assisted",
            "findings": "拟消除",
            "second_checker": committee_a.username,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "不符合风险消除条件" in html and "不足 6 个月" in html and "低于监测范围" in html


def test_printed_notice_shows_no_id_phone_bank_or_health(client, driver, household_a, committee_a):
    household_a.phone = "13800138000"
    household_a.save()
    member = household_a.members.first()
    member.health = "major"
    member.phone = "13900139000"
    member.save()
    case = driver.identify(driver.lead(household_a, days_ago(10)), days_ago(9), upto=S.ID_NOTICE)
    notice = notices.notice_post(by=committee_a, village=case.village, kind="inclusion", posted_on=days_ago(1))
    client.force_login(committee_a)
    html = client.get(reverse("monitoring:notice_print", args=[notice.pk])).content.decode()
    head = household_a.members.get(relationship="head")
    assert head.name in html and "12317" in html
    assert notice.posted_on.strftime("%Y年") in html
    for secret in [p.id_number for p in household_a.members.all()] + ["13800138000", "13900139000", "大病", "银行"]:
        assert secret not in html
    assert not re.search(r"\d{17}[\dX]", html)


def test_users_outside_the_area_get_404_everywhere(client, at_township, village_b, clerk):
    case = at_township
    notice = case.notice_entries.first().notice
    attachment = case.attachments.first()
    urls = [
        reverse("monitoring:case", args=[case.pk]),
        reverse("monitoring:act", args=[case.pk, "id_township"]),
        reverse("monitoring:assign", args=[case.pk]),
        reverse("monitoring:attachment", args=[case.pk, attachment.pk]),
        reverse("monitoring:lead", args=[case.leads.first().pk]),
        reverse("monitoring:notice", args=[notice.pk]),
        reverse("monitoring:notice_print", args=[notice.pk]),
        reverse("assistance:plan", args=[case.pk]),
        reverse("assistance:measure_add", args=[case.pk]),
        reverse("assistance:visit_add", args=[case.pk]),
    ]
    for user in (village_b, clerk):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
    client.force_login(clerk)
    for name in ("monitoring:cases", "monitoring:leads", "monitoring:notices", "monitoring:checks"):
        assert client.get(reverse(name)).status_code == 404


def test_case_list_filters_and_shows_overdue(client, at_township, township, county):
    client.force_login(county)
    html = client.get(reverse("monitoring:cases") + "?overdue=1").content.decode()
    assert 'data-testid="result-count">共 1 户' in html and "超期" in html
    html = client.get(reverse("monitoring:cases") + "?group=eliminated").content.decode()
    assert "共 0 户" in html
    html = client.get(
        reverse("monitoring:cases") + "?risk=illness", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert "<html" not in html and "共 1 户" in html


def test_lead_pages_record_and_convert(client, household_a, village_a):
    client.force_login(village_a)
    response = client.post(
        reverse("monitoring:lead_create"),
        {
            "household": household_a.number,
            "channel": "application",
            "reported_on": days_ago(1).isoformat(),
            "summary": "户主申请：因病支出大",
            "risk_hint": "illness",
        },
    )
    assert response.status_code == 302
    lead = household_a.leads.get()
    response = client.post(
        reverse("monitoring:lead_act", args=[lead.pk, "convert"]),
        {
            "on": days_ago(0).isoformat(),
            "findings": "属实",
            "risks": ["illness"],
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == codes.LeadStatus.CONVERTED and lead.case.status == S.ID_HOME_CHECK


def test_checks_page_runs_and_lists(client, county, driver, household_a):
    household_a.water_safe = False
    household_a.save()
    client.force_login(county)
    response = client.post(reverse("monitoring:check_run"), follow=True)
    html = response.content.decode()
    assert 'data-check="former_poor_unsafe_water_unmonitored"><span class="badge orange">1<' in html
    html = client.get(reverse("monitoring:check", args=["former_poor_unsafe_water_unmonitored"])).content.decode()
    assert household_a.number in html


def test_clerk_sees_no_monitoring_panel_or_nav(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("core:workbench")).content.decode()
    assert "monitoring-panel" not in html
    assert 'href="/monitoring/"' not in html
