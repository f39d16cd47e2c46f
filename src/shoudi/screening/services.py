"""Writes of the screening app: start a run (page, API, command), carry it out, decide fuzzy matches, and the
open leads for the export. What a run found is written by ``findings``."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import Capability, NotVisible, code_in_user_area, in_area, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_run_now, job_submit
from shoudi.monitoring import codes as mcodes
from shoudi.regions.models import Region
from shoudi.registry.models import Household
from shoudi.screening import engines, linkage, snapshot
from shoudi.screening import params as sparams
from shoudi.screening.findings import OPEN_LEAD, apply
from shoudi.screening.models import LinkCandidate, ScreeningLead, ScreeningRun
from shoudi.screening.rules import RULES_BY_ID
from shoudi.screening.selectors import clerk_sources

logger = logging.getLogger(__name__)

FIELDS = ("area", "as_of", "engine")  # what the audit entry of a new run shows


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
        run = audited_create(
            ScreeningRun(area=region, as_of=as_of, engine=engine), by=by, fields=FIELDS, area_code=area_code
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
    with _no_cyclic_gc():
        _execute(run, spark_master, workdir, step)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=ScreeningRun.Status.DONE, finished_at=timezone.now(), seconds=round(time.perf_counter() - started, 3)
    )
    step("已完成", 2, 2)
    run.refresh_from_db()
    return run


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for the run: a run makes millions of short-lived rows, texts and
    tuples, and each full collection walks every live object of the process (measured: a 100,000-household
    county's run in the benchmark's process, SQLite, 5.37 s with it, 3.93 s paused). Reference counting still
    frees them; cycles wait for the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _execute(run: ScreeningRun, spark_master: str, workdir: Path | None, step: Any) -> None:
    try:
        step("读取数据并运行筛查规则", 0, 2)
        with tempfile.TemporaryDirectory(prefix="shoudi-screen-", dir=workdir) as tmp:
            evidence, updates, info = compute(run.area_id, run.as_of, run.engine, Path(tmp), spark_master)
        step("写入线索和户籍变动待办", 1, 2)
        with transaction.atomic():
            apply(run, evidence, updates, info)
            candidates = linkage.candidates_for_area(run.area_id)
            ScreeningRun.objects.filter(pk=run.pk).update(inputs=run.inputs | {"link_candidates_new": candidates})
    except (sparams.ScreeningParameterError, engines.EngineError) as exc:  # written for the user, in Chinese
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=ScreeningRun.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        raise
    except Exception:
        # a database error's text can quote personal data: the log has it, the page shows a reference
        reference = uuid.uuid4().hex[:10].upper()
        logger.exception("screening run %s failed; reference %s", run.pk, reference)
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=ScreeningRun.Status.FAILED,
            error=f"筛查出错，已撤销本次写入；如再次失败，请将参考编号 {reference} 告知系统管理员。",
            finished_at=timezone.now(),
        )
        raise


def compute(
    area: str, as_of: dt.date, engine: str, directory: Path, spark_master: str = "local[2]"
) -> tuple[pa.Table, pa.Table, dict[str, Any]]:
    """Evidence and register-update rows of ``area`` on ``as_of``, with what went in."""
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
    in_memory: dict[str, pa.Table] | None = None
    if engine == "duckdb":  # DuckDB takes the Arrow tables as they are; Spark reads files
        in_memory = snapshot.read(area)
        inputs["rows"] = {name: table.num_rows for name, table in in_memory.items()}
    elif engine != "postgres":
        snap = snapshot.export(area, directory)
        inputs["rows"] = snap.rows
        snap_dir = snap.directory
    with engines.connect(
        engine,
        directory=snap_dir,
        area=area,
        snapshot_tables=in_memory,
        params=arrow_params,
        spark_master=spark_master,
    ) as (con, tables):
        evidence, updates = engines.evaluate(con, tables, as_of)
    info = {"inputs": inputs, "params": county_params}
    return evidence, updates, info


# ---- fuzzy matches ---------------------------------------------------------------------------------------


def candidate_decide(*, by: Any, candidate: LinkCandidate, confirm: bool) -> LinkCandidate:
    """A clerk of the record's source or a county officer confirms (the record joins the person; the record's
    other candidates are rejected) or rejects. Someone quicker makes it a conflict."""
    require(by, Capability.CONFIRM_MATCHES, candidate.area_code)
    mine = clerk_sources(by)
    if mine is not None and candidate.record.source not in mine:
        raise NotVisible()
    now = timezone.now()
    with transaction.atomic():
        current = LinkCandidate.objects.select_for_update().select_related("record", "person").get(pk=candidate.pk)
        if current.status != LinkCandidate.Status.PENDING:
            raise ConflictError("该疑似匹配已处理，请刷新后重试", code="conflict")
        if confirm:
            from shoudi.feeds.services import confirm_match

            confirm_match(by=by, record=current.record, person=current.person)
            LinkCandidate.objects.filter(record=current.record, status=LinkCandidate.Status.PENDING).exclude(
                pk=current.pk
            ).update(status=LinkCandidate.Status.REJECTED, decided_at=now, updated_by=by, updated_at=now)
        status = LinkCandidate.Status.CONFIRMED if confirm else LinkCandidate.Status.REJECTED
        current, _diff = audited_update(
            current,
            by=by,
            changes={"status": status, "decided_at": now},
            fields=["status"],
            lock=False,
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
