"""公益性岗位 through the pages, as the people who do it: the township sets a post in its village (按需设岗) and
hires a monitored household's member (以岗聘任: a work spell, one 公益岗位帮扶 measure, the post 在岗), the
holder exits (有序退岗), the post is abolished; another village sees nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shoudi.assistance.checks import elderly_in_welfare_post
from shoudi.assistance.models import Measure
from shoudi.employment import codes
from shoudi.employment.models import PostHolding, WelfarePost, Work
from shoudi.employment.testing import post as make_post
from shoudi.employment.tests.sweep_posts import labourer, public_asset
from shoudi.monitoring.codes import MeasureKind
from shoudi.registry.models import Person
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MONTH_START = TODAY.replace(day=1)


def _create_form(**overrides):
    data = {
        "area": VILLAGE_A,
        "kind": "cleaning",
        "title": "当造村保洁员",
        "need": "村内公共区域和垃圾收集点无人保洁",
        "duty": "每日清扫主干道",
        "monthly_subsidy": "600",
        "funding": "linkage",
        "created_on": (TODAY - dt.timedelta(days=60)).isoformat(),
        "term_months": "12",
        "asset": "",
    }
    data.update(overrides)
    return data


def test_township_sets_a_post_in_its_village(client, township):
    client.force_login(township)
    response = client.post("/employment/posts/new/", _create_form())
    post = WelfarePost.objects.get(title="当造村保洁员")
    assert response.status_code == 302 and response["Location"] == f"/employment/posts/{post.pk}/"
    assert post.village_id == VILLAGE_A and post.status == codes.PostStatus.VACANT
    page = client.get(f"/employment/posts/{post.pk}/").content.decode()
    assert "当造村保洁员" in page and "待聘" in page and "以岗聘任" in page
    listing = client.get("/employment/posts/").content.decode()
    assert "当造村保洁员" in listing


def test_a_post_needs_its_reason_and_a_village_of_the_area(client, township):
    client.force_login(township)
    response = client.post("/employment/posts/new/", _create_form(need=""))
    assert response.status_code == 400 and "此项必填" in response.content.decode()
    response = client.post("/employment/posts/new/", _create_form(area=VILLAGE_C))  # another township's village
    assert response.status_code == 400 and "不在可选项中" in response.content.decode()
    assert not WelfarePost.objects.exists()


def test_an_asset_care_post_names_a_public_asset_of_the_area(client, township):
    client.force_login(township)
    response = client.post("/employment/posts/new/", _create_form(kind="asset_care", title="通组公路管护员"))
    assert response.status_code == 400 and "资产管护岗位须从资产台账中选择" in response.content.decode()
    road = public_asset(VILLAGE_A)
    response = client.post(
        "/employment/posts/new/", _create_form(kind="asset_care", title="通组公路管护员", asset=str(road.pk))
    )
    assert response.status_code == 302
    assert WelfarePost.objects.get(title="通组公路管护员").asset == road


def _hire(client, post, person, started_on=None, **extra):
    data = {
        "person": str(person.pk),
        "started_on": (started_on or MONTH_START).isoformat(),
        "agreement_no": "",
        **extra,
    }
    return client.post(f"/employment/posts/{post.pk}/hire/", data)


def test_hiring_a_monitored_member_opens_work_and_one_welfare_post_measure(client, township, monitored):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=90), monthly_subsidy=Decimal("600.00"))
    person = labourer(monitored.household)
    client.force_login(township)
    page = client.get(f"/employment/posts/{post.pk}/").content.decode()
    assert person.name in page and "监测对象" in page
    response = _hire(client, post, person)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == codes.PostStatus.FILLED
    holding = PostHolding.objects.get(post=post)
    assert holding.priority == codes.Priority.MONITORED and holding.person == person
    spell = Work.objects.get(person=person, ended_on__isnull=True)
    assert spell.source == codes.WorkSource.POST and spell.employer_name == "公益性岗位：村庄保洁员"
    assert spell.place == codes.WorkPlace.IN_COUNTY and spell.monthly_pay == Decimal("600.00")
    assert holding.work == spell
    measures = Measure.objects.filter(case=monitored, kind=MeasureKind.WELFARE_POST)
    assert measures.count() == 1 and measures.get().person == person and measures.get().amount == Decimal("600.00")
    Person.objects.filter(pk=person.pk).update(birth_date=TODAY.replace(year=TODAY.year - 72))
    flagged = list(elderly_in_welfare_post(VILLAGE_A, TODAY))
    assert any(monitored.pk in row for row in flagged)  # the quality check sees the holder through the measure


def test_a_person_on_a_post_cannot_be_hired_to_another(client, township):
    person = labourer()
    first = make_post(VILLAGE_A, title="保洁员甲", created_on=TODAY - dt.timedelta(days=90))
    second = make_post(VILLAGE_A, title="护路员乙", kind="road", created_on=TODAY - dt.timedelta(days=90))
    client.force_login(township)
    assert _hire(client, first, person).status_code == 302
    response = _hire(client, second, person)
    assert response.status_code == 400 and "不在可选项中" in response.content.decode()  # no longer a candidate
    assert PostHolding.objects.filter(person=person).count() == 1


def test_someone_past_working_age_is_not_offered(client, township):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=90))
    old = household_with_members(VILLAGE_A, size=1).members.get()  # born 1950
    client.force_login(township)
    page = client.get(f"/employment/posts/{post.pk}/").content.decode()
    assert old.name not in page
    assert _hire(client, post, old).status_code == 400


def test_exit_ends_the_work_and_the_post_is_vacant_again(client, township, monitored):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=90))
    person = labourer(monitored.household)
    client.force_login(township)
    _hire(client, post, person, started_on=TODAY - dt.timedelta(days=40))
    holding = PostHolding.objects.get(post=post)
    response = client.post(
        f"/employment/posts/holdings/{holding.pk}/exit/",
        {"ended_on": (TODAY - dt.timedelta(days=50)).isoformat(), "exit_reason": "resigned", "exit_note": ""},
    )
    assert response.status_code == 400 and "退岗日期不能早于上岗日期" in response.content.decode()
    response = client.post(
        f"/employment/posts/holdings/{holding.pk}/exit/",
        {"ended_on": TODAY.isoformat(), "exit_reason": "found_job", "exit_note": ""},
    )
    assert response.status_code == 302
    holding.refresh_from_db()
    post.refresh_from_db()
    assert holding.ended_on == TODAY and holding.exit_reason == "found_job"
    assert post.status == codes.PostStatus.VACANT
    assert holding.work is not None and holding.work.ended_on == TODAY
    assert Measure.objects.get(kind=MeasureKind.WELFARE_POST, person=person).end == TODAY


def test_abolishing_a_filled_post_exits_its_holder(client, township):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=90))
    person = labourer()
    client.force_login(township)
    _hire(client, post, person, started_on=TODAY - dt.timedelta(days=30))
    response = client.post(f"/employment/posts/{post.pk}/abolish/", {"abolished_on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    holding = PostHolding.objects.get(post=post)
    assert post.status == codes.PostStatus.ABOLISHED and post.abolished_on == TODAY
    assert holding.exit_reason == codes.ExitReason.POST_ABOLISHED and holding.ended_on == TODAY
    page = client.get(f"/employment/posts/{post.pk}/").content.decode()
    assert "已撤岗" in page and "岗位撤销" in page and "撤销岗位" not in page


def test_an_edit_over_someone_elses_is_refused(client, township, county):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=90))
    client.force_login(township)
    form = {**_create_form(title="当造村保洁员（改）"), "version": str(post.version)}
    form.pop("area")
    WelfarePost.objects.filter(pk=post.pk).update(version=post.version + 1)  # the county saved meanwhile
    response = client.post(f"/employment/posts/{post.pk}/edit/", form)
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()
    form["version"] = str(post.version + 1)
    assert client.post(f"/employment/posts/{post.pk}/edit/", form).status_code == 302
    assert WelfarePost.objects.get(pk=post.pk).title == "当造村保洁员（改）"


def test_another_village_sees_nothing_and_viewers_cannot_write(client, village_a, village_b, clerk, township):
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=90))
    client.force_login(village_b)
    assert client.get(f"/employment/posts/{post.pk}/").status_code == 404
    assert client.get(f"/employment/posts/pay/{VILLAGE_A}/").status_code == 404
    assert "村庄保洁员" not in client.get("/employment/posts/").content.decode()
    client.force_login(village_a)  # the village contact reads, does not manage
    page = client.get(f"/employment/posts/{post.pk}/")
    assert page.status_code == 200 and "以岗聘任" not in page.content.decode()
    assert client.post(f"/employment/posts/{post.pk}/hire/", {}).status_code == 404
    assert client.get("/employment/posts/new/").status_code == 404
    client.force_login(clerk)  # 医保 clerk: not 人社
    assert client.get("/employment/posts/").status_code == 404


def test_the_hr_clerk_sets_a_township_post(client, hr_clerk):
    client.force_login(hr_clerk)
    response = client.post(
        "/employment/posts/new/",
        _create_form(area=TOWNSHIP_A, kind="forest", title="盘石镇生态护林员", funding="ecology"),
    )
    assert response.status_code == 302
    assert WelfarePost.objects.get(title="盘石镇生态护林员").village_id == TOWNSHIP_A


def test_the_asset_page_shows_the_posts_maintaining_it(client, township, county):
    road = public_asset(VILLAGE_A)
    post = make_post(VILLAGE_A, title="通组公路管护员", kind="asset_care", asset=road, created_on=TODAY)
    person = labourer()
    client.force_login(township)
    _hire(client, post, person, started_on=TODAY)
    page = client.get(f"/assets/{road.pk}/").content.decode()
    assert "管护公益性岗位" in page and "通组公路管护员" in page and person.name in page


def test_workbench_counts_vacant_posts(client, township, village_b):
    from shoudi.employment.workbench import tasks_for

    make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=10))
    make_post(VILLAGE_B, created_on=TODAY - dt.timedelta(days=10))
    counts = {t["key"]: t["count"] for t in tasks_for(township, TODAY)}
    assert counts["employment_posts_vacant"] == 2
    assert "employment_posts_vacant" not in {t["key"] for t in tasks_for(village_b, TODAY)}  # no MANAGE_POSTS
    client.force_login(township)
    assert client.get("/employment/posts/vacant/").content.decode().count('data-testid="post-row"') == 2


def test_hostile_page_input_is_said_in_chinese(client, township, village_b):
    client.force_login(township)
    response = client.post("/employment/posts/new/", _create_form(title="保洁\x00员", monthly_subsidy="1e30"))
    page = response.content.decode()
    assert response.status_code == 400 and "空字符" in page and "不能大于" in page
    assert client.get("/employment/posts/", {"year": "1e30", "kind": "moon"}).status_code == 400
    assert (
        "请按“年-月”填写月份"
        in client.get(f"/employment/posts/pay/{VILLAGE_A}/", {"month": "2026-13"}).content.decode()
    )
    assert client.get("/employment/posts/pay/52062810120/").status_code == 404  # not a village or township code
    assert client.get("/employment/posts/pay/520628/").status_code == 404  # the county has no sheet of its own
    stranger = household_with_members(VILLAGE_C, size=1).members.get()
    post = make_post(VILLAGE_A, created_on=TODAY - dt.timedelta(days=10))
    assert _hire(client, post, stranger).status_code == 400  # not of the post's village: not offered
    assert not PostHolding.objects.exists() and WelfarePost.objects.count() == 1


def test_a_township_post_hires_from_any_of_its_villages(client, township):
    post = make_post(TOWNSHIP_A, title="盘石镇生态护林员", kind="forest", created_on=TODAY - dt.timedelta(days=10))
    person = labourer(household_with_members(VILLAGE_B, size=1))
    client.force_login(township)
    assert _hire(client, post, person).status_code == 302
    page = client.get(f"/employment/posts/pay/{TOWNSHIP_A}/?month={MONTH_START:%Y-%m}").content.decode()
    assert person.name in page and "盘石镇" in page
