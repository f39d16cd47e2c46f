"""Each rule at its boundaries, on the small synthetic county of ``world.py`` (DuckDB engine)."""

from __future__ import annotations

import pytest

from shoudi.monitoring.models import Lead
from shoudi.screening.models import RegisterUpdate, ScreeningRun
from shoudi.screening.services import run_execute
from shoudi.screening.tests.world import AS_OF, EXPECTED

pytestmark = pytest.mark.django_db


def run(area="520628", as_of=AS_OF, engine="duckdb"):
    return run_execute(ScreeningRun.objects.create(area_id=area, as_of=as_of, engine=engine))


def test_each_rule_flags_only_the_households_past_its_boundary(world):
    run()
    found: dict[str, set[str]] = {}
    for number, rule in Lead.objects.values_list("household__number", "rule"):
        found.setdefault(number, set()).add(rule)
    by_key = {key: found.get(h.number, set()) for key, h in world.items()}
    assert by_key == {key: EXPECTED.get(key, set()) for key in world}
    # the near misses, named: 49% and 50% of the threshold, age 5 and 16, grade B, one of two workers…
    for key in ("med_49", "med_50", "med_other_miss", "dropout_5", "dropout_16", "house_b", "house_c_then_a"):
        assert by_key[key] == set(), key
    for key in ("disab_3", "disaster_9999", "death_two", "job_two", "dibao_monitored", "inelig_not_monitored"):
        assert by_key[key] == set(), key
    assert by_key["inelig_judged"] == set()  # a 小型轿车 the registry judged a production vehicle
    assert by_key["water_village_ordinary"] == set()


def test_the_evidence_is_plain_chinese_with_the_parameters_used(world):
    result = run()
    lead = Lead.objects.get(household=world["med_example"], rule="medical_oop")
    name = world["med_example"].members.get(relationship="head").name
    assert (
        lead.evidence == f"{name}2021年1–5月合规自付医疗费用 12,300 元，超过上年农村居民人均可支配收入 11,642 元的 50%"
    )
    assert lead.summary.startswith("大额医疗自付（因病）：")
    assert lead.department == "医保结算" and lead.channel == "department" and lead.risk_hint == "illness"
    other = Lead.objects.get(household=world["med_other_hit"])
    assert "11,642.01 元" in other.evidence and "的 100%" in other.evidence
    assert "（6岁）2021年3月1日学籍状态为辍学" in Lead.objects.get(household=world["dropout_6"]).evidence
    disaster = Lead.objects.get(household=world["disaster_10000"]).evidence
    assert disaster == "2021年6月1日遭受洪涝，损失金额 10,000 元，达到 10,000 元的预警标准"
    assert "（按村记录）" in Lead.objects.get(household=world["water_village_poor"]).evidence
    params = result.parameters["520628"]
    assert params["rural_disposable_income"] == "11642" and params["rural_disposable_income_year"] == 2020
    assert params["oop_threshold_former_poor"] == "5821.00"
    assert result.rule_versions["medical_oop"] == 1 and len(result.rule_versions) == 12


def test_deaths_and_births_become_register_updates_not_leads(world):
    result = run()
    updates = RegisterUpdate.objects.order_by("on")
    assert [u.household for u in updates] == [world["death_only"], world["death_two"]]
    assert all(u.kind == "death" and u.village_id == u.household.village_id for u in updates)
    assert "请更新农户信息" in updates[0].text
    assert not Lead.objects.filter(household=world["death_two"]).exists()
    assert result.register_updates_created == 2
    assert run().register_updates_created == 0  # the same deaths: no second register update


def test_counts_by_rule_and_township(world):
    result = run()
    assert result.counts_by_rule["medical_oop"] == 3 and result.counts_by_rule["school_dropout"] == 2
    assert sum(result.counts_by_rule.values()) == sum(len(v) for v in EXPECTED.values())
    assert result.counts_by_township["520628102"] == {"water_unsafe": 1}
    assert result.status == "done" and result.inputs["rows"]["households"] == len(world)


def test_a_village_area_screens_only_that_village(world):
    result = run(area="520628102202")
    assert set(Lead.objects.values_list("rule", flat=True)) == {"water_unsafe"}
    assert result.counts_by_township == {"520628102": {"water_unsafe": 1}}


def test_a_car_is_a_suspicion_for_review_unless_the_registry_judged_it(world):
    run()
    name = world["inelig_monitored"].members.get(relationship="head").name
    lead = Lead.objects.get(household=world["inelig_monitored"], rule="suspected_ineligible")
    assert lead.summary == "疑似不符合条件（交管登记小型轿车，未认定是否享受型轿车），请入户核实"
    assert lead.evidence == f"{name} 2019年1月1日交管登记小型轿车，未认定是否享受型轿车，疑似不符合条件，请入户核实"
    assert lead.risk_hint == "" and lead.channel == "department"
    truck = Lead.objects.get(household=world["inelig_judged_truck"], rule="suspected_ineligible")
    assert truck.summary == "疑似不符合条件（交管登记大中型货车），请入户核实"
    assert "小型轿车" not in truck.evidence
    assert Lead.objects.filter(household=world["inelig_identifying"], rule="suspected_ineligible").exists()
    assert not Lead.objects.filter(household=world["inelig_judged"]).exists()
