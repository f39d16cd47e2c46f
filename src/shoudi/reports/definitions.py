"""What an indicator is: a named, versioned definition with its unit, formula, source and target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shoudi.reports import queries as q


@dataclass(frozen=True)
class Target:
    value: float
    year: int | None  # None: every year (持续)
    op: str  # ">=", ">" or "<="
    text: str
    source: str  # the document by title and article (``reports.sources``)
    steps: tuple[tuple[int, float, str], ...] = ()  # earlier milestones (year, value, text), oldest first

    def milestone(self, year: int) -> tuple[float, int | None, str]:
        """The value, year and wording due in ``year``: the latest milestone not after ``year`` (the first one
        before any; the last one after the plan ends), e.g. 12,100 元 in 2022 on the way to 17,100 元 in 2025."""
        if self.year is None:
            return self.value, None, self.text
        milestones = [*self.steps, (self.year, self.value, self.text)]
        due = [m for m in milestones if m[0] <= year]
        found_year, value, text = due[-1] if due else milestones[0]
        return value, found_year, text

    def text_for(self, year: int) -> str:
        """The requirement as the report of ``year`` states it, naming the milestone's year when it differs."""
        _value, due, text = self.milestone(year)
        return text if due in (None, year) else f"{text}（{due}年目标）"

    def met(self, value: float | int | None, year: int | None = None) -> bool | None:
        if value is None:
            return None
        wanted = self.value if year is None else self.milestone(year)[0]
        if self.op == ">":
            return value > wanted
        if self.op == "<=":
            return value <= wanted
        return value >= wanted

    @property
    def year_label(self) -> str:
        return f"{self.year}年" if self.year else "每年/持续"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    formula: str
    source: str
    section: str
    compute: Callable[[q.Scope], q.Cells]
    version: int = 1
    dims: tuple[tuple[str, str], ...] | None = ()  # () scalar; None: keys found in the data
    additive: bool = True  # True: the total is the sum of the rows (counts)
    higher_is_better: bool = True
    target: Target | None = None

    @property
    def scalar(self) -> bool:
        return self.dims == ()
