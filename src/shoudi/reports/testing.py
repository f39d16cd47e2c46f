"""Builders of report objects for tests and the browser form sweep, through the services.

- ``report(by, area, period)``: a monthly report requested by ``by`` and computed by its job in this process.
- ``report_record(area)``: a finished report row without computing anything (pages that only need one).
- ``scheme(by, year, lines)``: the appraisal scheme (考核方案) of ``by``'s own area (graded in Tongren).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shoudi.reports import services
from shoudi.reports.models import AppraisalScheme, Direction, Mode, Report

DEFAULT_LINES = (("risk_matched_share", "60", Direction.HIGHER, "100"), ("identification_overdue", "40", "lower", "0"))


def report(by: Any, area: str, period: str = "2026-10", kind: str = Report.Kind.MONTHLY) -> Report:
    return services.report_request(by=by, area_code=area, kind=kind, period=period, background=False)


def report_record(area: str, period: str = "2026-10") -> Report:
    """A done monthly report of ``area`` (the first one there, or a new row with no tables)."""
    found = Report.objects.filter(area_id=area).first()
    if found is not None:
        return found
    year, month = period.split("-")
    return Report.objects.create(
        kind=Report.Kind.MONTHLY,
        area_id=area,
        period=period,
        period_start=f"{year}-{month}-01",
        period_end=f"{year}-{month}-28",
        status=Report.Status.DONE,
        content={"tables": []},
    )


def scheme(
    by: Any,
    year: int = 2026,
    lines: tuple[tuple[str, str, str, str | None], ...] = DEFAULT_LINES,
    name: str = "",
    *,
    mode: str | None = None,
    good_from: str | None = None,
    fair_from: str | None = None,
) -> AppraisalScheme:
    """The scheme of ``by``'s area: graded where the area's local rule says so (Tongren), else ranked, unless
    ``mode`` is given; a graded one without thresholds gets the defaults on its full score."""
    from shoudi.reports import appraisal

    items = [
        services.AppraisalItemInput(code, Decimal(weight), direction, None if target is None else Decimal(target))
        for code, weight, direction, target in lines
    ]
    mode = mode or appraisal.mode_of(by.area_id, None)
    good, fair = (Decimal(good_from), Decimal(fair_from)) if good_from and fair_from else (None, None)
    if mode == Mode.GRADED and good is None:
        full = [appraisal.Item(i.indicator, float(i.weight), i.direction, None) for i in items]
        good, fair = appraisal.default_thresholds(full)
    return services.scheme_save(
        by=by, area_code=by.area_id, year=year, name=name, items=items, mode=mode, good_from=good, fair_from=fair
    )
