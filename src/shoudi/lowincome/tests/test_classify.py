"""分层分类 of an area through the page, the command line and the API: a household at 1.4 × the 低保 standard is
referred to 民政 as 低保边缘, with the income figures of the monitoring assessment; the 民政 clerk accepts it on the
page, the household then holds the layer, and a second run creates nothing. A household below the line gets a
monitoring lead (大数据比对) too; no line, no run."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from shoudi.lowincome.classify import LEAD_RULE, classify_household
from shoudi.lowincome.models import Membership, Referral
from shoudi.monitoring import policy_bridge
from shoudi.monitoring.models import Lead
from shoudi.policy.models import Parameter
from shoudi.testing.factories import VILLAGE_C

from .sweep import civil_clerk, household_at, standards

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def clerk_civil(regions):
    return civil_clerk()


@pytest.fixture
def edge_household(regions):
    standards()  # 低保 500 元/月 = 6,000 元/年; the monitoring line 6,320
    return household_at("8400")  # 1.4 × 6,000, above the line


def _classify(client, as_of=TODAY):
    return client.post(reverse("lowincome:classify"), {"as_of": as_of.isoformat()})


def test_edge_household_is_referred_accepted_and_not_referred_again(client, county, clerk_civil, edge_household):
    client.force_login(county)
    response = _classify(client)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "分层分类测算完成" in page and 'data-testid="referrals-created">1<' in page and "用时" in page
    referral = Referral.objects.get()
    assert (referral.layer, referral.source, referral.status, referral.as_of) == (
        "dibao_edge",
        "assessment",
        "pending",
        TODAY,
    )
    # the figures of the monitoring assessment, quoted in the referral
    assessed = policy_bridge.assess_household(edge_household, TODAY)
    assert assessed["per_capita_net_income"] == "8400.00" == str(referral.per_capita_income)
    assert any("人均纯收入 8400.00 元低于低保标准的 1.5 倍" in r for r in referral.reasons)
    assert any("家庭纯收入 25200.00 元" in r for r in referral.reasons)
    assert not Lead.objects.exists()  # above the monitoring line: no lead

    client.force_login(clerk_civil)
    decided = client.post(
        reverse("lowincome:referral_act", args=[referral.pk, "decide"]),
        {
            "decision": "accept",
            "decided_on": TODAY.isoformat(),
            "started_on": TODAY.isoformat(),
            "deciding_body": "松桃县民政局",
            "income_pattern": "stable",
        },
    )
    assert decided.status_code == 302
    page = client.get(reverse("lowincome:household", args=[edge_household.pk])).content.decode()
    edge = page.split('data-testid="layer-dibao_edge"', 1)[1].split("</article>", 1)[0]
    assert 'data-testid="holds"' in edge and "现为最低生活保障边缘家庭" in edge
    assert Membership.objects.get().layer == "dibao_edge"

    client.force_login(county)
    _classify(client)
    assert Referral.objects.count() == 1 and Membership.objects.count() == 1


def test_below_the_line_refers_and_leads_once(client, township, edge_household):
    poor = household_at("4000", status="former_poor", exit_year=2019)  # below 低保 and the line
    layers = {r.code: r for r in classify_household(poor, TODAY)}
    assert layers["dibao"].candidate and layers["dibao_edge"].candidate and layers["monitoring"].candidate
    assert layers["former_poor"].holds and not layers["tekun"].candidate  # members able to work

    client.force_login(township)
    _classify(client)
    assert set(Referral.objects.filter(household=poor).values_list("layer", flat=True)) == {"dibao", "dibao_edge"}
    lead = Lead.objects.get()
    assert (lead.household, lead.channel, lead.rule, lead.status) == (poor, "big_data", LEAD_RULE, "open")
    assert "落入防止返贫致贫监测范围" in lead.summary and "人均纯收入 4000.00 元" in lead.summary
    # again the same day, and with another date: nothing new (pending referrals, an open lead)
    _classify(client)
    _classify(client, TODAY - dt.timedelta(days=1))
    assert Referral.objects.count() == 3 and Lead.objects.count() == 1


def test_the_township_classifies_only_its_own_area(client, township, village_a, edge_household):
    elsewhere = household_at("8400", village=VILLAGE_C)  # another township of the county
    client.force_login(township)
    _classify(client)
    assert not Referral.objects.filter(household=elsewhere).exists()
    client.force_login(village_a)  # reads the register, does not classify
    assert client.get(reverse("lowincome:classify")).status_code == 404
    assert _classify(client).status_code == 404


def test_no_line_no_run_and_bad_dates_are_said(client, county, edge_household):
    client.force_login(county)
    response = _classify(client, TODAY + dt.timedelta(days=1))
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    response = client.post(reverse("lowincome:classify"), {"as_of": "2026-02-30"})
    assert response.status_code == 400 and 'data-field="as_of"' in response.content.decode()
    Parameter.objects.filter(key="monitoring_line").delete()
    response = _classify(client)
    assert response.status_code == 400 and "未设定参数" in response.content.decode()
    assert not Referral.objects.exists()


def test_command_line(edge_household, county):
    out = StoredOut()
    call_command("lowincome", "classify", "--area", "520628", "--as-of", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "分层分类测算：松桃苗族自治县（520628）" in text
    assert "最低生活保障边缘家庭：符合条件 1 户，已纳入 0 户，符合而未纳入 1 户" in text
    assert "新转介民政 1 件" in text
    call_command("lowincome", "classify", "--area", "520628", "--user", "county", stdout=(again := StoredOut()))
    assert "新转介民政 0 件（已转介、未重复 1 件）" in again.getvalue()
    for args, said in (
        (["--area", "999999"], "不是系统中的县或乡镇"),
        (["--area", "520628", "--as-of", "2026-13-01"], "测算日期“2026-13-01”无效"),
        (["--area", "520628", "--user", "nobody"], "用户“nobody”不存在"),
        (["--area", "520627", "--user", "county"], "无权"),
    ):
        with pytest.raises(CommandError) as failed:
            call_command("lowincome", "classify", *args, stdout=StoredOut())
        assert said in str(failed.value)
    assert Referral.objects.count() == 1


class StoredOut(StringIO):
    pass


def test_api_classify(client, county, village_a, clerk_civil, edge_household):
    def post(body):
        return client.post("/api/v1/low-income/classify", json.dumps(body), content_type="application/json")

    client.force_login(county)
    done = post({"area": "520628", "as_of": TODAY.isoformat()})
    assert done.status_code == 200, done.content
    result = done.json()
    assert result["referrals_created"] == 1 and result["assessed"] == 1
    edge = next(x for x in result["layers"] if x["code"] == "dibao_edge")
    assert (edge["qualifies"], edge["candidates"]) == (1, 1)
    assert post({"area": "520628"}).json()["referrals_created"] == 0
    for bad in ({"area": "52062\x00"}, {"area": "abc"}, {"area": "520628", "as_of": "2999-01-01"}):
        response = post(bad)
        assert response.status_code == 422, bad
        assert response.json()["field"] in ("area", "as_of")
    assert post({"area": "520627"}).status_code == 404  # another county
    for user in (village_a, clerk_civil):  # no classification for the village or 民政
        client.force_login(user)
        assert post({"area": "520628"}).status_code == 404
    layers = client.get(f"/api/v1/low-income/households/{edge_household.pk}/layers").json()
    assert layers["figures"][1].startswith("家庭纯收入 25200.00 元")
    assert Decimal(layers["referrals"][0]["per_capita_income"]) == Decimal("8400")
