"""Matching and recommendations through the pages, the API and the command, on a small world whose expected
ranking is known: skills, wishes, distance and household need (监测对象 before 低收入人口 before 脱贫户),
not-at-work before at-work, the opening's age limit and 有就业意愿. The 人社 clerk recommends and records 上岗 →
the person's work spell exists and the monitored household gets one 就业帮扶 measure."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from shoudi.assistance.models import Measure
from shoudi.employment import codes, matching_pool
from shoudi.employment.matching_pool import forget, tokens
from shoudi.employment.models import Opening, Recommendation, Work
from shoudi.employment.testing import employer, opening, work
from shoudi.employment.tests.sweep_jobs import monitor, worker
from shoudi.lowincome.testing import membership
from shoudi.monitoring.codes import MeasureKind
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, VILLAGE_B, VILLAGE_C

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_pools(monkeypatch):
    monkeypatch.setattr(matching_pool, "MIN_FRESH_SECONDS", 0)  # a change is seen at once
    forget()
    yield
    forget()


@pytest.fixture
def world(regions):
    """P1 monitored, same township, one of two skills, wish fits: 15+12+15+20+10+5 = 77.
    P2 other township, both skills, wish fits: 30+12+8+10+5 = 65.
    P4 low-income, same township, one skill, at work: 15+15+14+5 = 49.
    P3 脱贫户, same township, no profile: 15+8+10 = 33.
    Not candidates: P5 (older than 50), P6 (no wish to work), P7 (70, not of working age)."""
    p1 = worker(VILLAGE_A, 30, name="甲监测", profile={"skills": "电焊", "wish_kind": "电焊工"})
    monitor(p1)
    p2 = worker(VILLAGE_C, 35, name="乙他乡", profile={"skills": "电焊，焊工证", "wish_kind": "焊工"})
    p3 = worker(VILLAGE_A, 40, name="丙脱贫", status="former_poor")
    p4 = worker(VILLAGE_B, 45, name="丁低保", profile={"skills": "电焊"})
    membership(p4.household)
    work(p4, started_on=TODAY - dt.timedelta(days=30), place="in_county")
    worker(VILLAGE_A, 55, name="戊超龄", profile={"skills": "电焊、焊工"})
    worker(VILLAGE_A, 28, name="己无意愿", profile={"skills": "电焊、焊工", "available": False})
    worker(VILLAGE_A, 70, name="庚年老", profile={"skills": "电焊、焊工"})
    job = opening(
        employer(),
        title="电焊工",
        skills="电焊、焊工",
        workplace_id=TOWNSHIP_A,
        age_max=50,
        opens_on=TODAY,
        headcount=1,
    )
    forget()
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "opening": job}


def test_tokens():
    assert tokens("电焊、焊工证，厨师; 电工 电焊") == ("电焊", "焊工", "厨师", "电工")


def test_candidates_are_ranked_as_expected_with_their_reasons(client, hr_clerk, world):
    client.force_login(hr_clerk)
    rows = client.get(f"/api/v1/employment/openings/{world['opening'].pk}/candidates").json()
    assert [r["name"] for r in rows] == ["甲监测", "乙他乡", "丁低保", "丙脱贫"]
    assert [r["score"] for r in rows] == ["77.00", "65.00", "49.00", "33.00"]
    assert rows[0]["reasons"] == "技能匹配：电焊；求职意向相符；同乡镇；监测对象优先；未就业；有就业意愿"
    assert rows[2]["reasons"] == "技能匹配：电焊；同乡镇；低收入人口优先；已就业；有就业意愿"
    assert rows[0]["id_number"].count("*") == 8  # masked
    page = client.get(f"/employment/openings/{world['opening'].pk}/").content.decode()
    assert page.index("甲监测") < page.index("乙他乡") < page.index("丁低保") < page.index("丙脱贫")
    assert "戊超龄" not in page and "己无意愿" not in page and "庚年老" not in page


def test_a_township_reviewer_sees_openings_not_candidates(client, township, world):
    client.force_login(township)
    page = client.get(f"/employment/openings/{world['opening'].pk}/")
    assert page.status_code == 200 and "推荐人选" not in page.content.decode()
    assert client.get(f"/api/v1/employment/openings/{world['opening'].pk}/candidates").status_code == 404


def test_recommend_then_hired_creates_the_work_and_one_measure(client, hr_clerk, village_a, world):
    p1, job = world["p1"], world["opening"]
    client.force_login(hr_clerk)
    response = client.post(f"/employment/openings/{job.pk}/", {"persons": [str(p1.pk), str(world["p3"].pk)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    rec = Recommendation.objects.get(opening=job, person=p1)
    assert rec.score == Decimal("77.00") and "监测对象优先" in rec.reasons
    page = client.get(f"/employment/openings/{job.pk}/").content.decode()
    assert page.count('data-testid="candidate-marked"') == 2  # recommended ones are marked

    url = f"/employment/recommendations/{rec.pk}/"
    assert (
        client.post(url, {"outcome": "contacted", "outcome_on": TODAY.isoformat(), "version": "1"}).status_code == 302
    )
    stale = client.post(url, {"outcome": "hired", "outcome_on": TODAY.isoformat(), "version": "1"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    hired = client.post(
        url, {"outcome": "hired", "outcome_on": TODAY.isoformat(), "monthly_pay": "3800", "version": "2"}
    )
    assert hired.status_code == 302, hired.content.decode()[:2000]
    rec.refresh_from_db()
    assert rec.outcome == codes.Outcome.HIRED and rec.work is not None
    spell = Work.objects.get(person=p1, ended_on__isnull=True)
    assert spell.source == codes.WorkSource.PLACEMENT and spell.employer_id == job.employer_id
    assert spell.monthly_pay == Decimal("3800.00") and spell.job == "电焊工"
    p1.refresh_from_db()
    assert p1.work_place == codes.WorkPlace.IN_COUNTY
    measures = Measure.objects.filter(case__household=p1.household, kind=MeasureKind.EMPLOYMENT)
    assert measures.count() == 1
    assert Opening.objects.get(pk=job.pk).status == codes.OpeningStatus.FILLED  # headcount 1 reached
    again = client.post(
        url, {"outcome": "failed", "outcome_on": TODAY.isoformat(), "outcome_note": "x", "version": "3"}
    )
    assert again.status_code == 302 and Recommendation.objects.get(pk=rec.pk).outcome == codes.Outcome.HIRED

    client.force_login(village_a)  # the village sees its own people's recommendations, cannot record
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "failed", "outcome_on": TODAY.isoformat(), "version": "3"}).status_code == 404


def test_person_openings_page_and_api(client, hr_clerk, village_b, world):
    far = opening(employer(name="宁波电子厂"), title="普工", place="partner_city", opens_on=TODAY)
    client.force_login(hr_clerk)
    data = client.get(f"/api/v1/employment/persons/{world['p1'].pk}/openings").json()
    assert data["in_pool"] is True
    assert [i["opening"]["title"] for i in data["items"]] == ["电焊工", "普工"]
    response = client.post(f"/employment/persons/{world['p1'].pk}/openings/", {"opening": str(far.pk)})
    assert response.status_code == 302
    assert Recommendation.objects.filter(person=world["p1"], opening=far).exists()
    client.force_login(village_b)
    assert client.get(f"/employment/persons/{world['p1'].pk}/openings/").status_code == 404


def test_api_recommendations_and_outcome(client, hr_clerk, world):
    client.force_login(hr_clerk)
    body = {"opening_id": str(world["opening"].pk), "person_ids": [str(world["p2"].pk)]}
    made = client.post("/api/v1/employment/recommendations", json.dumps(body), content_type="application/json")
    assert made.status_code == 201 and made.json()["created"] == 1
    rec = made.json()["items"][0]
    again = client.post("/api/v1/employment/recommendations", json.dumps(body), content_type="application/json")
    assert again.status_code == 422 and "不能重复推荐" in again.json()["detail"]
    failed = {"outcome": "failed", "outcome_on": TODAY.isoformat(), "note": "", "version": rec["version"]}
    url = f"/api/v1/employment/recommendations/{rec['id']}/outcome"
    assert client.post(url, json.dumps(failed), content_type="application/json").status_code == 422  # reason needed
    failed["note"] = "本人已外出务工"
    assert client.post(url, json.dumps(failed), content_type="application/json").json()["outcome"] == "failed"


def test_batch_command_and_button(client, hr_clerk, world, capsys):
    call_command("employment_match", "--county", "520628", "--min-score", "30")
    assert "写入 0 条" in capsys.readouterr().out and not Recommendation.objects.exists()
    call_command("employment_match", "--county", "520628", "--min-score", "30", "--write")
    assert set(Recommendation.objects.values_list("person__name", flat=True)) == {"甲监测", "乙他乡", "丙脱贫"}
    client.force_login(hr_clerk)
    response = client.post("/employment/openings/batch/", {"per_person": "3", "min_score": "0"}, follow=True)
    assert "新增推荐 0 条" in response.content.decode()  # all already recommended (丁 is at work)


def test_two_lists(client, hr_clerk, township, world):
    client.force_login(township)
    data = client.get("/api/v1/employment/two-lists").json()
    assert [r["岗位名称"] for r in data["demand"]] == ["电焊工"]
    names = {r["姓名"] for r in data["supply"]}
    assert names == {"甲监测", "丙脱贫", "戊超龄"}  # township A, not at work, willing; 乙 lives in township C
    assert all("*" in r["身份证号"] for r in data["supply"])
    response = client.get("/employment/openings/two-lists/", {"township": TOWNSHIP_A})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_workbench_counts(client, hr_clerk, world):
    from shoudi.employment.workbench import tasks_for

    counts = {t["key"]: t["count"] for t in tasks_for(hr_clerk, TODAY)}
    assert counts["employment_openings_unrecommended"] == 1
    Recommendation.objects.create(
        opening=world["opening"], person=world["p1"], village_id=VILLAGE_A, score=Decimal("1")
    )
    Recommendation.objects.filter().update(created_at=timezone.now() - dt.timedelta(days=9))
    counts = {t["key"]: t["count"] for t in tasks_for(hr_clerk, TODAY)}
    assert counts["employment_openings_unrecommended"] == 0
    assert counts["employment_recommendations_awaiting"] == 1
