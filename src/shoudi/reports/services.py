"""Writes of reports: request a report (computed now, or by the worker for a city or province), run it,
and save an assessment scheme. Each write checks role and area, runs in one transaction and is audited."""

from __future__ import annotations

import logging
import time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import Capability
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_run_now, job_submit
from shoudi.regions.models import Region
from shoudi.reports import layout
from shoudi.reports.generator import generate
from shoudi.reports.indicators import BY_CODE
from shoudi.reports.models import AssessmentItem, AssessmentScheme, Direction, Report
from shoudi.reports.periods import Period
from shoudi.reports.selectors import access_area

logger = logging.getLogger(__name__)

BACKGROUND_MAX_LENGTH = 4  # a city (4) or a province (2) is computed by the worker


def report_request(*, by: Any, area_code: str, kind: str, period: str, background: bool | None = None) -> Report:
    area = access_area(by, area_code)
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": f"报表类型“{kind}”不存在，应为月报或年报"})
    parsed = Period.parse(period or None, default=timezone.localdate())
    if kind == Report.Kind.ANNUAL and parsed.kind != "year":
        parsed = Period.year_of(parsed.start.year)
    if kind == Report.Kind.MONTHLY and parsed.kind != "month":
        raise ValidationError({"period": "月报的报告期应为“年-月”，如 2026-10"})
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind,
            area=area,
            period=parsed.key,
            period_start=parsed.start,
            period_end=parsed.end,
            created_by=by,
            updated_by=by,
        )
        audit_entry(actor=by, action=AuditEntry.Action.CREATE, obj=report, area_code=area.code, reason="生成报表")
    if background is None:
        background = len(area.code) <= BACKGROUND_MAX_LENGTH
    with transaction.atomic():
        report.job = job_submit(
            by=by, kind=Job.Kind.REPORT, area_code=area.code, params={"report": str(report.pk)}, enqueue=background
        )
        report.save(update_fields=["job"])
    if not background:
        job_run_now(report.job)
    report.refresh_from_db()
    return report


def report_run(report: Report) -> Report:
    """Compute a queued report and store its tables, data time and indicator versions."""
    updated = Report.objects.filter(pk=report.pk, status=Report.Status.QUEUED).update(status=Report.Status.RUNNING)
    if not updated:
        return report
    started = time.perf_counter()
    try:
        period = Period.parse(report.period)
        generated = generate(report.area, period)
        content = layout.content(generated)
    except Exception as exc:
        logger.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE,
        data_time=generated.data_time,
        indicator_versions=generated.versions,
        content=content,
        seconds=Decimal(str(round(time.perf_counter() - started, 3))),
        updated_at=timezone.now(),
    )
    report.refresh_from_db()
    return report


def _item(n: int, row: dict[str, Any]) -> AssessmentItem:
    where = f"第{n}行"
    code = str(row.get("indicator") or "").strip()
    if code not in BY_CODE:
        raise ValidationError({"indicator": f"{where}“指标”：{code or '（空）'} 不在指标目录中"})
    try:
        weight = Decimal(str(row.get("weight")).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"weight": f"{where}“权重”应为数字"}) from None
    if weight < 0 or weight > 1000:
        raise ValidationError({"weight": f"{where}“权重”应在0到1000之间"})
    direction = str(row.get("direction") or Direction.HIGHER)
    if direction not in Direction.values:
        raise ValidationError({"direction": f"{where}“方向”应为越高越好或越低越好"})
    raw = row.get("target")
    target = None
    if raw not in (None, ""):
        try:
            target = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError({"target": f"{where}“目标值”应为数字或留空"}) from None
    return AssessmentItem(indicator=code, weight=weight, direction=direction, target=target, position=n)


def scheme_save(*, by: Any, area_code: str, year: int, name: str, items: list[dict[str, Any]]) -> AssessmentScheme:
    """Replace the year's scheme of the area (the user's own area) with ``items``; nothing half-written."""
    area: Region = access_area(by, area_code, Capability.EDIT_APPRAISAL)
    if area.code != getattr(by, "area_id", None):
        raise ValidationError({"area": "只能制定本级区域的考核方案"})
    if not 2021 <= int(year) <= 2100:
        raise ValidationError({"year": "考核年度应在2021–2100年之间"})
    rows = [_item(n, row) for n, row in enumerate(items, 1) if str(row.get("indicator") or "").strip()]
    if not rows:
        raise ValidationError({"items": "至少需要一项考核指标"})
    if len({r.indicator for r in rows}) != len(rows):
        raise ValidationError({"items": "同一指标不能重复列入"})
    with transaction.atomic():
        scheme, created = AssessmentScheme.objects.get_or_create(
            year=year, area=area, defaults={"name": name or f"{year}年考核方案", "created_by": by, "updated_by": by}
        )
        before = [(i.indicator, str(i.weight), i.direction, str(i.target)) for i in scheme.items.all()]
        scheme.name = (name or scheme.name)[:100]
        scheme.updated_by = by
        scheme.save()
        scheme.items.all().delete()
        for row in rows:
            row.scheme = scheme
        AssessmentItem.objects.bulk_create(rows)
        after = [(i.indicator, str(i.weight), i.direction, str(i.target)) for i in rows]
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            obj=scheme,
            area_code=area.code,
            changes={"items": [before, after]},
        )
    return scheme
