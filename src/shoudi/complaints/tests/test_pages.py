"""投诉举报 as the township and the county use it, through the pages: record a 12317 call (the receipt number to
read back to the caller), find it in the list with its filters, take it up, close it with the outcome and the
feedback, turn it into a risk lead — and nobody outside (a village, a clerk, another county) reaches any of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shoudi.complaints.models import Complaint
from shoudi.core.models import AuditEntry
from shoudi.monitoring.models import Lead
from shoudi.regions.models import Region
from shoudi.testing.factories import TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A, VILLAGE_C

from .conftest import record

TODAY = timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


def form(**changes):
    data = {
        "source": "hotline",
        "received_on": TODAY.isoformat(),
        "kind": "difficulty",
        "township": TOWNSHIP_A,
        "village": VILLAGE_A,
        "household": "",
        "content": "张大爷家今年因病住院，家里没有收入了",
        "reporter_name": "王五",
        "reporter_phone": "138 1234 5678",
    }
    return {**data, **changes}


def error_of(html, field):
    assert f'data-field="{field}"' in html, html[html.find("form-errors") : html.find("form-errors") + 400]
    return html.split(f'data-field="{field}"', 1)[1].split("</ul>", 1)[0]


def test_the_township_records_a_12317_call_and_reads_back_the_receipt(client, township):
    login(client, township)
    response = client.post("/complaints/new/", form())
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert complaint.receipt_shown in page and "已登记，回执编号" in page  # to read back to the caller
    assert complaint.reporter_phone == "13812345678" and complaint.source == "hotline"
    assert complaint.due_on == TODAY + dt.timedelta(days=15)  # complaint_days: 15 by default
    assert complaint.status == "pending" and complaint.created_by == township
    assert "13812345678" not in page and "138****5678" in page  # in full only through the logged reveal


def test_the_deadline_is_the_areas_policy_parameter(client, county):
    from shoudi.monitoring.policy_bridge import store_param

    store_param("complaint_days", "520628", 10, valid_from=dt.date(2021, 1, 1), source="县纪委通知")
    login(client, county)
    assert client.post("/complaints/new/", form(township=TOWNSHIP_C, village=VILLAGE_C)).status_code == 302
    assert Complaint.objects.get().due_on == TODAY + dt.timedelta(days=10)


def test_an_anonymous_letter_naming_a_household(client, county, household_a):
    login(client, county)
    data = form(source="letter", reporter_name="", reporter_phone="", household=household_a.number, village="")
    assert client.post("/complaints/new/", data).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.household == household_a
    assert complaint.village_id == VILLAGE_A  # taken from the household
    assert "匿名" in client.get(f"/complaints/{complaint.pk}/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"content": ""}, "content", "请填写反映内容"),
        ({"content": "长" * 2001}, "content", "不能超过 2000 个字符"),
        ({"content": "有\x00空字符"}, "content", "不可见的空字符"),
        ({"kind": ""}, "kind", "此项必填"),
        ({"township": ""}, "township", "请选择所属乡镇"),
        ({"township": "520627101"}, "township", "不在可选项中"),  # another county's township
        ({"village": VILLAGE_C}, "village", "不在可选项中"),  # another township's village
        ({"village": "999999999999"}, "village", "不在可选项中"),
        ({"received_on": "2026-13-45"}, "received_on", "年-月-日"),
        ({"received_on": (TODAY + dt.timedelta(days=2)).isoformat()}, "received_on", "收到日期"),
        ({"reporter_phone": "12ab"}, "reporter_phone", "联系电话不正确"),
        ({"household": "5206281012039999"}, "household", "不存在或不在您负责的区域内"),
        ({"source": "\x00"}, "source", "不在可选项中"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(client, township, changes, field, message):
    login(client, township)
    response = client.post("/complaints/new/", form(**changes))
    assert response.status_code == 400
    assert message in error_of(response.content.decode(), field)
    assert not Complaint.objects.exists()


def test_a_county_officer_cannot_pair_a_township_with_another_townships_village(client, county):
    login(client, county)
    response = client.post("/complaints/new/", form(village=VILLAGE_C))
    assert "“团塘村村民委员会”不是盘石镇的村" in error_of(response.content.decode(), "village")
    assert not Complaint.objects.exists()


def test_a_household_of_another_village_than_the_one_chosen_is_refused(client, township, household_b):
    login(client, township)
    response = client.post("/complaints/new/", form(household=household_b.number))
    assert "不在当造村" in error_of(response.content.decode(), "household")
    assert not Complaint.objects.exists()


def test_list_filters_and_the_orange_overdue_mark(client, township, county):
    late = record(township, days_ago=20)  # due 5 days ago
    fresh = record(township, source="visit", content="来访反映危房改造补助没有到位")
    login(client, township)
    page = client.get("/complaints/").content.decode()
    assert page.count('data-testid="complaint-link"') == 2
    assert 'class="is-overdue"' in page and "超期 1 件" in page
    overdue = client.get("/complaints/?overdue=on").content.decode()
    assert overdue.count('data-testid="complaint-link"') == 1 and str(late.pk) in overdue
    visits = client.get("/complaints/?source=visit").content.decode()
    assert str(fresh.pk) in visits and str(late.pk) not in visits
    assert "共 0 件" in client.get(f"/complaints/?township={TOWNSHIP_C}").content.decode()
    hostile = client.get("/complaints/?status=x&source=x&township=1' or 1=1")
    assert hostile.status_code == 200 and "共 0 件" in hostile.content.decode()
    nul = client.get("/complaints/?status=%00")  # the request guard refuses a NUL in the query, in Chinese
    assert nul.status_code == 400 and "空字符" in nul.content.decode()
    detail = client.get(f"/complaints/{late.pk}/").content.decode()
    assert 'data-testid="complaint-overdue"' in detail
    assert client.get("/complaints/overdue/")["Location"].endswith("?overdue=on")


def test_take_up_close_with_feedback_then_the_status_page_answers(client, township, complaint):
    login(client, township)
    url = f"/complaints/{complaint.pk}"
    assert client.post(f"{url}/take_up/", {"version": 0, "on": TODAY.isoformat()}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "in_progress" and complaint.handled_by == township
    closing = {
        "version": complaint.version,
        "outcome": "partly",
        "handling": "经核查，该户确有困难，已纳入监测；村干部亲属不符合条件，已取消",
        "on": TODAY.isoformat(),
        "feedback": "您反映的问题部分属实，已处理",
        "feedback_on": "",
    }
    assert client.post(f"{url}/close/", closing).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.outcome == "partly" and complaint.closed_on == TODAY
    assert complaint.feedback_on == TODAY
    page = client.get(f"{url}/").content.decode()
    assert "部分属实" in page and "开始办理" in page and "办结" in page  # the history
    assert 'data-form="complaints.close"' not in page  # closed: no second close
    assert AuditEntry.objects.filter(object_id=str(complaint.pk), action="transition").count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"outcome": ""}, "outcome", "请选择核查结果"),
        ({"outcome": "maybe"}, "outcome", "不在可选项中"),
        ({"handling": ""}, "handling", "请填写办理情况"),
        ({"handling": "\x00"}, "handling", "不可见的空字符"),
        ({"on": (TODAY + dt.timedelta(days=1)).isoformat()}, "on", "办结日期"),
        ({"on": (TODAY - dt.timedelta(days=30)).isoformat()}, "on", "不能早于收到日期"),
        ({"feedback": "", "feedback_on": TODAY.isoformat()}, "feedback", "请填写反馈内容"),
        ({"feedback_on": "2026-02-30"}, "feedback_on", "年-月-日"),
    ],
)
def test_a_close_needs_outcome_handling_and_sensible_dates(client, township, complaint, changes, field, message):
    login(client, township)
    data = {"version": 0, "outcome": "true", "handling": "已核实处理", "on": TODAY.isoformat(), **changes}
    response = client.post(f"/complaints/{complaint.pk}/close/", data)
    assert response.status_code == 400
    assert message in error_of(response.content.decode(), field)
    complaint.refresh_from_db()
    assert complaint.status == "pending"


def test_a_stale_page_is_told_someone_was_quicker(client, township, county, complaint):
    login(client, county)
    assert (
        client.post(f"/complaints/{complaint.pk}/take_up/", {"version": 0, "on": TODAY.isoformat()}).status_code == 302
    )
    login(client, township)
    response = client.post(f"/complaints/{complaint.pk}/take_up/", {"version": 0, "on": TODAY.isoformat()})
    assert response.status_code == 400 and "请刷新后重试" in response.content.decode()


def test_feedback_after_closing_replaces_the_answer(client, township, complaint):
    login(client, township)
    url = f"/complaints/{complaint.pk}"
    client.post(f"{url}/close/", {"version": 0, "outcome": "false", "handling": "经查不属实", "on": TODAY.isoformat()})
    complaint.refresh_from_db()
    response = client.post(
        f"{url}/feedback/", {"version": complaint.version, "feedback": "经核查不属实", "on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.feedback == "经核查不属实" and complaint.feedback_on == TODAY
    empty = client.post(f"{url}/feedback/", {"version": complaint.version, "feedback": "", "on": TODAY.isoformat()})
    assert "请填写反馈内容" in error_of(empty.content.decode(), "feedback")


def test_a_report_of_a_household_in_difficulty_becomes_a_risk_lead(client, township, village_a, household_a):
    complaint = record(township, kind="difficulty", content="当造村张大爷住院，家里揭不开锅")
    login(client, township)
    data = {"version": 0, "household": household_a.number, "channel": "application", "summary": "住院后家庭困难"}
    assert client.post(f"/complaints/{complaint.pk}/lead/", data).status_code == 302
    lead = Lead.objects.get(household=household_a)
    assert lead.channel == "application" and lead.status == "open" and lead.summary == "住院后家庭困难"
    assert "投诉举报" in lead.evidence and "王五" not in lead.evidence and "13812345678" not in lead.evidence
    complaint.refresh_from_db()
    assert complaint.lead == lead and complaint.household == household_a
    assert 'data-testid="lead-link"' in client.get(f"/complaints/{complaint.pk}/").content.decode()
    # the village checks the lead at home; it learns nothing of who reported
    login(client, village_a)
    lead_page = client.get(f"/monitoring/leads/{lead.pk}/").content.decode()
    assert "住院后家庭困难" in lead_page and "王五" not in lead_page
    household_page = client.get(f"/households/{household_a.pk}/").content.decode()
    assert "王五" not in household_page and "13812345678" not in household_page
    # once only
    login(client, township)
    again = client.post(f"/complaints/{complaint.pk}/lead/", {**data, "version": complaint.version})
    assert again.status_code == 400 and Lead.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"household": ""}, "household", "请填写户编号"),
        ({"household": "5206281012039999"}, "household", "不存在或不在您负责的区域内"),
        ({"channel": "department"}, "channel", "不在可选项中"),
        ({"summary": ""}, "summary", "请填写线索内容"),
    ],
)
def test_bad_lead_input_writes_nothing(client, township, complaint, household_a, changes, field, message):
    login(client, township)
    data = {"version": 0, "household": household_a.number, "channel": "petition", "summary": "困难", **changes}
    response = client.post(f"/complaints/{complaint.pk}/lead/", data)
    assert message in error_of(response.content.decode(), field)
    assert not Lead.objects.exists()


def test_nobody_outside_reaches_a_complaint(client, complaint, village_a, committee_a, clerk, leader, outsider):
    """Village roles do not see complaints even of their own village (the reporter is protected); a clerk,
    a leader and another county see nothing either. Every page answers 404."""
    pages = ["/complaints/", "/complaints/new/", "/complaints/overdue/"]
    for user in (village_a, committee_a, clerk, leader, outsider):
        login(client, user)
        for url in [f"/complaints/{complaint.pk}/", *(pages if user != outsider else [])]:
            assert client.get(url).status_code == 404, (user.username, url)
        response = client.post(f"/complaints/{complaint.pk}/close/", {"version": 0, "outcome": "true", "handling": "x"})
        assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == "pending"


def test_a_township_sees_only_its_own_townships_complaints(client, township, county):
    other = record(county, township=Region.objects.get(code=TOWNSHIP_C), village=None)
    login(client, township)
    assert client.get(f"/complaints/{other.pk}/").status_code == 404
    assert str(other.pk) not in client.get("/complaints/").content.decode()


def test_the_workbench_counts_open_and_overdue_complaints(client, township, village_a):
    record(township, days_ago=20)
    record(township)
    login(client, township)
    page = client.get("/").content.decode()
    assert 'data-testid="task-complaints_open"' in page and 'data-testid="task-complaints_overdue"' in page
    open_count = page.split('data-testid="task-complaints_open">', 1)[1].split("<", 1)[0]
    overdue_count = page.split('data-testid="task-complaints_overdue">', 1)[1].split("<", 1)[0]
    assert (open_count, overdue_count) == ("2", "1")
    login(client, village_a)
    assert "task-complaints" not in client.get("/").content.decode()
