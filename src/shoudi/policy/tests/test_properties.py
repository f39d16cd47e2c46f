"""Properties of the assessment (hypothesis): more income never brings a household into the range, and the
order in which items arrive never changes the answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shoudi.policy.assessment import (
    Entry,
    HouseholdFacts,
    IncomeKind,
    Labour,
    Measure,
    Member,
    Method,
    Problem,
    RigidKind,
    assess,
    check_elimination,
)
from shoudi.policy.tests.helpers import AS_OF, rules

months = st.builds(
    lambda i: dt.date(2020 + (3 + i) // 12, (3 + i) % 12 + 1, 1), st.integers(0, 17)
)  # 2020-04 … 2021-09
amounts = st.decimals(min_value=0, max_value=Decimal("60000"), places=2, allow_nan=False, allow_infinity=False)


def entries(kinds):
    return st.lists(st.builds(Entry, months, st.sampled_from([str(k) for k in kinds]), amounts), max_size=8)


member = st.builds(Member, st.booleans(), st.sampled_from(list(Labour)), st.booleans())
households = st.builds(
    HouseholdFacts,
    ref=st.just("户"),
    region=st.just("520628101203"),
    former_poor=st.booleans(),
    members=st.lists(member, min_size=1, max_size=6).map(lambda ms: (Member(), *ms)),
    income=entries(IncomeKind).map(tuple),
    costs=entries(["production_cost"]).map(tuple),
    rigid=entries(RigidKind).map(tuple),
    payouts=entries(["insurance_claim"]).map(tuple),
    leisure_car=st.booleans(),
    business=st.booleans(),
    assembly_override=st.booleans(),
    risks=st.lists(st.sampled_from(["因病", "因学", "因灾", "因意外事故"]), max_size=3, unique=True).map(tuple),
    identified_on=st.dates(dt.date(2020, 1, 1), dt.date(2021, 6, 15)),
    method=st.sampled_from(list(Method)),
    measures=st.lists(
        st.builds(Measure, st.just("产业帮扶"), st.dates(dt.date(2020, 1, 1), dt.date(2021, 12, 31))), max_size=3
    ).map(tuple),
    problems=st.lists(st.sampled_from(list(Problem)), max_size=4, unique=True).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(households, months, amounts, st.sampled_from(list(IncomeKind)))
def test_adding_income_never_moves_a_household_into_the_range(facts, month, amount, kind):
    before = assess(facts, AS_OF, rules())
    richer = replace(facts, income=(*facts.income, Entry(month, str(kind), amount)))
    after = assess(richer, AS_OF, rules())
    if not before.verdict.within_range:
        assert not after.verdict.within_range
    assert after.per_capita_net_income >= before.per_capita_net_income


LISTS = ("members", "income", "costs", "rigid", "payouts", "risks", "measures", "problems")


def _reversed(facts: HouseholdFacts) -> HouseholdFacts:
    return replace(facts, **{name: tuple(reversed(getattr(facts, name))) for name in LISTS})


def _shuffled(facts: HouseholdFacts, rnd) -> HouseholdFacts:
    return replace(
        facts, **{name: tuple(rnd.sample(getattr(facts, name), len(getattr(facts, name)))) for name in LISTS}
    )


@settings(max_examples=300, deadline=None)
@given(households, st.randoms(use_true_random=False))
def test_assessment_never_depends_on_the_order_of_items(facts, rnd):
    for other in (_reversed(facts), _shuffled(facts, rnd)):
        a, b = check_elimination(facts, AS_OF, rules()), check_elimination(other, AS_OF, rules())
        assert a.assessment.verdict == b.assessment.verdict
        assert a.assessment.per_capita_net_income == b.assessment.per_capita_net_income
        assert a.assessment.per_capita_after_rigid == b.assessment.per_capita_after_rigid
        assert a.assessment.measures.exclusion_reasons == b.assessment.measures.exclusion_reasons
        assert a.assessment.reasons == b.assessment.reasons
        assert (a.eligible, a.failing, a.reasons) == (b.eligible, b.failing, b.reasons)
