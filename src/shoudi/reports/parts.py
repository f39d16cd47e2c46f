"""What an indicator counts in one area: parts that add up, so a total is the merge of its rows.

A count adds; a share adds its numerator and denominator and divides at the end; a distribution adds its
histogram and takes the percentile at the end. So totals never average averages, and one grouped query
per indicator gives every row and the total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


class Part:
    def __add__(self, other: Any) -> Part:  # pragma: no cover - every part overrides
        raise NotImplementedError

    def value(self) -> float | int | None:  # pragma: no cover
        raise NotImplementedError


@dataclass
class N(Part):
    n: int = 0

    def __add__(self, other: Any) -> N:
        return N(self.n + other.n)

    def value(self) -> int:
        return self.n


@dataclass
class Ratio(Part):
    """A share in percent, one decimal; none when the denominator is 0."""

    num: int = 0
    den: int = 0

    def __add__(self, other: Any) -> Ratio:
        return Ratio(self.num + other.num, self.den + other.den)

    def value(self) -> float | None:
        return round(100 * self.num / self.den, 1) if self.den else None


@dataclass
class Dist(Part):
    """A histogram of whole days; the value is the nearest-rank percentile ``q`` (0.5 = median)."""

    q: float
    hist: dict[int, int] = field(default_factory=dict)

    def __add__(self, other: Any) -> Dist:
        merged = dict(self.hist)
        for days, n in other.hist.items():
            merged[days] = merged.get(days, 0) + n
        return Dist(self.q, merged)

    def value(self) -> int | None:
        total = sum(self.hist.values())
        if not total:
            return None
        rank = max(1, math.ceil(self.q * total))
        seen = 0
        for days in sorted(self.hist):
            seen += self.hist[days]
            if seen >= rank:
                return days
        return None  # pragma: no cover


@dataclass
class PerCapita(Part):
    """Money per person in yuan, two decimals; ``people`` may be fractional (person-months ÷ 12)."""

    total: Decimal = Decimal(0)
    people: Decimal = Decimal(0)

    def __add__(self, other: Any) -> PerCapita:
        return PerCapita(self.total + other.total, self.people + other.people)

    def value(self) -> float | None:
        return round(float(self.total) / float(self.people), 2) if self.people else None


@dataclass
class Growth(Part):
    """Growth of a per-capita amount over the previous window, in percent; minus ``ref`` points if given."""

    current: PerCapita = field(default_factory=PerCapita)
    previous: PerCapita = field(default_factory=PerCapita)
    ref: float | None = None
    gap: bool = False

    def __add__(self, other: Any) -> Growth:
        return Growth(self.current + other.current, self.previous + other.previous, self.ref, self.gap)

    def value(self) -> float | None:
        now, before = self.current.value(), self.previous.value()
        if now is None or not before:
            return None
        growth = 100 * (now - before) / before
        if self.gap:
            return None if self.ref is None else round(growth - self.ref, 1)
        return round(growth, 1)


@dataclass
class Const(Part):
    """The same value in every row (a policy parameter of the area)."""

    v: float | None = None

    def __add__(self, other: Any) -> Const:
        return self

    def value(self) -> float | None:
        return self.v
