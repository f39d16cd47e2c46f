"""在岗领补 through the pay sheet page, as the village committee: the month's holders with their defaults, saved
all-or-nothing, saved again to correct, refused outside the holding's dates; the Excel export; the workbench's
"上月补贴未发放"; and the relocated share of the year (1 of 5 hires → 20%, 达标)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from shoudi.accounts.roles import Role
from shoudi.employment import codes, post_share
from shoudi.employment.models import PostHolding, PostPay
from shoudi.employment.months import month_end
from shoudi.employment.post_pay import working_days
from shoudi.employment.testing import holding as make_holding
from shoudi.employment.testing import post as make_post
from shoudi.employment.tests.sweep_posts import labourer
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, household_with_members, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def committee(regions):
    return make_user("committee_pay", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村两委（当造村）")


@pytest.fixture
def held(regions):
    """A 600-a-month post of village A held since the first of last month."""
    post = make_post(VILLAGE_A, created_on=LAST_MONTH, monthly_subsidy=Decimal("600.00"))
    return make_holding(post, labourer(), started_on=LAST_MONTH)


def _form(rows, **values):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": str(len(rows)), "rows-MAX_NUM_FORMS": "500"}
    for n, holding in enumerate(rows):
        row = {
            "holding": str(holding.pk),
            "days_required": "20",
            "days_worked": "18",
            "amount_due": "540.00",
            "amount_paid": "540.00",
            "paid_on": TODAY.isoformat(),
            "note": "",
            **values,
        }
        data.update({f"rows-{n}-{k}": v for k, v in row.items()})
    return data


def test_the_committee_files_last_months_sheet(client, committee, held):
    client.force_login(committee)
    url = f"/employment/posts/pay/{VILLAGE_A}/?month={LAST_MONTH:%Y-%m}"
    page = client.get(url).content.decode()
    required = working_days(LAST_MONTH, month_end(LAST_MONTH))
    assert held.person.name in page and f'value="{required}"' in page and 'value="600.00"' in page
    response = client.post(url, _form([held]))
    assert response.status_code == 302
    pay = PostPay.objects.get(holding=held, month=LAST_MONTH)
    assert pay.amount_due == Decimal("540.00") and pay.days_worked == 18 and pay.village_id == VILLAGE_A
    # saved again: the same row is corrected, not a second one
    assert client.post(url, _form([held], amount_paid="500.00")).status_code == 302
    assert PostPay.objects.filter(holding=held).count() == 1
    assert PostPay.objects.get(holding=held).amount_paid == Decimal("500.00")


def test_a_bad_row_saves_nothing_and_names_its_row(client, committee, held):
    other = make_holding(make_post(VILLAGE_A, title="护路员", created_on=LAST_MONTH), labourer(), started_on=LAST_MONTH)
    client.force_login(committee)
    url = f"/employment/posts/pay/{VILLAGE_A}/?month={LAST_MONTH:%Y-%m}"
    data = _form([held, other])
    data["rows-1-days_worked"] = "25"
    data["rows-1-days_required"] = "20"
    response = client.post(url, data)
    assert response.status_code == 400 and "第 2 行" in response.content.decode()
    assert "实际出勤天数不能超过应出勤天数" in response.content.decode()
    assert not PostPay.objects.exists()


def test_a_month_before_hiring_is_refused(client, committee, held):
    client.force_login(committee)
    before = (LAST_MONTH - dt.timedelta(days=1)).replace(day=1)
    url = f"/employment/posts/pay/{VILLAGE_A}/?month={before:%Y-%m}"
    assert "该月没有在岗人员" in client.get(url).content.decode()
    data = _form([held], paid_on="")
    data["rows-0-amount_paid"] = "0"
    response = client.post(url, data)  # a forged row for the month before the hiring
    assert response.status_code == 400 and "该月不在岗，不能发放补贴" in response.content.decode()
    assert not PostPay.objects.exists()


def test_the_sheet_exports_to_excel(client, committee, held):
    client.force_login(committee)
    response = client.get(f"/employment/posts/pay/{VILLAGE_A}/export/?month={LAST_MONTH:%Y-%m}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert held.person.name in values and held.person.id_number not in values  # masked


def test_viewers_read_the_sheet_but_only_payers_save(client, village_a, held):
    client.force_login(village_a)  # the village contact: no RECORD_POST_PAY
    url = f"/employment/posts/pay/{VILLAGE_A}/?month={LAST_MONTH:%Y-%m}"
    page = client.get(url)
    assert page.status_code == 200 and "保存考勤发放表" not in page.content.decode()
    assert client.post(url, _form([held])).status_code == 404
    assert not PostPay.objects.exists()


def test_exit_cannot_go_before_a_paid_month(client, township, committee, held):
    client.force_login(committee)
    client.post(f"/employment/posts/pay/{VILLAGE_A}/?month={THIS_MONTH:%Y-%m}", _form([held]))
    assert PostPay.objects.filter(month=THIS_MONTH).exists()
    client.force_login(township)
    response = client.post(
        f"/employment/posts/holdings/{held.pk}/exit/",
        {"ended_on": (THIS_MONTH - dt.timedelta(days=1)).isoformat(), "exit_reason": "resigned", "exit_note": ""},
    )
    assert response.status_code == 400 and "已发放岗位补贴" in response.content.decode()


def test_last_months_unpaid_holdings_are_counted_orange(client, committee, held):
    from shoudi.employment.workbench import tasks_for

    tasks = {t["key"]: t for t in tasks_for(committee, TODAY)}
    assert tasks["employment_posts_unpaid"]["count"] == 1 and tasks["employment_posts_unpaid"]["warn"]
    client.force_login(committee)
    assert held.person.name in client.get("/employment/posts/pay/unpaid/").content.decode()
    client.post(f"/employment/posts/pay/{VILLAGE_A}/?month={LAST_MONTH:%Y-%m}", _form([held]))
    assert {t["key"]: t for t in tasks_for(committee, TODAY)}["employment_posts_unpaid"]["count"] == 0


def test_one_relocated_hire_of_five_meets_the_twenty_percent(client, township):
    year = TODAY.year
    for n in range(5):
        household = household_with_members(VILLAGE_A, size=1, relocated=(n == 0))
        post = make_post(VILLAGE_A, title=f"保洁员{n}", created_on=dt.date(year, 1, 1))
        make_holding(post, labourer(household), started_on=dt.date(year, 2, 1))
    found = post_share.relocated_share(VILLAGE_A[:6], year)
    assert (found["hires"], found["hires_relocated"], found["posts_created_relocated"]) == (5, 1, 1)
    assert found["share_text"] == "20.0%" and found["met"] is True and found["status"] == "达标"
    assert found["filled"] == 5 and found["vacant"] == 0
    client.force_login(township)
    page = client.get(f"/employment/posts/?year={year}").content.decode()
    assert "20.0%" in page and "达标" in page
    Household.objects.filter(relocated=True).update(relocated=False)  # recorded at hiring: unchanged
    assert post_share.relocated_share(VILLAGE_A[:6], year)["hires_relocated"] == 1
    PostHolding.objects.filter(relocated=True).update(relocated=False)
    assert post_share.relocated_share(VILLAGE_A[:6], year)["status"] == "未达标"


def test_relocated_labourers_go_first_within_their_group_while_below_target(client, township):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=30))
    plain = labourer(household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2019), name="甲某")
    moved = labourer(
        household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2019, relocated=True), name="乙某"
    )
    client.force_login(township)
    page = client.get(f"/employment/posts/{post.pk}/").content.decode()
    assert page.index(moved.name) < page.index(plain.name) and "易地扶贫搬迁劳动力排在同类人员之前" in page
    assert codes.Priority.FORMER_POOR.label in page
