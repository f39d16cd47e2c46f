"""The typed inputs of the asset services: what a page form or an API schema has already parsed (dates are
dates, money is ``Decimal``), grouped where a service takes a group (a document, a democratic decision, the
owner rows of a confirmation, the uses of a plan, the assets a project forms). The services check the rules;
these only carry values."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from shoudi.assets import codes


@dataclass(frozen=True)
class DocumentInput:
    """A document registered with an asset (appraisal, agreement, approval, hand-over list…)."""

    title: str
    kind: str = codes.DocumentKind.OTHER
    number: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None


@dataclass(frozen=True)
class Decision:
    """A village's democratic decision: villagers' or representatives' assembly, its date and the vote."""

    body: str
    decided_on: dt.date
    attendees: int
    votes_for: int


@dataclass(frozen=True)
class OwnerInput:
    """One owner of a confirmation (确权): a village collective by code, a household by number (or id), or the
    name of a state unit; ``share`` in percent (None: the only owner holds 100)."""

    village_code: str = ""
    household_number: str = ""
    household_id: uuid.UUID | None = None
    name: str = ""
    share: Decimal | None = None


@dataclass(frozen=True)
class Rights:
    """The holders of the four rights besides ownership; empty: the owner (supervision: nobody named)."""

    operation_holder: str = ""
    income_holder: str = ""
    disposal_holder: str = ""
    supervision_holder: str = ""


@dataclass(frozen=True)
class AssetInput:
    """An asset registered by hand or from an import row."""

    name: str
    asset_class: str
    village_code: str
    value: Decimal
    formed_on: dt.date
    ledger_level: str = codes.LedgerLevel.VILLAGE
    code: str = ""
    location: str = ""
    department: str = ""
    project_name: str = ""
    project_year: int | None = None
    status: str = ""
    note: str = ""
    fundings: Mapping[str, Decimal] = field(default_factory=dict)  # fund source → amount


@dataclass(frozen=True)
class PlanItemInput:
    """One use of a distribution plan."""

    use: str
    amount: Decimal
    beneficiaries: int = 0
    description: str = ""


@dataclass(frozen=True)
class AssetSpec:
    """One asset a completed project forms (竣工验收): its class, and optionally name, village and value (a
    single asset may leave the value empty: it takes the whole payment)."""

    asset_class: str
    name: str = ""
    village_code: str = ""
    value: Decimal | None = None
    location: str = ""
    department: str = ""
