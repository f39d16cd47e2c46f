"""Writes of the intake: stage an upload, validate it, apply it, save a column mapping, confirm a match.

Staging is like the household import: the upload is checked cheaply and its columns are checked (a
refusal writes nothing), then a batch keeps the file and a job validates every row in the worker; the
uploader looks at the report and asks to apply, and a second job writes the records in one transaction.
The command line runs the same steps in process.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shoudi.core.access import Capability, NotVisible, code_in_user_area, in_area, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.models import AuditEntry
from shoudi.feeds import pipeline
from shoudi.feeds.hooks import run_after_apply
from shoudi.feeds.income_bridge import carry_income
from shoudi.feeds.models import ColumnMapping, FeedBatch, FeedRecord
from shoudi.feeds.parse import FeedRefused, check_head, file_hash, open_feed, resolve_columns
from shoudi.feeds.sources import SOURCES, Source, get_source
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_restage, job_submit
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Person

Progress = Callable[[str, int, int], None]
JOB_KIND = Job.Kind.IMPORT_FEEDS
COUNTY_LENGTH = 6


# -- who may do what -------------------------------------------------------------------------------------
def may_upload(user: Any, source: Source) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.can(Capability.UPLOAD_FEEDS)
        and user.department == source.department
        and len(user.area_id or "") == COUNTY_LENGTH
    )


def may_map(user: Any, source: Source) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.MAP_FEEDS) or not user.area_id:
        return False
    return user.can(Capability.VIEW_FEEDS) or user.department == source.department


def mappable_sources(user: Any) -> list[Source]:
    return [s for s in SOURCES.values() if may_map(user, s)]


def uploadable_sources(user: Any) -> list[Source]:
    return [s for s in SOURCES.values() if may_upload(user, s)]


# -- mappings -----------------------------------------------------------------------------------------------
def mapping_for(source: Source, area_code: str) -> dict[str, str]:
    """The saved mapping of ``source`` for the area, or for the nearest area above it."""
    prefixes = [area_code[:n] for n in (12, 9, 6, 4, 2) if len(area_code) >= n]
    found = {m.area_id: m.mapping for m in ColumnMapping.objects.filter(source=source.id, area_id__in=prefixes)}
    for prefix in prefixes:
        if prefix in found:
            return dict(found[prefix])
    return {}


def clean_mapping(source: Source, mapping: dict[str, str]) -> dict[str, str]:
    """``{their header: our header}``; blank entries dropped; refuses unknown template headers."""
    result: dict[str, str] = {}
    for theirs, ours in mapping.items():
        theirs, ours = str(theirs or "").strip(), str(ours or "").strip()
        if not theirs or not ours:
            continue
        if ours not in source.headers:
            raise ValidationError({"mapping": f"“{ours}”不是“{source.label}”模板中的列"})
        if len(theirs) > 100:
            raise ValidationError({"mapping": f"原表列名“{theirs[:20]}…”过长"})
        result[theirs] = ours
    if len(set(result.values())) != len(result):
        raise ValidationError({"mapping": "同一模板列只能对应一个原表列"})
    return result


def save_mapping(*, by: Any, source: Source, mapping: dict[str, str]) -> ColumnMapping:
    """Keep ``{their header: template header}`` as the mapping of ``source`` for the user's own area (audited:
    the mapping before and after)."""
    if not may_map(by, source):
        raise NotVisible()
    cleaned = clean_mapping(source, mapping)
    with transaction.atomic():
        found = ColumnMapping.objects.select_for_update().filter(source=source.id, area_id=by.area_id).first()
        if found is None:
            new = ColumnMapping(source=source.id, area_id=by.area_id, mapping=cleaned)
            return audited_create(new, by=by, snapshot_of=_mapping_shown, area_code=by.area_id)
        saved, _diff = audited_update(
            found, by=by, changes={"mapping": cleaned}, snapshot_of=_mapping_shown, lock=False, area_code=by.area_id
        )
    return saved


def _mapping_shown(obj: ColumnMapping) -> dict[str, Any]:
    return {"列对应关系": dict(obj.mapping)}


# -- staging an upload --------------------------------------------------------------------------------------
def _to_temp(upload: Any, name: str, tmp: Path) -> Path:
    path = tmp / ("upload" + (Path(name).suffix.lower() or ".csv"))
    if hasattr(upload, "seek"):
        upload.seek(0)
    with open(path, "wb") as out:
        if hasattr(upload, "chunks"):
            for chunk in upload.chunks():
                out.write(chunk)
        else:
            shutil.copyfileobj(upload, out)
    return path


def stage_upload(
    *,
    by: Any,
    source: Source | str,
    upload: Any,
    name: str = "",
    area_code: str = "",
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    mapping: dict[str, str] | None = None,
    background: bool = True,
) -> FeedBatch:
    """Check and keep an upload as a staged batch. ``by`` is the clerk (``None`` only from the command
    line, then ``area_code`` names the county). With ``background`` a validation job is queued.

    Refused (``FeedRefused``, nothing written): no right to this source, not a spreadsheet, empty, too big,
    required columns missing, or the same file already uploaded for this source and area."""
    source = get_source(source) if isinstance(source, str) else source
    name = (name or getattr(upload, "name", "") or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1][:255]
    if by is not None:
        if not getattr(by, "is_authenticated", False) or not by.can(Capability.UPLOAD_FEEDS):
            raise FeedRefused("当前账号无权上传部门数据")
        if not may_upload(by, source):
            mine = "、".join(s.label for s in uploadable_sources(by)) or "无"
            raise FeedRefused(f"只能上传本部门的数据：可上传的数据来源为{mine}，不能上传“{source.label}”")
        area_code = by.area_id
    if not Region.objects.filter(code=area_code, level=Level.COUNTY).exists():
        raise FeedRefused(f"区域“{area_code}”不是系统中的县级区划")
    if period_from and period_to and period_from > period_to:
        raise FeedRefused("数据期间的开始日期不能晚于结束日期")
    with tempfile.TemporaryDirectory() as tmp:
        path = _to_temp(upload, name, Path(tmp))
        with open(path, "rb") as fh:
            check_head(name, path.stat().st_size, fh.read(8192))
        digest = file_hash(path)
        earlier = (
            FeedBatch.objects.filter(source=source.id, area_id=area_code, file_hash=digest)
            .exclude(status=FeedBatch.Status.FAILED)
            .order_by("created_at")
            .first()
        )
        if earlier is not None:
            raise FeedRefused(
                f"该文件与{earlier.created_at:%Y-%m-%d %H:%M}上传的“{earlier.file_name}”内容完全相同，"
                "同一来源的同一份数据不能重复上传"
            )
        used = {**mapping_for(source, area_code), **(mapping or {})}
        table = open_feed(path, name=name)
        resolve_columns(source, table.headers, used)
        with transaction.atomic():
            batch = FeedBatch(
                source=source.id,
                uploaded_by=by,
                area_id=area_code,
                period_from=period_from,
                period_to=period_to,
                file_name=name,
                file_hash=digest,
                mapping=used,
                created_by=by,
                updated_by=by,
                report={"rows_in_file": table.total},
            )
            with open(path, "rb") as fh:
                batch.file.save(name, File(fh), save=False)
            batch.save()
            audit_entry(
                actor=by,
                action=AuditEntry.Action.IMPORT,
                obj=batch,
                changes={"上传部门数据": source.label, "文件": name, "数据行": table.total},
                area_code=area_code,
            )
            if background:
                batch.job = job_submit(
                    by=by,
                    kind=JOB_KIND,
                    stage=Job.Stage.VALIDATE,
                    area_code=area_code,
                    params={"batch": str(batch.pk)},
                    input_name=name,
                )
                batch.save(update_fields=["job"])
    return batch


# -- the two stages -----------------------------------------------------------------------------------------
def _outcome(batch: FeedBatch, progress: Progress | None) -> pipeline.Outcome:
    source = get_source(batch.source)
    return pipeline.prepare(
        batch.file.path,
        source=source,
        area_code=batch.area_id,
        mapping=batch.mapping,
        name=batch.file_name,
        progress=progress,
    )


def _store(batch: FeedBatch, field: str, outcome: pipeline.Outcome, kind: str) -> None:
    writer = pipeline.write_rejected if kind == "rejected" else pipeline.write_unmatched
    target = getattr(batch, field)
    if target:
        target.delete(save=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = writer(outcome, Path(tmp) / "rows.xlsx")
        if path is not None:
            label = "退回的行" if kind == "rejected" else "未匹配的行"
            with open(path, "rb") as fh:
                target.save(f"{Path(batch.file_name).stem[:60]}-{label}.xlsx", File(fh), save=False)


def _record_outcome(batch: FeedBatch, outcome: pipeline.Outcome) -> None:
    for key, value in outcome.counts().items():
        setattr(batch, key, value)
    batch.report = {**batch.report, **outcome.report()}
    if batch.period_from is None and batch.period_to is None:
        batch.period_from, batch.period_to = outcome.parsed.period()


def validate_batch(batch: FeedBatch, progress: Progress | None = None) -> pipeline.Outcome:
    """Read every row, match, keep the report and the downloads; writes no records."""
    if batch.status != FeedBatch.Status.STAGED:
        raise FeedRefused("该批次不是待确认状态")
    outcome = _outcome(batch, progress)
    _record_outcome(batch, outcome)
    _store(batch, "rejected_file", outcome, "rejected")
    _store(batch, "unmatched_file", outcome, "unmatched")
    batch.save()
    return outcome


def apply_batch(batch: FeedBatch, *, by: Any = None, progress: Progress | None = None) -> pipeline.Outcome:
    """Read and match again (the registry may have changed), then write every valid row — matched and
    unmatched — as FeedRecords, in chunks, in one transaction. Rejected rows are not written."""
    outcome = _outcome(batch, progress)
    rows = len(outcome.matched)
    if progress:
        progress(pipeline.PHASE_WRITE + "（在一个事务中写入，完成前不显示中间进度）", 0, rows)
    with transaction.atomic():
        locked = FeedBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != FeedBatch.Status.STAGED or locked.records.exists():
            raise FeedRefused("该批次已写入或已失败，不能再次写入")
        pipeline.write_records(outcome, batch, progress)
        carry_income(batch, by=by)  # 医保 self-pay, 应急 losses, 民政 payments onto the households' 收入核算表
        _record_outcome(batch, outcome)
        _store(batch, "unmatched_file", outcome, "unmatched")
        batch.status = FeedBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.updated_by = by if getattr(by, "pk", None) else batch.updated_by
        batch.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=batch,
            changes={"写入部门数据": batch.source_label, **{k: v for k, v in outcome.counts().items()}},
            area_code=batch.area_id,
        )
        run_after_apply(batch)  # other apps' updates from the batch (feeds.hooks), in the same transaction
    if progress:
        progress(pipeline.PHASE_WRITE, rows, rows)
    return outcome


def fail_batch(batch: FeedBatch, message: str) -> None:
    FeedBatch.objects.filter(pk=batch.pk, status=FeedBatch.Status.STAGED).update(
        status=FeedBatch.Status.FAILED, message=message[:5000], updated_at=timezone.now()
    )
    batch.refresh_from_db()


def request_apply(*, by: Any, batch: FeedBatch) -> FeedBatch:
    """The uploader asks to write a validated batch (the write runs as a job in the worker)."""
    if batch.uploaded_by_id != getattr(by, "pk", None):
        raise ValidationError("只有上传该文件的用户可以确认写入")
    job = batch.job
    if batch.status != FeedBatch.Status.STAGED or job is None:
        raise ValidationError("该批次当前不能确认写入")
    if job.stage != Job.Stage.VALIDATE or job.status != Job.Status.DONE:
        raise ValidationError("该批次尚未校验完成，或已确认写入")
    if not (batch.rows_matched + batch.rows_unmatched):
        raise ValidationError("文件中没有可写入的行")
    if not job_restage(job, by=by, stage=Job.Stage.APPLY, phase="等待写入"):
        raise ValidationError("该批次已确认写入")
    batch.refresh_from_db()
    return batch


# -- linkage ---------------------------------------------------------------------------------------------
def confirm_match(*, by: Any, record: FeedRecord, person: Person) -> FeedRecord:
    """A clerk or county officer confirms a probable match (from the screening linkage page): the record
    gets the person and their household, ``match="fuzzy"``; one audit entry. Out of scope → 404."""
    require(by, Capability.CONFIRM_MATCHES)
    batch = record.batch
    source = SOURCES[record.source]
    if not code_in_user_area(by, batch.area_id):
        raise NotVisible()
    if not by.can(Capability.VIEW_FEEDS) and by.department != source.department:
        raise NotVisible()
    if not Person.objects.filter(in_area("household__village_id", batch.area_id), pk=person.pk).exists():
        raise NotVisible("未找到该成员")
    if record.match == FeedRecord.Match.EXACT:
        raise ValidationError("该记录已按身份证号精确匹配，无需确认")
    with transaction.atomic():
        locked = FeedRecord.objects.select_for_update().get(pk=record.pk)
        was_unmatched = locked.match == FeedRecord.Match.NONE
        audited_update(
            locked,
            by=by,
            changes={"person": person, "household_id": person.household_id, "match": FeedRecord.Match.FUZZY},
            fields=["person", "household", "match"],
            lock=False,
            household_id=person.household_id,
            area_code=batch.area_id,
            reason="确认疑似匹配",
        )
        carry_income(batch, by=by, households=[person.household_id])
        if was_unmatched:
            FeedBatch.objects.filter(pk=batch.pk, rows_unmatched__gt=0).update(
                rows_unmatched=F("rows_unmatched") - 1, rows_matched=F("rows_matched") + 1
            )
    record.refresh_from_db()
    return record
