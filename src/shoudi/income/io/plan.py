"""What validation produces and ``apply`` writes: household-years (``SheetDraft``) with their lines, the errors by
sheet, row and column, and which households are bad (a household is imported whole or not at all)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shoudi.registry.io.errors import RowError

# (item, amount, member ID number or "", work_place, work_months, monthly amounts or None)
Line = tuple[str, Decimal, str, str, int | None, tuple[Decimal, ...] | None]
Where = tuple[str, int]  # (sheet, row number as the spreadsheet shows it)


@dataclass(frozen=True, slots=True)
class SheetError(RowError):
    sheet: str = ""

    def __str__(self) -> str:
        return f"{self.sheet} 第{self.row}行 {self.column}：{self.message}"


@dataclass(slots=True)
class SheetDraft:
    """One household and year as the file gives it."""

    key: str  # the household as the file names it: 户编号, or "身份证:" + the head's ID number
    year: int
    first: Where
    layout: str
    lines: list[Line] = field(default_factory=list)
    collected_on: dt.date | None = None
    note: str = ""
    seen: dict[tuple[str, str], Where] = field(default_factory=dict)  # (item, member) → first row


@dataclass(slots=True)
class HouseholdDraft:
    key: str
    first: Where
    rows: list[Where] = field(default_factory=list)
    years: dict[int, SheetDraft] = field(default_factory=dict)
    bad: bool = False
    household_id: uuid.UUID | None = None
    number: str = ""
    village_id: str = ""
    members: dict[str, uuid.UUID] = field(default_factory=dict)  # ID number → person id (long layout)


@dataclass
class IncomePlan:
    households: dict[str, HouseholdDraft]
    errors: list[SheetError]
    error_count: int
    bad_rows: dict[Where, list[str]]
    rows: int
    sheets: dict[str, tuple[str, list[str]]]  # sheet name → (layout, headers as in the file)

    def good(self) -> Iterator[HouseholdDraft]:
        return (d for d in self.households.values() if not d.bad)

    def summary(self) -> dict[str, Any]:
        good = [d for d in self.households.values() if not d.bad]
        return {
            "rows": self.rows,
            "households": len(self.households),
            "sheets": sum(len(d.years) for d in self.households.values()),
            "valid_households": len(good),
            "valid_sheets": sum(len(d.years) for d in good),
            "valid_lines": sum(len(s.lines) for d in good for s in d.years.values()),
            "bad_households": len(self.households) - len(good),
            "bad_rows": len(self.rejected_rows()),
            "error_count": self.error_count,
            "layouts": sorted({layout for layout, _ in self.sheets.values()}),
        }

    def rejected_rows(self) -> dict[Where, str]:
        """Every row that will not be written, with why: its own errors, or its household's."""
        result: dict[Where, str] = {}
        for draft in self.households.values():
            if not draft.bad:
                continue
            own = [w for w in draft.rows if w in self.bad_rows]
            for where in draft.rows:
                if where in self.bad_rows:
                    result[where] = "；".join(self.bad_rows[where])
                else:
                    rows = "、".join(f"{s}第{r}行" for s, r in own[:5]) or f"{draft.first[0]}第{draft.first[1]}行"
                    result[where] = f"同户{rows}有错误，整户未导入"
        for where, messages in self.bad_rows.items():
            result.setdefault(where, "；".join(messages))
        return dict(sorted(result.items()))
