"""Monitoring's code lists (``monitoring.codes``) are the source. Policy and screening keep copies of some of
them (they sit below monitoring, or must not import it at run time); these tests prove the copies match, so a
code added in one place and not the other fails here instead of becoming "ordinary" somewhere. And an unknown
code is an error wherever it enters, never silently nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from shoudi.monitoring import codes, common, policy_bridge
from shoudi.policy import assessment as pa
from shoudi.policy import simulation


def test_policy_categories_problems_and_methods_are_monitorings():
    assert {c.value for c in pa.Category} == set(codes.Category.values)
    assert {str(k): v for k, v in pa.CATEGORY_LABELS.items()} == dict(codes.Category.choices)
    assert {p.value for p in pa.Problem} == set(codes.Problem.values)
    assert {str(k): v for k, v in pa.PROBLEM_LABELS.items()} == dict(codes.Problem.choices)
    assert {m.value for m in pa.Method} == set(codes.EliminationKind.values)
    assert {str(k): v for k, v in pa.METHOD_LABELS.items()} == dict(codes.EliminationKind.choices)


def test_the_simulation_counts_monitorings_categories():
    parts = dict(simulation.PARTS)
    for value, label in codes.Category.choices:
        assert parts[value] == label


def test_every_screening_rule_names_a_known_risk_code():
    from shoudi.screening.rules import DISASTER_SUBTYPES, RULES

    unknown = {r.id: r.risk_code for r in RULES if r.risk_code and r.risk_code not in codes.RISK_CODE_LABELS}
    assert not unknown, f"screening rules with risk codes monitoring does not know: {unknown}"
    assert {code for _, code in DISASTER_SUBTYPES} <= set(codes.DisasterSubtype.values)


def test_an_unknown_category_from_the_policy_is_an_error():
    assert policy_bridge._category(pa.Category.SUDDEN) == "sudden"
    assert policy_bridge._category(None) == ""
    with pytest.raises(ValueError):
        policy_bridge._category("ordinary")


def test_an_unknown_approval_level_is_an_error_not_the_county(regions):
    policy_bridge.load_builtin_params()
    day = dt.date(2026, 6, 1)
    assert policy_bridge.approval_area_length("520628101203", day) == 6
    policy_bridge.store_param("approval_level", "52", "province", valid_from=dt.date(2026, 1, 1), source="测试")
    with pytest.raises(ValidationError) as error:
        policy_bridge.approval_area_length("520628101203", day)
    assert "approval_level" in error.value.messages[0] and "province" in error.value.messages[0]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: common.clean_risks(["poverty"]), "risks"),
        (lambda: common.clean_risks([("illness", "flood")]), "risks"),
        (lambda: common.clean_risks([("disaster", "tsunami")]), "risks"),
        (lambda: common.clean_category("ordinary"), "category"),
    ],
)
def test_unknown_codes_are_refused_by_field(call, field):
    with pytest.raises(ValidationError) as error:
        call()
    assert "不在代码表中" in error.value.message_dict[field][0] or "只有" in error.value.message_dict[field][0]


def test_an_unknown_household_status_is_an_error_not_an_ordinary_household():
    assert policy_bridge._former_poor("former_poor_no_policy") and not policy_bridge._former_poor("ordinary")
    with pytest.raises(pa.HouseholdDataError, match="不在代码表中"):
        policy_bridge._former_poor("poor")
