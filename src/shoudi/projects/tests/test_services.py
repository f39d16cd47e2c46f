import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from shoudi.assets.models import Asset
from shoudi.assets.services import AssetSpec
from shoudi.core.access import NotVisible
from shoudi.core.models import AuditEntry
from shoudi.projects import delivery, selectors, services
from shoudi.projects.models import ProjectStep
from shoudi.projects.tests.helpers import ALL_CLEAR, NOTICE, implementing, into_library, village_project
from shoudi.projects.types import ProjectFacts
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, VILLAGE_B
from shoudi.testing.projects import days_ago

D = Decimal

pytestmark = pytest.mark.django_db


def test_entry_chain_with_notices_and_snapshots(committee_a, township, county):
    project = village_project(committee_a, VILLAGE_A)
    assert project.code == f"XM2024{VILLAGE_A}001" and project.level == "village"
    project = into_library(project, committee=committee_a, township=township, county=county)
    assert project.status == "in_library"
    steps = list(ProjectStep.objects.filter(project=project).order_by("at", "id"))
    assert [s.action for s in steps] == ["create", "submit", "review", "decide"]
    assert [s.label for s in steps[1:]] == ["村级申报", "乡镇审核", "县级审定入库"]
    assert all(str(s.notice_from) == "2024-03-01" for s in steps[1:])
    assert steps[2].actor == township and steps[2].payload == {"checklist": sorted(ALL_CLEAR)}
    assert steps[2].snapshot["资金"] == {"中央衔接资金": "300000.00", "县级衔接资金": "100000.00"}
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="transition").count() == 3
    assert project.version == 3
    assert [s.project for s in selectors.project_notices(committee_a, "review")] == [project]


def test_projects_without_benefit_mechanism_or_targets_are_refused(committee_a):
    bare = village_project(committee_a, VILLAGE_A, benefit_mechanism="", targets=[])
    with pytest.raises(ValidationError) as exc:
        services.project_submit(by=committee_a, project=bare, notice=NOTICE)
    assert bare.steps.count() == 1  # only its creation
    assert "联农带农" in exc.value.message_dict["benefit_mechanism"][0]
    assert exc.value.message_dict["targets"] == ["未设定绩效目标"]


def test_reviewer_must_confirm_every_barred_kind(committee_a, township):
    project = services.project_submit(by=committee_a, project=village_project(committee_a, VILLAGE_A), notice=NOTICE)
    with pytest.raises(ValidationError) as exc:
        services.project_review(by=township, project=project, checklist=ALL_CLEAR[:-1], notice=NOTICE)
    assert "未设定绩效目标的项目" in exc.value.message_dict["checklist"][0]


def test_returned_project_can_be_edited_and_resubmitted(committee_a, township):
    project = services.project_submit(by=committee_a, project=village_project(committee_a, VILLAGE_A), notice=NOTICE)
    facts = ProjectFacts.of(project)
    with pytest.raises(ValidationError, match="已申报"):
        services.project_update(by=committee_a, project=project, facts=dataclasses.replace(facts, name="改"))
    with pytest.raises(ValidationError, match="请填写退回理由"):
        services.project_return(by=township, project=project, reason="")
    project = services.project_return(by=township, project=project, reason="请补充绩效目标")
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.project_update(
            by=committee_a, project=project, facts=dataclasses.replace(facts, name="改"), expected_version=0
        )
    project = services.project_update(
        by=committee_a,
        project=project,
        facts=dataclasses.replace(facts, name="当造村黄桃基地"),
        fundings={"central": D("350000")},
        expected_version=project.version,
    )
    assert project.status == "draft" and project.name == "当造村黄桃基地"
    assert project.budget_total == D("350000.00")
    entry = AuditEntry.objects.filter(object_id=str(project.pk), action="update").get()
    assert entry.changes["项目名称"] == ["当造村精品水果种植基地", "当造村黄桃基地"]
    assert entry.changes["资金"][1] == {"中央衔接资金": "350000.00"}


def test_only_the_village_itself_proposes_and_submits(committee_a, committee_b, township, county):
    with pytest.raises(ValidationError, match="由村级办理"):
        village_project(township, VILLAGE_A)
    with pytest.raises(NotVisible):
        village_project(committee_b, VILLAGE_A)
    draft = village_project(committee_a, VILLAGE_A)
    with pytest.raises(ValidationError, match="由村级办理"):
        services.project_submit(by=township, project=draft, notice=NOTICE)
    township_project = village_project(township, TOWNSHIP_A)
    township_project = services.project_submit(by=township, project=township_project, notice=NOTICE)
    assert township_project.status == "reviewed"  # township projects go straight to the county


def test_payments_capped_by_source_budget(committee_a, township, county):
    project = implementing(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    day = dt.date(2024, 5, 1)
    delivery.payment_add(by=county, project=project, source="central", amount=D("250000"), paid_on=day)
    with pytest.raises(ValidationError, match=r"将超过计划投入300000.00元"):
        delivery.payment_add(by=county, project=project, source="central", amount=D("50000.01"), paid_on=day)
    with pytest.raises(ValidationError, match=r"计划投入0.00元"):
        delivery.payment_add(by=county, project=project, source="donation", amount=D("1"), paid_on=day)
    with pytest.raises(NotVisible):
        delivery.payment_add(by=township, project=project, source="central", amount=D("1"), paid_on=day)
    assert AuditEntry.objects.filter(object_type="projectpayment", action="create").count() == 1


def test_completed_project_forms_assets_valued_from_payments(committee_a, township, county):
    project = implementing(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    pay = dt.date(2024, 6, 1)
    delivery.payment_add(by=county, project=project, source="central", amount=D("200000"), paid_on=pay)
    delivery.payment_add(by=county, project=project, source="county", amount=D("100000"), paid_on=pay)
    delivery.payment_add(by=county, project=project, source="central", amount=D("0.01"), paid_on=pay)
    project = delivery.project_progress(by=county, project=project, progress=80, note="主体完工")
    with pytest.raises(ValidationError, match="0到100"):
        delivery.project_progress(by=county, project=project, progress=101)
    project = delivery.project_complete(by=county, project=project, completed_on=days_ago(20))
    orchard_row = AssetSpec("operating", "黄桃园", VILLAGE_A, D("250000.00"))
    irrigation_row = AssetSpec("public", "灌溉设施", VILLAGE_A, D("50000.00"))
    accepted_on = days_ago(10)
    with pytest.raises(ValidationError, match=r"应等于项目已支付资金300000.01元"):
        delivery.project_accept(
            by=county, project=project, accepted_on=accepted_on, assets=[orchard_row, irrigation_row], notice=NOTICE
        )
    irrigation_row = dataclasses.replace(irrigation_row, value=D("50000.01"))
    with pytest.raises(ValidationError, match="不在项目实施区域内"):
        delivery.project_accept(
            by=county,
            project=project,
            accepted_on=accepted_on,
            assets=[orchard_row, dataclasses.replace(irrigation_row, village_code=VILLAGE_B)],
            notice=NOTICE,
        )
    project, assets = delivery.project_accept(
        by=county, project=project, accepted_on=accepted_on, assets=[orchard_row, irrigation_row], notice=NOTICE
    )
    assert project.status == "accepted"
    step = project.steps.get(action="accept")
    assert step.on == accepted_on and step.payload == {"assets": [a.code for a in assets]}
    assert [a.value for a in assets] == [Decimal("250000.00"), Decimal("50000.01")]
    orchard, irrigation = (Asset.objects.get(pk=a.pk) for a in assets)
    assert orchard.project == project and orchard.ledger_level == "village"
    assert orchard.formed_on == accepted_on
    for asset in (orchard, irrigation):
        funds = {f.source: f.amount for f in asset.fundings.all()}
        assert sum(funds.values()) == asset.value
    # 200000.01 central and 100000 county split 250000 : 50000.01 by proportion, to the cent
    assert {f.source: f.amount for f in orchard.fundings.all()} == {
        "central": Decimal("166666.67"),
        "county": Decimal("83333.33"),
    }


def test_single_asset_takes_the_whole_payment(committee_a, township, county):
    project = implementing(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    delivery.payment_add(
        by=county, project=project, source="central", amount=D("123456.78"), paid_on=dt.date(2024, 5, 1)
    )
    project = delivery.project_complete(by=county, project=project, completed_on=days_ago(20))
    _, [asset] = delivery.project_accept(
        by=county, project=project, accepted_on=days_ago(10), assets=[AssetSpec("operating")], notice=NOTICE
    )
    assert asset.value == Decimal("123456.78") and asset.name == project.name


def test_evaluation_compares_targets_with_results(committee_a, township, county):
    project = implementing(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    delivery.payment_add(by=county, project=project, source="central", amount=D("1000"), paid_on=dt.date(2024, 5, 1))
    project = delivery.project_complete(by=county, project=project, completed_on=days_ago(20))
    project, _ = delivery.project_accept(
        by=county, project=project, accepted_on=days_ago(10), assets=[AssetSpec("operating")], notice=NOTICE
    )
    area, income = project.targets.order_by("id")
    with pytest.raises(ValidationError, match="请填写实际完成值：带动脱贫户增收"):
        delivery.project_evaluate(
            by=county, project=project, results={area.pk: D("210")}, conclusion="未完", notice=NOTICE
        )
    project = delivery.project_evaluate(
        by=county,
        project=project,
        results={area.pk: D("210"), income.pk: D("800")},
        conclusion="种植面积达标，增收未达标",
        notice=NOTICE,
    )
    assert project.steps.get(action="evaluate").payload == {
        "results": {"种植面积": "210.00亩", "带动脱贫户增收": "800.00元/户"}
    }
    area.refresh_from_db()
    income.refresh_from_db()
    assert project.status == "evaluated" and area.met is True and income.met is False


def test_exit_needs_a_reason(committee_a, township, county):
    project = into_library(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    with pytest.raises(ValidationError, match="出库原因"):
        delivery.project_exit(by=county, project=project, exit_reason="", notice=NOTICE)
    with pytest.raises(ValidationError, match="须填写出库说明"):
        delivery.project_exit(by=county, project=project, exit_reason="other", notice=NOTICE)
    project = delivery.project_exit(
        by=county, project=project, exit_reason="duplicate", exit_note="与2023年项目重复", notice=NOTICE
    )
    assert project.status == "exited" and project.exit_reason == "duplicate"
    assert project.steps.get(action="exit").reason == "与其他项目重复 与2023年项目重复"


def test_industry_share_against_the_parameter(committee_a, township, county):
    industry = into_library(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    delivery.project_plan(by=county, project=industry, notice=NOTICE)
    road = into_library(
        village_project(committee_a, VILLAGE_A, kind="infrastructure", name="通组路"),
        committee=committee_a,
        township=township,
        county=county,
    )
    road.fundings.filter(source="central").update(amount=Decimal("250000"))
    delivery.project_plan(by=county, project=road, notice=NOTICE)
    share = selectors.industry_share(county, 2024)
    assert share.target == Decimal("0.60")
    assert share.central_total == Decimal("550000.00")
    assert share.share == Decimal("0.5455") and share.below
    assert selectors.industry_share(county, 2022).target == Decimal("0.55")
    road.fundings.filter(source="central").update(amount=Decimal("200000"))
    assert not selectors.industry_share(county, 2024).below  # 300000 / 500000 = 60%


def test_area_scoping_of_projects(committee_a, committee_b, township, county):
    project = village_project(committee_a, VILLAGE_A)
    assert list(selectors.projects_visible(township)) == [project]
    assert list(selectors.projects_visible(committee_b)) == []
    with pytest.raises(Http404):
        selectors.access_project_by_id(committee_b, project.pk)


def test_without_the_parameter_there_is_no_target_and_no_warning(committee_a, township, county):
    from shoudi.policy.models import Parameter

    project = into_library(
        village_project(committee_a, VILLAGE_A, kind="infrastructure"),
        committee=committee_a,
        township=township,
        county=county,
    )
    delivery.project_plan(by=county, project=project, notice=NOTICE)
    Parameter.objects.filter(key="industry_fund_share").delete()
    share = selectors.industry_share(county, 2024)
    assert share.target is None and share.share == Decimal("0.0000") and not share.below


def test_notice_pages_of_each_stage_through_the_api(client, committee_a, township, county):
    project = into_library(
        village_project(committee_a, VILLAGE_A), committee=committee_a, township=township, county=county
    )
    client.force_login(township)
    rows = client.get("/api/v1/projects/notices/decide").json()
    assert [(r["project_code"], r["stage_label"], r["notice_from"]) for r in rows] == [
        (project.code, "县级审定入库", NOTICE.start.isoformat())
    ]
    assert client.get("/api/v1/projects/notices/nonsense").status_code == 404
