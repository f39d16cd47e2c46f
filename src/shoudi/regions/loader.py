"""Bulk loading of the shipped 2023 divisions (≈ 665,000 rows) — raw executemany/COPY, not the ORM.

The five gzipped CSV files ship inside the package (``regions/data/divisions-2023``) with their
LICENSE and SOURCE. Loading replaces the rows of the provinces asked for and keeps county classes
and village flags that were already set.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path

from django.db import connection, transaction

from shoudi.regions.models import Level, Region

DATA_PACKAGE = "shoudi.regions"
FILES: Sequence[tuple[str, Level, str | None]] = (
    ("provinces.csv.gz", Level.PROVINCE, None),
    ("cities.csv.gz", Level.CITY, "provinceCode"),
    ("areas.csv.gz", Level.COUNTY, "cityCode"),
    ("streets.csv.gz", Level.TOWNSHIP, "areaCode"),
    ("villages.csv.gz", Level.VILLAGE, "streetCode"),
)

# 《铜仁市“十四五”巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划》第四章第二节“规划区域”: the classes of Tongren's
# ten counties. 重点推进县 are 「即省级乡村振兴重点帮扶县」, 夯实基础县 are 「即国家乡村振兴重点帮扶县」.
TONGREN_CLASSES: dict[str, tuple[str, str]] = {
    "520602": ("leading", ""),  # 碧江区
    "520603": ("leading", ""),  # 万山区
    "520622": ("leading", ""),  # 玉屏侗族自治县
    "520621": ("advancing", "provincial"),  # 江口县
    "520624": ("advancing", "provincial"),  # 思南县
    "520625": ("advancing", "provincial"),  # 印江土家族苗族自治县
    "520623": ("advancing", "provincial"),  # 石阡县
    "520626": ("advancing", "provincial"),  # 德江县
    "520627": ("foundation", "national"),  # 沿河土家族自治县
    "520628": ("foundation", "national"),  # 松桃苗族自治县
}

Row = tuple[str, str, int, str | None]


def data_dir() -> Path:
    return Path(str(resources.files(DATA_PACKAGE) / "data" / "divisions-2023"))


def iter_rows(provinces: Sequence[str] | None = None) -> Iterator[Row]:
    wanted = set(provinces or [])
    for filename, level, parent_col in FILES:
        with gzip.open(data_dir() / filename, "rt", encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                code = rec["code"]
                if wanted and code[:2] not in wanted:
                    continue
                parent = rec[parent_col] if parent_col else None
                yield code, rec["name"], int(level), parent


def load(
    provinces: Sequence[str] | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 20_000,
) -> int:
    """Insert (or replace) the divisions; returns the number of rows written."""
    for code in provinces or []:
        if not (len(code) == 2 and code.isdigit()):
            raise ValueError(f"省级代码应为2位数字: {code!r}")
    rows = iter_rows(provinces)
    with transaction.atomic():
        kept = _kept_flags(provinces)
        _delete(provinces)
        count = _copy(rows, progress) if connection.vendor == "postgresql" else _insert(rows, batch_size, progress)
        _restore_flags(kept)
    return count


def _delete(provinces: Sequence[str] | None) -> None:
    with connection.cursor() as cur:
        table = Region._meta.db_table
        if not provinces:
            cur.execute(f"DELETE FROM {table}")  # noqa: S608 - table name from model meta
            return
        for code in provinces:
            cur.execute(
                f"DELETE FROM {table} WHERE code >= %s AND code <= %s",  # noqa: S608
                [code, code.ljust(12, "9")],
            )


def _insert(rows: Iterator[Row], batch_size: int, progress: Callable[[int], None] | None) -> int:
    table = Region._meta.db_table
    sql = (
        f"INSERT INTO {table} (code, name, level, parent_id, key_county, local_class, "  # noqa: S608
        "poverty_exit_village, relocation_site) VALUES (%s, %s, %s, %s, '', '', false, false)"
    )
    count = 0
    batch: list[Row] = []
    with connection.cursor() as cur:
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                cur.executemany(sql, batch)
                count += len(batch)
                batch.clear()
                if progress:
                    progress(count)
        if batch:
            cur.executemany(sql, batch)
            count += len(batch)
            if progress:
                progress(count)
    return count


def _copy(rows: Iterator[Row], progress: Callable[[int], None] | None) -> int:
    table = Region._meta.db_table
    count = 0
    with connection.cursor() as cur:
        raw = cur.cursor  # psycopg 3 cursor under Django's wrapper
        cols = "(code, name, level, parent_id, key_county, local_class, poverty_exit_village, relocation_site)"
        with raw.copy(f"COPY {table} {cols} FROM STDIN") as copy:
            for code, name, level, parent in rows:
                copy.write_row((code, name, level, parent, "", "", False, False))
                count += 1
                if progress and count % 50_000 == 0:
                    progress(count)
    if progress:
        progress(count)
    return count


FLAG_FIELDS = ("key_county", "local_class", "poverty_exit_village", "relocation_site")


def _kept_flags(provinces: Sequence[str] | None) -> list[dict[str, object]]:
    qs = Region.objects.exclude(key_county="", local_class="", poverty_exit_village=False, relocation_site=False)
    if provinces:
        from shoudi.core.access import in_area

        q = in_area("code", provinces[0])
        for code in provinces[1:]:
            q |= in_area("code", code)
        qs = qs.filter(q)
    return list(qs.values("code", *FLAG_FIELDS))


def _restore_flags(kept: list[dict[str, object]]) -> None:
    existing = set(Region.objects.filter(code__in=[k["code"] for k in kept]).values_list("code", flat=True))
    for item in kept:
        if item["code"] in existing:
            Region.objects.filter(code=item["code"]).update(**{f: item[f] for f in FLAG_FIELDS})
    preset = [c for c in TONGREN_CLASSES if c not in {k["code"] for k in kept}]
    for region in Region.objects.filter(code__in=preset):
        local_class, key_county = TONGREN_CLASSES[region.code]
        region.local_class = local_class
        region.key_county = key_county
        region.save(update_fields=["local_class", "key_county"])
