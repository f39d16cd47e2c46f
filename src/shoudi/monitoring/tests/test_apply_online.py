"""农户自主申报·网上申报: the public page, without an account."""

import pytest
from django.test import Client

from shoudi.monitoring import leads
from shoudi.monitoring.models import Lead


def _form(person, **changes):
    data = {
        "name": person.name,
        "id_number": person.id_number,
        "phone": "138 0000 1234",
        "village": "520628101203",  # 当造村: the form asks for the village (选乡镇 → 选村)
        "risk_hint": "illness",
        "description": "丈夫今年住院两次，自付医疗费四万多元",
        "promise": "on",
    }
    return {**data, **changes}


def test_a_household_applies_online_and_the_township_accepts_it(household_a, township, village_a):
    member = household_a.members.get(relationship="spouse")
    page = Client().post("/apply/", _form(member))
    assert page.status_code == 200 and "申报已提交" in page.content.decode()
    lead = Lead.objects.get(household=household_a)
    assert lead.online and lead.channel == "application" and lead.status == "submitted"
    assert lead.risk_hint == "illness" and "138****1234" in lead.evidence and member.name in lead.evidence
    assert "13800001234" not in lead.evidence

    client = Client()
    client.force_login(township)
    assert "丈夫今年住院两次" in client.get("/monitoring/leads/").content.decode()
    leads.lead_accept(by=township, lead=lead)
    lead.refresh_from_db()
    assert lead.status == "open"  # now the village checks it at home


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id_number": "52062819900101123"}, "id_number", "身份证号"),
        ({"phone": "12ab"}, "phone", "请填写正确的手机号或固定电话"),
        ({"description": ""}, "description", "请填写家庭遇到的困难"),
        ({"promise": ""}, "promise", "请阅读并勾选承诺"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_written(household_a, changes, field, message):
    member = household_a.members.get(relationship="spouse")
    html = Client().post("/apply/", _form(member, **changes)).content.decode()
    error = html.split(f'data-field="{field}"', 1)[1].split("</ul>", 1)[0]
    assert message in error
    assert not Lead.objects.exists()


def test_too_many_applications_from_one_address_are_refused(household_a):
    member = household_a.members.get(relationship="spouse")
    client = Client()
    for _ in range(5):
        assert "申报已提交" in client.post("/apply/", _form(member)).content.decode()
    sixth = client.post("/apply/", _form(member)).content.decode()
    assert "提交过于频繁" in sixth and Lead.objects.count() == 5


def test_numbers_in_an_application_never_reach_the_committees_lead_page_in_full(household_a, committee_a):
    """The applicant's phone goes into the lead's evidence and people type numbers into their description; the
    村两委 reads the lead (it may not see full phones or ID numbers): both masked."""
    member = household_a.members.get(relationship="spouse")
    head = household_a.members.get(relationship="head")
    text = f"请打电话 139-1234-5678 或 0856-1234567，户主身份证号 {head.id_number}，丈夫住院"
    Client().post("/apply/", _form(member, phone="13800001234", description=text))
    lead = Lead.objects.get(household=household_a)
    client = Client()
    client.force_login(committee_a)
    html = client.get(f"/monitoring/leads/{lead.pk}/").content.decode()
    assert "丈夫住院" in html and member.name in html
    for full in ("13800001234", "13912345678", "139-1234-5678", "1234567", head.id_number):
        assert full not in html, full
    assert "138****1234" in html and "139****5678" in html and f"{head.id_number[:3]}" in html


def test_the_login_page_points_households_to_the_online_application(db):
    assert 'href="/apply/"' in Client().get("/accounts/login/").content.decode()
