"""What a screening run found, written down: one open lead per household and rule (new evidence appended to
the open one, evidence already seen changing nothing), the register updates (户籍变动待办) of the 公安户籍 deaths
and births, the hits of the run and its counts and diff against the previous run. Called by
``services.run_execute`` inside its transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
from django.utils import timezone

from shoudi.core.bulk import insert_rows, select_in
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.bulk_leads import WarningRow, leads_from_screening
from shoudi.monitoring.models import Lead
from shoudi.registry.models import Household, Person
from shoudi.screening import params as sparams
from shoudi.screening import texts
from shoudi.screening.models import LeadEvidence, RegisterUpdate, RunHit, ScreeningLead, ScreeningRun
from shoudi.screening.rules import REGISTER_UPDATE, RULES, RULES_BY_ID

OPEN_LEAD = (mcodes.LeadStatus.SUBMITTED, mcodes.LeadStatus.OPEN)


class HouseholdRef(NamedTuple):
    """What the writes need of a household (no model instance per hit); ``pk`` as 32 hex digits."""

    pk: str
    number: str
    village_id: str


def _households(hex_ids: set[str]) -> dict[str, HouseholdRef]:
    rows = select_in(Household, ["pk", "number", "village_id"], "pk", hex_ids)
    return {pk: HouseholdRef(pk, number, village) for pk, number, village in rows}


def _names(person_ids: set[str]) -> dict[str, str]:
    return dict(select_in(Person, ["pk", "name"], "pk", person_ids))


def _hex(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """One spelling of a UUID whatever the engine gave (PostgreSQL: dashed; SQLite snapshot: 32 hex digits):
    32 lower-case hex digits, empty as null — in Arrow, not a ``uuid.UUID`` per row."""
    plain = pc.utf8_lower(pc.replace_substring(values.cast(pa.string()), "-", ""))
    return pc.if_else(pc.equal(plain, ""), pa.scalar(None, pa.string()), plain)


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    for name in ("household_id", "person_id"):
        table = table.set_column(table.schema.get_field_index(name), name, _hex(table[name]))
    return table.to_pylist()


def _group(evidence: pa.Table) -> dict[tuple[str, str], list[dict[str, Any]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(evidence):
        groups[(row["household_id"], row["rule"])].append(row)
    return groups


def describe(
    rule: str, rows: list[dict[str, Any]], names: dict[str, str], params: sparams.CountyParams | None, as_of: dt.date
) -> list[tuple[list[int], str]]:
    """(record ids, text) pairs: per person for medical costs, per record otherwise, in a stable order."""
    if rule == "medical_oop":
        by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_person[row["person_id"]].append(row)
        assert params is not None
        out = [
            (sorted(r["record_id"] for r in group), texts.medical(group, names.get(pid, ""), params))
            for pid, group in by_person.items()
        ]
    else:
        out = [
            ([row["record_id"]], texts.record(rule, row, names.get(row["person_id"] or "", ""), params, as_of))
            for row in rows
        ]
    return sorted(out)


def hits(evidence: pa.Table, as_of: dt.date, county_params: dict[str, sparams.CountyParams]) -> list[dict[str, Any]]:
    """One dict per (household, rule): household, rule, risk code, record ids and texts."""
    groups = _group(evidence)
    household_ids = {h for h, _ in groups}
    households = _households(household_ids)
    names = _names({r["person_id"] for rows in groups.values() for r in rows if r["person_id"]})
    result = []
    for (hid, rule), rows in sorted(groups.items()):
        household = households.get(hid) if hid else None
        if household is None:
            continue
        params = county_params.get(household.village_id[:6])
        parts = describe(rule, rows, names, params, as_of)
        subtype = next((r["subtype"] for r in rows if r["subtype"]), "")
        summary = ""
        if rule == "suspected_ineligible":
            summary = texts.ineligible_summary(
                sorted(rows, key=lambda r: (r["on_date"] or dt.date.min, r["record_id"]))
            )
        result.append(
            {
                "household": household,
                "rule": rule,
                "risk_code": rows[0]["risk_code"],
                "subtype": subtype,
                "summary": summary,
                "parts": parts,
                "records": sorted({i for ids, _ in parts for i in ids}),
            }
        )
    return result


def apply(run: ScreeningRun, evidence: pa.Table, updates: pa.Table, info: dict[str, Any]) -> None:
    county_params: dict[str, sparams.CountyParams] = info["params"]
    found = hits(evidence, run.as_of, county_params)
    created, updated = _write_leads(found, run.as_of)
    register_updates = _write_register_updates(run, updates)
    previous = (
        ScreeningRun.objects.filter(area=run.area, status=ScreeningRun.Status.DONE)
        .exclude(pk=run.pk)
        .order_by("-created_at")
        .first()
    )
    now_keys = {(h["household"].pk, h["rule"]) for h in found}
    before = (
        {(h.hex, r) for h, r in RunHit.objects.filter(run=previous).values_list("household_id", "rule")}
        if previous
        else set()
    )
    insert_rows(
        RunHit,
        (
            {
                "run_id": run.pk.hex,
                "household_id": h["household"].pk,
                "rule": h["rule"],
                "township_code": h["household"].village_id[:9],
            }
            for h in found
        ),
    )
    by_rule: dict[str, int] = {r.id: 0 for r in RULES}
    by_township: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for h in found:
        by_rule[h["rule"]] += 1
        by_township[h["household"].village_id[:9]][h["rule"]] += 1
    run.previous = previous
    run.rule_versions = {r.id: r.version for r in RULES}
    run.parameters = {county: p.describe() for county, p in county_params.items()}
    run.inputs = info["inputs"] | {"evidence_rows": evidence.num_rows}
    run.counts_by_rule = by_rule
    run.counts_by_township = {k: dict(v) for k, v in sorted(by_township.items())}
    run.diff = {
        "new": len(now_keys - before),
        "continuing": len(now_keys & before),
        "resolved": len(before - now_keys),
    }
    run.leads_created, run.leads_updated, run.register_updates_created = created, updated, register_updates
    run.save()


def _ref(rule: str, records: list[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, records)).encode()).hexdigest()[:16]
    return f"screening:{rule}:{digest}"


def _write_leads(found: list[dict[str, Any]], as_of: dt.date) -> tuple[int, int]:
    """One open lead per household and rule; new evidence appended; evidence already seen changes nothing."""
    if not found:
        return 0, 0
    tracks: dict[tuple[str, str], list[ScreeningLead]] = defaultdict(list)
    known: dict[tuple[str, str], set[int]] = defaultdict(set)
    ids = [pk for (pk,) in select_in(ScreeningLead, ["pk"], "household_id", {h["household"].pk for h in found})]
    if ids:  # a county screened before: its tracks and their leads (a first run has none)
        for n in range(0, len(ids), 20_000):
            for track in ScreeningLead.objects.filter(pk__in=ids[n : n + 20_000]).select_related("lead"):
                tracks[(track.household_id.hex, track.rule)].append(track)
        key_of = {t.pk: key for key, v in tracks.items() for t in v}
        for track_id, record_id in select_in(
            LeadEvidence, ["screening_lead_id", "record_id"], "screening_lead_id", ids
        ):
            known[key_of[track_id]].add(record_id)
    warnings: list[WarningRow] = []
    pending: list[dict[str, Any]] = []
    seen: list[ScreeningLead] = []
    appended: list[Lead] = []
    now = timezone.now()
    updated = 0
    new_evidence: list[LeadEvidence] = []
    risk_types = set(mcodes.RiskType.values)  # once: ``values`` builds its list on every access
    for hit in found:
        key = (hit["household"].pk, hit["rule"])
        # ``get``, not ``[]``: a first run would make an empty set and list for each of its hits
        records = known.get(key)
        fresh = [(ids, text) for ids, text in hit["parts"] if not set(ids) <= records] if records else hit["parts"]
        open_track = next((t for t in tracks.get(key, ()) if t.lead.status in OPEN_LEAD), None)
        if open_track is not None and as_of > open_track.last_seen:
            open_track.last_seen = as_of
            seen.append(open_track)
        if not fresh:
            continue
        if open_track is not None:
            lead = open_track.lead
            addition = "\n".join(f"【{texts.day(as_of)}筛查新增】{text}" for _, text in fresh)
            lead.evidence = f"{lead.evidence}\n{addition}" if lead.evidence else addition
            lead.updated_at = now
            appended.append(lead)
            new_evidence += [
                LeadEvidence(screening_lead=open_track, record_id=i, text=text) for ids, text in fresh for i in ids
            ]
            updated += 1
            continue
        spec = RULES_BY_ID[hit["rule"]]
        risk_hint = hit["risk_code"] if hit["risk_code"] in risk_types else ""
        label = mcodes.RISK_CODE_LABELS.get(hit["risk_code"], "待核实")
        warnings.append(
            WarningRow(
                household_id=hit["household"].pk,
                household_number=hit["household"].number,
                village_id=hit["household"].village_id,
                department=spec.department,
                summary=hit["summary"] or f"{spec.label}（{label}）：{hit['parts'][0][1]}",
                evidence="\n".join(text for _, text in hit["parts"]),
                reported_on=as_of,
                external_ref=_ref(hit["rule"], hit["records"]),
                rule=hit["rule"],
                risk_hint=risk_hint,
            )
        )
        pending.append(hit)
    ScreeningLead.objects.bulk_update(seen, ["last_seen"], batch_size=1000)
    Lead.objects.bulk_update(appended, ["evidence", "updated_at"], batch_size=1000)
    leads = leads_from_screening(warnings)
    old = [pk for pk, new in leads if not new]
    tracked = {pk for (pk,) in select_in(ScreeningLead, ["lead_id"], "lead_id", old)}
    new_tracks = {pk: hit for (pk, _), hit in zip(leads, pending, strict=True) if pk not in tracked}
    insert_rows(
        ScreeningLead,
        (
            {
                "lead_id": pk,
                "household_id": hit["household"].pk,
                "rule": hit["rule"],
                "first_seen": as_of,
                "last_seen": as_of,
            }
            for pk, hit in new_tracks.items()
        ),
    )
    LeadEvidence.objects.bulk_create(new_evidence, batch_size=2000, ignore_conflicts=True)  # to open tracks
    track_of = _track_ids(list(new_tracks))
    first_texts: dict[tuple[int, int], str] = {}  # a record once per track (the first text), as the constraint
    for pk, hit in new_tracks.items():
        for ids, text in hit["parts"]:
            for i in ids:
                first_texts.setdefault((track_of[pk], i), text)
    insert_rows(
        LeadEvidence, ({"screening_lead_id": t, "record_id": i, "text": text} for (t, i), text in first_texts.items())
    )
    return len(new_tracks), updated


def _track_ids(lead_ids: list[str]) -> dict[str, int]:
    """The keys of the tracks just written, by lead (in chunks: SQLite bounds a statement's parameters)."""
    return dict(select_in(ScreeningLead, ["lead_id", "pk"], "lead_id", lead_ids))


def _write_register_updates(run: ScreeningRun, updates: pa.Table) -> int:
    """One open register update (户籍变动待办) per new 公安户籍 death or birth record; a record already seen
    (whatever became of its update) adds nothing."""
    rows = _rows(updates)
    if not rows:
        return 0
    households = _households({r["household_id"] for r in rows})
    names = _names({r["person_id"] for r in rows if r["person_id"]})
    existing = {i for (i,) in select_in(RegisterUpdate, ["record_id"], "record_id", {r["record_id"] for r in rows})}
    new: list[dict[str, Any]] = []
    now = timezone.now()
    for row in rows:
        household = households.get(row["household_id"])
        if household is None or row["record_id"] in existing:
            continue
        new.append(
            {
                "id": uuid.uuid4().hex,
                "created_at": now,
                "updated_at": now,
                "household_id": household.pk,
                "village_id": household.village_id,
                "person_id": row["person_id"] or None,
                "record_id": row["record_id"],
                "kind": (RegisterUpdate.Kind.DEATH if row["category"] == "死亡" else RegisterUpdate.Kind.BIRTH).value,
                "on": row["on_date"],
                "text": texts.record(REGISTER_UPDATE, row, names.get(row["person_id"] or "", ""), None, run.as_of),
                "status": RegisterUpdate.Status.OPEN.value,
                "run_id": run.pk.hex,
            }
        )
    insert_rows(RegisterUpdate, new, skip_conflicts=True)  # a record another run wrote meanwhile: left out
    return len(new)
