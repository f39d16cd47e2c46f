"""What the assistance services take, typed: a measure, the household facts a visit saw, one month's income.
The page forms (``assistance.forms``) and the API schemas (``assistance.api``) build them; the services check
them (code lists, dates, the member belongs to the household) and write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shoudi.assistance.models import Measure
    from shoudi.registry.models import Person


@dataclass(frozen=True)
class MeasureInput:
    """One measure (缺什么补什么). ``status`` "" means the default: planned, or active on the fast track."""

    kind: str  # codes.MeasureKind
    content: str
    start: dt.date
    responsible_unit: str
    responsible_person: str
    status: str = ""  # assistance.models.MeasureStatus
    person: Person | None = None  # the member who benefits (required for a public-welfare post)
    end: dt.date | None = None
    amount: Decimal | None = None

    @classmethod
    def of(cls, measure: Measure) -> MeasureInput:
        """The measure as it stands (an edit replaces what it changes)."""
        return cls(
            kind=measure.kind,
            content=measure.content,
            start=measure.start,
            responsible_unit=measure.responsible_unit,
            responsible_person=measure.responsible_person,
            status=measure.status,
            person=measure.person,
            end=measure.end,
            amount=measure.amount,
        )


@dataclass(frozen=True)
class VisitFacts:
    """The household's facts a visit saw changed; what is left empty stays as it is."""

    housing_grade: str = ""  # registry.codes.HousingGrade
    water_safe: bool | None = None


@dataclass(frozen=True)
class FinanceEntry:
    """One month's amount of one income or spending item, reported on a visit."""

    month: dt.date  # any day of the month
    item: str  # registry.codes item
    amount: Decimal
