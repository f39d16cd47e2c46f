import datetime as dt
import json

import pytest

from shoudi.assets.tests.builders import add_income, make_asset
from shoudi.testing.clients import CommittingClient
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user):
        self.client = CommittingClient()
        self.client.force_login(user)

    def get(self, path):
        return self.client.get(f"/api/v1/{path}")

    def post(self, path, body):
        return self.client.post(f"/api/v1/{path}", data=json.dumps(body), content_type="application/json")


def test_income_plan_through_the_api(committee_a, committee_b, township, county):
    asset = make_asset(VILLAGE_A)
    add_income(asset, dt.date(2024, 6, 1), "10000")
    body = {
        "asset_id": str(asset.pk),
        "year": 2024,
        "items": [{"use": "buildings", "amount": "100"}],
        "decision_body": "villagers_assembly",
        "decided_on": "2025-01-05",
        "attendees": 50,
        "votes_for": 40,
        "notice_from": "2025-01-06",
        "notice_to": "2025-01-13",
    }
    refused = Api(committee_a).post("assets/plans/", body)
    assert refused.status_code == 422 and "不得用于“修建楼堂馆所”" in refused.json()["detail"]
    body["items"] = [{"use": "welfare_posts", "amount": "6000", "beneficiaries": 6}]
    created = Api(committee_a).post("assets/plans/", body)
    assert created.status_code == 201, created.json()
    plan_id = created.json()["id"]
    assert Api(committee_b).get(f"assets/plans/{plan_id}").status_code == 404
    assert Api(committee_a).post(f"assets/plans/{plan_id}/approve", {}).status_code == 404  # not its role
    assert Api(township).post(f"assets/plans/{plan_id}/vote", {}).status_code == 422  # no such step
    assert Api(township).post(f"assets/plans/{plan_id}/file", {}).status_code == 409  # not from this status
    assert Api(township).post(f"assets/plans/{plan_id}/approve", {"opinion": "同意"}).json()["status"] == "approved"
    filed = Api(county).post(f"assets/plans/{plan_id}/file", {})
    assert filed.json()["status"] == "filed"


def test_write_off_needs_its_document_through_the_api(committee_a, county):
    asset = make_asset(VILLAGE_A)
    api = Api(committee_a)
    refused = api.post(f"assets/{asset.pk}/writeoff", {"cause": "flood", "occurred_on": "2024-07-01"})
    assert refused.status_code == 422 and "专业技术鉴定意见" in refused.json()["detail"]
    doc = api.post(
        f"assets/{asset.pk}/documents", {"kind": "technical_appraisal", "title": "鉴定意见", "number": "JD-1"}
    )
    assert doc.status_code == 201
    proposed = api.post(
        f"assets/{asset.pk}/writeoff", {"cause": "flood", "occurred_on": "2024-07-01", "document_id": doc.json()["id"]}
    )
    assert proposed.status_code == 201
    approved = Api(county).post(f"assets/writeoffs/{proposed.json()['id']}/approve", {"on": "2024-08-01"})
    assert approved.json()["status"] == "approved"
    assert [w["id"] for w in Api(county).get("assets/writeoffs").json()] == [proposed.json()["id"]]


def test_disposal_route_and_care_through_the_api(committee_a):
    asset = make_asset(VILLAGE_A, value="100000.00")
    api = Api(committee_a)
    care = api.post(f"assets/{asset.pk}/care", {"maintenance_owner": "村委会", "maintenance_person": "张三"})
    assert care.status_code == 200 and care.json()["maintenance_person"] == "张三"
    disposal = api.post(
        f"assets/{asset.pk}/disposal",
        {
            "reason": "end_of_life",
            "way": "scrap",
            "decision_body": "villagers_assembly",
            "decided_on": "2025-01-01",
            "attendees": 20,
            "votes_for": 15,
        },
    )
    assert disposal.status_code == 201 and disposal.json()["route"] == "simplified"
    assert api.get("assets/warnings").status_code == 200


def test_assets_out_of_area_are_404(committee_b):
    asset = make_asset(VILLAGE_A)
    api = Api(committee_b)
    assert api.get(f"assets/{asset.pk}").status_code == 404
    assert api.post(f"assets/{asset.pk}/incomes", {"received_on": "2024-01-01", "amount": "1"}).status_code == 404
    assert api.get("assets/").json() == []


def test_project_through_the_api(committee_a, township):
    api = Api(committee_a)
    body = {
        "name": "当造村养牛场",
        "year": 2025,
        "kind": "industry",
        "implementing_unit": "合作社",
        "benefit_households": 20,
        "benefit_mechanism": "务工、分红",
        "fundings": {"central": "200000"},
        "targets": [{"indicator": "存栏", "target_value": "100", "unit": "头"}],
    }
    created = api.post("projects/", body)
    assert created.status_code == 201, created.json()
    pid = created.json()["id"]
    submitted = api.post(f"projects/{pid}/actions/submit", {"notice_from": "2025-01-01", "notice_to": "2025-01-07"})
    assert submitted.json()["status"] == "submitted"
    refused = Api(township).post(
        f"projects/{pid}/actions/review", {"notice_from": "2025-01-08", "notice_to": "2025-01-14", "checklist": []}
    )
    assert refused.status_code == 422 and "请逐项确认不属于" in refused.json()["detail"]
    share = api.get("projects/industry-share?year=2025").json()
    assert share["target"] == "0.60" or float(share["target"]) == 0.6


def test_filed_plan_and_disposal_on_the_notice_endpoint(committee_a, township, county):
    asset = make_asset(VILLAGE_A, name="当造村茶叶加工厂")
    add_income(asset, dt.date(2024, 6, 1), "10000")
    body = {
        "asset_id": str(asset.pk),
        "year": 2024,
        "items": [{"use": "no_labor", "amount": "3000", "beneficiaries": 6}],
        "decision_body": "villagers_assembly",
        "decided_on": "2025-01-05",
        "attendees": 50,
        "votes_for": 40,
        "notice_from": "2025-01-06",
        "notice_to": "2025-01-13",
    }
    plan_id = Api(committee_a).post("assets/plans/", body).json()["id"]
    assert Api(county).get("assets/notices").json()["plans"] == []  # not filed yet
    Api(township).post(f"assets/plans/{plan_id}/approve", {})
    Api(county).post(f"assets/plans/{plan_id}/file", {})
    plans = Api(committee_a).get("assets/notices").json()["plans"]
    assert [(p["asset_name"], p["amount"], p["items"][0]["use_label"]) for p in plans] == [
        ("当造村茶叶加工厂", "3000.00", "无劳动能力人口帮扶")
    ]
    disposal = Api(committee_a).post(
        f"assets/{asset.pk}/disposal",
        {
            "reason": "end_of_life",
            "way": "scrap",
            "decision_body": "representatives_assembly",
            "decided_on": "2025-03-01",
            "attendees": 30,
            "votes_for": 25,
        },
    )
    assert disposal.status_code == 201 and disposal.json()["route"] == "simplified"
    detail = Api(committee_a).get(f"assets/disposals/{disposal.json()['id']}").json()
    assert detail["status_label"] == "已决策待审核"
    assert Api(county).get(f"assets/{asset.pk}").json()["plans"][0]["status"] == "filed"


def test_transfer_and_idle_status_through_the_api(committee_a, county):
    asset = make_asset(VILLAGE_A)
    refused = Api(county).post(f"assets/{asset.pk}/transfer", {"transferred_on": "2024-05-01", "title": ""})
    assert refused.status_code == 422 and "材料名称" in refused.json()["detail"]
    done = Api(county).post(
        f"assets/{asset.pk}/transfer", {"transferred_on": "2024-05-01", "title": "资产移交清单", "number": "YJ-7"}
    )
    assert done.status_code == 200 and done.json()["transfer_system"] == "collective"
    assert Api(committee_a).post(f"assets/{asset.pk}/status", {"status": "disposed", "reason": "x"}).status_code == 422
    idle = Api(committee_a).post(f"assets/{asset.pk}/status", {"status": "idle", "reason": "承包方退租"})
    assert idle.json()["status"] == "idle"


def test_export_and_staged_import_through_the_api(county, committee_a):
    import io

    from openpyxl import Workbook, load_workbook

    make_asset(VILLAGE_A, name="当造村光伏电站")
    assert Api(committee_a).post("assets/export", {}).status_code == 404  # a village committee does not export
    started = Api(county).post("assets/export", {"level": ""})
    assert started.status_code == 202, started.content
    job = started.json()
    exported = Api(county).client.get(job["download"])
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(exported.streaming_content)))
    assert any("经营性" in name for name in book.sheetnames)
    assert "当造村光伏电站" in str([c.value for row in book.worksheets[0].iter_rows() for c in row])

    sheet_book = Workbook()
    sheet = sheet_book.active
    sheet.append(["资产名称", "资产类别", "所在村代码", "资产原值（元）", "形成日期"])
    sheet.append(["村级冷库", "经营性资产", VILLAGE_A, "80000", "2019-05-01"])
    sheet.append(["机耕道", "公益性资产", "999999999999", "abc", "2019-05-01"])
    buffer = io.BytesIO()
    sheet_book.save(buffer)
    client = Api(county).client
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "台账.xlsx"
    staged = client.post("/api/v1/assets/import", {"file": upload})
    assert staged.status_code == 201, staged.content
    [batch] = Api(county).get("assets/imports").json()  # checked by its job meanwhile
    assert batch["id"] == staged.json()["id"]
    assert batch["status"] == "invalid" and batch["row_count"] == 2 and batch["job_id"]
    assert any(e.startswith("第3行") and "资产原值" in e for e in batch["errors"])
    refused = Api(county).post(f"assets/import/{batch['id']}/apply", {})
    assert refused.status_code == 422
    from shoudi.assets.models import Asset

    assert not Asset.objects.filter(name="村级冷库").exists()  # nothing half-written
