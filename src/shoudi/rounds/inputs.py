"""What the round visit service takes, typed: the household's and members' facts a visit saw, the income
sheet. The page form and the API schema build them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shoudi.income.inputs import LineInput
    from shoudi.registry.models import Person


@dataclass(frozen=True)
class HouseholdFacts:
    """ "" / None: as it is."""

    housing_grade: str = ""
    water_safe: bool | None = None


@dataclass(frozen=True)
class MemberFacts:
    person: Person
    school_stage: str = ""
    medical_insurance: bool | None = None
    pension_insurance: bool | None = None
    work_place: str | None = None  # None: as it is ("" : not working away)
    work_months: int | None = None


@dataclass(frozen=True)
class IncomeInput:
    """The round year's income sheet as typed (``income.services.sheet_save``)."""

    lines: Sequence[LineInput] = field(default_factory=tuple)
    expected_version: int | None = None
