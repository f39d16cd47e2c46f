"""Test data builders shared by every app's tests: a small real region tree, personas, households."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any, cast

import factory

from shoudi.accounts.models import User
from shoudi.accounts.roles import Department, Role
from shoudi.regions.models import Level, Region
from shoudi.registry import codes
from shoudi.registry.idnumber import make as make_id
from shoudi.registry.models import FinanceRecord, Household, Person

# Real 2023 codes of 铜仁市松桃苗族自治县 (seed 001's national key assistance county).
PROVINCE, CITY, COUNTY = "52", "5206", "520628"
TOWNSHIP_A, TOWNSHIP_C = "520628101", "520628102"  # 盘石镇, 盘信镇
VILLAGE_A, VILLAGE_B = "520628101203", "520628101204"  # 当造村, 响水洞村 (same township)
VILLAGE_C = "520628102202"  # 团塘村 (another township)

TREE = [
    ("52", "贵州省", Level.PROVINCE, None),
    ("5206", "铜仁市", Level.CITY, "52"),
    ("520628", "松桃苗族自治县", Level.COUNTY, "5206"),
    ("520627", "沿河土家族自治县", Level.COUNTY, "5206"),
    ("520628101", "盘石镇", Level.TOWNSHIP, "520628"),
    ("520628102", "盘信镇", Level.TOWNSHIP, "520628"),
    ("520628101203", "当造村村民委员会", Level.VILLAGE, "520628101"),
    ("520628101204", "响水洞村村民委员会", Level.VILLAGE, "520628101"),
    ("520628102202", "团塘村村民委员会", Level.VILLAGE, "520628102"),
]

PASSWORD = "Shoudi-test-2026!"


def build_region_tree() -> None:
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lv, parent_id=p) for c, n, lv, p in TREE], ignore_conflicts=True
    )


def make_user(username: str, role: str, area: str, **extra: Any) -> User:
    user = User(username=username, role=role, area_id=area, full_name=extra.pop("full_name", username), **extra)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


PERSONAS: dict[str, tuple[str, str, dict[str, Any]]] = {
    # name: (role, area, extra)
    "village_a": (Role.VILLAGE_CONTACT, VILLAGE_A, {"full_name": "李明（当造村监测联系人）"}),
    "village_b": (Role.VILLAGE_CONTACT, VILLAGE_B, {"full_name": "王芳（响水洞村监测联系人）"}),
    "township": (Role.TOWNSHIP_REVIEWER, TOWNSHIP_A, {"full_name": "张强（盘石镇审核员）"}),
    "county": (Role.COUNTY_OFFICER, COUNTY, {"full_name": "刘洋（松桃县乡村振兴局）"}),
    "clerk": (
        Role.DEPT_CLERK,
        COUNTY,
        {"full_name": "陈静（县医保局）", "department": Department.MEDICAL_INSURANCE},
    ),
    "leader": (Role.LEADER, CITY, {"full_name": "赵书记（铜仁市）"}),
    "committee_a": (Role.VILLAGE_COMMITTEE, VILLAGE_A, {"full_name": "村两委（当造村）"}),
    "hr_clerk": (
        Role.DEPT_CLERK,
        COUNTY,
        {"full_name": "孙丽（县人社局）", "department": Department.HUMAN_RESOURCES},
    ),
    "agri_clerk": (
        Role.DEPT_CLERK,
        COUNTY,
        {"full_name": "吴军（县农业农村局）", "department": Department.AGRICULTURE},
    ),
    "province_admin": (Role.ADMIN, PROVINCE, {"full_name": "省级系统管理员（贵州省）"}),
}


def make_persona(name: str) -> User:
    role, area, extra = PERSONAS[name]
    return make_user(name, role, area, **dict(extra))


_seq = itertools.count(1)


def next_id(region6: str = COUNTY, *, female: bool = False) -> str:
    """A fresh valid ID: the birth date advances one day per call, so numbers never collide."""
    n = next(_seq)
    return make_id(region6, dt.date(1950, 1, 1) + dt.timedelta(days=n), 100 if female else 101)


_hh_seq = itertools.count(1)


def _number(village: str) -> str:
    return f"{village}{next(_hh_seq):04d}"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    village_id = VILLAGE_A
    # One counter for every household a test makes, whichever way it is made, so two never share a number.
    number = factory.LazyAttribute(lambda o: _number(o.village_id))
    status = codes.HouseholdStatus.ORDINARY
    housing_grade = codes.HousingGrade.A


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    id_number = factory.LazyFunction(next_id)
    name = factory.Sequence(lambda n: f"测试{n}")
    sex = codes.Sex.MALE
    birth_date = factory.LazyAttribute(
        lambda o: dt.date(int(o.id_number[6:10]), int(o.id_number[10:12]), int(o.id_number[12:14]))
    )
    relationship = codes.Relationship.HEAD
    labor = codes.Labor.ORDINARY


def household_with_members(village: str = VILLAGE_A, size: int = 3, **fields: Any) -> Household:
    number = fields.pop("number", None) or _number(village)
    household = cast(Household, HouseholdFactory(village_id=village, number=number, **fields))
    rels: list[str] = [codes.Relationship.HEAD, codes.Relationship.SPOUSE, *[codes.Relationship.SON] * max(0, size - 2)]
    for i, rel in enumerate(rels[:size]):
        PersonFactory(household=household, relationship=rel, name=f"户{household.number[-4:]}成员{i + 1}")
    return household


def add_finance(household: Household, month: str, item: str, amount: str) -> FinanceRecord:
    flow, kind = codes.ITEM_KIND[item]
    year, mon = (int(x) for x in month.split("-"))
    return FinanceRecord.objects.create(
        household=household, month=dt.date(year, mon, 1), item=item, flow=flow, kind=kind, amount=Decimal(amount)
    )
