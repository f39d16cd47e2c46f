"""Pieces every monitoring service shares: dates, risk codes, the history row of an event that moves no status,
and removing the files of rolled-back rows. Role and area checks are ``core.access.require``; status changes go
through ``monitoring.workflow.CASE_FLOW``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.monitoring import codes
from shoudi.monitoring.models import Case, CaseRisk
from shoudi.monitoring.workflow import CASE_FLOW
from shoudi.registry.models import Household

RiskInput = tuple[str, str] | str  # a risk code, or (code, disaster subtype)


def check_date(on: dt.date | None, *, field: str = "on", not_before: dt.date | None = None, what: str = "") -> dt.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({field: f"日期 {on.isoformat()} 晚于今天，不能预填"})
    if not_before and on < not_before:
        raise ValidationError({field: f"日期 {on.isoformat()} 早于{what or '上一环节'}（{not_before.isoformat()}）"})
    return on


def clean_risks(risks: Iterable[RiskInput]) -> list[tuple[str, str]]:
    """Validated (code, disaster subtype) pairs: known codes, at most five risk types, subtype only for 灾害."""
    result: dict[str, str] = {}
    for item in risks:
        code, subtype = (item, "") if isinstance(item, str) else (item[0], item[1] or "")
        if code not in codes.RISK_CODE_LABELS:
            raise ValidationError({"risks": f"风险类型“{code}”不在代码表中"})
        if subtype and code != codes.RiskType.DISASTER:
            raise ValidationError({"risks": f"只有“因自然灾害”可以填写灾害类型（{codes.RISK_CODE_LABELS[code]}）"})
        if subtype and subtype not in codes.DisasterSubtype.values:
            raise ValidationError({"risks": f"灾害类型“{subtype}”不在代码表中"})
        result[code] = subtype
    types = [c for c in result if c in codes.RiskType.values]
    if len(types) > codes.MAX_RISK_TYPES:
        raise ValidationError({"risks": f"风险类型最多 {codes.MAX_RISK_TYPES} 项，当前 {len(types)} 项"})
    if not types:
        raise ValidationError({"risks": "请至少选择一项风险类型"})
    return list(result.items())


def clean_category(category: str) -> str:
    """A 监测对象类型 from the code list ("" for none yet); anything else is refused, never kept blank."""
    if category and category not in codes.Category.values:
        raise ValidationError({"category": f"监测对象类型“{category}”不在代码表中"})
    return category


def set_risks(case: Case, risks: Sequence[tuple[str, str]]) -> None:
    CaseRisk.objects.filter(case=case).delete()
    CaseRisk.objects.bulk_create([CaseRisk(case=case, code=c, disaster_subtype=s) for c, s in risks])


def risk_labels(case: Case) -> list[str]:
    return [str(r) for r in case.risks.all()]


def open_case_of(household: Household) -> Case | None:
    return Case.objects.filter(household=household, is_open=True).first()


def case_event(
    case: Case,
    *,
    by: Any,
    action: str,
    label: str,
    on: dt.date,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    fast_track_event: str = "",
) -> Case:
    """Something that happened to a case without moving its status (a lead joined it, the village confirmed the
    fast track, which marks the case with ``fast_track_event``): ``core.workflow.Workflow.record``."""
    fields = {"fast_track": True, "fast_track_event": fast_track_event} if fast_track_event else {}
    current, _ = CASE_FLOW.record(
        case, by=by, action=action, label=label, on=on, reason=reason, payload=payload, fields=fields
    )
    return current


def discard_files(attachments: Iterable[Any]) -> None:
    """Remove stored files whose rows were rolled back (the database cannot take files back by itself)."""
    for attachment in attachments:
        if attachment.file and attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
