"""Unique resident ID numbers for one county, built fast (GB 11643-1999: MOD 11-2 check digit).

Equivalent to ``registry.idnumber.make`` (the tests compare them) but with the weighted sums of the
region and of each birth date cached, since a province-sized run builds millions of numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # indexed by (weighted sum mod 11)
SEQUENCES = [(f"{n:03d}", sum(int(c) * w for c, w in zip(f"{n:03d}", WEIGHTS[14:], strict=True))) for n in range(1000)]


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(c) * w for c, w in zip(digits, weights, strict=True))


class IdMaker:
    """Numbers ``region6 + birth date + sequence + check``; odd sequence = male. Within one maker every
    number is unique: the sequence is a permutation of a per-(birth date, sex) counter, and after 500
    people of one sex on one day the birth date moves to the next day."""

    def __init__(self, region6: str, taken: Container[str] = frozenset()) -> None:
        self.region6, self.taken = region6, taken
        self.region_sum = _weighted(region6, WEIGHTS[:6])
        self._dates: dict[int, tuple[str, int, dt.date]] = {}
        self._counts: dict[int, int] = {}

    def _date(self, ordinal: int) -> tuple[str, int, dt.date]:
        cached = self._dates.get(ordinal)
        if cached is None:
            date = dt.date.fromordinal(ordinal)
            text = f"{date.year:04d}{date.month:02d}{date.day:02d}"
            cached = self._dates[ordinal] = (text, _weighted(text, WEIGHTS[6:14]), date)
        return cached

    def make(self, birth_ordinal: int, male: bool) -> tuple[str, dt.date]:
        """A fresh number and the birth date it encodes (normally ``birth_ordinal`` itself)."""
        while True:
            key = birth_ordinal * 2 + male
            k = self._counts.get(key, 0)
            if k >= 500:
                birth_ordinal += 1
                continue
            self._counts[key] = k + 1
            seq_text, seq_sum = SEQUENCES[((k * 37 + birth_ordinal) % 500) * 2 + male]
            date_text, date_sum, date = self._date(birth_ordinal)
            body = self.region6 + date_text + seq_text
            number = body + CHECK[(self.region_sum + date_sum + seq_sum) % 11]
            if number not in self.taken:
                return number, date
