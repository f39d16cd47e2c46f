"""享受型轿车 is not every private car (seed 001 §监测对象; issue 14): only a 享受型轿车 excludes; a car the village
judged a production or low-value vehicle is shown, with its reason, and excludes nothing."""

from __future__ import annotations

import json

import pytest

from shoudi.monitoring.policy_bridge import assess_household
from shoudi.policy.assessment import HouseholdDataError, assess
from shoudi.policy.inputs import household_from_json
from shoudi.policy.tests.helpers import AS_OF, entry, household, rules
from shoudi.policy.tests.test_commands import ISSUE_EXAMPLE, run
from shoudi.testing.factories import VILLAGE_A, add_finance, household_with_members

POOR = {"former_poor": True, "income": (entry("2021-01", "1000"),)}


def test_a_production_car_excludes_nothing_and_says_why():
    facts = household(other_car="production", car_reason="运输自家蔬菜的微型货车", **POOR)
    result = assess(facts, AS_OF, rules())
    assert result.verdict.excluded is False and result.measures.exclusion_reasons == ()
    assert "登记有小汽车，经认定为生产经营用车（理由：运输自家蔬菜的微型货车），不属于享受型轿车" in result.reasons


def test_a_low_value_car_excludes_nothing():
    facts = household(other_car="low_value", car_reason="二手代步车", **POOR)
    result = assess(facts, AS_OF, rules())
    assert result.verdict.excluded is False
    assert any("经认定为低值代步车（理由：二手代步车）" in r for r in result.reasons)


def test_a_leisure_car_still_excludes_beside_a_judged_one():
    facts = household(leisure_car=True, other_car="production", car_reason="农用运输", **POOR)
    result = assess(facts, AS_OF, rules())
    assert result.verdict.excluded is True
    assert result.measures.exclusion_reasons == ("家庭成员拥有享受型轿车",)


def test_the_command_line_takes_the_judgement_with_its_reason(builtin, tmp_path):
    document = json.loads(json.dumps(ISSUE_EXAMPLE, ensure_ascii=False))
    document["households"][0]["facts"].update({"other_car": "生产经营用车", "car_reason": "运输农产品"})
    [r] = run("assess", document, tmp_path)["results"]
    assert r["excluded"] is False and r["error"] is None
    assert any("经认定为生产经营用车（理由：运输农产品）" in x for x in r["reasons"])


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"other_car": "production"}, "facts.car_reason"),
        ({"other_car": "豪华车", "car_reason": "x"}, "facts.other_car"),
    ],
)
def test_the_command_line_refuses_a_judgement_without_reason_or_unknown(facts, message):
    data = {"region": "520628105201", "members": [{}], "facts": facts}
    with pytest.raises(HouseholdDataError, match=message):
        household_from_json(data)


def test_the_registrys_judgement_reaches_the_assessment(builtin, regions):
    made = household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2019)
    add_finance(made, "2021-01", "migrant_work", "1000.00")
    made.other_car, made.car_reason = "low_value", "购置十年的二手车"
    made.save()
    result = assess_household(made, AS_OF)
    assert result["excluded"] is False and result["exclusions"] == []
    assert "登记有小汽车，经认定为低值代步车（理由：购置十年的二手车），不属于享受型轿车" in result["reasons"]
    made.leisure_car = True
    made.save()
    assert assess_household(made, AS_OF)["exclusions"] == ["家庭成员拥有享受型轿车"]
