"""The appraisal (考核) as a user sees it: graded 好/中/差 without a rank in Tongren (seed 001: 「考核结果不进行排名，
实行“好”“中”“差”等次」), ranked elsewhere (Guangxi, seed 000); the scheme's thresholds decide the grade."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.test import Client

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.regions.models import Level, Region
from shoudi.reports import testing
from shoudi.reports.models import AppraisalScheme
from shoudi.reports.tests.data import build, case
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, TOWNSHIP_C, household_with_members, make_user

pytestmark = pytest.mark.django_db
SCHEME_URL = "/reports/appraisal/scheme/2026/"


@pytest.fixture
def data(regions):
    return build()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def appraisal_api(client: Client, code: str = COUNTY) -> dict:
    return client.get(f"/api/v1/reports/areas/{code}/appraisal?year=2026").json()


def xlsx_rows(client: Client, code: str = COUNTY) -> list[tuple]:
    response = client.get(f"/reports/appraisal/{code}/xlsx/?year=2026")
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))


# --- Tongren: graded, never ranked ---------------------------------------------------------------------------


def test_a_tongren_county_is_graded_and_shows_no_rank_anywhere(county, data):
    testing.scheme(county, 2026, name="2026年乡镇考核")
    scheme = AppraisalScheme.objects.get()
    assert scheme.mode == "graded" and (scheme.good_from, scheme.fair_from) == (85, 60)  # defaults on 100 points
    client = login(county)
    body = appraisal_api(client)
    # township C: c1 matched, c2 not (50% of 60 = 30) and nothing overdue (40) = 70; township A: 0
    assert body["mode"] == "graded" and body["ranking"] == []
    assert [(g["code"], g["score"], g["grade_label"]) for g in body["grades"]] == [
        (TOWNSHIP_A, 0.0, "差"),  # by code, not by score
        (TOWNSHIP_C, 70.0, "中"),
    ]
    assert body["thresholds"]["good_from"] == 85 and "第九章第二节" in body["thresholds"]["source"]
    assert "rank" not in json.dumps(body["grades"])
    page = client.get(f"/reports/appraisal/{COUNTY}/?year=2026").content.decode()
    assert "2026年考核等次" in page and 'data-testid="grades"' in page
    assert 'data-testid="ranking"' not in page and "<th>排名</th>" not in page
    assert f'data-area="{TOWNSHIP_C}"><td><a' in page and 'data-grade="fair"><strong>中</strong>' in page
    assert 'data-grade-count="poor">1<' in page
    rows = xlsx_rows(client)
    notes = [row[0] for row in rows if row[0] and str(row[0]).startswith("注：")]
    rows = [row for row in rows if not (row[0] and str(row[0]).startswith("注："))]
    assert rows[0][:4] == ("等次", "区域", "区划代码", "总分") and "排名" not in rows[0]
    assert rows[1][:4] == ("差", "盘石镇", TOWNSHIP_A, 0) and rows[2][:2] == ("中", "盘信镇")
    assert notes and "考核结果不进行排名" in notes[0] and "总分≥85" in notes[0]


def test_the_city_grades_its_counties_even_without_a_scheme(leader, data):
    body = appraisal_api(login(leader), "5206")
    assert body["scheme"] == "默认方案" and body["mode"] == "graded" and body["ranking"] == []
    assert [g["code"] for g in body["grades"]] == ["520627", "520628"]
    assert {g["grade_label"] for g in body["grades"]} <= {"好", "中", "差"}


def test_the_thresholds_decide_the_grade(county, data):
    testing.scheme(county, 2026, good_from="70", fair_from="0")
    grades = {g["code"]: g["grade_label"] for g in appraisal_api(login(county))["grades"]}
    assert grades == {TOWNSHIP_C: "好", TOWNSHIP_A: "中"}  # 70 ≥ 70; 0 ≥ 0
    testing.scheme(county, 2026, good_from="100", fair_from="70.01")
    grades = {g["code"]: g["grade_label"] for g in appraisal_api(login(county))["grades"]}
    assert grades == {TOWNSHIP_C: "差", TOWNSHIP_A: "差"}  # 70 < 70.01


# --- the scheme form (HTTP, real field names) ---------------------------------------------------------------


def _scheme_post(name: str, *lines: dict[str, str], **head: str) -> dict[str, str]:
    data = {"name": name, "mode": "graded", "good_from": "85", "fair_from": "60", **head}
    data |= {"items-TOTAL_FORMS": str(len(lines)), "items-INITIAL_FORMS": "0"}
    for n, line in enumerate(lines):
        data.update({f"items-{n}-{key}": value for key, value in {"direction": "higher", **line}.items()})
    return data


def test_scheme_form_validates_next_to_the_field_and_only_own_area(county, township, data):
    client = login(county)
    response = client.post(SCHEME_URL, _scheme_post("x", {"indicator": "risk_matched_share", "weight": "abc"}))
    html = response.content.decode()
    assert response.status_code == 400 and 'data-field="items-0-weight"' in html and "请填写数字" in html
    assert 'value="abc"' in html  # the input is kept
    twice = _scheme_post(
        "x", {"indicator": "development_share", "weight": "10"}, {"indicator": "development_share", "weight": "20"}
    )
    assert "与第1行的指标重复" in client.post(SCHEME_URL, twice).content.decode()
    assert "至少需要一项考核指标" in client.post(SCHEME_URL, _scheme_post("x", {"indicator": ""})).content.decode()
    assert not AppraisalScheme.objects.exists()
    response = client.post(SCHEME_URL, _scheme_post("县方案", {"indicator": "development_share", "weight": "100"}))
    assert response.status_code == 302 and response.url == f"/reports/appraisal/{COUNTY}/?year=2026"
    scheme = AppraisalScheme.objects.get()
    assert scheme.area_id == COUNTY and [i.indicator for i in scheme.items.all()] == ["development_share"]
    entry = AuditEntry.objects.get(object_type="appraisalscheme")
    assert entry.changes["考核指标"] == [None, ["development_share 权重100.00 越高越好"]]
    assert entry.changes["等次分数线"] == [None, "好≥85.00，中≥60.00"]
    assert login(township).get(SCHEME_URL).status_code == 404  # no edit_appraisal
    body = appraisal_api(login(township), TOWNSHIP_A)
    assert body["scheme"] == "县方案" and body["mode"] == "graded"  # the township grades its villages on it


def test_a_tongren_county_cannot_choose_a_ranking_and_bad_thresholds_are_said(county, data):
    client = login(county)
    line = {"indicator": "development_share", "weight": "100"}
    cases = [
        ({"mode": "ranked"}, "mode", "铜仁市的考核结果不进行排名"),
        ({"mode": "graded", "good_from": ""}, "good_from", "请填写“好”等次最低得分"),
        ({"good_from": "150"}, "good_from", "应在0到满分100分"),
        ({"good_from": "50", "fair_from": "60"}, "fair_from", "不能高于“好”等次最低得分"),
        ({"fair_from": "abc"}, "fair_from", "请填写数字"),
        ({"mode": "<script>"}, "mode", "不在可选项中"),
    ]
    for head, field, message in cases:
        response = client.post(SCHEME_URL, _scheme_post("县方案", line, **head))
        html = response.content.decode()
        assert response.status_code == 400 and f'data-field="{field}"' in html and message in html, head
    assert not AppraisalScheme.objects.exists()
    page = client.get(SCHEME_URL).content.decode()
    assert '<option value="graded" selected>' in page and 'name="good_from" value="85.00"' in page
    assert "考核结果不进行排名，实行“好”“中”“差”等次" in page


def test_the_scheme_page_starts_from_the_scheme_in_force(county, data):
    testing.scheme(county, 2026, name="县方案", good_from="80", fair_from="50")
    page = login(county).get(SCHEME_URL).content.decode()
    assert 'name="items-0-indicator"' in page and 'value="risk_matched_share" selected' in page
    assert 'name="items-4-indicator"' in page and 'name="items-5-indicator"' not in page  # 2 lines and 3 blank ones
    assert 'name="good_from" value="80.00"' in page and 'name="fair_from" value="50.00"' in page


# --- elsewhere: ranked (Guangxi) ---------------------------------------------------------------------------

GX = [
    ("45", "广西壮族自治区", Level.PROVINCE, None),
    ("4501", "南宁市", Level.CITY, "45"),
    ("450123", "隆安县", Level.COUNTY, "4501"),
    ("450123101", "南圩镇", Level.TOWNSHIP, "450123"),
    ("450123102", "雁江镇", Level.TOWNSHIP, "450123"),
    ("450123101201", "光明村委会", Level.VILLAGE, "450123101"),
    ("450123102201", "红良村委会", Level.VILLAGE, "450123102"),
]


def test_outside_tongren_a_ranked_scheme_ranks_by_score(regions):
    Region.objects.bulk_create([Region(code=c, name=n, level=lv, parent_id=p) for c, n, lv, p in GX])
    officer = make_user("gx_county", Role.COUNTY_OFFICER, "450123")
    build()  # Tongren's data: none of it counts here
    helped = household_with_members("450123102201", size=2)
    case(
        helped,
        status=codes.Status.MONITORED,
        opened=dt.date(2026, 3, 1),
        start=dt.date(2026, 3, 10),
        risks=(codes.RiskType.ILLNESS,),
        measures=(codes.MeasureKind.HEALTH,),
    )
    unhelped = household_with_members("450123101201", size=2)
    case(unhelped, status=codes.Status.MONITORED, opened=dt.date(2026, 3, 1), start=dt.date(2026, 3, 10))
    testing.scheme(officer, 2026, name="隆安县2026年考核")
    assert AppraisalScheme.objects.get(area_id="450123").mode == "ranked"
    client = login(officer)
    body = appraisal_api(client, "450123")
    assert body["mode"] == "ranked" and body["grades"] == [] and body["thresholds"] is None
    assert [(r["rank"], r["code"], r["score"]) for r in body["ranking"]] == [
        (1, "450123102", 100.0),
        (2, "450123101", 40.0),
    ]
    page = client.get("/reports/appraisal/450123/?year=2026").content.decode()
    assert "2026年考核排名" in page and 'data-testid="ranking"' in page and 'data-testid="grades"' not in page
    assert xlsx_rows(client, "450123")[0][:2] == ("排名", "区域")
    graded = testing.scheme(officer, 2026, mode="graded", good_from="90", fair_from="50")
    assert graded.mode == "graded"  # a county outside Tongren may grade too
    body = appraisal_api(client, "450123")
    assert body["ranking"] == [] and [g["grade_label"] for g in body["grades"]] == ["差", "好"]
