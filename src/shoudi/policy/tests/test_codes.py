"""The policy reads the registry's code lists, not copies of them, and a code neither knows is an error naming
the field — never silently "ordinary"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shoudi.policy import assessment
from shoudi.policy.batch import assess_area, load_area
from shoudi.policy.inputs import (
    FORMER_POOR_STATUSES,
    UnknownCode,
    entry_from_row,
    former_poor_from_status,
    household_from_json,
    member_from_row,
)
from shoudi.policy.simulation import simulate
from shoudi.registry import codes
from shoudi.registry.models import FinanceRecord, Person
from shoudi.testing.factories import VILLAGE_A, add_finance, household_with_members

AS_OF = dt.date(2021, 6, 15)
MONTH = dt.date(2021, 1, 1)


def test_the_assessment_codes_are_the_registrys():
    assert assessment.Labour is codes.Labor
    assert assessment.IncomeKind is codes.IncomeKind
    assert assessment.RigidKind is codes.RigidKind
    assert assessment.NO_LABOUR == codes.NO_LABOUR
    assert dict(codes.Labor.choices) == assessment.LABOUR_LABELS
    assert dict(codes.IncomeKind.choices) == assessment.INCOME_LABELS
    assert dict(codes.RigidKind.choices) == assessment.RIGID_LABELS
    assert codes.COST_ITEMS["production_cost"] == assessment.COST_LABEL
    assert {codes.HouseholdStatus.FORMER_POOR, codes.HouseholdStatus.FORMER_POOR_NO_POLICY} == FORMER_POOR_STATUSES


def test_every_registry_code_is_read():
    for labor in codes.Labor.values:
        assert member_from_row(True, labor, False).labour == labor
    for item, (flow, kind) in codes.ITEM_KIND.items():
        listed, _ = entry_from_row(flow, kind, MONTH, Decimal("1"))
        assert listed in {"income", "costs", "rigid", "payouts"}, item
    assert {former_poor_from_status(s) for s in codes.HouseholdStatus.values} == {True, False}


@pytest.mark.parametrize(
    ("call", "field", "code"),
    [
        (lambda: member_from_row(True, "robot", False), "labor", "robot"),
        (lambda: entry_from_row("gift", "wage", MONTH, Decimal("1")), "flow", "gift"),
        (lambda: entry_from_row("income", "lottery", MONTH, Decimal("1")), "kind", "lottery"),
        (lambda: entry_from_row("rigid", "wedding", MONTH, Decimal("1")), "kind", "wedding"),
        (lambda: former_poor_from_status("rich"), "status", "rich"),
    ],
)
def test_an_unknown_code_is_an_error_naming_the_field(call, field, code):
    with pytest.raises(ValidationError) as info:
        call()
    assert isinstance(info.value, UnknownCode) and isinstance(info.value, assessment.HouseholdDataError)
    assert list(info.value.message_dict) == [field]
    assert code in str(info.value) and "代码表" in str(info.value)


def test_the_command_line_refuses_an_unknown_labour_by_field():
    with pytest.raises(assessment.HouseholdDataError, match=r"members\[0\]\.labor"):
        household_from_json({"region": "520628", "members": [{"labor": "机器人"}]})


@pytest.fixture
def one_bad_household(builtin, regions):
    good = household_with_members(VILLAGE_A, size=2)
    add_finance(good, "2021-01", "migrant_work", "10000.00")
    bad = household_with_members(VILLAGE_A, size=2)
    Person.objects.filter(household=bad).update(labor="robot")  # written around the services (a bulk load)
    odd = household_with_members(VILLAGE_A, size=1)
    FinanceRecord.objects.create(
        household=odd, month=MONTH, item="migrant_work", flow="income", kind="lottery", amount=Decimal("5")
    )
    return good, bad, odd


def test_the_batch_marks_the_household_not_the_area(one_bad_household):
    good, bad, odd = one_bad_household
    loaded = {h.number: h for h in load_area("520628", AS_OF)}
    assert loaded[good.number].error == ""
    assert "劳动技能代码“robot”" in loaded[bad.number].error
    assert "收入类型代码“lottery”" in loaded[odd.number].error
    results = {h.number: r for h, r in assess_area("520628", AS_OF)}
    assert isinstance(results[bad.number], assessment.HouseholdDataError)
    assert isinstance(results[good.number], assessment.Assessment)


def test_the_simulation_counts_them_apart(one_bad_household):
    report = simulate(region_code="520628", as_of=AS_OF, proposals={"monitoring_line": "6600"})
    assert report.total.households == 3 and report.errors == 2
