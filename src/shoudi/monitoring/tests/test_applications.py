"""网上申报 never vanishes: every valid submission gets a receipt; an applicant the registry does not know waits
for the township of the village they named; the status page answers with the receipt and the last four ID
digits, in the same words whether or not the applicant was registered."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.monitoring import applications, leads
from shoudi.monitoring.models import Lead
from shoudi.monitoring.models_apply import Application
from shoudi.testing.factories import TOWNSHIP_C, VILLAGE_A, VILLAGE_B, VILLAGE_C, make_user, next_id

UNKNOWN_ID = next_id()  # a valid ID number nobody in the registry has


def _form(applicant, id_number, /, **changes):
    data = {
        "name": applicant,
        "id_number": id_number,
        "phone": "138 0000 1234",
        "village": VILLAGE_B,
        "risk_hint": "illness",
        "description": "丈夫今年住院两次，自付医疗费四万多元",
        "promise": "on",
    }
    return {**data, **changes}


def _answer(html):
    """The answer of the done page, the receipt number taken out (it differs with every submission)."""
    block = html.split('data-testid="apply-done"', 1)[1].split("</article>", 1)[0]
    return re.sub(r'data-testid="receipt">[^<]*<', "", block)


def _receipt(html):
    return re.search(r'data-testid="receipt">([^<]*)<', html).group(1)


def _status(receipt, last4, address="10.1.0.1"):
    page = Client(REMOTE_ADDR=address).post("/apply/status/", {"receipt": receipt, "id_last4": last4})
    assert page.status_code == 200
    return page.content.decode()


def _said(html):
    """What the status page answered: the status, or the message at the top of the form."""
    found = re.search(r'data-testid="apply-status">([^<]*)</h2>\s*<p>([^<]*)</p>', html)
    if found:
        return found.group(1) + "｜" + found.group(2)
    return re.search(r'class="form-errors"[^>]*><ul class="errorlist"><li>([^<]*)</li>', html).group(1)


@pytest.fixture
def spouse(household_a):
    return household_a.members.get(relationship="spouse")


@pytest.fixture
def other_reviewer(regions):
    return make_user("township_c", Role.TOWNSHIP_REVIEWER, TOWNSHIP_C, full_name="盘信镇审核员")


def _unregistered(days_ago=0, village=VILLAGE_B, name="吴小红", id_number=UNKNOWN_ID):
    return applications.application_submit(
        name=name,
        id_number=id_number,
        phone="13900002222",
        village=village,
        description="丈夫外出务工受伤，家里没有收入",
        risk_hint="accident",
        now=timezone.now() - dt.timedelta(days=days_ago),
    )


# ---- the public submission ---------------------------------------------------------------------------------


def test_registered_and_unregistered_applicants_get_the_same_page_with_a_receipt(township, household_a, spouse):
    known = Client(REMOTE_ADDR="10.0.0.1").post("/apply/", _form(spouse.name, spouse.id_number)).content.decode()
    unknown = Client(REMOTE_ADDR="10.0.0.2").post("/apply/", _form("吴小红", UNKNOWN_ID)).content.decode()
    assert "申报已提交" in known and "申报已提交" in unknown
    assert _answer(known) == _answer(unknown)  # nothing but the receipt tells the two apart
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4} [0-9A-HJKMNP-TV-Z]{4} [0-9A-HJKMNP-TV-Z]{4}", _receipt(known))

    registered = Application.objects.get(receipt=_receipt(known).replace(" ", ""))
    assert registered.status == "pending" and registered.household == household_a
    assert registered.village_id == VILLAGE_A  # the household's village, not the one chosen
    assert registered.lead.online and registered.lead.status == "submitted"
    stranger = Application.objects.get(receipt=_receipt(unknown).replace(" ", ""))
    assert stranger.status == "unregistered" and stranger.lead is None and stranger.village_id == VILLAGE_B
    assert stranger.accept_due == timezone.localdate() + dt.timedelta(days=2)  # accept_days
    assert Lead.objects.count() == 1


def test_full_width_digits_of_a_chinese_keyboard_are_read_as_digits(household_a):
    page = Client().post("/apply/", _form("吴小红", UNKNOWN_ID, phone="１３９ ０００ ０２２２２"))
    assert "申报已提交" in page.content.decode()
    assert Application.objects.get().phone == "13900002222"


def test_the_form_offers_the_villages_of_the_deployed_county_by_township(household_a):
    html = Client().get("/apply/").content.decode()
    assert '<optgroup label="盘石镇">' in html and '<optgroup label="盘信镇">' in html
    assert f'value="{VILLAGE_C}"' in html and ">团塘村<" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "张\x00三"}, "name", "空字符"),
        ({"description": "困难\x00"}, "description", "空字符"),
        ({"description": "很" * 2001}, "description", "不能超过 2000 个字符"),
        ({"village": "520628101299"}, "village", "不在可选项中"),
        ({"village": ""}, "village", "请选择家庭所在的村"),
        ({"id_number": "5206281990\x000101123"}, "id_number", ""),
        ({"id_number": "52062819900101123"}, "id_number", "身份证号"),  # said with the other fields' errors
        ({"phone": "١٣٨٠٠٠٠١٢٣٤"}, "phone", "请填写正确的手机号或固定电话"),
    ],
)
def test_hostile_input_gets_a_chinese_error_and_writes_nothing(household_a, changes, field, message):
    page = Client().post("/apply/", _form("吴小红", UNKNOWN_ID, **changes))
    assert page.status_code == 200
    error = page.content.decode().split(f'data-field="{field}"', 1)[1].split("</ul>", 1)[0]
    assert message in error and re.search(r"[\u4e00-\u9fff]", error)
    assert not Application.objects.exists()


# ---- the status page ---------------------------------------------------------------------------------------


def test_status_reads_the_same_for_registered_and_unregistered_and_a_wrong_pair_is_one_message(
    township, household_a, spouse
):
    registered = applications.application_submit(
        name=spouse.name, id_number=spouse.id_number, phone="13800001234", village=VILLAGE_A, description="住院"
    )
    stranger = _unregistered()
    first = _said(_status(registered.receipt_display, spouse.id_number[-4:]))
    second = _said(_status(stranger.receipt.lower(), UNKNOWN_ID[-4:], address="10.1.0.2"))
    assert first.startswith("受理中｜") and first == second

    wrong_digits = _said(_status(stranger.receipt, "0000" if UNKNOWN_ID[-4:] != "0000" else "1111"))
    wrong_receipt = _said(_status("ABCDEFGHJKLM", UNKNOWN_ID[-4:]))
    assert wrong_digits == wrong_receipt == applications.NOT_FOUND


def test_status_follows_the_township(township, county, village_a, household_a, spouse):
    registered = applications.application_submit(
        name=spouse.name, id_number=spouse.id_number, phone="13800001234", village=VILLAGE_A, description="住院"
    )
    leads.lead_accept(by=township, lead=registered.lead)
    registered.refresh_from_db()
    assert registered.status == "accepted" and registered.handled_by == township
    assert _said(_status(registered.receipt, spouse.id_number[-4:])).startswith("已受理，正在核实｜")

    leads.lead_convert(by=village_a, lead=registered.lead, risks=["illness"], findings="属实")
    assert _said(_status(registered.receipt, spouse.id_number[-4:])).startswith("已办结｜")


def test_an_online_lead_the_township_does_not_accept_tells_the_applicant_why(township, household_a, spouse):
    registered = applications.application_submit(
        name=spouse.name, id_number=spouse.id_number, phone="13800001234", village=VILLAGE_A, description="住院"
    )
    leads.lead_close(by=township, lead=registered.lead, reason="该户已于本月纳入监测，无需重复申报")
    assert (
        _said(_status(registered.receipt, spouse.id_number[-4:]))
        == "不予受理｜乡镇意见：该户已于本月纳入监测，无需重复申报"
    )


def test_status_lookups_are_rate_limited_by_address_and_by_receipt(township):
    stranger = _unregistered()
    client = Client(REMOTE_ADDR="10.2.0.1")
    for n in range(20):  # 20 receipts from one address
        receipt = "ABCDEFGHJK" + "23456789ABCDEFGHJKLMN"[n] + "Z"
        page = client.post("/apply/status/", {"receipt": receipt, "id_last4": "1234"}).content.decode()
        assert applications.NOT_FOUND in page
    refused = client.post("/apply/status/", {"receipt": stranger.receipt, "id_last4": UNKNOWN_ID[-4:]})
    assert "查询过于频繁" in refused.content.decode() and "受理中" not in refused.content.decode()

    for n in range(10):  # one receipt from many addresses: the last four digits cannot be tried through
        _status(stranger.receipt, f"{n:04d}", address=f"10.3.0.{n}")
    assert "查询过于频繁" in _status(stranger.receipt, UNKNOWN_ID[-4:], address="10.3.1.1")


@pytest.mark.parametrize(
    ("receipt", "last4", "field"),
    [
        ("ABCD\x00FGHJKLM", "1234", "receipt"),
        ("ABCDEFGHJK", "1234", "receipt"),  # too short
        ("长" * 30, "1234", "receipt"),
        ("ABCDEFGHJKLM", "١٢٣٤", "id_last4"),
        ("ABCDEFGHJKLM", "12\x004", "id_last4"),
    ],
)
def test_status_refuses_hostile_input_by_field(db, receipt, last4, field):
    page = Client().post("/apply/status/", {"receipt": receipt, "id_last4": last4})
    assert page.status_code == 200
    error = page.content.decode().split(f'data-field="{field}"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r"[\u4e00-\u9fff]", error)


def test_status_page_without_slash_and_empty_post(db):
    assert Client().get("/apply/status").status_code in (200, 301)
    html = Client().post("/apply/status/", {}).content.decode()
    assert "请填写回执号" in html and "请填写身份证号后四位" in html


# ---- the township's queue ------------------------------------------------------------------------------------


def test_the_township_sees_unregistered_applicants_with_the_accept_deadline(client, township):
    late, fresh = _unregistered(days_ago=3), _unregistered(name="杨二妹", id_number=next_id())
    client.force_login(township)
    html = client.get("/monitoring/leads/").content.decode()
    section = html.split('data-testid="unregistered-applicants"', 1)[1].split("</section>", 1)[0]
    assert "未登记申请人（网上申报）" in html
    assert "吴小红" in section and "杨二妹" in section
    rows = section.split("<tr")
    late_row = next(r for r in rows if "吴小红" in r)
    fresh_row = next(r for r in rows if "杨二妹" in r)
    assert 'class="is-overdue"' in late_row and "超期" in late_row and late.accept_due.strftime("%m-%d") in late_row
    assert "超期" not in fresh_row and fresh.accept_due.strftime("%m-%d") in fresh_row


def test_online_leads_of_registered_applicants_show_the_accept_deadline(client, township, household_a, spouse):
    application = applications.application_submit(
        name=spouse.name,
        id_number=spouse.id_number,
        phone="13800001234",
        village=VILLAGE_A,
        description="住院",
        now=timezone.now() - dt.timedelta(days=3),
    )
    client.force_login(township)
    html = client.get("/monitoring/leads/").content.decode()
    row = html.split('data-testid="lead-due">', 1)[1].split("</td>", 1)[0]
    assert row.startswith("受理 " + application.accept_due.strftime("%m-%d")) and "badge orange" in row
    detail = client.get(f"/monitoring/leads/{application.lead_id}/").content.decode()
    assert "受理期限" in detail and "超期" in detail.split('data-testid="accept-due"', 1)[1].split("</dd>", 1)[0]


def test_register_and_accept_by_http_post(client, township, household_a):
    application = _unregistered(village=VILLAGE_A)
    client.force_login(township)
    page = client.get(f"/monitoring/applications/{application.pk}/").content.decode()
    assert UNKNOWN_ID not in page and UNKNOWN_ID[-4:] in page and "13900002222" not in page  # masked

    url = f"/monitoring/applications/{application.pk}/register/"
    refused = client.post(url, {"household": household_a.number})  # the applicant is not a member yet
    assert refused.status_code == 400
    error = refused.content.decode().split('data-field="household"', 1)[1].split("</ul>", 1)[0]
    assert "家庭成员中没有申请人" in error and UNKNOWN_ID not in error
    application.refresh_from_db()
    assert application.status == "unregistered" and not Lead.objects.exists()

    household_a.members.filter(relationship="spouse").update(id_number=UNKNOWN_ID, name="吴小红")  # registered
    done = client.post(url, {"household": household_a.number})
    application.refresh_from_db()
    assert application.status == "registered" and application.household == household_a
    assert application.lead.status == "open" and application.lead.online  # accepted: the village checks it
    assert done.status_code == 302 and done["Location"] == f"/monitoring/leads/{application.lead_id}/"
    assert _said(_status(application.receipt, UNKNOWN_ID[-4:])).startswith("已受理，正在核实｜")
    assert client.post(url, {"household": household_a.number}).status_code == 400  # done once only


def test_refuse_with_a_reason_by_http_post(client, township):
    application = _unregistered()
    client.force_login(township)
    url = f"/monitoring/applications/{application.pk}/reject/"
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 400 and "请填写不予受理的理由" in empty.content.decode()
    assert client.post(url, {"reason": "不\x00是"}).status_code == 400
    done = client.post(url, {"reason": "经核实，申请人户籍在外县，已告知到户籍地申请"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected" and application.handled_by == township
    assert _said(_status(application.receipt, UNKNOWN_ID[-4:])).startswith(
        "不予受理｜乡镇意见：经核实，申请人户籍在外县"
    )
    assert "吴小红" not in client.get("/monitoring/leads/").content.decode()  # off the queue


def test_the_full_id_is_shown_on_request_and_the_look_is_logged(client, township):
    application = _unregistered()
    client.force_login(township)
    url = f"/monitoring/applications/{application.pk}/"
    shown = client.get(f"{url}?reveal=1").content.decode()  # a link cannot reveal: only the logged POST
    assert UNKNOWN_ID not in shown and "13900002222" not in shown and 'data-testid="reveal"' in shown
    assert not AuditEntry.objects.filter(action="reveal").exists()
    page = client.post(url).content.decode()
    assert UNKNOWN_ID in page and "13900002222" in page
    assert AuditEntry.objects.filter(action="reveal", object_id=str(application.pk), actor=township).exists()


def test_a_village_or_another_townships_user_cannot_see_the_queue_item(
    client, township, village_b, county, other_reviewer
):
    application = _unregistered(village=VILLAGE_B)
    for user in (village_b, other_reviewer):
        client.force_login(user)
        assert client.get(f"/monitoring/applications/{application.pk}/").status_code == 404
        assert client.post(f"/monitoring/applications/{application.pk}/reject/", {"reason": "x"}).status_code == 404
        assert "吴小红" not in client.get("/monitoring/leads/").content.decode()
    client.force_login(township)
    assert client.get(f"/monitoring/applications/{application.pk}/").status_code == 200
    assert client.post(f"/monitoring/applications/{application.pk}/nonsense/", {}).status_code == 404
    application.refresh_from_db()
    assert application.status == "unregistered"


# ---- the API -------------------------------------------------------------------------------------------------


def test_the_township_works_the_queue_through_the_api(client, township, household_a, other_reviewer):
    from shoudi.accounts.models import ApiToken

    application = _unregistered(village=VILLAGE_A)
    _, raw = ApiToken.issue(user=township, name="测试")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listed = client.get("/api/v1/monitoring/applications?status=unregistered", **headers).json()
    assert [a["receipt"] for a in listed] == [application.receipt]
    assert UNKNOWN_ID not in str(listed) and "13900002222" not in str(listed)
    url = f"/api/v1/monitoring/applications/{application.pk}/register"
    refused = client.post(url, {"household_number": household_a.number}, content_type="application/json", **headers)
    assert refused.status_code == 422 and "家庭成员中没有申请人" in str(refused.json())
    household_a.members.filter(relationship="spouse").update(id_number=UNKNOWN_ID, name="吴小红")
    done = client.post(url, {"household_number": household_a.number}, content_type="application/json", **headers)
    assert done.status_code == 200 and done.json()["status"] == "registered" and done.json()["lead_id"]
    again = client.post(url, {"household_number": household_a.number}, content_type="application/json", **headers)
    assert again.status_code == 409
    _, other = ApiToken.issue(user=other_reviewer, name="测试")
    elsewhere = client.get(f"/api/v1/monitoring/applications/{application.pk}", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert elsewhere.status_code == 404
