"""The pure generator: believable, valid and reproducible households on the real villages of 松桃."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from statistics import mean

import pytest

from shoudi.registry.codes import ITEM_KIND, SchoolStage
from shoudi.registry.idnumber import make, parse
from shoudi.synth.county import Village, allocate, as_dicts, generate, plan_county, shipped_divisions
from shoudi.synth.ids import IdMaker
from shoudi.synth.money import Window
from shoudi.synth.summary import Summary

AS_OF = dt.date(2025, 6, 15)
COUNTY = "520628"


@pytest.fixture(scope="module")
def records():
    return list(generate([COUNTY], 600, 7, as_of=AS_OF))


def _age(birth: dt.date) -> int:
    return AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))


def test_households_sit_on_real_villages_of_the_county(records):
    villages = {code for code, _ in shipped_divisions("52").villages[COUNTY]}
    households = [as_dicts(r)[0] for r in records]
    assert all(h["village_id"] in villages for h in households)
    assert len({h["number"] for h in households}) == len(households)
    assert all(h["number"].startswith(h["village_id"]) and len(h["number"]) == 17 for h in households)
    assert len({h["village_id"] for h in households}) > 100  # spread over the county, not piled in one village


def test_id_numbers_are_valid_unique_and_match_birth_date_and_sex(records):
    people = [p for r in records for p in as_dicts(r)[1]]
    numbers = [p["id_number"] for p in people]
    assert len(set(numbers)) == len(numbers)
    for p in people:
        info = parse(p["id_number"])
        assert info.region_code == COUNTY
        assert info.birth_date == p["birth_date"]
        assert info.sex == ("男" if p["sex"] == "M" else "女")
        assert p["name"] and 2 <= len(p["name"]) <= 4


def test_fast_id_maker_agrees_with_the_registry_make():
    maker = IdMaker(COUNTY)
    rng = random.Random(3)
    for _ in range(2000):
        birth = dt.date(1930, 1, 1).toordinal() + rng.randrange(30000)
        number, date = maker.make(birth, rng.random() < 0.5)
        assert number == make(COUNTY, date, int(number[14:17]))


def test_id_maker_moves_on_when_a_day_is_full_and_skips_taken_numbers():
    birth = dt.date(1980, 1, 1).toordinal()
    first, _ = IdMaker(COUNTY).make(birth, True)
    maker = IdMaker(COUNTY, taken={first})
    numbers = [maker.make(birth, True) for _ in range(501)]
    assert first not in {n for n, _ in numbers}
    assert len({n for n, _ in numbers}) == 501
    assert numbers[-1][1] == dt.date(1980, 1, 2)


def test_same_seed_gives_identical_data_and_another_seed_does_not(records):
    again = list(generate([COUNTY], 600, 7, as_of=AS_OF))
    assert again == records  # UUIDs included
    other = list(generate([COUNTY], 600, 8, as_of=AS_OF))
    assert [r.household[1] for r in other] != [r.household[1] for r in records]
    assert {p[2] for r in other for p in r.persons} != {p[2] for r in records for p in r.persons}


def test_one_head_per_household_and_sizes_from_one_to_eight():
    many = list(generate([COUNTY], 3000, 11, as_of=AS_OF))
    sizes = [len(r.persons) for r in many]
    assert all(Counter(as_dicts(r)[1][i]["relationship"] for i in range(len(r.persons)))["head"] == 1 for r in many)
    assert min(sizes) == 1 and max(sizes) == 8
    assert 3.3 <= mean(sizes) <= 3.7


def test_school_stage_fits_age(records):
    expected = {
        SchoolStage.PRESCHOOL: range(3, 6),
        SchoolStage.PRIMARY: range(6, 12),
        SchoolStage.JUNIOR: range(12, 15),
        SchoolStage.SENIOR: range(15, 18),
        SchoolStage.SECONDARY_VOCATIONAL: range(15, 18),
        SchoolStage.HIGHER_VOCATIONAL: range(18, 22),
        SchoolStage.UNDERGRADUATE: range(18, 22),
        SchoolStage.DROPOUT: range(7, 16),
    }
    people = [p for r in records for p in as_dicts(r)[1]]
    for p in people:
        if p["school_stage"] != SchoolStage.NOT_IN_SCHOOL:
            assert _age(p["birth_date"]) in expected[p["school_stage"]], p
    children = [p for p in people if 7 <= _age(p["birth_date"]) <= 14]
    assert all(p["school_stage"] != SchoolStage.NOT_IN_SCHOOL for p in children)
    assert all(p["labor"] == "none" for p in people if _age(p["birth_date"]) < 16)


def test_about_thirty_percent_are_former_poor_with_an_exit_year(records):
    households = [as_dicts(r)[0] for r in records]
    former = [h for h in households if h["status"] == "former_poor"]
    assert 0.23 <= len(former) / len(households) <= 0.37
    assert all(2014 <= h["exit_year"] <= 2020 for h in households if h["status"] != "ordinary")
    assert all(h["exit_year"] is None for h in households if h["status"] == "ordinary")


def test_finance_lies_in_the_twelve_months_before_the_reference_date(records):
    window = Window.before(AS_OF)
    assert window.months[0] == dt.date(2024, 6, 1) and window.months[-1] == dt.date(2025, 5, 1)
    for r in records:
        for item, months in r.finance.items():
            assert item in ITEM_KIND
            assert len(months) == 12 and all(v >= 0 for v in months)
    rows = sum(1 for r in records for months in r.finance.values() for v in months if v)
    assert rows / len(records) < 75  # a few items a month, so 20,000 households stay under 1.5 M rows


def test_incomes_follow_the_members(records):
    for r in records:
        people = as_dicts(r)[1]
        wages = sum(p["work_income"] for p in people)
        paid = sum(sum(r.finance.get(item, [0])) for item in ("migrant_work", "local_work"))
        assert paid == wages
        if any(p["dibao"] for p in people):
            assert sum(r.finance["dibao"]) > 0
        if not any(p["dibao"] for p in people):
            assert "dibao" not in r.finance
        if any(p["health"] == "major" for p in people):
            assert sum(r.finance["medical"]) > 0


def test_summary_counts_hardship_and_status(records):
    summary = Summary()
    for r in records:
        summary.add(r)
    assert summary.households == 600
    assert summary.persons == sum(len(r.persons) for r in records)
    assert 0 < summary.hardship < 0.3 * 600
    assert summary.former_poor == sum(r.household[4] == "former_poor" for r in records)


def test_relocation_sites_are_real_communities_of_the_county():
    plan = plan_county(COUNTY, shipped_divisions("52"), 1)
    assert plan.sites and all(site.community and site.code.startswith(COUNTY) for site in plan.sites)
    relocated = [as_dicts(r)[0] for r in generate([COUNTY], 1500, 3, as_of=AS_OF) if r.household[6]]
    assert relocated
    assert {h["village_id"] for h in relocated} <= {s.code for s in plan.sites}
    assert all(h["relocation_site"].endswith("安置点") and h["housing_grade"] == "A" for h in relocated)


def test_several_counties_share_the_households_by_their_villages():
    records = list(generate(["520628", "520627"], 400, 1, as_of=AS_OF))
    by_county = Counter(r.household[2][:6] for r in records)
    assert sum(by_county.values()) == 400 and set(by_county) == {"520628", "520627"}
    assert allocate(10, [1, 1, 1]) in ([4, 3, 3], [3, 4, 3], [3, 3, 4])


def test_village_short_names():
    assert Village("520628101203", "当造村村民委员会", "盘石镇").short == "当造村"
    assert Village("520628001001", "白岩社区居民委员会", "大兴街道").short == "白岩社区"
    assert Village("520628108100", "甘龙居民委员会", "甘龙镇").community
