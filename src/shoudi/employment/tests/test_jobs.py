"""The job database through its pages and API, as the people who use it: the 人社 clerk registers employers and
publishes openings (the name unique per area, the version checked), a village contact cannot, the 医保 clerk sees
nothing; the import refuses a bad row naming row and column and writes nothing."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shoudi.employment import codes, matching_pool
from shoudi.employment.matching_pool import forget
from shoudi.employment.models import Employer, Opening
from shoudi.employment.testing import employer, opening
from shoudi.testing.factories import COUNTY, TOWNSHIP_A

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_pools(monkeypatch):
    monkeypatch.setattr(matching_pool, "MIN_FRESH_SECONDS", 0)  # a change is seen at once
    forget()
    yield
    forget()


def _opening_post(of: Employer, **extra: str) -> dict[str, str]:
    data = {
        "employer": str(of.pk),
        "title": "缝纫工",
        "skills": "缝纫、苗绣",
        "place": "in_county",
        "workplace": TOWNSHIP_A,
        "place_detail": "盘石镇安置点帮扶车间",
        "pay_min": "2800",
        "pay_max": "3500",
        "headcount": "2",
        "age_max": "55",
        "opens_on": TODAY.isoformat(),
        "closes_on": "",
    }
    return data | extra


def test_hr_clerk_registers_an_employer_and_publishes_an_opening(client, hr_clerk):
    client.force_login(hr_clerk)
    response = client.post(
        "/employment/employers/new/",
        {"name": "松桃县苗绣服饰有限公司", "kind": "workshop", "area": COUNTY, "phone": "0856-2345678", "active": "on"},
    )
    assert response.status_code == 302
    made = Employer.objects.get(name="松桃县苗绣服饰有限公司")
    assert made.area_id == COUNTY and made.kind == codes.EmployerKind.WORKSHOP
    again = client.post(
        "/employment/employers/new/", {"name": "松桃县苗绣服饰有限公司", "kind": "enterprise", "area": COUNTY}
    )
    assert again.status_code == 400
    assert "同一区域的用工主体名称不能重复" in again.content.decode()

    response = client.post("/employment/openings/new/", _opening_post(made))
    assert response.status_code == 302, response.content.decode()[:2000]
    made_opening = Opening.objects.get(title="缝纫工")
    assert made_opening.workplace_id == TOWNSHIP_A and made_opening.area_id == COUNTY
    page = client.get(f"/employment/openings/{made_opening.pk}/").content.decode()
    assert "推荐人选" in page and "缝纫工" in page
    listed = client.get("/employment/openings/", {"q": "缝纫"}).content.decode()
    assert 'data-testid="opening-row"' in listed


def test_opening_form_errors_are_chinese_and_name_the_field(client, hr_clerk):
    of = employer()
    client.force_login(hr_clerk)
    response = client.post("/employment/openings/new/", _opening_post(of, pay_min="5000", pay_max="3000"))
    assert response.status_code == 400
    assert "月薪上限（3000.00）不能低于月薪下限（5000.00）" in response.content.decode()
    response = client.post("/employment/openings/new/", _opening_post(of, place="out_province"))
    assert "只有县内岗位填写工作地（乡镇）" in response.content.decode()
    assert not Opening.objects.exists()


def test_editing_an_opening_someone_else_changed_is_refused(client, hr_clerk, county):
    job = opening(employer())
    client.force_login(county)
    assert (
        client.post(
            f"/employment/openings/{job.pk}/edit/", _opening_post(job.employer, title="缝纫工（熟练）", version="1")
        ).status_code
        == 302
    )
    client.force_login(hr_clerk)
    stale = client.post(
        f"/employment/openings/{job.pk}/edit/", _opening_post(job.employer, title="缝纫学徒", version="1")
    )
    assert stale.status_code == 400
    assert "该岗位已被他人修改" in stale.content.decode()
    assert Opening.objects.get(pk=job.pk).title == "缝纫工（熟练）"


def test_closing_an_opening(client, hr_clerk):
    job = opening(employer())
    client.force_login(hr_clerk)
    response = client.post(f"/employment/openings/{job.pk}/status/", {"status": "closed", "version": str(job.version)})
    assert response.status_code == 302
    assert Opening.objects.get(pk=job.pk).status == codes.OpeningStatus.CLOSED


def test_village_contact_cannot_create_openings_but_sees_the_countys(client, village_a):
    job = opening(employer())
    client.force_login(village_a)
    assert client.get("/employment/openings/new/").status_code == 404
    assert client.post("/employment/openings/new/", _opening_post(job.employer)).status_code == 404
    assert client.post("/employment/employers/new/", {"name": "x", "kind": "other", "area": COUNTY}).status_code == 404
    listed = client.get("/employment/openings/").content.decode()
    assert "缝纫工" in listed and "发布岗位" not in listed
    page = client.get(f"/employment/openings/{job.pk}/").content.decode()
    assert "推荐人选" not in page
    assert (
        client.post(f"/employment/openings/{job.pk}/status/", {"status": "closed", "version": "1"}).status_code == 404
    )


def test_the_medical_insurance_clerk_sees_nothing(client, clerk):
    job = opening(employer())
    client.force_login(clerk)
    for url in ["/employment/openings/", "/employment/employers/", f"/employment/openings/{job.pk}/",
                f"/employment/employers/{job.employer_id}/", "/employment/openings/two-lists/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/employment/openings").status_code == 404
    assert client.get(f"/api/v1/employment/openings/{job.pk}").status_code == 404


# ---- import -----------------------------------------------------------------------------------------------------


HEADERS = [
    "用工主体",
    "类型",
    "岗位名称",
    "技能要求",
    "工作地点类别",
    "工作地（乡镇）",
    "月薪下限",
    "月薪上限",
    "招聘人数",
    "发布日期",
    "截止日期",
]


def _xlsx(rows: list[list[str]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("岗位.xlsx", buffer.getvalue())


def test_import_writes_every_row_and_creates_employers(client, hr_clerk):
    employer(name="松桃县梵净山茶业有限公司")
    rows = [
        ["松桃县梵净山茶业有限公司", "", "采茶工", "采茶", "县内", "盘石镇", "2500", "3200", "20", "2026-11-01", ""],
        [
            "宁波东西部协作电子厂",
            "东西部协作用工单位",
            "普工",
            "",
            "东部协作城市",
            "",
            "4500",
            "",
            "50",
            "2026-11-01",
            "2026-12-31",
        ],
        [
            "宁波东西部协作电子厂",
            "东西部协作用工单位",
            "质检员",
            "质检",
            "东部协作城市",
            "",
            "5000",
            "6000",
            "5",
            "2026/11/2",
            "",
        ],
    ]
    client.force_login(hr_clerk)
    response = client.post("/employment/openings/import/", {"file": _xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Opening.objects.filter(source=codes.WorkSource.IMPORT).count() == 3
    partner = Employer.objects.get(name="宁波东西部协作电子厂")
    assert partner.kind == codes.EmployerKind.PARTNER and partner.openings.count() == 2
    assert Opening.objects.get(title="采茶工").workplace_id == TOWNSHIP_A


def test_import_refuses_a_bad_row_naming_row_and_column_and_writes_nothing(client, hr_clerk):
    rows = [
        ["新开服装厂", "企业", "缝纫工", "", "县内", "", "2800", "", "3", "2026-11-01", ""],
        ["新开服装厂", "企业", "裁剪工", "", "县内", "", "两千", "", "3", "2026-11-01", ""],
        ["没有类型的厂", "", "杂工", "", "火星", "", "", "", "1", "2026-13-01", ""],
    ]
    client.force_login(hr_clerk)
    response = client.post("/employment/openings/import/", {"file": _xlsx(rows)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "第3行 月薪下限：月薪下限“两千”不是有效金额" in text
    assert "第4行 类型：" in text and "第4行 工作地点类别：" in text and "第4行 发布日期：" in text
    assert "未导入任何岗位" in text
    assert not Opening.objects.exists() and not Employer.objects.exists()


def test_import_template_and_a_file_that_is_not_a_spreadsheet(client, hr_clerk, village_a):
    client.force_login(hr_clerk)
    template = client.get("/employment/openings/import/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.post("/employment/openings/import/", {"file": SimpleUploadedFile("a.xlsx", b"not a spreadsheet")})
    assert bad.status_code == 400 and "不是有效的Excel文件" in bad.content.decode()
    client.force_login(village_a)
    assert client.get("/employment/openings/import/").status_code == 404


# ---- API --------------------------------------------------------------------------------------------------------


def _api(client, method: str, url: str, body: object | None = None):
    return getattr(client, method)(f"/api/v1/employment{url}", data=json.dumps(body) if body is not None else None,
                                   content_type="application/json")  # fmt: skip


def test_api_employers_and_openings(client, hr_clerk, village_a):
    client.force_login(hr_clerk)
    made = _api(
        client, "post", "/employers", {"name": "松桃县蔬菜合作社", "kind": "cooperative", "area_code": TOWNSHIP_A}
    )
    assert made.status_code == 201, made.content
    employer_id = made.json()["id"]
    dup = _api(client, "post", "/employers", {"name": "松桃县蔬菜合作社", "kind": "other", "area_code": TOWNSHIP_A})
    assert dup.status_code == 422 and "不能重复" in dup.json()["detail"]
    body = {"employer_id": employer_id, "title": "蔬菜种植工", "place": "in_county", "workplace_code": TOWNSHIP_A,
            "pay_min": "2000.00", "headcount": 3, "opens_on": TODAY.isoformat()}  # fmt: skip
    created = _api(client, "post", "/openings", body)
    assert created.status_code == 201, created.content
    opening_id, version = created.json()["id"], created.json()["version"]
    update = {k: v for k, v in body.items() if k != "employer_id"} | {"title": "蔬菜采收工", "version": version}
    assert _api(client, "put", f"/openings/{opening_id}", update).status_code == 200
    assert _api(client, "put", f"/openings/{opening_id}", update).status_code == 409
    assert _api(client, "delete", f"/employers/{employer_id}").status_code == 422
    closed = _api(client, "post", f"/openings/{opening_id}/status", {"status": "closed", "version": version + 1})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    client.force_login(village_a)
    assert _api(client, "post", "/openings", body).status_code == 404
    assert _api(client, "get", f"/openings/{opening_id}").status_code == 200  # a township's opening, village under it


def test_village_a_objects_are_404_for_village_b_and_visible_to_village_a(client, village_a, village_b, household_a):
    from shoudi.employment.tests import sweep_jobs

    person = household_a.members.get(relationship="spouse")
    rec = sweep_jobs.recommendation(person)
    job, of = rec.opening, rec.opening.employer
    urls = [
        f"/employment/employers/{of.pk}/",
        f"/employment/openings/{job.pk}/",
        f"/employment/openings/{job.pk}/edit/",
        f"/employment/recommendations/{rec.pk}/",
        f"/employment/persons/{person.pk}/openings/",
        f"/api/v1/employment/employers/{of.pk}",
        f"/api/v1/employment/openings/{job.pk}",
        f"/api/v1/employment/openings/{job.pk}/candidates",
        f"/api/v1/employment/recommendations/{rec.pk}",
        f"/api/v1/employment/persons/{person.pk}/openings",
    ]
    client.force_login(village_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/employment/openings/{job.pk}/status/", {"status": "closed", "version": "1"}).status_code == 404
    )
    listed = client.get("/api/v1/employment/recommendations").json()
    assert listed["count"] == 0
    client.force_login(village_a)
    for url in [urls[0], urls[1], urls[3], urls[4], urls[6], urls[8], urls[9]]:
        assert client.get(url).status_code == 200, url
