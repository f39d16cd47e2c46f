"""A small synthetic county for the screening tests: households at each rule's boundaries, and what the
rules must find among them (``EXPECTED``: household key → rules)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from shoudi.feeds import testing as ft
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Case
from shoudi.monitoring.policy_bridge import load_builtin_params
from shoudi.registry.idnumber import make as make_id
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, PersonFactory, household_with_members

AS_OF = dt.date(2021, 6, 30)
INCOME = Decimal("11642")  # 贵州 2020 (built-in), the previous year of AS_OF
_seq = itertools.count(100)


def pct(ratio: str) -> str:
    """``ratio`` × the 2020 income, as money."""
    return str((Decimal(ratio) * INCOME).quantize(Decimal("0.01")))


def person_born(household: Household, birth: dt.date, **fields: Any) -> Person:
    person: Person = PersonFactory(
        household=household,
        id_number=make_id("520628", birth, next(_seq) % 1000),
        relationship="son",
        name=fields.pop("name", f"学生{birth.year}"),
        **fields,
    )
    return person


def open_case(household: Household, status: str = mcodes.Status.MONITORED) -> Case:
    return Case.objects.create(
        household=household,
        village_id=household.village_id,
        status=status,
        status_on=AS_OF,
        channel=mcodes.Channel.CADRE_VISIT,
        opened_on=dt.date(2021, 1, 5),
        deadline=dt.date(2021, 1, 20),
    )


def head(household: Household) -> Person:
    return household.members.get(relationship="head")


def hh(key: str, village: str = VILLAGE_A, *, size: int = 2, poor: bool = True, **fields: Any) -> Household:
    status = "former_poor" if poor else "ordinary"
    # Five digits after the village, out of the range of the factories' four-digit counter.
    number = f"{village}9{len(BUILT):04d}"
    h = household_with_members(village, size=size, status=status, number=number, **fields)
    BUILT[key] = h
    return h


BUILT: dict[str, Household] = {}

EXPECTED: dict[str, set[str]] = {
    "med_51": {"medical_oop"},
    "med_example": {"medical_oop"},
    "med_other_hit": {"medical_oop"},
    "uninsured_poor": {"uninsured"},
    "dibao_new": {"dibao_new"},
    "dibao_stop": {"dibao_stopped"},
    "dropout_6": {"school_dropout"},
    "dropout_15": {"school_dropout"},
    "house_c": {"housing_unsafe"},
    "disab_2": {"disability"},
    "disaster_collapse": {"disaster"},
    "disaster_10000": {"disaster"},
    "death_only": {"labour_death"},
    "job_only": {"job_loss"},
    "water_own": {"water_unsafe"},
    "water_village_poor": {"water_unsafe"},
    "inelig_monitored": {"suspected_ineligible"},
    "inelig_identifying": {"suspected_ineligible"},
    "inelig_judged_truck": {"suspected_ineligible"},
}


def build_world() -> dict[str, Household]:
    """The households of ``EXPECTED`` plus the near misses; returns key → household."""
    BUILT.clear()
    load_builtin_params()
    claims = []
    # medical_oop: 49/50/51% of the income for a former-poor household (ratio 0.5); 100% for others
    for key, ratio in (("med_49", "0.49"), ("med_50", "0.50"), ("med_51", "0.51")):
        claims.append(ft.medical_claim(head(hh(key)), "2021-03-10", oop=pct(ratio)))
    example = head(hh("med_example"))
    claims += [
        ft.medical_claim(example, "2021-01-12", oop="8000"),
        ft.medical_claim(example, "2021-05-20", oop="4300"),
        ft.medical_claim(example, "2020-05-01", oop="9000"),  # more than 12 months before: not counted
    ]
    claims.append(ft.medical_claim(head(hh("med_other_miss", poor=False)), "2021-02-01", oop="11642"))
    claims.append(ft.medical_claim(head(hh("med_other_hit", poor=False)), "2021-02-01", oop="11642.01"))
    ft.feed("medical_claims", *claims)
    ft.feed(
        "medical_enrolment",
        ft.enrolment(head(hh("uninsured_poor")), 2021, insured=False),
        ft.enrolment(head(hh("uninsured_ordinary", poor=False)), 2021, insured=False),
        ft.enrolment(head(hh("uninsured_last_year")), 2020, insured=False),
    )
    monitored = hh("dibao_monitored")
    open_case(monitored)
    ft.feed(
        "civil_assistance",
        ft.civil_assistance(head(hh("dibao_new")), "低保", "新增", "2021-04-01"),
        ft.civil_assistance(head(monitored), "特困", "新增", "2021-04-01"),
        ft.civil_assistance(head(hh("dibao_stop", poor=False)), "低保", "停止", "2021-05-01"),
    )
    rows = []
    for key, birth in (
        ("dropout_5", dt.date(2015, 3, 2)),  # 5 on 2021-03-01, 6 the next day
        ("dropout_6", dt.date(2015, 3, 1)),  # 6 on its birthday
        ("dropout_15", dt.date(2005, 3, 2)),  # still 15
        ("dropout_16", dt.date(2005, 3, 1)),  # 16 on the record date
    ):
        rows.append(ft.school(person_born(hh(key), birth), "辍学", "2021-03-01"))
    ft.feed("school", *rows)
    repaired = head(hh("house_c_then_a"))
    ft.feed(
        "housing",
        ft.housing(head(hh("house_b")), "B", "2021-02-01"),
        ft.housing(head(hh("house_c")), "C", "2021-02-01"),
        ft.housing(repaired, "C", "2020-10-01"),
        ft.housing(repaired, "A", "2021-03-01"),
    )
    ft.feed(
        "disability",
        ft.disability(head(hh("disab_2")), 2, "2021-04-01"),
        ft.disability(head(hh("disab_3")), 3, "2021-04-01"),
    )
    ft.feed(
        "disaster",
        ft.disaster(head(hh("disaster_collapse")), "2021-06-01", collapsed=True, kind="滑坡"),
        ft.disaster(head(hh("disaster_9999")), "2021-06-01", loss="9999.99"),
        ft.disaster(head(hh("disaster_10000")), "2021-06-01", loss="10000", kind="洪涝"),
    )
    only = hh("death_only")
    only.members.exclude(relationship="head").update(labor="none")
    two = hh("death_two")
    ft.feed(
        "household_register",
        ft.register(head(only), "死亡", "2021-05-05"),
        ft.register(head(two), "死亡", "2021-05-06"),
    )
    # job_loss: the labour database's 务工地点 (kept in the registry) says who else is at work
    job_only = hh("job_only")
    Person.objects.filter(pk=head(job_only).pk).update(work_income=Decimal("30000"), work_place="out_province")
    job_two = hh("job_two")
    job_two.members.update(work_income=Decimal("20000"), work_place="out_province")
    ft.feed(
        "employment",
        ft.employment(head(job_only), "失业登记", "2021-04-01"),
        ft.employment(head(job_two), "返乡", "2021-04-01"),
    )
    hh("water_village_poor", VILLAGE_C)
    hh("water_village_ordinary", VILLAGE_C, poor=False)
    ft.feed(
        "water",
        ft.water("2021-05-01", safe=False, head=head(hh("water_own", VILLAGE_B))),
        ft.water("2021-05-01", safe=False, village=VILLAGE_C),
    )
    inelig = hh("inelig_monitored")
    open_case(inelig)
    identifying = hh("inelig_identifying")
    open_case(identifying, mcodes.Status.ID_HOME_CHECK)  # in identification: an open case too
    judged = hh("inelig_judged", other_car="production", car_reason="运输自家农产品的小型客车")
    open_case(judged)
    truck = hh("inelig_judged_truck", other_car="low_value", car_reason="二手代步车")
    open_case(truck)
    ft.feed(
        "vehicles",
        ft.vehicle(head(inelig), "小型轿车", "2019-01-01"),
        ft.vehicle(head(hh("inelig_not_monitored")), "小型轿车", "2019-01-01"),
        ft.vehicle(head(identifying), "小型轿车", "2020-08-01"),
        ft.vehicle(head(judged), "小型轿车", "2019-05-01"),  # judged production: answered, no lead
        ft.vehicle(head(truck), "小型轿车", "2019-05-01"),
        ft.vehicle(head(truck), "大中型货车", "2020-05-01"),  # a truck is an exclusion whatever the car
    )
    return dict(BUILT)


def expected_pairs(world: dict[str, Household]) -> set[tuple[str, str]]:
    return {(world[k].number, rule) for k, rules in EXPECTED.items() for rule in rules}
