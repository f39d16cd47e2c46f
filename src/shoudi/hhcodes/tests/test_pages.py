"""The staff pages of 一户一码 as the village contact, the township and the county: the villages, a village's
households and code status, issuing, revoking and reissuing through the real forms, the reports by scanning
with the phone masked, the printable sheet of cards and one code's picture. Village B and the roles without
the capability get a 404 for everything of village A."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.hhcodes import reports
from shoudi.hhcodes.models import HouseholdCode
from shoudi.pairing.models import Pairing
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, household_with_members, make_user

pytestmark = pytest.mark.django_db
V = f"/household-codes/village/{VILLAGE_A}"


def _login(client, user):
    client.force_login(user)
    return client


def test_the_village_contact_lands_on_their_village_and_issues_the_missing_codes(client, village_a, household_a):
    household_with_members(VILLAGE_A, size=1)
    _login(client, village_a)
    page = client.get("/household-codes/", follow=True)
    assert page.redirect_chain[-1][0] == f"{V}/"
    assert "2 户尚未生成" in page.content.decode()
    done = client.post(f"{V}/issue/", follow=True)
    assert "已为 2 户生成二维码" in done.content.decode()
    assert HouseholdCode.objects.filter(household__village_id=VILLAGE_A, revoked_at__isnull=True).count() == 2
    again = client.post(f"{V}/issue/", follow=True)
    assert "没有新生成" in again.content.decode()
    assert HouseholdCode.objects.count() == 2


def test_township_and_county_choose_a_village_of_their_area(client, township, county, household_a, household_b):
    for user in (township, county):
        text = _login(client, user).get("/household-codes/").content.decode()
        assert "当造村" in text and "响水洞村" in text
        assert client.get(f"{V}/").status_code == 200


def test_revoke_and_reissue_through_the_household_page(client, village_a, household_a, code_a):
    _login(client, village_a)
    page = f"/household-codes/households/{household_a.pk}/"
    assert code_a.token in client.get(page).content.decode()
    refused = client.post(f"{page}reissue/", {"reissue-reason": ""})
    assert refused.status_code == 400 and "请填写原因" in refused.content.decode()
    assert HouseholdCode.objects.get(pk=code_a.pk).active
    client.post(f"{page}reissue/", {"reissue-reason": "卡片遗失"}, follow=True)
    new = HouseholdCode.objects.get(household=household_a, revoked_at__isnull=True)
    assert new.pk != code_a.pk and HouseholdCode.objects.get(pk=code_a.pk).revoke_reason == "卡片遗失"
    done = client.post(f"{page}revoke/", {"revoke-reason": "农户迁出"}, follow=True)
    assert "已作废二维码" in done.content.decode()
    assert not HouseholdCode.objects.filter(household=household_a, revoked_at__isnull=True).exists()
    assert "生成二维码" in client.get(page).content.decode()
    client.post(f"{page}issue/", follow=True)
    assert HouseholdCode.objects.filter(household=household_a, revoked_at__isnull=True).count() == 1


def test_reports_by_scanning_show_the_phone_masked(client, village_a, household_a, code_a):
    reports.report_submit(code=code_a, trouble="disaster", text="房屋被山洪冲毁一间", phone="13912345678")
    for url in (f"{V}/", f"/household-codes/households/{household_a.pk}/"):
        text = _login(client, village_a).get(url).content.decode()
        assert "房屋被山洪冲毁一间" in text and "139****5678" in text
        assert "13912345678" not in text


def test_the_print_sheet_holds_one_card_per_household_with_its_people_and_is_audited(
    client, village_a, township, household_a, code_a
):
    village_a.phone = "13600001111"
    village_a.save()
    cadre = make_user("cadre_a", Role.HELPER_CADRE, TOWNSHIP_A, full_name="赵帮扶", phone="13700002222")
    Pairing.objects.create(household=household_a, village_id=VILLAGE_A, cadre=cadre, since="2026-01-01")
    for _ in range(8):  # nine cards: two A4 pages
        household = household_with_members(VILLAGE_A, size=1)
        HouseholdCode.objects.create(household=household, token=f"sheet{household.number}", issued_at=code_a.issued_at)
    response = _login(client, township).get(f"{V}/print/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('data-testid="card"') == 9 and text.count('data-testid="sheet-page"') == 2
    assert text.count("<svg") == 9 and "12317" in text
    assert "赵帮扶" in text and "13700002222" in text and "李明" in text and "13600001111" in text
    head = household_a.members.get(relationship="head").name
    assert head not in text and f"{head[0]}*" in text
    for person in household_a.members.all():
        assert person.id_number not in text
    logged = AuditEntry.objects.get(action="export", object_type="region", area_code=VILLAGE_A)
    assert logged.actor == township and "9" in str(logged.changes)


def test_one_codes_picture_decodes_to_its_page_and_is_audited(client, village_a, household_a, code_a):
    response = _login(client, village_a).get(f"/household-codes/codes/{code_a.pk}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [r.text for r in found] == [f"http://testserver/c/{code_a.token}/"]
    assert AuditEntry.objects.filter(action="export", object_id=str(code_a.pk), actor=village_a).exists()


def test_public_base_url_setting_goes_into_the_code(client, settings, village_a, code_a):
    settings.PUBLIC_BASE_URL = "https://shoudi.example.gov.cn/"
    response = _login(client, village_a).get(f"/household-codes/codes/{code_a.pk}/qr.png")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert found[0].text == f"https://shoudi.example.gov.cn/c/{code_a.token}/"


def test_village_b_and_roles_without_the_capability_get_404(
    client, village_b, committee_a, helper_cadre, household_a, code_a
):
    h = f"/household-codes/households/{household_a.pk}"
    gets = [f"{V}/", f"{V}/print/", f"{h}/", f"/household-codes/codes/{code_a.pk}/qr.png"]
    posts = [f"{V}/issue/", f"{h}/issue/", f"{h}/revoke/", f"{h}/reissue/"]
    for user in (village_b, committee_a, helper_cadre):
        _login(client, user)
        for url in gets:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url, {"revoke-reason": "x", "reissue-reason": "x"}).status_code == 404, (user, url)
    for user in (committee_a, helper_cadre):
        assert _login(client, user).get("/household-codes/").status_code == 404
    text = _login(client, village_b).get("/household-codes/", follow=True).content.decode()
    assert household_a.number not in text and code_a.token not in text
    assert HouseholdCode.objects.get(pk=code_a.pk).active and HouseholdCode.objects.count() == 1


def test_a_revoked_codes_picture_is_gone(client, village_a, household_a, code_a):
    _login(client, village_a).post(
        f"/household-codes/households/{household_a.pk}/revoke/", {"revoke-reason": "卡片遗失"}
    )
    assert client.get(f"/household-codes/codes/{code_a.pk}/qr.png").status_code == 404
    assert re.search("已作废", client.get(f"/household-codes/households/{household_a.pk}/").content.decode())


def test_the_menu_shows_the_entry_to_who_may_use_it(client, village_a, committee_a):
    from django.template import Context, Template

    tag = Template("{% load hhcodes_tags %}{% hhcodes_nav %}")
    assert "一户一码" in tag.render(Context({"user": village_a}))
    assert tag.render(Context({"user": committee_a})) == ""


def test_the_print_sheet_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries, village_a, code_a):
    """No query per card: 60 households print with as many queries as one."""
    for _ in range(60):
        household = household_with_members(VILLAGE_A, size=1)
        HouseholdCode.objects.create(household=household, token=f"many{household.number}", issued_at=code_a.issued_at)
    _login(client, village_a)
    with django_assert_max_num_queries(20):
        assert client.get(f"{V}/print/").content.decode().count('data-testid="card"') == 61
