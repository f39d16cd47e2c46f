"""Probabilistic linkage (Splink 5 on DuckDB) of feed rows the exact ID match missed.

Rows with ``match="none"`` are compared with the registry persons of the area on the ID number itself
(a keying slip leaves the typed number one edit away from the real one: a wrong digit anywhere, birth date
and check digit included, or two neighbours swapped), the name (exact, or one character replaced: a wrong
homophone from the input method) and the village. Pairs above the threshold become ``LinkCandidate`` rows
that a clerk of the source or a county officer confirms or rejects; a candidate never makes a lead by itself.

Birth date and sex are not compared on their own: the feed row has them only inside the typed number, so
they would count the same evidence twice. The birth date read from the number still serves as a blocking
key, beside three overlapping slices of the number chosen so that one slip or swap anywhere leaves one
slice whole.

Names are compared character by character in Python-made columns, not with the database's edit distance:
DuckDB's ``levenshtein`` counts UTF-8 bytes, so one Chinese character off is three edits to it.

The model's m and u probabilities are set rather than trained, so a county with a handful of unmatched
rows gets the same scores as a province: m from a typist's error rates; u from how often two random people
share a name, a village, or an ID number up to one or two edits (measured on a synthetic province of
1,000,000 people: 2.5e-8 and ≥1.7e-7 for the number, 4.8e-5 and 3.9e-3 for the name, taken larger here
because real namesakes are commoner than synthetic ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from shoudi.core.access import in_area

THRESHOLD = 0.8
MAX_PER_RECORD = 3
NAME_MASKS = 4  # one-character variants are recognised in the first four characters
RECORD_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("id_number", pa.string()),
        ("name", pa.string()),
        ("birth_date", pa.string()),
        ("village", pa.string()),
        # blocking keys: slices of the ID number (positions 7–17; 0–5 with 13–17; 0–11)
        ("id_tail", pa.string()),
        ("id_ends", pa.string()),
        ("id_head", pa.string()),
        # the name with its i-th character masked: two names one substitution apart share one of them
        *[(f"name_m{i}", pa.string()) for i in range(NAME_MASKS)],
    ]
)


def normalise_id(value: str | None) -> str | None:
    value = (value or "").strip().upper()
    return value or None


def from_id_like(value: str) -> tuple[str | None, str | None]:
    """(birth date ISO, sex M/F) from an 18-digit ID-like string, when they look valid."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit():
        return None, None
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14])).isoformat()
    except ValueError:
        birth = None
    return birth, ("M" if int(value[16]) % 2 else "F")


def id_slices(id_number: str | None) -> tuple[str | None, str | None, str | None]:
    """The blocking slices of an 18-character number. They leave out positions 0–6, 6–12 and 12–17 in
    turn, so a slip at any one position, or a swap of any two neighbours, leaves one of them whole."""
    if not id_number or len(id_number) != 18:
        return None, None, None
    return id_number[7:], id_number[:6] + id_number[13:], id_number[:12]


def name_masks(name: str | None) -> list[str | None]:
    """``name`` with its i-th character replaced by a mark, for i < NAME_MASKS (None past its end)."""
    return [name[:i] + "*" + name[i + 1 :] if name and i < len(name) else None for i in range(NAME_MASKS)]


def _table(
    ids: list[str], numbers: list[str | None], names: list[Any], births: list[Any], villages: list[Any]
) -> pa.Table:
    clean = [(n or "").strip() or None for n in names]
    slices = [id_slices(n) for n in numbers]
    masks = [name_masks(n) for n in clean]
    columns: list[list[Any]] = [ids, numbers, clean, births, [v or None for v in villages]]
    columns += [[s[i] for s in slices] for i in range(3)]
    columns += [[m[i] for m in masks] for i in range(NAME_MASKS)]
    return pa.table(columns, schema=RECORD_SCHEMA)


def record_table(rows: list[tuple[Any, str, str, str]]) -> pa.Table:
    """(record id, id_number, name, village code) → the left side of the linkage."""
    numbers = [normalise_id(r[1]) for r in rows]
    return _table(
        [f"r{r[0]}" for r in rows],
        numbers,
        [r[2] for r in rows],
        [from_id_like(n or "")[0] for n in numbers],
        [r[3] for r in rows],
    )


def person_table(rows: Sequence[tuple[Any, str, str, dt.date | None, str]]) -> pa.Table:
    """(person id, id_number, name, birth date, village code) → the right side."""
    return _table(
        [f"p{r[0]}" for r in rows],
        [normalise_id(r[1]) for r in rows],
        [r[2] for r in rows],
        [r[3].isoformat() if r[3] else None for r in rows],
        [r[4] for r in rows],
    )


def _settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    one_character_off = cll.Or(*[cll.ExactMatchLevel(f"name_m{i}") for i in range(NAME_MASKS)])
    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            # levels: exact, ≤1 edit (one wrong character or two neighbours swapped), ≤2 edits, else
            cl.DamerauLevenshteinAtThresholds("id_number", [1, 2]).configure(
                m_probabilities=[0.05, 0.85, 0.07, 0.03], u_probabilities=[1e-9, 3e-8, 3e-7, 1 - 3.31e-7]
            ),
            cl.CustomComparison(
                [
                    cll.NullLevel("name"),
                    cll.ExactMatchLevel("name").configure(m_probability=0.88, u_probability=0.0005),
                    one_character_off.configure(m_probability=0.10, u_probability=0.005, label_for_charts="差一字"),
                    cll.ElseLevel().configure(m_probability=0.02, u_probability=0.9945),
                ],
                output_column_name="name",
            ),
            cl.ExactMatch("village").configure(m_probabilities=[0.9, 0.1], u_probabilities=[0.002, 0.998]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("id_tail"),
            block_on("id_ends"),
            block_on("id_head"),
            block_on("birth_date"),  # two slips that break every slice but not the birth date
            # No ID at all: only name and village together can reach the threshold, so only they block.
            block_on("name", "village"),
        ],
        probability_two_random_records_match=1e-5,
        retain_intermediate_calculation_columns=False,
    )


def link(records: pa.Table, persons: pa.Table, *, threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(record key, person key, match probability) above ``threshold``, best ``MAX_PER_RECORD`` per record."""
    if records.num_rows == 0 or persons.num_rows == 0:
        return []
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    db = DuckDBAPI()
    left = db.register(records, table_name="feed_rows")
    right = db.register(persons, table_name="registry_persons")
    linker = Linker([left, right], _settings(), log_level="WARNING")
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    table = predicted.as_pyarrow_table()
    columns = ("unique_id_l", "unique_id_r", "source_dataset_l", "match_probability")
    rows = zip(*(table.column(c).to_pylist() for c in columns), strict=True)
    pairs: dict[str, list[tuple[float, str]]] = {}
    for uid_l, uid_r, source_l, prob in rows:
        rec, per = (uid_l, uid_r) if source_l == "feed_rows" else (uid_r, uid_l)
        pairs.setdefault(rec, []).append((float(prob), per))
    out = []
    for rec, found in pairs.items():
        for prob, per in sorted(found, reverse=True)[:MAX_PER_RECORD]:
            out.append((rec, per, round(prob, 6)))
    return sorted(out)


def candidates_for_area(area: str) -> int:
    """Write new ``LinkCandidate`` rows for the unmatched feed rows of ``area``; pairs already there stay."""
    from shoudi.feeds.models import FeedRecord
    from shoudi.feeds.selectors import records_for_area
    from shoudi.registry.models import Person
    from shoudi.screening.models import LinkCandidate

    unmatched = list(  # a record with neither ID number nor name (a village's water) names nobody to link
        records_for_area(area, unmatched=True)
        .filter(match=FeedRecord.Match.NONE, household__isnull=True)
        .exclude(id_number="", name="")
        .values_list("id", "id_number", "name", "village_code", "batch__area_id")
    )
    if not unmatched:
        return 0
    areas = {r[0]: r[4] for r in unmatched}
    persons = list(
        Person.objects.filter(in_area("household__village_id", area)).values_list(
            "id", "id_number", "name", "birth_date", "household__village_id"
        )
    )
    found = link(record_table([r[:4] for r in unmatched]), person_table(persons))
    new = [
        LinkCandidate(record_id=int(rec[1:]), person_id=per[1:], score=score, area_code=areas[int(rec[1:])])
        for rec, per, score in found
    ]
    before = LinkCandidate.objects.count()
    LinkCandidate.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return LinkCandidate.objects.count() - before
