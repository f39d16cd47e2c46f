"""The intake steps shared by the job runners and the command: read a batch's file, validate every row,
match exact ID numbers against the registry of the batch's area, build the records, write the reports.

``prepare`` reads and matches, writing nothing; ``write_records`` is the one write (bulk, in chunks, inside
the caller's transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shoudi.core.access import in_area
from shoudi.feeds.models import FeedRecord
from shoudi.feeds.parse import ParsedRow, ParseResult, open_feed, parse_rows, resolve_columns
from shoudi.feeds.sources import Source
from shoudi.feeds.writers import write_rows
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Person

Progress = Callable[[str, int, int], None]
CHUNK = 2000
PHASE_MATCH = "按身份证号匹配系统中的成员"
PHASE_WRITE = "写入部门数据记录"
SHOWN_ERRORS = 1000
SHOWN_UNMATCHED = 200
UNMATCHED_REASON = "身份证号在本区域的基础数据库中未找到"


@dataclass(slots=True)
class Matched:
    row: ParsedRow
    person_id: Any = None
    household_id: Any = None
    match: str = FeedRecord.Match.NONE


@dataclass
class Outcome:
    source: Source
    parsed: ParseResult
    matched: list[Matched] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def unmatched(self) -> list[Matched]:
        return [m for m in self.matched if m.match == FeedRecord.Match.NONE]

    def counts(self) -> dict[str, int]:
        unmatched = len(self.unmatched)
        return {
            "rows_total": self.parsed.total,
            "rows_rejected": len(self.parsed.bad_rows),
            "rows_matched": len(self.matched) - unmatched,
            "rows_unmatched": unmatched,
        }

    def report(self) -> dict[str, Any]:
        period = self.parsed.period()
        return {
            **self.counts(),
            "error_count": self.parsed.error_count,
            "errors": [[e.row, e.column, e.message] for e in self.parsed.errors[:SHOWN_ERRORS]],
            "unmatched": [
                [m.row.row, m.row.values.get("id_number", ""), m.row.values.get("name", "")]
                for m in self.unmatched[:SHOWN_UNMATCHED]
            ],
            "period": [d.isoformat() if d else None for d in period],
        }


def _chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def prepare(
    path: str | Path,
    *,
    source: Source,
    area_code: str,
    mapping: dict[str, str] | None = None,
    name: str = "",
    progress: Progress | None = None,
) -> Outcome:
    """Open, check the columns, read every row, match; writes nothing."""
    table = open_feed(path, name=name)
    columns = resolve_columns(source, table.headers, mapping)
    parsed = parse_rows(table, source, columns, progress)
    outcome = Outcome(source=source, parsed=parsed, mapping=dict(mapping or {}))
    match(outcome, area_code, progress)
    return outcome


def match(outcome: Outcome, area_code: str, progress: Progress | None = None) -> None:
    """Exact matching: the normalised ID against registry persons living in ``area_code``; a water row
    with only a village code against the villages of the area (unknown villages are rejected)."""
    report = progress or (lambda phase, done, total: None)
    rows = outcome.parsed.rows
    report(PHASE_MATCH, 0, len(rows))
    ids = sorted({r.values["id_number"] for r in rows if r.values.get("id_number")})
    people: dict[str, tuple[Any, Any]] = {}
    for done, chunk in enumerate(_chunks(ids), start=1):
        found = Person.objects.filter(in_area("household__village_id", area_code), id_number__in=chunk)
        people.update({n: (p, h) for n, p, h in found.values_list("id_number", "pk", "household_id")})
        report(PHASE_MATCH, min(done * CHUNK, len(rows)), len(rows))
    codes = sorted({r.values["village_code"] for r in rows if r.values.get("village_code")})
    villages: set[str] = set()
    for chunk in _chunks(codes):
        known = Region.objects.filter(in_area("code", area_code), code__in=chunk, level=Level.VILLAGE)
        villages.update(known.values_list("code", flat=True))
    kept: list[ParsedRow] = []
    for row in rows:
        number, village = row.values.get("id_number", ""), row.values.get("village_code", "")
        if village and village not in villages:
            outcome.parsed.error(row.row, "村代码", f"“{village}”不是本区域的村", row.cells)
            continue
        kept.append(row)
        if number and number in people:
            person, household = people[number]
            outcome.matched.append(Matched(row, person, household, FeedRecord.Match.EXACT))
        elif not number and village:
            outcome.matched.append(Matched(row, None, None, FeedRecord.Match.EXACT))
        else:
            outcome.matched.append(Matched(row))
    outcome.parsed.rows = kept
    report(PHASE_MATCH, len(rows), len(rows))


def build_records(outcome: Outcome, batch: Any) -> Iterator[FeedRecord]:
    for m in outcome.matched:
        v = m.row.values
        yield FeedRecord(
            batch=batch,
            source=outcome.source.id,
            row=m.row.row,
            id_number=v.get("id_number", "") or "",
            name=v.get("name", "") or "",
            village_code=v.get("village_code", "") or "",
            on=v.get("on"),
            year=v.get("year"),
            category=v.get("category", "") or "",
            status=v.get("status", "") or "",
            detail=v.get("detail", "") or "",
            amount=v.get("amount"),
            amount_oop=v.get("amount_oop"),
            amount_aid=v.get("amount_aid"),
            person_id=m.person_id,
            household_id=m.household_id,
            match=m.match,
        )


def write_records(outcome: Outcome, batch: Any, progress: Progress | None = None) -> int:
    """Bulk-insert the batch's records in chunks (call inside a transaction)."""
    records = list(build_records(outcome, batch))
    for chunk in _chunks(records):
        FeedRecord.objects.bulk_create(chunk, batch_size=CHUNK)
    return len(records)


def write_rejected(outcome: Outcome, path: str | Path) -> Path | None:
    parsed = outcome.parsed
    if not parsed.bad_rows:
        return None
    headers = ["错误说明", "原行号", *parsed.headers]
    rows = (["；".join(parsed.bad_rows[n]), n, *parsed.bad_cells[n]] for n in sorted(parsed.bad_rows))
    return write_rows(path, headers, rows)


def write_unmatched(outcome: Outcome, path: str | Path) -> Path | None:
    unmatched = outcome.unmatched
    if not unmatched:
        return None
    headers = ["说明", "原行号", *outcome.parsed.headers]
    return write_rows(path, headers, ([UNMATCHED_REASON, m.row.row, *m.row.cells] for m in unmatched))
