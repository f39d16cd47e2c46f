"""Contract v2 of ``shoudi assess`` (CLI.md): ``holds``, ``property_ok`` and the ``layers`` of each household,
at each boundary the document names — exactly 1.5 × the 低保 standard, exactly last year's disposable income."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from shoudi.policy.tests.test_commands import run

AS_OF = "2021-06-15"  # window 2020-06 … 2021-05; Guizhou's line 6,320; last year's (2020) disposable income 11,642
DIBAO = [{"key": "dibao_standard_monthly", "region": "520628", "year": 2021, "value": "500"}]  # 6,000 元/年


def household(ref, income, *, members=1, labor="普通劳动力", rigid=None, **extra):
    return {
        "ref": ref,
        "region": "520628101203",
        "members": [{"labor": labor} for _ in range(members)],
        "income": [{"month": "2020-09", "kind": "工资性", "amount": income}],
        "rigid": [{"month": "2021-03", "kind": "医疗自付", "amount": rigid}] if rigid else [],
        **extra,
    }


def layers(tmp_path, *households, parameters=DIBAO):
    out = run("assess", {"as_of": AS_OF, "parameters": parameters, "households": list(households)}, tmp_path)
    assert out["contract"] == 2
    return {r["ref"]: r for r in out["results"]}


def layer(result, code):
    return next(entry for entry in result["layers"] if entry["code"] == code)


def test_every_v1_field_is_kept_and_the_layers_come_in_order(builtin, tmp_path):
    r = layers(tmp_path, household("a", "5000.00"))["a"]
    for field in ("window", "members_counted", "per_capita_net_income", "within_range", "category", "reasons"):
        assert field in r
    assert [entry["code"] for entry in r["layers"]] == ["dibao", "tekun", "dibao_edge", "rigid_hardship", "monitoring"]
    assert r["error"] is None


def test_exactly_one_and_a_half_times_the_dibao_standard_is_not_the_edge(builtin, tmp_path):
    found = layers(tmp_path, household("at", "9000.00"), household("below", "8999.99"))
    at, below = layer(found["at"], "dibao_edge"), layer(found["below"], "dibao_edge")
    assert at["qualifies"] is False and at["candidate"] is False
    assert below["qualifies"] is True and below["candidate"] is True
    assert any("9000.00 元/年" in reason and "不低于" in reason for reason in at["reasons"])
    assert any("8999.99" in reason and "低于" in reason for reason in below["reasons"])
    # 民政 decides 低保: never true or false, a candidate only below the standard itself
    assert layer(found["below"], "dibao")["qualifies"] is None
    assert layer(found["below"], "dibao")["candidate"] is False


def test_exactly_last_years_disposable_income_is_not_rigid_hardship(builtin, tmp_path):
    # 6,000 of medical spending ≥ 0.5 × the income in both; only the per-capita income differs by a fen
    found = layers(
        tmp_path, household("at", "11642.00", rigid="6000.00"), household("below", "11641.99", rigid="6000.00")
    )
    assert layer(found["at"], "rigid_hardship")["qualifies"] is False
    assert layer(found["below"], "rigid_hardship")["qualifies"] is True
    reasons = " ".join(layer(found["below"], "rigid_hardship")["reasons"])
    assert "11642.00" in reasons and "6000.00" in reasons
    # after the rigid spending the household is below the monitoring line: 突发严重困难户 would be its category
    assert layer(found["below"], "monitoring")["qualifies"] is True


def test_rigid_spending_must_reach_the_share_of_income(builtin, tmp_path):
    found = layers(
        tmp_path, household("half", "10000.00", rigid="5000.00"), household("less", "10000.00", rigid="4999.99")
    )
    assert layer(found["half"], "rigid_hardship")["qualifies"] is True
    assert layer(found["less"], "rigid_hardship")["qualifies"] is False


def test_what_a_household_holds_shapes_the_other_layers(builtin, tmp_path):
    found = layers(
        tmp_path,
        household("held", "5000.00", holds=["低保"]),
        household("code", "5000.00", holds=["dibao_edge", "monitoring"]),
        household("poor", "5000.00"),
    )
    held = found["held"]
    assert layer(held, "dibao")["holds"] is True and layer(held, "dibao")["candidate"] is False
    assert layer(held, "dibao_edge")["qualifies"] is False
    assert layer(found["code"], "dibao_edge")["holds"] is True
    assert (
        layer(found["code"], "monitoring")["holds"] is True and layer(found["code"], "monitoring")["candidate"] is False
    )
    assert layer(found["poor"], "dibao")["candidate"] is True  # 5,000 < 6,000: refer to 民政
    assert layer(found["poor"], "dibao_edge")["qualifies"] is True


def test_tekun_candidates_have_no_one_able_to_work(builtin, tmp_path):
    found = layers(
        tmp_path, household("none", "3000.00", members=2, labor="丧失劳动力"), household("works", "3000.00", members=2)
    )
    assert layer(found["none"], "tekun")["candidate"] is True
    assert layer(found["works"], "tekun")["candidate"] is False


def test_property_conditions_not_met(builtin, tmp_path):
    r = layers(tmp_path, household("p", "5000.00", property_ok=False))["p"]
    assert layer(r, "dibao")["candidate"] is False
    assert layer(r, "dibao_edge")["qualifies"] is False
    assert layer(r, "rigid_hardship")["qualifies"] is False


def test_without_a_dibao_standard_the_edge_cannot_be_decided(builtin, tmp_path):
    r = layers(tmp_path, household("x", "5000.00"), parameters=[])["x"]
    assert layer(r, "dibao_edge")["qualifies"] is None
    assert layer(r, "rigid_hardship")["qualifies"] is None
    assert any("dibao_standard_monthly" in reason for reason in layer(r, "dibao_edge")["reasons"])


def test_the_standards_are_parameters_of_the_call(builtin, tmp_path):
    ratio = [*DIBAO, {"key": "dibao_edge_ratio", "region": "520628", "year": 2021, "value": "2"}]
    r = layers(tmp_path, household("x", "11999.99"), parameters=ratio)["x"]
    assert layer(r, "dibao_edge")["qualifies"] is True
    used = {p["key"]: p for p in r["parameters"]}
    assert used["dibao_edge_ratio"]["value"] == "2" and used["dibao_standard_monthly"]["value"] == "500.00"
    assert used["rural_disposable_income"]["valid_from"].startswith("2020") and "monitoring_line" in used


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"holds": ["小康"]}, "holds[0]"),
        ({"holds": "dibao"}, "holds 应为数组"),
        ({"property_ok": "yes"}, "property_ok"),
    ],
)
def test_bad_layer_inputs_are_an_error_of_that_household(builtin, tmp_path, extra, message):
    found = layers(tmp_path, household("bad", "5000.00", **extra), household("good", "5000.00"))
    assert message in found["bad"]["error"] and found["bad"]["layers"] == []
    assert found["good"]["error"] is None


def test_a_bad_standard_stops_the_call(builtin, tmp_path):
    bad = [{"key": "dibao_edge_ratio", "region": "520628", "year": 2021, "value": "abc"}]
    with pytest.raises(CommandError):
        layers(tmp_path, household("x", "5000.00"), parameters=bad)


def test_a_county_that_publishes_its_standard_per_year(builtin, tmp_path):
    # 5,000 元/年 (not 12 × 500 = 6,000): the edge limit is 7,500
    annual = [*DIBAO, {"key": "dibao_standard_annual", "region": "520628", "year": 2021, "value": "5000"}]
    found = layers(tmp_path, household("at", "7500.00"), household("below", "7499.99"), parameters=annual)
    assert layer(found["at"], "dibao_edge")["qualifies"] is False
    assert layer(found["below"], "dibao_edge")["qualifies"] is True
    assert any("按年公布的标准" in reason for reason in layer(found["below"], "dibao")["reasons"])
    used = {p["key"] for p in found["below"]["parameters"]}
    assert "dibao_standard_annual" in used and "dibao_standard_monthly" not in used
