"""Department warnings set-based (部门筛查预警): a screening run's tens of thousands of hits become leads in a
handful of statements, with the same rules and the same rows as the per-lead path (``leads.lead_from_warning``):

- a warning already recorded (same household and ``external_ref``) gives back the existing lead: one query
  for all of them;
- a new lead is open, joined to the household's open case (one query), due ``lead_check_days`` after it was
  reported (the parameter resolved per village from one load of the villages' parameter chains);
- each new lead has its audit entry (创建, 发现渠道 and 线索内容), as ``audited_create`` writes it.

Rows are written by ``insert_rows``: one ``executemany`` per table of plain tuples, no model instance per
row. Inside the caller's transaction (a screening run writes all or nothing)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from shoudi.core.audit import actor_name
from shoudi.core.masking import mask_numbers
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.models import Case, Lead
from shoudi.policy.params import ParameterSet

PLAIN = (models.CharField, models.TextField, models.BooleanField, models.IntegerField)  # passed as they are
BATCH = 5000


@dataclass(frozen=True)
class WarningRow:
    """One department warning by ids (no model instance): what ``lead_from_warning`` takes."""

    household_id: uuid.UUID
    household_number: str
    village_id: str
    department: str
    summary: str
    evidence: str = ""
    reported_on: dt.date | None = None
    external_ref: str = ""
    rule: str = ""
    risk_hint: str = ""


def _converter(field: Any) -> Any:
    """How a value of ``field`` goes to the database: as it is (text, numbers, booleans), a UUID as the
    backend keeps it, anything else through the field (memoised: a run repeats its times, days and codes)."""
    target = field.target_field if field.is_relation else field
    if isinstance(target, PLAIN):
        return None
    if isinstance(target, models.UUIDField):
        if connection.vendor == "postgresql":
            return None
        return lambda value, _con: value.hex if isinstance(value, uuid.UUID) else value
    seen: dict[Any, Any] = {}

    def convert(value: Any, con: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = field.get_db_prep_save(value, con)
            return seen[value]
        except TypeError:  # not hashable (a JSON document)
            return field.get_db_prep_save(value, con)

    return convert


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """INSERT ``rows`` (dicts by attname) into ``model``'s table with ``executemany``; a missing column takes
    the field's default, else NULL or "". Auto keys are left to the database. Returns the rows written."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField | models.BigAutoField)]
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from model meta, values bound
    fallback = {f.attname: f.get_default() if f.has_default() else (None if f.null else "") for f in fields}
    given = {f.attname for f in fields if f.has_default() and callable(f.default)}  # keys: one per row, not one
    prep = [(f.attname, _converter(f)) for f in fields]
    written = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if given - row.keys():
                raise ValueError(f"insert_rows: {model.__name__} rows must give {sorted(given - row.keys())}")
            batch.append(
                tuple(
                    (row.get(name, fallback[name]) if conv is None else conv(row.get(name, fallback[name]), connection))
                    for name, conv in prep
                )
            )
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _check_days(rows: Sequence[WarningRow], today: dt.date) -> dict[tuple[str, dt.date], int]:
    """``lead_check_days`` of every (village, reported day), from one load of the villages' parameters."""
    keys = {(w.village_id, w.reported_on or today) for w in rows}
    pset = ParameterSet.for_regions({v for v, _ in keys})
    days = {}
    for village, on in keys:
        value = policy_bridge.resolved("lead_check_days", village, on, pset).value
        days[(village, on)] = int(value)
    return days


def leads_from_screening(rows: Sequence[WarningRow], *, by: Any = None) -> list[tuple[uuid.UUID, bool]]:
    """Many department warnings at once. Returns, per row, the lead's id and whether it is new (False: the
    warning was recorded before and the existing lead stands). Trusted caller: no role check."""
    if not rows:
        return []
    households = {w.household_id for w in rows}
    refs = {w.external_ref for w in rows if w.external_ref}
    found: dict[tuple[Any, str], uuid.UUID] = {}
    if refs:
        existing = Lead.objects.filter(household_id__in=households, external_ref__in=refs).order_by("created_at")
        for household_id, ref, pk in existing.values_list("household_id", "external_ref", "pk"):
            found.setdefault((household_id, ref), pk)
    open_cases = dict(  # one open case per household at most (a constraint)
        Case.objects.filter(household_id__in=households, is_open=True).values_list("household_id", "pk")
    )
    now, today = timezone.now(), timezone.localdate()
    days = _check_days(rows, today)
    result: list[tuple[uuid.UUID, bool]] = []
    leads: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    actor = by if getattr(by, "pk", None) else None
    who = actor_name(by)
    for w in rows:
        if w.external_ref and (w.household_id, w.external_ref) in found:
            result.append((found[(w.household_id, w.external_ref)], False))
            continue
        reported_on = w.reported_on or today
        pk = uuid.uuid4()
        summary = mask_numbers(w.summary)  # as every lead: never a full phone or ID number in its text
        leads.append(
            {
                "id": pk,
                "created_at": now,
                "updated_at": now,
                "created_by_id": getattr(actor, "pk", None),
                "household_id": w.household_id,
                "village_id": w.village_id,
                "channel": codes.Channel.DEPARTMENT.value,
                "online": False,
                "department": w.department,
                "external_ref": w.external_ref,
                "rule": w.rule,
                "summary": summary,
                "evidence": mask_numbers(w.evidence),
                "risk_hint": w.risk_hint,
                "reported_on": reported_on,
                "due_on": reported_on + dt.timedelta(days=days[(w.village_id, reported_on)]),
                "status": codes.LeadStatus.OPEN.value,
                "case_id": open_cases.get(w.household_id),
            }
        )
        audits.append(
            {
                "at": now,
                "actor_id": getattr(actor, "pk", None),
                "actor_name": who,
                "action": AuditEntry.Action.CREATE.value,
                "object_type": Lead._meta.model_name,
                "object_id": str(pk),
                "object_label": f"线索 {w.household_number} {codes.Channel.DEPARTMENT.label} {reported_on}"[:200],
                "household_id": w.household_id,
                "area_code": w.village_id,
                "changes": {"发现渠道": [None, codes.Channel.DEPARTMENT.label], "线索内容": [None, summary]},
            }
        )
        if w.external_ref:
            found[(w.household_id, w.external_ref)] = pk
        result.append((pk, True))
    insert_rows(Lead, leads)
    insert_rows(AuditEntry, audits)
    return result
