import pytest
from django.urls import reverse

from shoudi.projects.models import Project
from shoudi.projects.tests.helpers import into_library, village_project
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db


def test_village_creates_and_submits_a_project_on_the_pages(client, committee_a, township):
    client.force_login(committee_a)
    data = {
        "name": "当造村食用菌大棚",
        "year": "2025",
        "kind": "industry",
        "implementing_unit": "当造村合作社",
        "benefit_households": "40",
        "benefit_people": "150",
        "benefit_poor_households": "20",
        "benefit_mechanism": "务工+分红",
        "fund_central": "500000",
        **{f"t{n}_category": "output" for n in range(4)},
        **{f"t{n}_direction": "at_least" for n in range(4)},
        "t0_indicator": "大棚数量",
        "t0_value": "20",
        "t0_unit": "个",
    }
    response = client.post(reverse("projects:create"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and project.area_id == VILLAGE_A
    response = client.post(
        reverse("projects:act", args=[project.pk, "submit"]),
        {"notice_from": "2025-03-01", "notice_to": "2025-03-07"},
        follow=True,
    )
    assert "已申报待乡镇审核" in response.content.decode()
    client.force_login(township)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "乡镇审核" in page and "不属于：形象工程、政绩工程" in page
    response = client.post(
        reverse("projects:act", args=[project.pk, "review"]),
        {"notice_from": "2025-03-08", "notice_to": "2025-03-14", "checklist": ["unrelated"]},
        follow=True,
    )
    assert "请逐项确认不属于" in response.content.decode()


def test_list_shows_the_industry_share_warning(client, committee_a, township, county):
    from shoudi.projects import services
    from shoudi.projects.tests.helpers import NOTICE

    road = into_library(
        village_project(committee_a, VILLAGE_A, kind="infrastructure", name="通组路"),
        committee=committee_a,
        township=township,
        county=county,
    )
    services.project_plan(by=county, project=road, notice=NOTICE)
    client.force_login(county)
    page = client.get(reverse("projects:list") + "?year=2024").content.decode()
    assert "低于目标比重" in page and "目标不低于 60%" in page
    assert client.get(reverse("projects:notices", args=["plan"])).status_code == 200
    assert "通组路" in client.get(reverse("projects:notices", args=["decide"])).content.decode()


def test_other_village_gets_404(client, committee_a, committee_b):
    project = village_project(committee_a, VILLAGE_A)
    client.force_login(committee_b)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert client.post(reverse("projects:act", args=[project.pk, "submit"])).status_code == 404
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 404
