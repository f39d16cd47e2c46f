"""Writes of reports: request a report (a job: computed now for a county and below, by the worker for a city
or province), run it, and save an appraisal scheme (考核方案). Each write checks role and area, runs in one
transaction and is audited."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.audit import audit_entry, audited_create
from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_run_now, job_submit
from shoudi.regions.models import Region
from shoudi.reports import layout
from shoudi.reports.appraisal import local_rule
from shoudi.reports.generator import generate
from shoudi.reports.indicators import BY_CODE
from shoudi.reports.models import AppraisalItem, AppraisalScheme, Direction, Mode, Report
from shoudi.reports.periods import Period
from shoudi.reports.selectors import access_area

logger = logging.getLogger(__name__)

BACKGROUND_MAX_LENGTH = 4  # a city (4) or a province (2) is computed by the worker


def report_request(*, by: Any, area_code: str, kind: str, period: str, background: bool | None = None) -> Report:
    """A report of ``area_code`` (inside the user's area) for ``period`` ("2026-10" for a monthly report, "2026"
    for an annual one), computed by a job: at once for a county and below, by the worker above (``background``
    overrides). An area the user may not report on is said next to the field."""
    require(by, Capability.VIEW_REPORTS)
    try:
        area = access_area(by, area_code)
    except NotVisible:
        raise ValidationError({"area": f"区域代码“{area_code[:12]}”不在您的管辖范围内"}) from None
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": f"报表类型“{kind}”不存在，应为月报或年报"})
    parsed = Period.parse(period or None, default=timezone.localdate())
    if kind == Report.Kind.ANNUAL and parsed.kind != "year":
        parsed = Period.year_of(parsed.start.year)
    if kind == Report.Kind.MONTHLY and parsed.kind != "month":
        raise ValidationError({"period": "月报的报告期应为“年-月”，如 2026-10"})
    if background is None:
        background = len(area.code) <= BACKGROUND_MAX_LENGTH
    with transaction.atomic():
        report = audited_create(
            Report(kind=kind, area=area, period=parsed.key, period_start=parsed.start, period_end=parsed.end),
            by=by,
            fields=("kind", "area", "period"),
            area_code=area.code,
            reason="生成报表",
        )
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
    except Exception:
        # the exception's text (a database context line may quote personal data) goes to the log only
        reference = uuid.uuid4().hex[:10].upper()
        logger.exception("report %s failed; reference %s", report.pk, reference)
        message = f"报表生成出错。请稍后重试；如再次失败，请将参考编号 {reference} 告知系统管理员。"
        Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error=message)
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


@dataclass(frozen=True)
class AppraisalItemInput:
    """One line of an appraisal scheme as the page's form or a caller types it."""

    indicator: str
    weight: Decimal
    direction: str = Direction.HIGHER
    target: Decimal | None = None


MAX_ITEMS = 12


def _item(n: int, row: AppraisalItemInput) -> AppraisalItem:
    where = f"第{n}行"
    if row.indicator not in BY_CODE:
        raise ValidationError({"items": f"{where}“指标”：{row.indicator or '（空）'} 不在指标目录中"})
    if not Decimal(0) <= row.weight <= Decimal(1000):
        raise ValidationError({"items": f"{where}“权重”应在0到1000之间"})
    if row.direction not in Direction.values:
        raise ValidationError({"items": f"{where}“方向”应为越高越好或越低越好"})
    return AppraisalItem(
        indicator=row.indicator, weight=row.weight, direction=row.direction, target=row.target, position=n
    )


def _shown(scheme: AppraisalScheme) -> dict[str, Any]:
    """The scheme as its audit entry shows it: the name, how results are given and one line per indicator."""
    lines = [
        f"{i.indicator} 权重{i.weight} {Direction(i.direction).label}"
        + ("" if i.target is None else f" 目标{i.target}")
        for i in scheme.items.all()
    ]
    shown: dict[str, Any] = {"方案名称": scheme.name, "结果形式": Mode(scheme.mode).label, "考核指标": lines}
    if scheme.mode == Mode.GRADED:
        shown["等次分数线"] = f"好≥{scheme.good_from}，中≥{scheme.fair_from}"
    return shown


def _thresholds(
    area: Region, mode: str, good_from: Decimal | None, fair_from: Decimal | None, rows: list[AppraisalItem]
) -> tuple[Decimal | None, Decimal | None]:
    """The (好, 中) thresholds a graded scheme needs, checked against its full score; none for a ranked one. An
    area under a local rule that forbids ranking (Tongren) cannot choose a ranked scheme."""
    rule = local_rule(area.code)
    if mode not in Mode.values:
        raise ValidationError({"mode": "结果形式应为排名或“好”“中”“差”等次"})
    if rule is not None and mode != rule.mode:
        raise ValidationError({"mode": f"{rule.name}的考核结果不进行排名，请选择“好”“中”“差”等次（{rule.source}）"})
    if mode != Mode.GRADED:
        return None, None
    full = sum((r.weight for r in rows), Decimal(0))
    errors: dict[str, str] = {}
    for key, value, label in (
        ("good_from", good_from, "“好”等次最低得分"),
        ("fair_from", fair_from, "“中”等次最低得分"),
    ):
        if value is None:
            errors[key] = f"按等次考核时请填写{label}"
        elif not Decimal(0) <= value <= full:
            errors[key] = f"{label}应在0到满分{full.normalize():f}分（各项权重之和）之间"
    if not errors and fair_from is not None and good_from is not None and fair_from > good_from:
        errors["fair_from"] = "“中”等次最低得分不能高于“好”等次最低得分"
    if errors or good_from is None or fair_from is None:
        raise ValidationError(errors)
    cent = Decimal("0.01")
    return good_from.quantize(cent), fair_from.quantize(cent)


def scheme_save(
    *,
    by: Any,
    area_code: str,
    year: int,
    name: str,
    items: list[AppraisalItemInput],
    mode: str = Mode.RANKED,
    good_from: Decimal | None = None,
    fair_from: Decimal | None = None,
) -> AppraisalScheme:
    """Replace the year's appraisal scheme of the area (the user's own area) with ``items``, ranked or graded
    好/中/差 by ``good_from`` and ``fair_from``; nothing half-written; one audit entry with the scheme before and
    after."""
    area: Region = access_area(by, area_code, Capability.EDIT_APPRAISAL)
    if area.code != getattr(by, "area_id", None):
        raise ValidationError({"area": "只能制定本级区域的考核方案"})
    if not 2021 <= int(year) <= 2100:
        raise ValidationError({"year": "考核年度应在2021–2100年之间"})
    if len(items) > MAX_ITEMS:
        raise ValidationError({"items": f"考核指标不能超过{MAX_ITEMS}项"})
    rows = [_item(n, row) for n, row in enumerate(items, 1)]
    if not rows:
        raise ValidationError({"items": "至少需要一项考核指标"})
    if len({r.indicator for r in rows}) != len(rows):
        raise ValidationError({"items": "同一指标不能重复列入"})
    good_from, fair_from = _thresholds(area, mode, good_from, fair_from, rows)
    name = (name or "").strip()[:100]
    with transaction.atomic():
        scheme, created = AppraisalScheme.objects.select_for_update().get_or_create(
            year=year, area=area, defaults={"name": name or f"{year}年考核方案", "created_by": by, "updated_by": by}
        )
        before = {} if created else _shown(scheme)
        scheme.name = name or scheme.name
        scheme.mode, scheme.good_from, scheme.fair_from = mode, good_from, fair_from
        scheme.updated_by = by
        scheme.save()
        scheme.items.all().delete()
        for row in rows:
            row.scheme = scheme
        AppraisalItem.objects.bulk_create(rows)
        after = _shown(scheme)
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            obj=scheme,
            area_code=area.code,
            changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        )
    return scheme
