import re

import pytest
from django.urls import reverse

from shoudi.projects.models import Project
from shoudi.projects.tests.helpers import into_library, village_project
from shoudi.testing.factories import VILLAGE_A
from shoudi.testing.projects import project_at

pytestmark = pytest.mark.django_db

ROWS = {"targets-TOTAL_FORMS": "4", "targets-INITIAL_FORMS": "0"}
NEW = {
    "name": "当造村食用菌大棚",
    "year": "2025",
    "kind": "industry",
    "implementing_unit": "当造村合作社",
    "benefit_households": "40",
    "benefit_people": "150",
    "benefit_poor_households": "20",
    "benefit_mechanism": "务工+分红",
    "fund_central": "500000",
    **ROWS,
    **{f"targets-{n}-category": "output" for n in range(4)},
    **{f"targets-{n}-direction": "at_least" for n in range(4)},
    "targets-0-indicator": "大棚数量",
    "targets-0-target_value": "20",
    "targets-0-unit": "个",
}


def test_village_creates_and_submits_a_project_on_the_pages(client, committee_a, township):
    client.force_login(committee_a)
    response = client.post(reverse("projects:create"), NEW)
    project = Project.objects.get()
    assert response.status_code == 302 and project.area_id == VILLAGE_A
    assert [t.indicator for t in project.targets.all()] == ["大棚数量"]
    response = client.post(
        reverse("projects:act", args=[project.pk, "submit"]),
        {"notice_from": "2025-03-01", "notice_to": "2025-03-07", "version": "0"},
        follow=True,
    )
    assert "已申报待乡镇审核" in response.content.decode()
    client.force_login(township)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "乡镇审核" in page and "不属于：形象工程、政绩工程" in page
    response = client.post(
        reverse("projects:act", args=[project.pk, "review"]),
        {"notice_from": "2025-03-08", "notice_to": "2025-03-14", "checklist": ["unrelated"], "reason": "同意"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'data-field="checklist"' in page and "请逐项确认不属于" in page
    assert 'value="同意"' in page and re.search(r'value="unrelated"[^>]*checked', page)
    assert Project.objects.get().status == "submitted"


def test_bad_input_stays_on_the_form_next_to_its_field(client, committee_a):
    client.force_login(committee_a)
    response = client.post(reverse("projects:create"), {**NEW, "year": "二〇二五", "targets-0-target_value": "x"})
    page = response.content.decode()
    assert response.status_code == 200 and not Project.objects.exists()
    assert 'data-field="year"' in page and 'data-field="targets-0-target_value"' in page
    assert 'value="当造村食用菌大棚"' in page
    response = client.post(reverse("projects:create"), {**NEW, "benefit_poor_households": "41"})
    assert 'data-field="benefit_poor_households"' in response.content.decode()


def test_a_step_refused_by_the_service_comes_back_on_its_form(client, committee_a, township, county):
    project = project_at("implementing", proposer=committee_a, township=township, county=county)
    client.force_login(county)
    url = reverse("projects:act", args=[project.pk, "payment"])
    response = client.post(url, {"source": "donation", "amount": "5", "paid_on": "2024-05-01", "note": "捐"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-field="amount"' in page and "计划投入0.00元" in page
    assert 'value="捐"' in page and not project.payments.exists()
    response = client.post(url, {"source": "central", "amount": "5", "paid_on": "2024-05-01"}, follow=True)
    assert "已登记支付" in response.content.decode() and project.payments.count() == 1


def test_someone_quicker_is_a_conflict(client, committee_a, township):
    project = project_at("submitted", proposer=committee_a, township=township, county=None)
    client.force_login(township)
    url = reverse("projects:act", args=[project.pk, "return"])
    response = client.post(url, {"reason": "请补充", "version": str(project.version - 1)})
    assert "已被他人办理或修改" in response.content.decode()
    assert Project.objects.get().status == "submitted"
    response = client.post(url, {"reason": "请补充", "version": str(project.version)}, follow=True)
    assert "已退回" in response.content.decode() and Project.objects.get().status == "draft"


def test_list_filters_and_the_industry_share_warning(client, committee_a, township, county):
    from shoudi.projects import delivery
    from shoudi.projects.tests.helpers import NOTICE

    road = into_library(
        village_project(committee_a, VILLAGE_A, kind="infrastructure", name="通组路"),
        committee=committee_a,
        township=township,
        county=county,
    )
    delivery.project_plan(by=county, project=road, notice=NOTICE)
    client.force_login(county)
    page = client.get(reverse("projects:list") + "?year=2024").content.decode()
    assert "低于目标比重" in page and "目标不低于 60%" in page and "通组路" in page
    hostile = client.get(reverse("projects:list"), {"year": "x", "status": "<b>", "area": "1' or 1=1", "q": "长" * 80})
    assert hostile.status_code == 200
    assert (
        "通组路" in client.get(reverse("projects:list"), {"all_years": "on", "kind": "infrastructure"}).content.decode()
    )
    assert client.get(reverse("projects:notices", args=["plan"])).status_code == 200
    assert "通组路" in client.get(reverse("projects:notices", args=["decide"])).content.decode()
    assert client.get(reverse("projects:notices", args=["nonsense"])).status_code == 404


def test_other_village_gets_404_and_read_pages_take_no_post(client, committee_a, committee_b):
    project = village_project(committee_a, VILLAGE_A)
    client.force_login(committee_b)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert client.post(reverse("projects:act", args=[project.pk, "submit"])).status_code == 404
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 404
    client.force_login(committee_a)
    assert client.post(reverse("projects:detail", args=[project.pk])).status_code == 405
    assert client.post(reverse("projects:list")).status_code == 405
    assert client.post(reverse("projects:act", args=[project.pk, "nonsense"])).status_code == 404
