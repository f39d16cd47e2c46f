"""The data of the screening benchmarks (benchmarks/screening.py): generated feed rows around each rule's
boundary, the county's feed records and cases in bulk, the naive per-household ORM baseline, and the keying
slips of the Splink benchmark."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

AS_OF = dt.date(2024, 6, 30)
# source: (share of the feed rows, SQL for category, SQL for status, SQL for amount, SQL for amount_oop)
# ``h`` is a second hash of the person (0..999999) that decides the values.
SOURCES: dict[str, tuple[float, str, str, str, str]] = {
    "medical_claims": (
        0.40,
        "'住院'",
        "''",
        "(h % 30000)::DECIMAL(14,2)",
        "(CASE WHEN h % 50 = 0 THEN 6000 + h % 20000 ELSE h % 3000 END)::DECIMAL(14,2)",
    ),
    "medical_enrolment": (0.14, "''", "CASE WHEN h % 40 = 0 THEN '未参保' ELSE '已参保' END", "NULL", "NULL"),
    "civil_assistance": (
        0.07,
        "CASE WHEN h % 3 = 0 THEN '特困' ELSE '低保' END",
        "CASE WHEN h % 4 = 0 THEN '停止' WHEN h % 4 = 1 THEN '新增' ELSE '在保' END",
        "(h % 600)::DECIMAL(14,2)",
        "NULL",
    ),
    "school": (0.06, "'初中'", "CASE WHEN h % 30 = 0 THEN '辍学' ELSE '在校' END", "NULL", "NULL"),
    "housing": (0.05, "''", "CASE h % 8 WHEN 0 THEN 'C' WHEN 1 THEN 'D' WHEN 2 THEN 'B' ELSE 'A' END", "NULL", "NULL"),
    "disability": (0.03, "'肢体'", "((h % 4) + 1)::VARCHAR", "NULL", "NULL"),
    "disaster": (
        0.03,
        "CASE WHEN h % 2 = 0 THEN '洪涝' ELSE '滑坡' END",
        "CASE WHEN h % 20 = 0 THEN '是' ELSE '否' END",
        "(h % 20000)::DECIMAL(14,2)",
        "NULL",
    ),
    "household_register": (
        0.03,
        "CASE h % 4 WHEN 0 THEN '死亡' WHEN 1 THEN '出生' WHEN 2 THEN '迁入' ELSE '迁出' END",
        "''",
        "NULL",
        "NULL",
    ),
    "employment": (0.07, "CASE h % 3 WHEN 0 THEN '失业登记' WHEN 1 THEN '返乡' ELSE '就业' END", "''", "NULL", "NULL"),
    "vehicles": (
        0.04,
        "CASE h % 3 WHEN 0 THEN '小型轿车' WHEN 1 THEN '大中型货车' ELSE '工程机械' END",
        "''",
        "NULL",
        "NULL",
    ),
    "market": (0.02, "'个体工商户'", "''", "NULL", "NULL"),
    "real_estate": (0.02, "CASE WHEN h % 2 = 0 THEN '商业' ELSE '住宅' END", "''", "NULL", "NULL"),
    "payroll": (0.02, "''", "''", "NULL", "NULL"),
    "water": (0.02, "''", "CASE WHEN h % 10 = 0 THEN '否' ELSE '是' END", "NULL", "NULL"),
}


def feed_sql(persons: str, total_rows: int, person_count: int, as_of: dt.date = AS_OF) -> str:
    """One query: canonical feed rows for ``persons`` (a relation with id_number, household_number,
    village_code, name, is_head), about ``total_rows`` of them, spread over the sources by SOURCES."""
    parts = []
    for n, (source, (share, category, status, amount, oop)) in enumerate(SOURCES.items()):
        heads_only = source in ("housing", "disaster", "water")
        pool = person_count / (3.3 if heads_only else 1)
        ppm = min(1_000_000, int(share * total_rows / max(pool, 1) * 1_000_000))
        where = f"(hash(id_number || '{source}') % 1000000) < {ppm}" + (" AND is_head" if heads_only else "")
        parts.append(
            f"""SELECT '{source}' AS source, id_number, name, household_number, village_code,
                DATE '{as_of.isoformat()}' - CAST(hash(id_number || 'd{n}') % 330 AS INTEGER) AS on_date,
                {as_of.year}::INTEGER AS year,
                {category} AS category, {status} AS status,
                {amount} AS amount, {oop} AS amount_oop
            FROM (SELECT *, CAST(hash(id_number || 'v{n}') % 1000000 AS BIGINT) AS h FROM {persons}) p
            WHERE {where}"""
        )
    union = "\nUNION ALL\n".join(parts)
    return f"SELECT row_number() OVER () AS record_id, * FROM ({union})"


# ---- county scale ----------------------------------------------------------------------------------------


def county_feeds(county: str, feed_rows: int) -> int:
    """FeedRecords of ``county`` from the generator: one applied batch per source (bulk, in the DB)."""
    import duckdb
    import pyarrow as pa

    from shoudi.core.access import in_area
    from shoudi.feeds.models import FeedBatch, FeedRecord
    from shoudi.registry.models import Person

    existing = FeedRecord.objects.filter(batch__area_id=county).count()
    if existing:
        return existing
    rows = list(
        Person.objects.filter(in_area("household__village_id", county)).values_list(
            "id", "id_number", "name", "household_id", "household__village_id", "relationship"
        )
    )
    persons = pa.table(
        {
            "pid": [str(r[0]) for r in rows],
            "id_number": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "household_number": [str(r[3]) for r in rows],
            "village_code": [r[4] for r in rows],
            "is_head": [r[5] == "head" for r in rows],
        }
    )
    con = duckdb.connect()
    con.register("persons_arrow", persons)
    feeds = con.sql(
        f"SELECT f.*, p.pid FROM ({feed_sql('persons_arrow', feed_rows, len(rows))}) f JOIN persons_arrow p USING (id_number)"
    ).to_arrow_table()
    batches = {}
    for source in SOURCES:
        batches[source] = FeedBatch.objects.create(
            source=source,
            area_id=county,
            status=FeedBatch.Status.APPLIED,
            file="bench.csv",
            file_hash=f"bench-{source}",
        )
    records = []
    for i, r in enumerate(feeds.to_pylist()):
        records.append(
            FeedRecord(
                batch=batches[r["source"]],
                source=r["source"],
                row=i + 2,
                id_number=r["id_number"],
                name=r["name"],
                on=r["on_date"],
                year=r["year"],
                category=r["category"] or "",
                status=r["status"] or "",
                amount=r["amount"],
                amount_oop=r["amount_oop"],
                person_id=r["pid"],
                household_id=r["household_number"],
                match="exact",
            )
        )
        if len(records) >= 20000:
            FeedRecord.objects.bulk_create(records)
            records = []
    FeedRecord.objects.bulk_create(records)
    return feeds.num_rows


def county_cases(county: str, share: float = 0.03) -> int:
    from shoudi.core.access import in_area
    from shoudi.monitoring import codes
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household

    if Case.objects.filter(in_area("village_id", county)).exists():
        return Case.objects.filter(in_area("village_id", county), is_open=True).count()
    rows = Household.objects.filter(in_area("village_id", county)).values_list("id", "village_id")
    cases = [
        Case(
            household_id=hid,
            village_id=village,
            status=codes.Status.MONITORED,
            status_on=AS_OF,
            channel=codes.Channel.CADRE_VISIT,
            opened_on=dt.date(2024, 1, 1),
            deadline=dt.date(2024, 1, 16),
        )
        for n, (hid, village) in enumerate(rows)
        if n % int(1 / share) == 0
    ]
    Case.objects.bulk_create(cases, batch_size=5000)
    return len(cases)


def clear_screening(county: str) -> None:
    """Forget every screening of ``county`` (runs, hits, tracks, the department leads they wrote and those
    leads' audit entries), so that the next full run writes all its leads again."""
    from shoudi.core.access import in_area
    from shoudi.core.models import AuditEntry
    from shoudi.monitoring.models import Lead
    from shoudi.screening.models import LeadEvidence, RegisterUpdate, RunHit, ScreeningLead, ScreeningRun

    LeadEvidence.objects.filter(in_area("screening_lead__household__village_id", county)).delete()
    ScreeningLead.objects.filter(in_area("household__village_id", county)).delete()
    leads = Lead.objects.filter(in_area("village_id", county), external_ref__startswith="screening:")
    AuditEntry.objects.filter(in_area("area_code", county), object_type="lead").delete()
    leads.delete()
    RunHit.objects.filter(run__area_id=county).delete()
    RegisterUpdate.objects.filter(in_area("village_id", county)).delete()
    ScreeningRun.objects.filter(area_id=county).delete()


def naive_household(household: Any, as_of: dt.date, params: Any) -> set[str]:
    """The rules in plain Python over one household's rows, fetched with ORM queries (the baseline)."""
    from shoudi.feeds.models import FeedRecord
    from shoudi.monitoring.models import Case

    members = list(household.members.all())
    records = list(FeedRecord.objects.filter(household=household))
    monitored = Case.objects.filter(household=household, is_open=True).exists()
    poor = household.status in ("former_poor", "former_poor_no_policy")
    start = as_of.replace(year=as_of.year - 1)
    recent = [r for r in records if r.on and start < r.on <= as_of]
    able = [m for m in members if m.labor not in ("lost", "none")]
    earners = [m for m in members if m.work_income and m.work_income > 0]
    by_id = {m.pk: m for m in members}
    found = set()
    oop: dict[Any, Decimal] = defaultdict(Decimal)
    for r in recent:
        if r.source == "medical_claims" and r.amount_oop is not None:
            oop[r.person_id] += r.amount_oop
    threshold = params.oop_threshold_former_poor if (poor or monitored) else params.oop_threshold_others
    if any(v > threshold for v in oop.values()):
        found.add("medical_oop")
    for r in records:
        if r.source == "medical_enrolment" and r.year == as_of.year and r.status == "未参保" and (poor or monitored):
            found.add("uninsured")
    for r in recent:
        person = by_id.get(r.person_id)
        if (
            r.source == "civil_assistance"
            and r.category in ("低保", "特困")
            and r.status == "新增"
            and poor
            and not monitored
        ):
            found.add("dibao_new")
        if r.source == "civil_assistance" and r.category == "低保" and r.status == "停止":
            found.add("dibao_stopped")
        if r.source == "school" and r.status == "辍学" and person is not None:
            b = person.birth_date
            age = r.on.year - b.year - ((r.on.month, r.on.day) < (b.month, b.day))
            if 6 <= age <= 15:
                found.add("school_dropout")
        if r.source == "disability" and r.status in ("1", "2"):
            found.add("disability")
        if r.source == "disaster" and (
            r.status == "是" or (r.amount is not None and r.amount >= params.disaster_threshold)
        ):
            found.add("disaster")
        if r.source == "household_register" and r.category == "死亡" and person in able and len(able) == 1:
            found.add("labour_death")
        if r.source == "employment" and r.category in ("失业登记", "返乡") and person in earners and len(earners) == 1:
            found.add("job_loss")
    latest: dict[str, Any] = {}
    for r in sorted((r for r in records if r.on and r.on <= as_of), key=lambda r: r.on):
        latest[r.source] = r
    if "housing" in latest and latest["housing"].status in ("C", "D"):
        found.add("housing_unsafe")
    if "water" in latest and latest["water"].status == "否":
        found.add("water_unsafe")
    if monitored and any(
        (r.source == "vehicles")
        or r.source in ("market", "payroll")
        or (r.source == "real_estate" and r.category == "商业")
        for r in records
        if r.on and r.on <= as_of
    ):
        found.add("suspected_ineligible")
    return found


def naive_leads(household: Any, found: set[str], as_of: dt.date) -> int:
    """The baseline's writes: each hit of one household as the per-lead path would write it, one ORM call
    after another — the monitoring module's ``lead_from_warning`` (its duplicate check, the lead, its audit
    entry) and the screening track (a look-up for an open one, then a create). Returns the leads written."""
    from shoudi.monitoring import codes as mcodes
    from shoudi.monitoring.leads import lead_from_warning
    from shoudi.screening.models import ScreeningLead
    from shoudi.screening.rules import RULES_BY_ID

    written = 0
    for rule in sorted(found):
        spec = RULES_BY_ID[rule]
        if ScreeningLead.objects.filter(
            household=household, rule=rule, lead__status__in=("submitted", "open")
        ).exists():
            continue
        label = mcodes.RISK_CODE_LABELS.get(spec.risk_code, "待核实")
        lead = lead_from_warning(
            household=household,
            department=spec.department,
            summary=f"{spec.label}（{label}）",
            reported_on=as_of,
            external_ref=f"naive:{rule}",
            rule=rule,
        )
        ScreeningLead.objects.create(lead=lead, household=household, rule=rule, first_seen=as_of, last_seen=as_of)
        written += 1
    return written


# ---- Splink ---------------------------------------------------------------------------------------------


ID_PARTS = ((0, 6, "地区码"), (6, 14, "出生日期"), (14, 17, "顺序码"), (17, 18, "校验码"))


def mistype(id_number: str, rng: random.Random) -> tuple[str, str]:
    """One keying slip anywhere in the 18 characters, as a clerk makes it: a wrong digit (four in five; the
    check character may become X) or two neighbouring characters swapped. Returns (typed, kind)."""
    chars = list(id_number)
    if rng.random() < 0.2:
        swappable = [i for i in range(17) if chars[i] != chars[i + 1]]
        i = rng.choice(swappable)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
        return "".join(chars), "相邻两位颠倒"
    i = rng.randrange(18)
    options = "0123456789X" if i == 17 else "0123456789"
    chars[i] = rng.choice([c for c in options if c != chars[i]])
    part = next(label for lo, hi, label in ID_PARTS if lo <= i < hi)
    return "".join(chars), f"{part}错一位"


def name_variant(name: str, rng: random.Random, chars: list[str]) -> str:
    """One character of the given name replaced (a wrong homophone from the input method, or a
    simplified/variant form): the surname stays."""
    if len(name) < 2:
        return name
    i = rng.randrange(1, len(name))
    return name[:i] + rng.choice([c for c in chars if c != name[i]]) + name[i + 1 :]


# ---- province scale --------------------------------------------------------------------------------------


def province_feeds(data: str, feed_rows: int, target: str) -> int:
    """The feed rows of the ``synth province`` Parquet under ``data`` in the file format of ``synth
    load-province --feeds`` (``synth.feeds_loader``): one in five 供水 rows kept by village (no ID number, no
    name: a record of the village's water, not of a person). Returns the rows."""
    import duckdb

    con = duckdb.connect()
    persons, households = f"{data}/persons/*.parquet", f"{data}/households/*.parquet"
    n_persons = con.execute(f"SELECT count(*) FROM read_parquet('{persons}')").fetchone()[0]  # type: ignore[index]
    con.execute(
        f"""CREATE VIEW p AS SELECT pe.id_number, pe.name, pe.household_number, h.village_code,
             pe.relationship = 'head' AS is_head
           FROM read_parquet('{persons}') pe JOIN read_parquet('{households}') h USING (household_number)"""
    )
    con.execute(
        f"""COPY (SELECT source, CASE WHEN by_village THEN '' ELSE id_number END AS id_number,
               CASE WHEN by_village THEN '' ELSE name END AS name,
               CASE WHEN by_village THEN village_code ELSE '' END AS village_code,
               on_date AS "on", year, COALESCE(category, '') AS category, COALESCE(status, '') AS status,
               amount, amount_oop
             FROM (SELECT *, source = 'water' AND record_id % 5 = 0 AS by_village
                   FROM ({feed_sql("p", feed_rows, n_persons)})) ORDER BY record_id)
           TO '{target}' (FORMAT PARQUET)"""
    )
    return con.execute(f"SELECT count(*) FROM '{target}'").fetchone()[0]  # type: ignore[index]
