"""The jobs ledger's link to monitoring: a placement, a 公益性岗位 or a training of a member of a household under
monitoring becomes an assistance measure of its case (就业帮扶 / 公益岗位帮扶), recorded once, active from its
start — so the coverage check (因务工就业不稳 / 因缺劳动力 met by 就业帮扶 / 公益岗位帮扶) sees it without anyone
typing it again. When the job or post ends, so does its measure (``end_link``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.assistance.inputs import MeasureInput
from shoudi.assistance.models import LIVE_MEASURE_STATUSES, Measure
from shoudi.assistance.services import measure_end_from_ledger, measure_from_ledger
from shoudi.monitoring.codes import MeasureKind
from shoudi.monitoring.common import open_case_of
from shoudi.registry.models import Person

EMPLOYMENT = MeasureKind.EMPLOYMENT
WELFARE_POST = MeasureKind.WELFARE_POST
RESPONSIBLE_UNIT = "县人力资源和社会保障局"


def link(
    *,
    by: Any,
    person: Person,
    kind: str,
    start: dt.date,
    content: str,
    amount: Decimal | None = None,
    unit: str = RESPONSIBLE_UNIT,
) -> Measure | None:
    """Add the measure to the open case of ``person``'s household, if there is one under monitoring."""
    case = open_case_of(person.household)
    if case is None:
        return None
    responsible = (getattr(by, "full_name", "") or getattr(by, "username", "") or "系统").strip()[:50]
    entry = MeasureInput(
        kind=kind,
        content=content,
        start=start,
        responsible_unit=unit,
        responsible_person=responsible,
        person=person,
        amount=amount,
    )
    return measure_from_ledger(by=by, case=case, measure=entry)


def end_link(*, by: Any, person: Person, kind: str, start: dt.date, end: dt.date, reason: str) -> int:
    """End the measures ``link`` added for what started on ``start`` (the job or post of ``person``); how many."""
    found = Measure.objects.filter(
        kind=kind, person=person, start=start, end__isnull=True, status__in=LIVE_MEASURE_STATUSES
    ).select_related("case")
    ended = 0
    for measure in found:
        measure_end_from_ledger(by=by, measure=measure, end=end, reason=reason)
        ended += 1
    return ended
