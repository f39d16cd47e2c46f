"""The attainment rule of the appraisal (考核): with a target, and against the peers when there is none."""

from __future__ import annotations

from shoudi.reports.appraisal import Item, attainment


def test_with_a_target():
    higher = Item("risk_matched_share", 30, "higher", 80)
    assert attainment(higher, 40.0, []) == 0.5
    assert attainment(higher, 95.0, []) == 1.0  # capped
    assert attainment(higher, None, []) == 0.0  # no value scores nothing
    lower = Item("identification_overdue", 10, "lower", 2)
    assert attainment(lower, 1, []) == 1.0
    assert attainment(lower, 4, []) == 0.5


def test_without_a_target_areas_sit_between_the_worst_and_the_best_peer():
    higher = Item("former_poor_income_growth", 15, "higher", None)
    peers = [2.0, 6.0, 10.0]
    assert [attainment(higher, v, peers) for v in peers] == [0.0, 0.5, 1.0]
    lower = Item("identification_days_median", 15, "lower", None)
    assert [attainment(lower, v, peers) for v in peers] == [1.0, 0.5, 0.0]
    assert attainment(higher, 5.0, [5.0, 5.0]) == 1.0  # all equal: full marks for everyone
