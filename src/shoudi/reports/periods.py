"""Report periods: a month (月报, "2026-10") or a calendar year (年报, "2026")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
YEAR_RE = re.compile(r"^(\d{4})$")


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str  # "month" or "year"
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}" if self.kind == "month" else f"{self.start.year}"

    @property
    def label(self) -> str:
        return f"{self.start.year}年{self.start.month}月" if self.kind == "month" else f"{self.start.year}年"

    @property
    def year(self) -> int:
        return self.end.year

    def previous(self) -> Period:
        if self.kind == "month":
            return Period.month(add_months(self.start, -1))
        return Period.year_of(self.start.year - 1)

    @classmethod
    def month(cls, day: dt.date) -> Period:
        first = day.replace(day=1)
        return cls("month", first, month_end(first))

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def parse(cls, text: str | None, *, default: dt.date | None = None) -> Period:
        """ "2026-10" → October 2026, "2026" → the year 2026; empty → the month of ``default`` (today)."""
        text = (text or "").strip()
        if not text:
            return cls.month(default or timezone.localdate())
        if match := MONTH_RE.match(text):
            year, month = int(match.group(1)), int(match.group(2))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls.month(dt.date(year, month, 1))
        elif (match := YEAR_RE.match(text)) and 2000 <= int(text) <= 2100:
            return cls.year_of(int(text))
        raise ValidationError({"period": f"报告期“{text[:20]}”格式不对，应为“2026-10”（月）或“2026”（年）"})
