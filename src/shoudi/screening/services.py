"""Writes of the screening app: start a run (page, API, command), carry it out, decide fuzzy matches."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from shoudi.core.access import Capability, code_in_user_area, in_area, require
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_run_now, job_submit
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Lead
from shoudi.monitoring.warnings import Warning, leads_from_warnings
from shoudi.regions.models import Region
from shoudi.registry.models import Household, Person
from shoudi.screening import engines, linkage, snapshot, texts
from shoudi.screening import params as sparams
from shoudi.screening.models import LeadEvidence, LinkCandidate, RegistryTask, RunHit, ScreeningLead, ScreeningRun
from shoudi.screening.rules import RULES, RULES_BY_ID

OPEN_LEAD = (mcodes.LeadStatus.SUBMITTED, mcodes.LeadStatus.OPEN)


def run_create(
    *, by: Any, area_code: str, as_of: dt.date, engine: str = "duckdb", spark_master: str = "", run_now: bool = False
) -> ScreeningRun:
    """A county officer asks for a screening of an area inside theirs; the worker carries it out as a job
    (``run_now``: the command runs it in its own process). ``by`` None: the system (the command)."""
    if by is not None:
        require(by, Capability.RUN_SCREENING)
    region = Region.objects.filter(code=area_code).first()
    if region is None or (by is not None and not code_in_user_area(by, area_code)):
        raise ValidationError({"area": f"区域代码“{area_code}”不在您的管辖范围内"})
    if engine not in engines.ENGINES:
        raise ValidationError({"engine": f"未知的计算引擎“{engine}”"})
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": "筛查日期不能晚于今天"})
    with transaction.atomic():
        run = ScreeningRun.objects.create(area=region, as_of=as_of, engine=engine, created_by=by, updated_by=by)
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=run,
            changes={"筛查区域": [None, area_code], "筛查日期": [None, as_of.isoformat()]},
            area_code=area_code,
        )
        params = {"run": str(run.pk), **({"spark_master": spark_master} if spark_master else {})}
        run.job = job_submit(
            by=by, kind=Job.Kind.SCREENING, area_code=area_code, params=params, max_attempts=1, enqueue=not run_now
        )
        run.save(update_fields=["job"])
    if run_now:
        job_run_now(run.job)
        run.refresh_from_db()
    return run


def run_execute(
    run: ScreeningRun, *, spark_master: str = "local[2]", workdir: Path | None = None, progress: Any = None
) -> ScreeningRun:
    """Snapshot, rules, leads: the whole run. Writes happen in one transaction at the end."""
    ScreeningRun.objects.filter(pk=run.pk).update(status=ScreeningRun.Status.RUNNING, started_at=timezone.now())
    started = time.perf_counter()
    step = progress or (lambda phase, done, total: None)
    try:
        step("读取数据并运行筛查规则", 0, 2)
        with tempfile.TemporaryDirectory(prefix="shoudi-screen-", dir=workdir) as tmp:
            evidence, updates, info = compute(run.area_id, run.as_of, run.engine, Path(tmp), spark_master)
        step("写入线索和户籍变动待办", 1, 2)
        with transaction.atomic():
            apply(run, evidence, updates, info)
            candidates = linkage.candidates_for_area(run.area_id)
            ScreeningRun.objects.filter(pk=run.pk).update(inputs=run.inputs | {"link_candidates_new": candidates})
    except Exception as exc:
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=ScreeningRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        raise
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=ScreeningRun.Status.DONE, finished_at=timezone.now(), seconds=round(time.perf_counter() - started, 3)
    )
    step("已完成", 2, 2)
    run.refresh_from_db()
    return run


def compute(
    area: str, as_of: dt.date, engine: str, directory: Path, spark_master: str = "local[2]"
) -> tuple[pa.Table, pa.Table, dict[str, Any]]:
    """Evidence and registry-update rows of ``area`` on ``as_of``, with what went in."""
    counties = sorted(
        {
            v[:6]
            for v in Household.objects.filter(in_area("village_id", area))
            .values_list("village_id", flat=True)
            .order_by()  # the model's default ordering would make this DISTINCT over (village, number)
            .distinct()
        }
    )
    county_params = sparams.resolve(counties, as_of)
    arrow_params = sparams.as_arrow(county_params)
    inputs: dict[str, Any] = {"engine": engine}
    snap_dir: Path | None = None
    if engine != "postgres":
        snap = snapshot.export(area, directory)
        inputs["rows"] = snap.rows
        snap_dir = snap.directory
    with engines.connect(engine, directory=snap_dir, area=area, params=arrow_params, spark_master=spark_master) as (
        con,
        tables,
    ):
        evidence, updates = engines.evaluate(con, tables, as_of)
    info = {"inputs": inputs, "params": county_params}
    return evidence, updates, info


# ---- turning evidence into leads ------------------------------------------------------------------------


def _hex(value: str | None) -> str | None:
    """One spelling of a UUID whatever the engine gave (PostgreSQL: dashed; SQLite snapshot: 32 hex digits)."""
    return uuid.UUID(value).hex if value else None


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    rows = table.to_pylist()
    for row in rows:
        row["household_id"], row["person_id"] = _hex(row["household_id"]), _hex(row["person_id"])
    return rows


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
    households = {k.hex: v for k, v in Household.objects.in_bulk(list(household_ids)).items()}
    person_ids = {r["person_id"] for rows in groups.values() for r in rows if r["person_id"]}
    names = {pk.hex: name for pk, name in Person.objects.filter(pk__in=person_ids).values_list("pk", "name")}
    result = []
    for (hid, rule), rows in sorted(groups.items()):
        household = households.get(hid) if hid else None
        if household is None:
            continue
        params = county_params.get(household.village_id[:6])
        parts = describe(rule, rows, names, params, as_of)
        subtype = next((r["subtype"] for r in rows if r["subtype"]), "")
        result.append(
            {
                "household": household,
                "rule": rule,
                "risk_code": rows[0]["risk_code"],
                "subtype": subtype,
                "parts": parts,
                "records": sorted({i for ids, _ in parts for i in ids}),
            }
        )
    return result


def apply(run: ScreeningRun, evidence: pa.Table, updates: pa.Table, info: dict[str, Any]) -> None:
    county_params: dict[str, sparams.CountyParams] = info["params"]
    found = hits(evidence, run.as_of, county_params)
    created, updated = _write_leads(found, run.as_of)
    tasks = _write_tasks(run, updates)
    previous = (
        ScreeningRun.objects.filter(area=run.area, status=ScreeningRun.Status.DONE)
        .exclude(pk=run.pk)
        .order_by("-created_at")
        .first()
    )
    now_keys = {(str(h["household"].pk), h["rule"]) for h in found}
    before = (
        {(str(h), r) for h, r in RunHit.objects.filter(run=previous).values_list("household_id", "rule")}
        if previous
        else set()
    )
    RunHit.objects.bulk_create(
        [
            RunHit(run=run, household=h["household"], rule=h["rule"], township_code=h["household"].village_id[:9])
            for h in found
        ],
        batch_size=2000,
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
    run.leads_created, run.leads_updated, run.tasks_created = created, updated, tasks
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
    qs = ScreeningLead.objects.filter(household_id__in={h["household"].pk for h in found}).select_related("lead")
    for track in qs:
        tracks[(str(track.household_id), track.rule)].append(track)
    for _track, hid, rule, record_id in LeadEvidence.objects.filter(
        screening_lead__in=[t for v in tracks.values() for t in v]
    ).values_list("screening_lead_id", "screening_lead__household_id", "screening_lead__rule", "record_id"):
        known[(str(hid), rule)].add(record_id)
    warnings: list[Warning] = []
    pending: list[dict[str, Any]] = []
    seen: list[ScreeningLead] = []
    appended: list[Lead] = []
    now = timezone.now()
    updated = 0
    new_evidence: list[LeadEvidence] = []
    for hit in found:
        key = (str(hit["household"].pk), hit["rule"])
        fresh = [(ids, text) for ids, text in hit["parts"] if not set(ids) <= known[key]]
        open_track = next((t for t in tracks[key] if t.lead.status in OPEN_LEAD), None)
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
        risk_hint = hit["risk_code"] if hit["risk_code"] in mcodes.RiskType.values else ""
        label = mcodes.RISK_CODE_LABELS.get(hit["risk_code"], "待核实")
        warnings.append(
            Warning(
                household=hit["household"],
                department=spec.department,
                summary=f"{spec.label}（{label}）：{hit['parts'][0][1]}",
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
    leads = leads_from_warnings(warnings)
    tracked = set(ScreeningLead.objects.filter(lead__in=[x.pk for x in leads]).values_list("lead_id", flat=True))
    new_tracks = [
        ScreeningLead(lead=lead, household=hit["household"], rule=hit["rule"], first_seen=as_of, last_seen=as_of)
        for lead, hit in zip(leads, pending, strict=True)
        if lead.pk not in tracked
    ]
    ScreeningLead.objects.bulk_create(new_tracks, batch_size=1000)
    by_lead = {t.lead_id: t for t in new_tracks}
    for lead, hit in zip(leads, pending, strict=True):
        new_track = by_lead.get(lead.pk)
        if new_track is not None:
            new_evidence += [
                LeadEvidence(screening_lead=new_track, record_id=i, text=text)
                for ids, text in hit["parts"]
                for i in ids
            ]
    LeadEvidence.objects.bulk_create(new_evidence, batch_size=2000, ignore_conflicts=True)
    return len(new_tracks), updated


def _write_tasks(run: ScreeningRun, updates: pa.Table) -> int:
    rows = _rows(updates)
    if not rows:
        return 0
    households = {k.hex: v for k, v in Household.objects.in_bulk([r["household_id"] for r in rows]).items()}
    person_ids = [r["person_id"] for r in rows if r["person_id"]]
    names = {pk.hex: name for pk, name in Person.objects.filter(pk__in=person_ids).values_list("pk", "name")}
    existing = set(
        RegistryTask.objects.filter(record_id__in=[r["record_id"] for r in rows]).values_list("record_id", flat=True)
    )
    tasks = []
    for row in rows:
        household = households.get(row["household_id"])
        if household is None or row["record_id"] in existing:
            continue
        tasks.append(
            RegistryTask(
                household=household,
                village_id=household.village_id,
                person_id=row["person_id"],
                record_id=row["record_id"],
                kind=RegistryTask.Kind.DEATH if row["category"] == "死亡" else RegistryTask.Kind.BIRTH,
                on=row["on_date"],
                text=texts.record("registry_update", row, names.get(row["person_id"] or "", ""), None, run.as_of),
                run=run,
            )
        )
    RegistryTask.objects.bulk_create(tasks, ignore_conflicts=True)
    return len(tasks)


# ---- fuzzy matches ---------------------------------------------------------------------------------------


def _can_decide(by: Any, candidate: LinkCandidate) -> bool:
    if not code_in_user_area(by, candidate.area_code):
        return False
    if getattr(by, "role", "") == "dept_clerk":
        from shoudi.feeds.sources import SOURCES

        source = SOURCES.get(candidate.record.source)
        return source is not None and str(source.department) == str(getattr(by, "department", ""))
    return True


def candidate_decide(*, by: Any, candidate: LinkCandidate, confirm: bool) -> LinkCandidate:
    """A clerk of the record's source or a county officer confirms (the record joins the person) or rejects."""
    require(by, Capability.CONFIRM_MATCHES)
    if not _can_decide(by, candidate):
        raise Http404("未找到该疑似匹配")
    with transaction.atomic():
        current = LinkCandidate.objects.select_for_update().select_related("record", "person").get(pk=candidate.pk)
        if current.status != LinkCandidate.Status.PENDING:
            raise ValidationError("该疑似匹配已处理，请刷新后重试")
        if confirm:
            from shoudi.feeds.services import confirm_match

            confirm_match(by=by, record=current.record, person=current.person)
            LinkCandidate.objects.filter(record=current.record, status=LinkCandidate.Status.PENDING).exclude(
                pk=current.pk
            ).update(status=LinkCandidate.Status.REJECTED, decided_at=timezone.now(), updated_by=by)
        current.status = LinkCandidate.Status.CONFIRMED if confirm else LinkCandidate.Status.REJECTED
        current.decided_at = timezone.now()
        current.updated_by = by
        current.save(update_fields=["status", "decided_at", "updated_by", "updated_at"])
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes={"状态": ["待确认", current.get_status_display()]},
            household_id=current.person.household_id,
            area_code=current.area_code,
        )
    return current


def open_leads(area: str) -> list[dict[str, Any]]:
    """The open screening leads of an area for the export: household number, village, rule, risk, evidence, seen."""
    rows = (
        ScreeningLead.objects.filter(in_area("lead__village_id", area), lead__status__in=OPEN_LEAD)
        .select_related("lead", "household")
        .order_by("household__number", "rule")
    )
    return [
        {
            "household_number": t.household.number,
            "village_code": t.household.village_id,
            "rule": t.rule,
            "risk_type": mcodes.RISK_CODE_LABELS.get(RULES_BY_ID[t.rule].risk_code, "")
            if t.rule in RULES_BY_ID
            else "",
            "evidence": t.lead.evidence,
            "first_seen": t.first_seen.isoformat(),
            "last_seen": t.last_seen.isoformat(),
        }
        for t in rows
    ]
