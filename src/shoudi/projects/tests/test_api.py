"""The project API builds the same typed inputs as the pages and takes the same steps."""

import json
from decimal import Decimal

import pytest

from shoudi.assets.models import Asset
from shoudi.testing.clients import CommittingClient
from shoudi.testing.projects import days_ago

pytestmark = pytest.mark.django_db

NOTICE = {"notice_from": "2025-01-01", "notice_to": "2025-01-07"}
BODY = {
    "name": "当造村养牛场",
    "year": 2025,
    "kind": "industry",
    "implementing_unit": "合作社",
    "benefit_households": 20,
    "benefit_mechanism": "务工、分红",
    "fundings": {"central": "200000"},
    "targets": [{"indicator": "存栏", "target_value": "100", "unit": "头"}],
}


class Api:
    def __init__(self, user):
        self.client = CommittingClient()
        self.client.force_login(user)

    def send(self, method, path, body):
        return getattr(self.client, method)(
            f"/api/v1/projects/{path}", data=json.dumps(body), content_type="application/json"
        )

    def act(self, pid, action, body):
        return self.send("post", f"{pid}/actions/{action}", body)


def test_the_whole_life_of_a_project_through_the_api(committee_a, township, county):
    village, town, cty = Api(committee_a), Api(township), Api(county)
    created = village.send("post", "", BODY)
    assert created.status_code == 201, created.json()
    pid, version = created.json()["id"], created.json()["version"]
    stale = village.send("put", pid, {**BODY, "name": "改", "version": version + 5})
    assert stale.status_code == 409
    edited = village.send("put", pid, {**BODY, "name": "当造村肉牛养殖场", "version": version})
    assert edited.status_code == 200 and edited.json()["name"] == "当造村肉牛养殖场"
    assert village.act(pid, "submit", {}).json()["errors"] == {
        "notice_from": ["请填写公示期（notice_from、notice_to）"]
    }
    assert village.act(pid, "submit", NOTICE).json()["status"] == "submitted"
    everything = ["unrelated", "illegal", "over_standard", "vanity", "no_benefit", "no_targets"]
    assert town.act(pid, "review", {**NOTICE, "checklist": everything}).json()["status"] == "reviewed"
    assert cty.act(pid, "decide", {**NOTICE, "checklist": everything}).json()["status"] == "in_library"
    assert cty.act(pid, "plan", NOTICE).json()["status"] == "planned"
    assert cty.act(pid, "start", {"on": str(days_ago(30))}).json()["status"] == "implementing"
    paid = cty.send("post", f"{pid}/payments", {"source": "central", "amount": "5000", "paid_on": str(days_ago(20))})
    assert paid.status_code == 201 and Decimal(paid.json()["paid_total"]) == 5000
    assert cty.act(pid, "progress", {"progress": 120}).status_code == 422
    assert cty.act(pid, "progress", {"progress": 90}).json()["progress"] == 90
    assert cty.act(pid, "complete", {"on": str(days_ago(10))}).json()["status"] == "completed"
    accepted = cty.act(pid, "accept", {**NOTICE, "on": str(days_ago(5)), "assets": [{"asset_class": "operating"}]})
    assert accepted.json()["status"] == "accepted" and Asset.objects.get().value == 5000
    target = accepted.json()["targets"][0]["id"]
    assert cty.act(pid, "evaluate", {**NOTICE, "results": {"x": "1"}, "conclusion": "好"}).status_code == 422
    done = cty.act(pid, "evaluate", {**NOTICE, "results": {str(target): "120"}, "conclusion": "存栏达标"})
    assert done.json()["status"] == "evaluated" and done.json()["targets"][0]["met"] is True
    labels = [s["action_label"] for s in done.json()["steps"]]
    assert labels == [
        "新建项目",
        "村级申报",
        "乡镇审核",
        "县级审定入库",
        "纳入年度计划",
        "开工实施",
        "完工",
        "竣工验收",
        "绩效评价",
    ]


def test_steps_refused_by_role_level_and_state(committee_a, township, county):
    pid = Api(committee_a).send("post", "", BODY).json()["id"]
    assert Api(county).act(pid, "decide", NOTICE).status_code == 409  # still a draft
    assert Api(township).act(pid, "submit", NOTICE).status_code == 422  # a village's own step
    assert Api(committee_a).act(pid, "plan", NOTICE).status_code == 409  # no such step from a draft
    assert Api(committee_a).act(pid, "nonsense", {}).status_code == 404


def test_the_relief_work_flag_is_set_and_shown_through_the_api(committee_a):
    village = Api(committee_a)
    created = village.send("post", "", {**BODY, "relief_work": True})
    assert created.status_code == 201 and created.json()["relief_work"] is True
    pid = created.json()["id"]
    assert village.client.get(f"/api/v1/projects/{pid}").json()["relief_work"] is True
    assert village.send("post", "", BODY).json()["relief_work"] is False  # not 以工代赈 unless said
    assert village.send("post", "", {**BODY, "relief_work": "maybe"}).status_code == 422


def test_an_edit_that_only_toggles_relief_work_is_saved(committee_a):
    village = Api(committee_a)
    created = village.send("post", "", BODY).json()
    edited = village.send("put", created["id"], {**BODY, "relief_work": True, "version": created["version"]})
    assert edited.status_code == 200 and edited.json()["relief_work"] is True
