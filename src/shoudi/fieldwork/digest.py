"""The household document the app keeps offline, and its stamp.

The document holds what a visit needs and nothing a lost phone should give away: ID numbers and phones masked,
no health, disability or bank account. ``stamp`` is a short hash of the document: the app sends back the stamp it
held with each record, and a different stamp now means the household changed on the server since the sync (the
record is then a conflict the person resolves). Empty values are left out to keep 200 households small.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shoudi.accounts.roles import Role
from shoudi.assistance.selectors import visit_cadence
from shoudi.core.access import Capability, can
from shoudi.fieldwork.forms import HOUSEHOLD_FACTS, MEMBER_FACTS, YES_NO_FACTS, sheet_initial
from shoudi.income.selectors import totals
from shoudi.monitoring import codes as mcodes
from shoudi.registry import codes
from shoudi.registry.idnumber import mask, mask_phone
from shoudi.registry.models import Household, Person

VILLAGE_SUFFIXES = ("村民委员会", "居民委员会")
RELATIONSHIPS = dict(codes.Relationship.choices)
STATUSES = dict(codes.HouseholdStatus.choices)
GRADES = dict(codes.HousingGrade.choices)
MEASURE_KINDS = dict(mcodes.MeasureKind.choices)


@dataclass(frozen=True)
class Viewer:
    """Who the documents are made for, and what they may record (one per request)."""

    user: Any
    today: dt.date
    cadence: int
    visit: bool
    income: bool
    lead: bool
    facts: bool

    @classmethod
    def of(cls, user: Any, today: dt.date) -> Viewer:
        area = getattr(user, "area_id", "") or ""
        return cls(
            user=user,
            today=today,
            cadence=visit_cadence(area, today) if area else 0,
            visit=can(user, Capability.RECORD_VISITS),
            income=can(user, Capability.RECORD_INCOME),
            lead=can(user, Capability.RECORD_LEADS),
            facts=can(user, Capability.EDIT_HOUSEHOLDS),
        )

    @property
    def year(self) -> int:
        """The year the income form collects."""
        return self.today.year


def short(value: Any) -> str:
    """A value as the app's form field holds it: ``1200.00`` → "1200", True → "1", None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else f"{value.normalize():f}"
    return str(value)


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in ("", None, [], {})}


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def village_name(name: str) -> str:
    for suffix in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _facts(obj: Household | Person, names: tuple[str, ...]) -> dict[str, str]:
    return _compact({n: short(getattr(obj, n)) for n in names})


MEMBER_KEY = 8  # hex digits of a member's id the phone gets: a uuid is incompressible, and 714 of them were 40%
# of a village's sync (13.5 of 37.5 KB gzipped); eight digits tell the members of one household apart


def member_keys(members: list[Person]) -> dict[Any, str]:
    """Each member's key on the phone: the first ``MEMBER_KEY`` hex digits of the id (more where two members of
    the household share them). The app names a member's fields ``p<key>_…``; ``expand_member_keys`` maps them
    back to the web form's ``p<id hex>_…``. Ids never change, so a key holds across a conflict's resolution."""
    hexes = {p.pk: p.pk.hex for p in members}
    size = MEMBER_KEY
    while size < 32 and len({h[:size] for h in hexes.values()}) < len(hexes):
        size += 4
    return {pk: h[:size] for pk, h in hexes.items()}


def _rekey(values: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """``p<from>_rest`` → ``p<to>_rest`` for every ``from`` in ``mapping``; other names unchanged."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        head, sep, rest = name.partition("_")
        found = mapping.get(head[1:]) if sep and head.startswith("p") else None
        out[f"p{found}_{rest}" if found else name] = value
    return out


def expand_member_keys(data: dict[str, Any], members: list[Person]) -> dict[str, Any]:
    """The app's member field names (``p<key>_…``) as the web forms name them (``p<id hex>_…``)."""
    keys = member_keys(members)
    return _rekey(data, {key: pk.hex for pk, key in keys.items()})


def shorten_member_keys(values: dict[str, Any], members: list[Person]) -> dict[str, Any]:
    """The web forms' member field names (``p<id hex>_…``) as the app names them (``p<key>_…``)."""
    return _rekey(values, {pk.hex: key for pk, key in member_keys(members).items()})


def _member(person: Person, today: dt.date, key: str) -> dict[str, Any]:
    return _compact(
        {
            "id": key,
            "name": person.name,
            "rel": RELATIONSHIPS.get(person.relationship, person.relationship),
            "idn": mask(person.id_number),
            "age": _age(person.birth_date, today),
            "facts": _facts(person, MEMBER_FACTS),
        }
    )


def _income(household: Household, viewer: Viewer, members: list[Person]) -> dict[str, Any]:
    sheets = {s.year: s for s in getattr(household, "recent_sheets", [])}
    year = viewer.year
    current = sheets.get(year)
    values = {k: short(v) for k, v in sheet_initial(household, year, current).items()}
    values = shorten_member_keys(values, members)
    out: dict[str, Any] = {"year": year, "version": current.version if current else 0, "values": _compact(values)}
    shown = current or sheets.get(year - 1)
    if shown is not None:
        counted = sum(1 for p in members if p.living_in)
        per_head = totals(list(shown.lines.all()), shown.year, counted).per_capita
        if per_head is not None:
            out["per_head"] = f"{per_head:.2f}"
            if shown.year != year:
                out["per_head_year"] = shown.year
    return out


def _case(household: Household, viewer: Viewer) -> dict[str, Any] | None:
    cases = getattr(household, "open_cases", [])
    if not cases:
        return None
    case = cases[0]
    monitored = case.status in mcodes.UNDER_MONITORING
    last_seen = getattr(case, "last_seen", None)
    due = last_seen + dt.timedelta(days=viewer.cadence) if monitored and last_seen and viewer.cadence else None
    last_visit = getattr(case, "last_visit", None)
    return _compact(
        {
            "id": str(case.pk),
            "risks": [str(r) for r in case.risks.all()],
            "measures": [[MEASURE_KINDS.get(m.kind, m.kind), m.get_status_display()] for m in case.measures.all()],
            "visit_due": due.isoformat() if due else None,
            "last_visit": last_visit.isoformat() if last_visit else None,
        }
    )


def may_visit(household: Household, viewer: Viewer) -> bool:
    """A follow-up visit needs the household's open case, under monitoring (or fast-tracked), and for a 帮扶责任人
    a case they are the helper of (what ``assistance.services.visit_record`` checks)."""
    cases = getattr(household, "open_cases", [])
    if not viewer.visit or not cases:
        return False
    case = cases[0]
    if getattr(viewer.user, "role", "") == Role.HELPER_CADRE and case.helper_id != viewer.user.pk:
        return False
    return case.status in mcodes.UNDER_MONITORING or (case.fast_track and case.status in mcodes.IDENTIFICATION_STATUSES)


def _kinds(household: Household, viewer: Viewer) -> list[str]:
    allowed = {"visit": may_visit(household, viewer), "income": viewer.income, "lead": viewer.lead}
    allowed["facts"] = viewer.facts
    return [kind for kind, ok in allowed.items() if ok]


def _facts_text(household: Household) -> list[list[str]]:
    rows = [
        ["住房安全", GRADES.get(household.housing_grade, "未评定")],
        ["饮水安全", "是" if household.water_safe else "否"],
    ]
    return rows


def household_document(household: Household, viewer: Viewer) -> dict[str, Any]:
    """The document of one household (fetched with ``selectors.with_documents``), with its ``stamp``."""
    members = list(household.members.all())
    keys = member_keys(members)
    head = next((p for p in members if p.relationship == codes.Relationship.HEAD), None)
    document = _compact(
        {
            "id": str(household.pk),
            "number": household.number,
            "village": village_name(household.village.name),
            "head": head.name if head else "",
            "address": household.address,
            "phone": mask_phone(household.phone),
            "status": STATUSES.get(household.status, household.status),
            "facts": _facts(household, HOUSEHOLD_FACTS),
            "facts_text": _facts_text(household),
            "members": [_member(p, viewer.today, keys[p.pk]) for p in _ordered(members)],
            "income": _income(household, viewer, members),
            "case": _case(household, viewer),
            "can": _kinds(household, viewer),
        }
    )
    document["stamp"] = stamp(document)
    return document


def _ordered(members: list[Person]) -> list[Person]:
    order = {value: n for n, value in enumerate(codes.Relationship.values)}
    return sorted(members, key=lambda p: (order.get(p.relationship, 99), p.birth_date, str(p.pk)))


def stamp(document: dict[str, Any]) -> str:
    """The first 16 hex digits of the SHA-256 of the document's canonical JSON (without its stamp). A member's age
    is left out: it changes with the calendar, not with anything a person did, and must not turn a record made
    before a birthday into a conflict after it."""
    body = {k: v for k, v in document.items() if k != "stamp"}
    if "members" in body:
        body["members"] = [{k: v for k, v in m.items() if k != "age"} for m in body["members"]]
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


__all__ = [
    "YES_NO_FACTS",
    "Viewer",
    "expand_member_keys",
    "household_document",
    "may_visit",
    "short",
    "shorten_member_keys",
    "stamp",
]
