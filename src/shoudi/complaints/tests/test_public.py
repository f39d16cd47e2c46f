"""The public page of 社会监督 (/report/, no account): choose the township and village from the deployment's
own lists, get a receipt number, check the status with it (status and answer only); a flood from one address
is refused, and hostile input gets a Chinese error next to its field, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from shoudi.complaints import handling
from shoudi.complaints.models import Complaint
from shoudi.core.receipts import normalize
from shoudi.testing.factories import TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A, VILLAGE_C


def report(**changes):
    data = {
        "township": TOWNSHIP_A,
        "village": VILLAGE_A,
        "kind": "misconduct",
        "content": "村里有人家里开着小轿车还领帮扶补贴",
        "reporter_name": "",
        "reporter_phone": "",
    }
    return {**data, **changes}


def error_of(html, field):
    assert f'data-field="{field}"' in html, html[html.find("<form") : html.find("</form>")]
    return html.split(f'data-field="{field}"', 1)[1].split("</ul>", 1)[0]


def receipt_of(html):
    return html.split('data-testid="receipt">', 1)[1].split("<", 1)[0]


def test_the_form_offers_the_deployments_townships_and_villages_only(township, household_a):
    page = Client().get("/report/").content.decode()
    assert f'value="{TOWNSHIP_A}"' in page and f'value="{TOWNSHIP_C}"' in page  # 松桃县, whose households are here
    assert f'value="{VILLAGE_A}"' in page and "当造村" in page and "村民委员会" not in page
    assert 'value="520627' not in page  # 沿河县: in the region table, but no household of it is registered
    assert "complaints/report.js" in page


def test_without_any_household_registered_the_page_says_to_call_12317(regions):
    page = Client().get("/report/").content.decode()
    assert "尚未开通网上投诉举报" in page
    assert 'data-form="complaints.report"' not in page


def test_an_anonymous_report_gets_a_receipt_and_reaches_the_township(township, household_a):
    response = Client().post("/report/", report())
    assert response.status_code == 200
    html = response.content.decode()
    receipt = receipt_of(html)
    complaint = Complaint.objects.get()
    assert normalize(receipt) == complaint.receipt and complaint.receipt_shown == receipt
    assert complaint.source == "online" and complaint.anonymous and complaint.township_id == TOWNSHIP_A
    assert complaint.village_id == VILLAGE_A and complaint.created_by is None
    client = Client()
    client.force_login(township)
    assert "小轿车还领帮扶补贴" in client.get("/complaints/").content.decode()


def test_the_status_page_shows_the_status_and_the_answer_only(township, household_a):
    html = Client().post("/report/", report(reporter_name="李四", reporter_phone="13900001111")).content.decode()
    receipt = receipt_of(html)
    complaint = Complaint.objects.get()
    first = Client().post("/report/status", {"receipt": receipt}).content.decode()
    assert "待办理" in first and "暂无答复" in first
    handling.complaint_close(
        by=township,
        complaint=complaint,
        outcome="true",
        handling="已取消该户补贴，追回资金",
        feedback="经核查属实，已处理",
    )
    typed = receipt.lower().replace("-", " ")  # as someone types it back
    answer = Client().post("/report/status", {"receipt": typed}).content.decode()
    assert "已办结" in answer and "经核查属实，已处理" in answer
    for private in ("李四", "13900001111", "已取消该户补贴", "小轿车", township.display_name, "盘石镇"):
        assert private not in answer.split('data-testid="status-form"', 1)[1], private


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写回执编号"),
        ("K7QM-2XRD-9HTF", "没有找到这个回执编号"),
        ("\x00" * 5, "不可见的空字符"),
        ("长" * 30, "不能超过"),
    ],
)
def test_a_wrong_receipt_says_so(township, household_a, typed, message):
    html = Client().post("/report/status", {"receipt": typed}).content.decode()
    assert message in error_of(html, "receipt")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"content": ""}, "content", "请填写反映内容"),
        ({"content": "长" * 5000}, "content", "不能超过 2000 个字符"),
        ({"content": "举报\x00内容"}, "content", "不可见的空字符"),
        ({"reporter_name": "名" * 60}, "reporter_name", "不能超过"),
        ({"reporter_name": "\x00"}, "reporter_name", "不可见的空字符"),
        ({"reporter_phone": "call me"}, "reporter_phone", "联系电话不正确"),
        ({"kind": "bribe"}, "kind", "不在可选项中"),
        ({"township": ""}, "township", "请选择所属乡镇"),
        ({"township": "520627101"}, "township", "不在可选项中"),  # a real region the deployment does not serve
        ({"township": "99999999999999999999"}, "township", "不在可选项中"),
        ({"township": "\x00"}, "township", "不在可选项中"),
        ({"village": "520628101999"}, "village", "不在可选项中"),
        ({"village": VILLAGE_C}, "village", "请从盘石镇的村中选择"),  # listed, but of another township
    ],
)
def test_hostile_input_gets_a_chinese_error_and_writes_nothing(township, household_a, changes, field, message):
    response = Client().post("/report/", report(**changes))
    assert response.status_code == 400
    assert message in error_of(response.content.decode(), field)
    assert not Complaint.objects.exists()


def test_a_flood_from_one_address_is_refused(township, household_a):
    client = Client()
    for _ in range(5):
        assert "回执编号" in client.post("/report/", report()).content.decode()
    sixth = client.post("/report/", report())
    assert sixth.status_code == 400 and "提交过于频繁" in sixth.content.decode()
    assert Complaint.objects.count() == 5
    # another address is not held up; invalid submissions do not use up the allowance
    other = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(3):
        other.post("/report/", report(content=""))
    assert "回执编号" in other.post("/report/", report()).content.decode()


def test_guessing_receipts_is_cut_off(township, household_a):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(30):
        client.post("/report/status", {"receipt": "K7QM-2XRD-9HTF"})
    html = client.post("/report/status", {"receipt": "K7QM-2XRD-9HTF"}).content.decode()
    assert "查询过于频繁" in html
