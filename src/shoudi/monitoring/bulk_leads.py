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
IN_CHUNK = 20_000  # values per ``__in`` look-up (PostgreSQL binds at most 65,535 parameters per statement)


def chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterable[list[Any]]:
    """``values`` in lists of ``size`` (a province's tens of thousands of hits look up in several statements)."""
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    if isinstance(target, models.JSONField):  # a document per row: nothing to memoise
        return field.get_db_prep_save
    seen: dict[Any, Any] = {}

    def convert(value: Any, con: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = field.get_db_prep_save(value, con)
            return seen[value]
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, con)

    return convert


def select_in(
    model: type[models.Model],
    columns: Sequence[str],
    field: str,
    values: Iterable[Any],
    *,
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """``columns`` (attnames) of the rows of ``model`` whose ``field`` is one of ``values``, in raw SQL: a
    run's tens of thousands of keys cost Django's ``__in`` lookup a Python step per key, and SQLite's UUIDs
    a converter per value. UUID values come back as ``uuid.UUID`` on both backends. ``where`` (SQL on the
    table's columns, with ``params``) narrows further."""
    meta = model._meta
    qn = connection.ops.quote_name
    fields: list[Any] = [meta.pk if c == "pk" else meta.get_field(c) for c in columns]
    key: Any = meta.pk if field == "pk" else meta.get_field(field)
    is_uuid = [isinstance(f.target_field if f.is_relation else f, models.UUIDField) for f in fields]
    key_uuid = isinstance(key.target_field if key.is_relation else key, models.UUIDField)
    select = ", ".join(qn(f.column) for f in fields)
    also = f" AND ({where})" if where else ""
    postgres = connection.vendor == "postgresql"
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for some in chunks(values):
            if key_uuid and not postgres:
                some = [v.hex if isinstance(v, uuid.UUID) else uuid.UUID(str(v)).hex for v in some]
            elif key_uuid:
                some = [v if isinstance(v, uuid.UUID) else uuid.UUID(str(v)) for v in some]
            if postgres:
                test, args = "= ANY(%s)", [some]
            else:
                test, args = f"IN ({', '.join(['%s'] * len(some))})", some
            table, column = qn(meta.db_table), qn(key.column)
            cursor.execute(f"SELECT {select} FROM {table} WHERE {column} {test}{also}", [*args, *params])  # noqa: S608
            found.extend(cursor.fetchall())
    if postgres or not any(is_uuid):
        return found
    return [
        tuple(uuid.UUID(v) if u and isinstance(v, str) else v for v, u in zip(row, is_uuid, strict=True))
        for row in found
    ]


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]], *, skip_conflicts: bool = False) -> int:
    """INSERT ``rows`` (dicts by attname) into ``model``'s table; a missing column takes the field's default,
    else NULL or "". Auto keys are left to the database. Returns the rows given. SQLite: ``executemany``;
    PostgreSQL: ``COPY … FROM STDIN``. ``skip_conflicts``: a row that breaks a unique constraint is left out
    (``ON CONFLICT DO NOTHING``; on PostgreSQL from a temporary table the rows are copied into). Values are prepared column by column
    (one list comprehension per column, not a Python branch per value)."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField | models.BigAutoField)]
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    rows = list(rows)
    given = {f.attname for f in fields if f.has_default() and callable(f.default)}  # keys: one per row, not one
    for row in rows:
        if given - row.keys():
            raise ValueError(f"insert_rows: {model.__name__} rows must give {sorted(given - row.keys())}")
    cols = []
    for f in fields:
        name, conv = f.attname, _converter(f)
        default = f.get_default() if f.has_default() else (None if f.null else "")
        if conv is None:
            cols.append([row.get(name, default) for row in rows])
        else:
            cols.append([conv(row.get(name, default), connection) for row in rows])
    values = list(zip(*cols, strict=True))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY; with ``skip_conflicts`` into a scratch copy of the table, then INSERT … ON CONFLICT from it
            target = qn(f"_insert_{model._meta.db_table}") if skip_conflicts else table
            if skip_conflicts:
                cursor.execute(f"CREATE TEMP TABLE {target} (LIKE {table}) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            if skip_conflicts:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} ON CONFLICT DO NOTHING"  # noqa: S608
                )
                cursor.execute(f"DROP TABLE {target}")
            return len(values)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from model meta, values bound
        if skip_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])
    return len(values)


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
    refs: dict[Any, set[str]] = {}
    for w in rows:
        if w.external_ref:
            refs.setdefault(w.household_id, set()).add(w.external_ref)
    found: dict[tuple[Any, str], uuid.UUID] = {}
    open_cases: dict[Any, uuid.UUID] = {}  # one open case per household at most (a constraint)
    if refs:
        ref = f"{connection.ops.quote_name('external_ref')} <> ''"
        existing = select_in(
            Lead, ["household_id", "external_ref", "pk", "created_at"], "household_id", households, where=ref
        )
        for household_id, ref, pk, _ in sorted(existing, key=lambda r: r[3]):
            if ref in refs.get(household_id, ()):
                found.setdefault((household_id, ref), pk)
    is_open = f"{connection.ops.quote_name(Case._meta.get_field('is_open').column)} = %s"
    open_cases.update(select_in(Case, ["household_id", "pk"], "household_id", households, where=is_open, params=[True]))
    now, today = timezone.now(), timezone.localdate()
    days = _check_days(rows, today)
    result: list[tuple[uuid.UUID, bool]] = []
    leads: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    actor = by if getattr(by, "pk", None) else None
    who, actor_pk = actor_name(by), getattr(actor, "pk", None)
    # the same for every row: looked up once (a province run writes hundreds of thousands)
    channel, channel_label = codes.Channel.DEPARTMENT.value, codes.Channel.DEPARTMENT.label
    status, create, lead_type = codes.LeadStatus.OPEN.value, AuditEntry.Action.CREATE.value, Lead._meta.model_name
    due = {key: key[1] + dt.timedelta(days=n) for key, n in days.items()}
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
                "created_by_id": actor_pk,
                "household_id": w.household_id,
                "village_id": w.village_id,
                "channel": channel,
                "online": False,
                "department": w.department,
                "external_ref": w.external_ref,
                "rule": w.rule,
                "summary": summary,
                "evidence": mask_numbers(w.evidence),
                "risk_hint": w.risk_hint,
                "reported_on": reported_on,
                "due_on": due[(w.village_id, reported_on)],
                "status": status,
                "case_id": open_cases.get(w.household_id),
            }
        )
        audits.append(
            {
                "at": now,
                "actor_id": actor_pk,
                "actor_name": who,
                "action": create,
                "object_type": lead_type,
                "object_id": str(pk),
                "object_label": f"线索 {w.household_number} {channel_label} {reported_on}"[:200],
                "household_id": w.household_id,
                "area_code": w.village_id,
                "changes": {"发现渠道": [None, channel_label], "线索内容": [None, summary]},
            }
        )
        if w.external_ref:
            found[(w.household_id, w.external_ref)] = pk
        result.append((pk, True))
    insert_rows(Lead, leads)
    insert_rows(AuditEntry, audits)
    return result
