"""Request and response shapes of the registry's JSON API. Enumerations travel as their code values; every enumerated
output has a ``*_label`` with the Chinese label. ID numbers and phones go out masked, always."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import ErrorOut, InputSchema, partial_of
from shoudi.regions.models import Region
from shoudi.registry import codes
from shoudi.registry.idnumber import mask, mask_phone
from shoudi.registry.models import Household, Person


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _h(name: str, **kwargs: Any) -> Any:
    """A household field titled with its Chinese name (shown in the docs and used in error messages)."""
    return Field(title=_label(Household, name), **kwargs)


def _p(name: str, **kwargs: Any) -> Any:
    return Field(title=_label(Person, name), **kwargs)


# --- regions -------------------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(title="区划代码")
    name: str = Field(title="名称")
    level: int = Field(title="级别（1省 2地 3县 4乡 5村）")
    level_label: str
    parent_code: str | None = Field(None, title="上级区划代码")
    key_county: str = Field(title="重点帮扶县类别")
    key_county_label: str
    local_class: str = Field(title="地方分类")
    local_class_label: str
    poverty_exit_village: bool = Field(title="脱贫村")
    relocation_site: bool = Field(title="易地扶贫搬迁安置点")

    @staticmethod
    def resolve_level_label(obj: Region) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent_id

    @staticmethod
    def resolve_key_county_label(obj: Region) -> str:
        return obj.get_key_county_display() if obj.key_county else ""

    @staticmethod
    def resolve_local_class_label(obj: Region) -> str:
        return obj.get_local_class_display() if obj.local_class else ""


# --- persons -------------------------------------------------------------------------------------------


class PersonIn(InputSchema):
    id_number: str = _p("id_number", max_length=40, description="18位（或旧版15位）居民身份证号")
    name: str = _p("name", max_length=50)
    relationship: codes.Relationship = _p("relationship")
    registered: bool = _p("registered", default=True)
    living_in: bool = _p("living_in", default=True)
    education: codes.Education | None = _p("education", default=None)
    school_stage: codes.SchoolStage = _p("school_stage", default=codes.SchoolStage.NOT_IN_SCHOOL)
    health: codes.Health = _p("health", default=codes.Health.HEALTHY)
    disability_category: codes.DisabilityCategory = _p("disability_category", default=codes.DisabilityCategory.NONE)
    disability_grade: int | None = _p("disability_grade", default=None)
    labor: codes.Labor = _p("labor", default=codes.Labor.ORDINARY)
    work_place: codes.WorkPlace = _p("work_place", default=codes.WorkPlace.NONE)
    work_months: int = _p("work_months", default=0)
    work_income: Decimal = _p("work_income", default=Decimal("0.00"))
    medical_insurance: bool = _p("medical_insurance", default=True)
    pension_insurance: bool = _p("pension_insurance", default=False)
    dibao: bool = _p("dibao", default=False)
    tekun: bool = _p("tekun", default=False)
    public_payroll: bool = _p("public_payroll", default=False)
    phone: str = _p("phone", default="", max_length=20)


PersonPatch = partial_of(PersonIn, "PersonPatch")


def _display(obj: Any, name: str) -> str:
    return obj._get_FIELD_display(obj._meta.get_field(name)) if getattr(obj, name) not in (None, "") else ""


class PersonOut(Schema):
    id: uuid.UUID = Field(title="编号")
    household_id: uuid.UUID = Field(title="所属户编号")
    name: str = Field(title="姓名")
    id_number_masked: str = Field(title="身份证号（脱敏）")
    sex: str = Field(title="性别")
    sex_label: str
    birth_date: dt.date = Field(title="出生日期")
    relationship: str = Field(title="与户主关系")
    relationship_label: str
    registered: bool
    living_in: bool
    education: str
    education_label: str
    school_stage: str
    school_stage_label: str
    health: str
    health_label: str
    disability_category: str
    disability_category_label: str
    disability_grade: int | None
    labor: str
    labor_label: str
    work_place: str
    work_place_label: str
    work_months: int
    work_income: Decimal
    medical_insurance: bool
    pension_insurance: bool
    dibao: bool
    tekun: bool
    public_payroll: bool
    phone_masked: str = Field(title="联系电话（脱敏）")

    @staticmethod
    def resolve_id_number_masked(obj: Person) -> str:
        return mask(obj.id_number)

    @staticmethod
    def resolve_phone_masked(obj: Person) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_sex_label(obj: Person) -> str:
        return _display(obj, "sex")

    @staticmethod
    def resolve_relationship_label(obj: Person) -> str:
        return _display(obj, "relationship")

    @staticmethod
    def resolve_education_label(obj: Person) -> str:
        return _display(obj, "education")

    @staticmethod
    def resolve_school_stage_label(obj: Person) -> str:
        return _display(obj, "school_stage")

    @staticmethod
    def resolve_health_label(obj: Person) -> str:
        return _display(obj, "health")

    @staticmethod
    def resolve_disability_category_label(obj: Person) -> str:
        return _display(obj, "disability_category")

    @staticmethod
    def resolve_labor_label(obj: Person) -> str:
        return _display(obj, "labor")

    @staticmethod
    def resolve_work_place_label(obj: Person) -> str:
        return _display(obj, "work_place")


class PhoneRevealOut(Schema):
    id: uuid.UUID
    number: str = Field(title="户编号")
    phone: str = Field(title="联系电话（完整）")


class RevealOut(Schema):
    id: uuid.UUID
    name: str
    id_number: str = Field(title="身份证号（完整）")
    phone: str = Field(title="联系电话（完整）")


# --- households ----------------------------------------------------------------------------------------


class HouseholdIn(InputSchema):
    village_code: str = Field(title="所在村代码", max_length=12, description="12位村级区划代码")
    number: str = _h("number", default="", max_length=20, description="留空则按村代码自动编号")
    address: str = _h("address", default="", max_length=200)
    status: codes.HouseholdStatus = _h("status", default=codes.HouseholdStatus.ORDINARY)
    exit_year: int | None = _h("exit_year", default=None)
    relocated: bool = _h("relocated", default=False)
    relocation_site: str = _h("relocation_site", default="", max_length=100)
    housing_grade: codes.HousingGrade | None = _h("housing_grade", default=None)
    water_safe: bool = _h("water_safe", default=True)
    land_mu: Decimal = _h("land_mu", default=Decimal("0.00"))
    production_tools: str = _h("production_tools", default="", max_length=200)
    debt: Decimal = _h("debt", default=Decimal("0.00"))
    leisure_car: bool = _h("leisure_car", default=False)
    other_car: codes.OtherCar = _h(
        "other_car", default=codes.OtherCar.NONE, description="不属于享受型轿车的小汽车：production 或 low_value"
    )
    car_reason: str = _h("car_reason", default="", max_length=200, description="other_car 非空时必填")
    truck_or_excavator: bool = _h("truck_or_excavator", default=False)
    commercial_property: bool = _h("commercial_property", default=False)
    business: bool = _h("business", default=False)
    assembly_override: bool = _h("assembly_override", default=False)
    assembly_note: str = _h("assembly_note", default="", max_length=200)
    phone: str = _h("phone", default="", max_length=20)


class HouseholdCreate(HouseholdIn):
    members: list[PersonIn] = Field(default_factory=list, title="家庭成员", description="必须有且只有一位户主")


HouseholdPatch = partial_of(
    HouseholdIn,
    "HouseholdPatch",
    drop=("number",),
    extra={"version": (int, Field(title="版本", description="读取时的 version；他人已修改则返回 409"))},
)


class HouseholdItem(Schema):
    id: uuid.UUID = Field(title="编号")
    number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    village_name: str = Field(title="所在村")
    status: str = Field(title="户类型")
    status_label: str
    head_name: str = Field(title="户主姓名")
    member_count: int = Field(title="成员数")
    housing_grade: str
    housing_grade_label: str
    version: int

    @staticmethod
    def resolve_village_code(obj: Household) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj: Household) -> str:
        return obj.village.name

    @staticmethod
    def resolve_status_label(obj: Household) -> str:
        return _display(obj, "status")

    @staticmethod
    def resolve_housing_grade_label(obj: Household) -> str:
        return _display(obj, "housing_grade")


class HouseholdOut(HouseholdItem):
    address: str
    exit_year: int | None
    relocated: bool
    relocation_site: str
    water_safe: bool
    land_mu: Decimal
    production_tools: str
    debt: Decimal
    leisure_car: bool
    other_car: str = Field(title="其他小汽车认定")
    other_car_label: str
    car_reason: str = Field(title="车辆认定理由")
    truck_or_excavator: bool
    commercial_property: bool
    business: bool
    assembly_override: bool
    assembly_note: str
    phone_masked: str = Field(title="联系电话（脱敏）")
    created_at: dt.datetime
    updated_at: dt.datetime
    members: list[PersonOut] = Field(title="家庭成员")

    @staticmethod
    def resolve_other_car_label(obj: Household) -> str:
        return _display(obj, "other_car")

    @staticmethod
    def resolve_phone_masked(obj: Household) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_members(obj: Household) -> list[Person]:
        return obj.members_loaded  # type: ignore[attr-defined]


class HouseholdPage(Schema):
    count: int = Field(title="符合条件的总户数")
    limit: int
    offset: int
    items: list[HouseholdItem]


__all__ = ["ErrorOut", "InputSchema", "partial_of"]
