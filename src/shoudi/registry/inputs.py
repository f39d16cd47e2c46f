"""What the registry's services take: the facts of a household and of a member, typed. The page forms
(``registry.forms``) and the API schemas (``shoudi.api.schemas``) build them from what a person typed or a
client sent; the services check them (area, code lists, ID number, one head per household) and write.

Both are partial: only the keys present are applied (an edit changes what it names). Codes are the values of
``registry.codes``; money is ``Decimal``; a key that is not a household's (or a member's) fact is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict, get_type_hints

from django.core.exceptions import ValidationError


class HouseholdInput(TypedDict, total=False):
    village_code: str  # 12-digit code of a village in the actor's area
    number: str  # create only: empty → village code + the next 4-digit sequence
    status: str  # codes.HouseholdStatus
    exit_year: int | None
    address: str
    phone: str
    housing_grade: str  # codes.HousingGrade or ""
    water_safe: bool
    relocated: bool
    relocation_site: str
    land_mu: Decimal
    production_tools: str
    debt: Decimal
    leisure_car: bool  # a 享受型轿车 (an exclusion of seed 001)
    other_car: str  # codes.OtherCar: a car judged production or low-value, not an exclusion; "" none
    car_reason: str  # why the car was so judged; required when ``other_car`` is set
    truck_or_excavator: bool
    commercial_property: bool
    business: bool
    assembly_override: bool
    assembly_note: str


class PersonInput(TypedDict, total=False):
    id_number: str  # 18 digits (15 are upgraded); sex and birth date follow from it
    name: str
    relationship: str  # codes.Relationship
    registered: bool
    living_in: bool
    education: str  # codes.Education or ""
    school_stage: str  # codes.SchoolStage
    health: str  # codes.Health
    disability_category: str  # codes.DisabilityCategory
    disability_grade: int | None
    labor: str  # codes.Labor
    work_place: str  # codes.WorkPlace
    work_months: int
    work_income: Decimal
    medical_insurance: bool
    pension_insurance: bool
    dibao: bool
    tekun: bool
    public_payroll: bool
    phone: str


HOUSEHOLD_KEYS = frozenset(get_type_hints(HouseholdInput))
PERSON_KEYS = frozenset(get_type_hints(PersonInput))


def refuse_unknown(data: Mapping[str, Any], known: frozenset[str], what: str) -> None:
    """A key that is not one of ``known`` is an error naming it (a typo must not be silently ignored)."""
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError({key: f"“{key}”不是{what}的信息项，不能修改" for key in unknown})
