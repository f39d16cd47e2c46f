"""Department warnings set-based (部门筛查预警): a screening run's tens of thousands of hits become leads in a
handful of statements, with the same rules and the same rows as the per-lead path (``leads.lead_from_warning``):

- a warning already recorded (same household and ``external_ref``) gives back the existing lead: one query
  for all of them;
- a new lead is open, joined to the household's open case (one query), due ``lead_check_days`` after it was
  reported (the parameter resolved per village from one load of the villages' parameter chains);
- each new lead has its audit entry (创建, 发现渠道 and 线索内容), as ``audited_create`` writes it.

Rows are written by ``core.bulk.insert_columns`` (COPY on PostgreSQL, ``executemany`` on SQLite), no model
instance per row. Inside the caller's transaction (a screening run writes all or nothing)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from json.encoder import encode_basestring as encode_json_text
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from shoudi.core.audit import actor_name
from shoudi.core.bulk import RawJSON, dashed, hex_id, insert_columns, new_ids, select_in
from shoudi.core.masking import mask_numbers_many
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.models import Case, Lead
from shoudi.policy.params import ParameterSet


class WarningRow(NamedTuple):
    """One department warning by ids (no model instance): what ``lead_from_warning`` takes. A tuple: a
    province run makes hundreds of thousands, and a frozen dataclass costs a ``__setattr__`` per field."""

    household_id: uuid.UUID | str  # an object or 32 hex digits
    household_number: str
    village_id: str
    department: str
    summary: str
    evidence: str = ""
    reported_on: dt.date | None = None
    external_ref: str = ""
    rule: str = ""
    risk_hint: str = ""


def _check_days(rows: Sequence[WarningRow], today: dt.date) -> dict[tuple[str, dt.date], int]:
    """``lead_check_days`` of every (village, reported day), from one load of the villages' parameters."""
    keys = {(w.village_id, w.reported_on or today) for w in rows}
    pset = ParameterSet.for_regions({v for v, _ in keys})
    days = {}
    for village, on in keys:
        value = policy_bridge.resolved("lead_check_days", village, on, pset).value
        days[(village, on)] = int(value)
    return days


def leads_from_screening(rows: Sequence[WarningRow], *, by: Any = None) -> list[tuple[str, bool]]:
    """Many department warnings at once. Returns, per row, the lead's id (32 hex digits) and whether it is new
    (False: the warning was recorded before and the existing lead stands). Trusted caller: no role check."""
    if not rows:
        return []
    households = [hex_id(w.household_id) for w in rows]
    refs: dict[str, set[str]] = {}
    for w, household in zip(rows, households, strict=True):
        if w.external_ref:
            refs.setdefault(household, set()).add(w.external_ref)
    found: dict[tuple[str, str], str] = {}
    distinct = set(households)
    if refs:
        ref = f"{connection.ops.quote_name('external_ref')} <> ''"
        existing = select_in(
            Lead, ["household_id", "external_ref", "pk", "created_at"], "household_id", distinct, where=ref
        )
        for household_id, ref, pk, _ in sorted(existing, key=lambda r: r[3]):
            if ref in refs.get(household_id, ()):
                found.setdefault((household_id, ref), pk)
    is_open = f"{connection.ops.quote_name(Case._meta.get_field('is_open').column)} = %s"
    # one open case per household at most (a constraint)
    open_cases = dict(select_in(Case, ["household_id", "pk"], "household_id", distinct, where=is_open, params=[True]))
    today = timezone.localdate()
    result: list[tuple[str, bool]] = []
    fresh: list[WarningRow] = []
    keys = iter(new_ids(len(rows)))
    new_keys: list[str] = []
    reported: list[dt.date] = []
    for w, household in zip(rows, households, strict=True):
        if w.external_ref and (household, w.external_ref) in found:
            result.append((found[(household, w.external_ref)], False))
            continue
        pk = next(keys)
        fresh.append(w._replace(household_id=household))
        new_keys.append(pk)
        reported.append(w.reported_on or today)
        if w.external_ref:
            found[(household, w.external_ref)] = pk
        result.append((pk, True))
    _write(fresh, new_keys, reported, open_cases, _check_days(fresh, today), by)
    return result


def _write(
    rows: list[WarningRow],
    keys: list[str],
    reported: list[dt.date],
    open_cases: dict[str, str],
    days: dict[tuple[str, dt.date], int],
    by: Any,
) -> None:
    """The new leads and their audit entries (创建, 发现渠道 and 线索内容, as ``audited_create`` writes them),
    column by column: a province run writes hundreds of thousands."""
    n = len(rows)
    if not n:
        return
    now = timezone.now()
    actor = by if getattr(by, "pk", None) else None
    who, actor_pk = actor_name(by), getattr(actor, "pk", None)
    channel, channel_label = codes.Channel.DEPARTMENT.value, codes.Channel.DEPARTMENT.label
    # {"发现渠道": [null, 部门预警], "线索内容": [null, summary]}, encoded once but for the summary
    changes, encode = json.dumps({"发现渠道": [None, channel_label]}, ensure_ascii=False)[:-1], encode_json_text
    changes += ', "线索内容": [null, '
    summaries = mask_numbers_many([w.summary for w in rows])  # as every lead: never a full phone or ID number
    due = {key: key[1] + dt.timedelta(days=n) for key, n in days.items()}
    households = [str(w.household_id) for w in rows]  # 32 hex digits (``leads_from_screening`` made them so)
    villages = [w.village_id for w in rows]
    insert_columns(
        Lead,
        {
            "id": keys,
            "created_at": [now] * n,
            "updated_at": [now] * n,
            "created_by_id": [actor_pk] * n,
            "household_id": households,
            "village_id": villages,
            "channel": [channel] * n,
            "online": [False] * n,
            "department": [w.department for w in rows],
            "external_ref": [w.external_ref for w in rows],
            "rule": [w.rule for w in rows],
            "summary": summaries,
            "evidence": mask_numbers_many([w.evidence for w in rows]),
            "risk_hint": [w.risk_hint for w in rows],
            "reported_on": reported,
            "due_on": [due[key] for key in zip(villages, reported, strict=True)],
            "status": [codes.LeadStatus.OPEN.value] * n,
            "case_id": [open_cases.get(h) for h in households],
        },
        n,
    )
    insert_columns(
        AuditEntry,
        {
            "at": [now] * n,
            "actor_id": [actor_pk] * n,
            "actor_name": [who] * n,
            "action": [AuditEntry.Action.CREATE.value] * n,
            "object_type": [Lead._meta.model_name] * n,
            "object_id": dashed(keys),  # as ``str(uuid)``: the lead page finds its history by it
            "object_label": [
                f"线索 {w.household_number} {channel_label} {on}"[:200] for w, on in zip(rows, reported, strict=True)
            ],
            "household_id": households,
            "area_code": villages,
            "changes": [RawJSON(f"{changes}{encode(s)}]}}") for s in summaries],
        },
        n,
    )
