"""Department feed rows of a province (one Parquet file) into ``feeds.FeedRecord``, for ``shoudi synth
load-province --feeds`` and ``shoudi synth load-feeds``: the province-scale screening reads them.

The file's columns: ``source`` (a feed source id), ``id_number``, ``village_code`` (empty, or the 12-digit
village of a record kept by village — 供水 by village — which matches no person), ``on`` (date), ``year``,
``category``, ``status``, ``amount``, ``amount_oop``; ``name`` and ``detail`` may be there. Every row is
checked in Arrow before anything is written (a bad row: a Chinese message naming the row and the field, and
nothing written). One applied batch per source (area: the province). A row with an ID number is matched
exactly to the loaded person of that number (its household with it); a number that is no loaded person stops
the load. PostgreSQL: COPY into a temporary table and one ``INSERT … SELECT`` joined to the persons;
SQLite: ``executemany``. Inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from django.db import connection
from django.utils import timezone

from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.feeds.sources import SOURCES
from shoudi.regions.models import Region
from shoudi.registry.models import Person
from shoudi.synth.bulk import TableWriter, detach, reattach, worth_detaching

REQUIRED = ("source", "id_number", "village_code", "on", "year", "category", "status", "amount", "amount_oop")
OPTIONAL = ("name", "detail")
LABELS = {
    "source": "数据来源",
    "id_number": "身份证号",
    "village_code": "村代码",
    "on": "日期",
    "year": "年度",
    "category": "类别",
    "status": "状态",
    "amount": "金额",
    "amount_oop": "合规自付费用",
    "name": "姓名",
    "detail": "说明",
}
LIMITS = {"category": 30, "status": 20, "name": 50, "detail": 100}
MONEY = pa.decimal128(14, 2)
ID_NUMBER = r"^[0-9]{17}[0-9X]$"


class FeedLoadError(ValueError):
    """A bad feed file or row; the message is Chinese and names the file, row and field."""


def read_feeds(path: Path | str, province: str) -> pa.Table:
    """The file's rows, checked and typed (columns REQUIRED + OPTIONAL + ``row``, the 1-based row number)."""
    path = Path(path)
    if not path.is_file():
        raise FeedLoadError(f"部门数据文件 {path} 不存在")
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise FeedLoadError(f"部门数据文件 {path.name} 不是可读的 Parquet 文件：{exc}") from exc
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise FeedLoadError(f"部门数据文件 {path.name} 缺少列：{'、'.join(missing)}")
    n = table.num_rows
    columns: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name in (*REQUIRED, *OPTIONAL):
        if name not in table.column_names:
            columns[name] = pa.repeat(pa.scalar("", pa.string()), n)
            continue
        values = table[name]
        if name == "on":
            columns[name] = _dates(values, path)
        elif name == "year":
            columns[name] = _years(values, path)
        elif name in ("amount", "amount_oop"):
            columns[name] = _money(values, name, path)
        else:
            columns[name] = _text(values, name, path)
    _check_rows(columns, path, province)
    columns["row"] = pa.array(range(1, n + 1), pa.int64())
    return pa.table(columns)


def _bad(path: Path, mask: pa.Array | pa.ChunkedArray, name: str, values: pa.ChunkedArray, why: str) -> None:
    """Raise for the first row where ``mask`` is true (nulls in ``mask`` count as false)."""
    mask = pc.fill_null(mask, False)
    if pc.any(mask).as_py():
        row = pc.index(mask, True).as_py()
        raise FeedLoadError(f"{path.name} 第 {row + 1} 行 {name}（{LABELS[name]}）：{why.format(values[row].as_py())}")


def _text(values: pa.ChunkedArray, name: str, path: Path) -> pa.ChunkedArray:
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        if pa.types.is_dictionary(values.type):
            values = values.cast(pa.string())
        else:
            raise FeedLoadError(f"{path.name} 列 {name}（{LABELS[name]}）应为文本，却是 {values.type}")
    values = pc.fill_null(values.cast(pa.string()), "")
    if name in LIMITS:
        _bad(path, pc.greater(pc.utf8_length(values), LIMITS[name]), name, values, f"“{{}}”超过 {LIMITS[name]} 个字")
    return values


def _dates(values: pa.ChunkedArray, path: Path) -> pa.ChunkedArray:
    if pa.types.is_date(values.type) or pa.types.is_timestamp(values.type):
        return values.cast(pa.date32())
    if not pa.types.is_string(values.type):
        raise FeedLoadError(f"{path.name} 列 on（日期）应为日期，却是 {values.type}")
    empty = pc.equal(values, "")
    parsed = pc.strptime(pc.if_else(empty, pa.scalar(None, pa.string()), values), "%Y-%m-%d", "s", error_is_null=True)
    _bad(path, pc.and_(pc.invert(empty), pc.is_null(parsed)), "on", values, "“{}”不是 YYYY-MM-DD 格式的日期")
    return parsed.cast(pa.date32())


def _years(values: pa.ChunkedArray, path: Path) -> pa.ChunkedArray:
    if not pa.types.is_integer(values.type):
        raise FeedLoadError(f"{path.name} 列 year（年度）应为整数，却是 {values.type}")
    _bad(path, pc.or_(pc.less(values, 1900), pc.greater(values, 2100)), "year", values, "{} 不是有效年度")
    return values.cast(pa.int32())


def _money(values: pa.ChunkedArray, name: str, path: Path) -> pa.ChunkedArray:
    if not (pa.types.is_decimal(values.type) or pa.types.is_integer(values.type) or pa.types.is_floating(values.type)):
        raise FeedLoadError(f"{path.name} 列 {name}（{LABELS[name]}）应为金额数字，却是 {values.type}")
    as_float = values.cast(pa.float64())
    bad = pc.or_(pc.less(as_float, 0), pc.greater_equal(as_float, 1e12))
    _bad(path, pc.or_(bad, pc.is_nan(as_float)), name, values, "{} 不是有效金额（应为 0 到一万亿之间的数）")
    if pa.types.is_floating(values.type):
        return pc.round(values, 2).cast(MONEY)
    return values.cast(MONEY)


def _check_rows(columns: dict[str, pa.Array | pa.ChunkedArray], path: Path, province: str) -> None:
    source, number, village = columns["source"], columns["id_number"], columns["village_code"]
    _bad(path, pc.invert(pc.is_in(source, value_set=pa.array(list(SOURCES)))), "source", source, "未知的数据来源“{}”")
    by_village = pc.not_equal(village, "")
    village_ok = pc.and_(pc.match_substring_regex(village, r"^[0-9]{12}$"), pc.starts_with(village, province))
    _bad(
        path,
        pc.and_(by_village, pc.invert(village_ok)),
        "village_code",
        village,
        f"“{{}}”不是本省（{province}）的村代码",
    )
    ok = pc.match_substring_regex(number, ID_NUMBER)
    _bad(path, pc.and_(pc.invert(by_village), pc.invert(ok)), "id_number", number, "“{}”不是18位身份证号")


def load_feeds(path: Path | str, province: Region, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Write the file's rows as applied FeedRecords of ``province``; returns rows written by source."""
    table = read_feeds(path, province.code)
    now = now or timezone.now()
    name = Path(path).name
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    counts = {str(s): int(c) for s, c in zip(*_value_counts(table["source"]), strict=True)}
    batches = {
        source: FeedBatch.objects.create(
            source=source,
            area=province,
            file=f"synth/{name}",
            file_name=name,
            file_hash=digest,
            status=FeedBatch.Status.APPLIED,
            rows_total=n,
            rows_matched=n,
            applied_at=now,
        )
        for source, n in sorted(counts.items())
    }
    if not table.num_rows:
        return counts
    order = sorted(batches)
    keys = pa.array([batches[s].pk.hex for s in order], pa.string())
    batch_ids = keys.take(pc.index_in(table["source"], value_set=pa.array(order, pa.string())))
    table = table.append_column("batch_id", batch_ids)
    if connection.vendor == "postgresql":
        _copy_and_match(table, Path(path).name)
    else:
        _insert_sqlite(table, Path(path).name, now)
    return counts


def _value_counts(values: pa.ChunkedArray) -> tuple[list[str], list[int]]:
    counted = pc.value_counts(values)
    return counted.field("values").to_pylist(), counted.field("counts").to_pylist()


COLUMNS = ("row", "batch_id", "source", "id_number", "name", "village_code", "on", "year", "category", "status")
STAGING = "synth_feed_in"


def _copy_and_match(table: pa.Table, name: str) -> None:
    q = connection.ops.quote_name
    staged = table.select([*COLUMNS, "detail", "amount", "amount_oop"])
    detached = detach(FeedRecord) if worth_detaching(FeedRecord, table.num_rows) else None
    with connection.cursor() as cur:
        cur.execute(
            f"""CREATE TEMP TABLE {STAGING} (row bigint, batch_id uuid, source text, id_number text, name text,
                village_code text, "on" date, year integer, category text, status text, detail text,
                amount numeric(14,2), amount_oop numeric(14,2)) ON COMMIT DROP"""
        )
        with cur.cursor.copy(f"COPY {STAGING} FROM STDIN WITH (FORMAT csv)") as copy:
            for batch in staged.to_batches(max_chunksize=200_000):
                buffer = io.BytesIO()
                pa_csv.write_csv(batch, buffer, pa_csv.WriteOptions(include_header=False))
                copy.write(buffer.getbuffer())
        cur.execute(
            f"""SELECT t.row, t.id_number FROM {STAGING} t
                WHERE t.village_code = '' AND NOT EXISTS
                  (SELECT 1 FROM {q(Person._meta.db_table)} p WHERE p.id_number = t.id_number)
                ORDER BY t.row LIMIT 1"""  # noqa: S608 - names from model meta
        )
        unknown = cur.fetchone()
        if unknown:
            raise FeedLoadError(f"{name} 第 {unknown[0]} 行 id_number（身份证号）：{unknown[1]} 不是已载入的人员")
        fields = [
            "batch_id", "source", "row", "id_number", "name", "village_code", "on", "year", "category",
            "status", "detail", "amount", "amount_oop", "person_id", "household_id", "match",
        ]  # fmt: skip
        cur.execute(
            f"""INSERT INTO {q(FeedRecord._meta.db_table)} ({", ".join(q(f) for f in fields)})
                SELECT t.batch_id, t.source, t.row, t.id_number, t.name, t.village_code, t."on", t.year,
                       t.category, t.status, t.detail, t.amount, t.amount_oop, p.id, p.household_id,
                       CASE WHEN p.id IS NULL THEN 'none' ELSE 'exact' END
                FROM {STAGING} t LEFT JOIN {q(Person._meta.db_table)} p
                  ON t.village_code = '' AND p.id_number = t.id_number"""  # noqa: S608 - names from model meta
        )
    if detached is not None:
        reattach(detached)


def _insert_sqlite(table: pa.Table, name: str, now: dt.datetime) -> None:
    pairs = zip(table["id_number"].to_pylist(), table["village_code"].to_pylist(), strict=True)
    numbers = sorted({n for n, v in pairs if not v})
    people: dict[str, tuple[str, str]] = {}
    for start in range(0, len(numbers), 5000):
        some = Person.objects.filter(id_number__in=numbers[start : start + 5000])
        people.update((n, (pk.hex, h.hex)) for n, pk, h in some.values_list("id_number", "pk", "household_id"))
    matched_person: list[str | None] = []
    matched_household: list[str | None] = []
    match: list[str] = []
    rows = zip(table["row"].to_pylist(), table["id_number"].to_pylist(), table["village_code"].to_pylist(), strict=True)
    for row, number, village in rows:
        if village:
            matched_person.append(None)
            matched_household.append(None)
            match.append(FeedRecord.Match.NONE.value)
            continue
        if number not in people:
            raise FeedLoadError(f"{name} 第 {row} 行 id_number（身份证号）：{number} 不是已载入的人员")
        matched_person.append(people[number][0])
        matched_household.append(people[number][1])
        match.append(FeedRecord.Match.EXACT.value)
    columns = {c: table[c] for c in (*COLUMNS[1:], "detail", "amount", "amount_oop")}
    columns["row"] = table["row"]
    columns["person_id"] = pa.array(matched_person, pa.string())
    columns["household_id"] = pa.array(matched_household, pa.string())
    columns["match"] = pa.array(match, pa.string())
    TableWriter(now).write(FeedRecord, columns)


def analyze_feeds() -> None:
    """PostgreSQL: fresh statistics for the feed tables after a bulk load. Without them the planner takes the
    few applied batches it knew for one and joins five million records to the households by a nested loop
    (the province snapshot's feed query: 58.6 s, against 13.9 s by a hash join once analysed)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (FeedBatch, FeedRecord))
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {tables}")
