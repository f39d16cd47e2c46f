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
    source: str

    def met(self, value: float | int | None) -> bool | None:
        if value is None:
            return None
        if self.op == ">":
            return value > self.value
        if self.op == "<=":
            return value <= self.value
        return value >= self.value

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
