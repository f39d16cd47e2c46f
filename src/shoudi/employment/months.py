"""Months as the pay sheets (公益性岗位, 以工代赈) keep them: the 1st of the month stands for the month."""

from __future__ import annotations

import calendar
import datetime as dt


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def parse_month(text: str | None, default: dt.date | None = None) -> dt.date | None:
    """``2026-03`` (or ``2026-03-01``) → the 1st of the month; ``default`` when empty; None when it is not one."""
    value = (text or "").strip()
    if not value:
        return default
    parts = value.split("-")
    try:
        if len(parts) not in (2, 3) or len(parts[0]) != 4:
            return None
        day = dt.date(int(parts[0]), int(parts[1]), 1)
    except (ValueError, TypeError):
        return None
    return day if 2016 <= day.year <= 2100 else None
