"""The typed inputs of the project services. The page forms (projects.forms) and the API schemas
(projects.api) build them; the services never see posted text. The assets a project forms at acceptance are
the asset ledger's own input, ``assets.services.AssetSpec``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from shoudi.projects.codes import TargetCategory, TargetDirection


@dataclass(frozen=True)
class ProjectFacts:
    """What the proposer states about a project (申报书)."""

    name: str
    year: int
    kind: str  # ProjectKind
    implementing_unit: str
    content: str = ""
    benefit_households: int = 0
    benefit_people: int = 0
    benefit_poor_households: int = 0
    benefit_mechanism: str = ""
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    relief_work: bool = False  # 以工代赈

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def of(cls, project: Any) -> ProjectFacts:
        """The facts as the project holds them (the start of an edit)."""
        return cls(**{name: getattr(project, name) for name in cls.names()})

    def changes(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.names()}


@dataclass(frozen=True)
class Target:
    """One performance target (绩效目标)."""

    indicator: str
    target_value: Decimal
    unit: str
    category: str = TargetCategory.OUTPUT
    direction: str = TargetDirection.AT_LEAST


@dataclass(frozen=True)
class Notice:
    """The public notice period (公示期) of a step."""

    start: dt.date
    end: dt.date
