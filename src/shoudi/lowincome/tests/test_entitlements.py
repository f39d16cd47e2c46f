"""待落实待遇 as the county officer, the 医保 and 教育 clerks and the township meet them: the county officer presses
核对 for last year, the items appear on each department's list with the figures compared, a clerk settles their
own department's items (and only those), a second check changes nothing, and data that now show an entitlement
close its item by themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.lowincome.models import Entitlement
from shoudi.monitoring import policy_bridge
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_C, household_with_members

from .entitlement_world import (
    TODAY,
    YEAR,
    check_form,
    civil_clerk,
    education_clerk,
    enrolled,
    holds,
    login,
    members,
    school,
    stay,
)

pytestmark = pytest.mark.django_db


def items(**filters):
    return {(e.person_id, e.kind): e for e in Entitlement.objects.filter(**filters)}


@pytest.fixture
def dibao(regions):
    household = household_with_members(VILLAGE_A, size=3)
    holds(household, "dibao")
    return household


def test_the_premium_subsidy_is_checked_for_each_member_of_a_dibao_household(county, clerk, dibao):
    paid, unpaid, missing = members(dibao)
    enrolled(paid, "定额资助")  # 低保: 全额 or 定额 both count
    enrolled(unpaid, "未资助")
    officer = login(county)
    response = check_form(officer)
    assert response.status_code == 302
    page = officer.get(response["Location"]).content.decode()
    assert "核对完成：核对 3 人，新增待落实 2 项" in page
    found = items(kind="premium_subsidy")
    assert set(found) == {(unpaid.pk, "premium_subsidy"), (missing.pk, "premium_subsidy")}
    assert found[(unpaid.pk, "premium_subsidy")].found == "已参保，资助类别为未资助"
    assert found[(missing.pk, "premium_subsidy")].found == "医保参保数据中无本年度参保记录"
    assert all(e.department == "medical_insurance" and e.status == "open" for e in found.values())
    clerk_page = login(clerk).get("/low-income/entitlements/").content.decode()
    assert clerk_page.count('data-testid="entitlement-row"') == 2
    assert unpaid.id_number not in clerk_page and unpaid.masked_id in clerk_page  # a clerk sees masked IDs
    assert unpaid.id_number in page  # the county officer may see full IDs


def test_tekun_needs_the_full_subsidy_and_an_uninsured_member_is_said(county, regions):
    household = household_with_members(VILLAGE_A, size=2)
    holds(household, "tekun", monthly_amount=Decimal("600"))
    fixed, uninsured = members(household)
    enrolled(fixed, "定额资助")
    enrolled(uninsured, insured=False)
    check_form(login(county))
    found = items()
    assert found[(fixed.pk, "premium_subsidy")].found == "已参保，资助类别为定额资助"
    assert found[(fixed.pk, "premium_subsidy")].expected == "特困人员个人缴费全额资助"
    assert found[(uninsured.pk, "premium_subsidy")].found == "本年度未参保"
    assert found[(fixed.pk, "premium_subsidy")].layer == "tekun"


@pytest.mark.parametrize(
    ("oop", "aid", "open_"),
    [
        ("3000", "7000", False),  # aid exactly 70% of 10,000
        ("3001", "6999", False),  # 1 元 short: within the tolerance
        ("3001.01", "6998.99", True),  # more than 1 元 short
        ("10000", None, True),  # no aid shown at all
    ],
)
def test_medical_assistance_at_its_boundary(county, dibao, oop, aid, open_):
    person = members(dibao)[0]
    enrolled(person, "全额资助")
    stay(person, oop=oop, aid=aid)
    stay(person, oop="5000", aid="0", category="门诊")  # out-patient claims do not count
    check_form(login(county))
    item = items(kind="medical_assistance").get((person.pk, "medical_assistance"))
    assert (item is not None) is open_
    if open_ and aid:
        assert "7,000.00 元" in item.expected and "合规自付 10,000.00 元" in item.expected
        assert item.found == f"住院 1 次，医疗救助 {Decimal(aid):,.2f} 元"


def test_the_yearly_cap_bounds_the_expected_aid_when_the_county_stored_one(county, dibao):
    person = members(dibao)[0]
    policy_bridge.store_param(
        "medical_assistance_cap", COUNTY, "5000", valid_from=dt.date(YEAR, 1, 1), source="县医保局文件"
    )
    stay(person, oop="15000", aid="5000")  # 70% of 20,000 is 14,000: capped at 5,000
    other = members(dibao)[1]
    stay(other, oop="15000", aid="4998.99")
    check_form(login(county))
    found = items(kind="medical_assistance")
    assert (person.pk, "medical_assistance") not in found
    assert "年度限额 5,000.00 元（已达限额）" in found[(other.pk, "medical_assistance")].expected


def test_university_grant_and_tuition_support_of_a_former_poor_family(county, regions):
    household = household_with_members(VILLAGE_A, size=4, status="former_poor", exit_year=2018)
    head, paid, short, enrolled_ = members(household)
    school(paid, "录取", stage="本科", amount="7000")
    school(short, "录取", stage="高职", amount="6999.99")
    school(enrolled_, "在校", stage="大学专科")
    school(head, "录取", stage="高中")  # not university level
    ordinary = household_with_members(VILLAGE_A, size=1)
    school(members(ordinary)[0], "录取", stage="本科")  # not a 脱贫户: no entitlement
    check_form(login(county))
    found = items()
    assert set(found) == {(short.pk, "university_grant"), (enrolled_.pk, "tuition_support")}
    grant = found[(short.pk, "university_grant")]
    assert grant.department == "education" and grant.layer == "former_poor"
    assert grant.expected == "脱贫家庭大学新生一次性资助 7,000.00 元"
    assert "资助金额 6,999.99 元" in grant.found and "高职" in grant.found
    assert found[(enrolled_.pk, "tuition_support")].expected == "学费和住宿费据实补助，最高8000元/学年"


def test_a_second_check_changes_nothing_and_data_that_show_delivery_close_the_item(county, clerk, dibao):
    first, second, third = members(dibao)
    check_form(login(county))
    assert Entitlement.objects.filter(status="open").count() == 3
    before = {e.pk: (e.status, e.found) for e in Entitlement.objects.all()}
    officer = login(county)
    response = check_form(officer)
    assert "新增待落实 0 项" in officer.get(response["Location"]).content.decode()
    assert {e.pk: (e.status, e.found) for e in Entitlement.objects.all()} == before
    # the clerk marks one not applicable; the 医保 data then show the other two subsidised
    item = Entitlement.objects.get(person=first)
    login(clerk).post(
        f"/low-income/entitlements/{item.pk}/settle/",
        {"status": "not_applicable", "on": TODAY.isoformat(), "note": "已在外省参保"},
    )
    enrolled(second, "全额资助")
    enrolled(third, "定额资助")
    check_form(login(county))
    found = items()
    assert found[(first.pk, "premium_subsidy")].status == "not_applicable"  # never reopened
    delivered = found[(second.pk, "premium_subsidy")]
    assert delivered.status == "delivered" and delivered.note == "部门数据已显示落实"
    assert delivered.resolved_on == TODAY and delivered.found == "已参保，全额资助"
    assert found[(third.pk, "premium_subsidy")].status == "delivered"


def test_a_clerk_settles_their_department_items_and_the_note_is_required_for_not_applicable(
    county, clerk, township, dibao
):
    person = members(dibao)[0]
    check_form(login(county))
    item = Entitlement.objects.get(person=person)
    page = login(clerk).get(f"/low-income/entitlements/{item.pk}/").content.decode()
    assert 'data-form="lowincome.entitlement_settle"' in page
    refused = login(clerk).post(
        f"/low-income/entitlements/{item.pk}/settle/", {"status": "not_applicable", "on": TODAY.isoformat()}
    )
    assert refused.status_code == 400
    assert 'data-field="note"' in refused.content.decode() and "请写明原因" in refused.content.decode()
    future = login(clerk).post(
        f"/low-income/entitlements/{item.pk}/settle/",
        {"status": "delivered", "on": (TODAY + dt.timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()
    assert Entitlement.objects.get(pk=item.pk).status == "open"
    done = login(clerk).post(
        f"/low-income/entitlements/{item.pk}/settle/",
        {"status": "delivered", "on": TODAY.isoformat(), "note": "已补资助 320 元"},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.resolved_on, item.note, item.updated_by) == ("delivered", TODAY, "已补资助 320 元", clerk)
    again = login(clerk).post(
        f"/low-income/entitlements/{item.pk}/settle/",
        {"status": "not_applicable", "on": TODAY.isoformat(), "note": "重复提交"},
    )
    assert again.status_code == 400 and "此项已是“已落实”，不需再办理" in again.content.decode()
    item.refresh_from_db()
    assert item.status == "delivered" and item.note == "已补资助 320 元"
    # the township sees it but settles nothing
    township_page = login(township).get(f"/low-income/entitlements/{item.pk}/").content.decode()
    assert "lowincome.entitlement_settle" not in township_page


def test_each_department_sees_and_settles_only_its_own_items(county, clerk, village_b, outsider, regions):
    household = household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2016)
    holds(household, "dibao")
    person = members(household)[0]
    school(person, "在校", stage="本科")
    check_form(login(county))
    medical = Entitlement.objects.get(kind="premium_subsidy")
    education = Entitlement.objects.get(kind="tuition_support")
    teacher, civil = education_clerk(), civil_clerk()
    # 医保 clerk: only 医保 items; an 教育 item is "not found", to read or to settle
    assert login(clerk).get(f"/low-income/entitlements/{education.pk}/").status_code == 404
    settle = {"status": "delivered", "on": TODAY.isoformat(), "note": ""}
    assert login(clerk).post(f"/low-income/entitlements/{education.pk}/settle/", settle).status_code == 404
    assert Entitlement.objects.get(pk=education.pk).status == "open"
    edu_page = login(teacher).get("/low-income/entitlements/").content.decode()
    assert edu_page.count('data-testid="entitlement-row"') == 1 and "学费住宿费补助" in edu_page
    assert login(teacher).post(f"/low-income/entitlements/{education.pk}/settle/", settle).status_code == 302
    # the 民政 clerk reads every item of the county and settles none
    assert login(civil).get("/low-income/entitlements/").content.decode().count('data-testid="entitlement-row"') == 1
    assert login(civil).post(f"/low-income/entitlements/{medical.pk}/settle/", settle).status_code == 404
    # another village, another county: nothing
    assert login(village_b).get(f"/low-income/entitlements/{medical.pk}/").status_code == 404
    assert login(outsider).get(f"/low-income/entitlements/{medical.pk}/").status_code == 404
    assert 'data-testid="entitlement-row"' not in login(outsider).get("/low-income/entitlements/").content.decode()


def test_only_the_county_officer_runs_the_check_and_a_bad_year_is_said(county, clerk, township, dibao):
    assert check_form(login(township)).status_code == 404
    assert check_form(login(clerk)).status_code == 404
    bad = check_form(login(county), year=TODAY.year + 1)
    assert bad.status_code == 400 and 'data-field="year"' in bad.content.decode()
    assert check_form(login(county), year="二〇二五").status_code == 400
    assert not Entitlement.objects.exists()
    assert (
        'data-form="lowincome.entitlement_check"'
        not in login(township).get("/low-income/entitlements/").content.decode()
    )


def test_the_workbench_counts_open_items_for_their_department(county, clerk, dibao):
    from shoudi.lowincome.panels_entitlements import open_count

    check_form(login(county))
    assert open_count(clerk, TODAY) == 3 and open_count(county, TODAY) == 3
    assert open_count(education_clerk(), TODAY) == 0
    page = login(county).get("/").content.decode()
    assert page.count('data-testid="task-lowincome_entitlements') == 1  # once, on the 常态化帮扶 panel
    clerk_page = login(clerk).get("/").content.decode()
    assert 'data-testid="task-lowincome_entitlements_dept"' in clerk_page


def test_the_command_checks_a_county(dibao, capsys):
    from django.core.management import call_command

    call_command("lowincome_entitlements", "--area", COUNTY, "--year", str(YEAR))
    assert "新增待落实 3 项" in capsys.readouterr().out
    call_command("lowincome_entitlements", "--area", VILLAGE_C, "--year", str(YEAR))
    assert Entitlement.objects.count() == 3
