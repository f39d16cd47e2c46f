"""Probabilistic linkage (Splink 5 on DuckDB) of feed rows the exact ID match missed.

Rows with ``match="none"`` are compared with the registry persons of the area on name, birth date and sex
(read from the ID-like value when it has them: a mistyped number usually keeps them) and village. Pairs
above the threshold become ``LinkCandidate`` rows that a clerk of the source or a county officer confirms
or rejects; a candidate never makes a lead by itself.

The model's m and u probabilities are set from plain assumptions (a typist's error rates; how often two
random people share a name, a birthday, a sex, a village) rather than trained, so a county with a
handful of unmatched rows gets the same scores as a province.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from shoudi.core.access import in_area

THRESHOLD = 0.8
MAX_PER_RECORD = 3
RECORD_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("name", pa.string()),
        ("birth_date", pa.string()),
        ("sex", pa.string()),
        ("village", pa.string()),
    ]
)


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


def record_table(rows: list[tuple[Any, str, str, str]]) -> pa.Table:
    """(record id, id_number, name, village code) → the left side of the linkage."""
    ids, names, births, sexes, villages = [], [], [], [], []
    for record_id, id_number, name, village in rows:
        birth, sex = from_id_like(id_number)
        ids.append(f"r{record_id}")
        names.append(name or None)
        births.append(birth)
        sexes.append(sex)
        villages.append(village or None)
    return pa.table([ids, names, births, sexes, villages], schema=RECORD_SCHEMA)


def person_table(rows: list[tuple[Any, str, dt.date, str, str]]) -> pa.Table:
    """(person id, name, birth date, sex, village code) → the right side."""
    return pa.table(
        [
            [f"p{r[0]}" for r in rows],
            [r[1] for r in rows],
            [r[2].isoformat() if r[2] else None for r in rows],
            [r[3] or None for r in rows],
            [r[4] or None for r in rows],
        ],
        schema=RECORD_SCHEMA,
    )


def _settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.88]).configure(
                m_probabilities=[0.92, 0.06, 0.02], u_probabilities=[0.0005, 0.005, 0.9945]
            ),
            cl.LevenshteinAtThresholds("birth_date", [1]).configure(
                m_probabilities=[0.93, 0.05, 0.02], u_probabilities=[0.00005, 0.0015, 0.99845]
            ),
            cl.ExactMatch("sex").configure(m_probabilities=[0.98, 0.02], u_probabilities=[0.5, 0.5]),
            cl.ExactMatch("village").configure(m_probabilities=[0.9, 0.1], u_probabilities=[0.002, 0.998]),
        ],
        blocking_rules_to_generate_predictions=[block_on("birth_date"), block_on("name")],
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

    unmatched = list(
        records_for_area(area, unmatched=True)
        .filter(match=FeedRecord.Match.NONE, household__isnull=True)
        .values_list("id", "id_number", "name", "village_code", "batch__area_id")
    )
    if not unmatched:
        return 0
    areas = {r[0]: r[4] for r in unmatched}
    persons = list(
        Person.objects.filter(in_area("household__village_id", area)).values_list(
            "id", "name", "birth_date", "sex", "household__village_id"
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
