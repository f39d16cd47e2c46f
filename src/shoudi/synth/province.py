"""A province-scale synthetic base database straight to Parquet, for benchmarks — no database, no ORM.

Persons are spread over the province's counties by their villages (real 2023 codes from the shipped
division files). Each county is one task with its own RNG, so the output does not depend on the number
of worker processes; a task writes ``households/``, ``persons/`` and ``income/`` part files of at most
``chunk_households`` households each, which bounds memory.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from array import array
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from shoudi.registry.codes import ITEM_KIND
from shoudi.synth.county import (
    HOUSEHOLD_COLUMNS,
    PERSON_COLUMNS,
    CountyGenerator,
    CountyPlan,
    HouseholdRecord,
    allocate,
    plan_county,
    shipped_divisions,
    today,
)
from shoudi.synth.names import name_pools
from shoudi.synth.summary import Summary

TABLES = ("households", "persons", "income")
MONEY = pa.decimal128(14, 2)
ITEMS = list(ITEM_KIND)
ITEM_INDEX = {item: i for i, item in enumerate(ITEMS)}
RENAME = {"number": "household_number", "village_id": "village_code"}
TYPES: dict[str, pa.DataType] = {
    "exit_year": pa.int16(),
    "land_mu": pa.decimal128(8, 2),
    "debt": MONEY,
    "birth_date": pa.date32(),
    "disability_grade": pa.int8(),
    "work_months": pa.int8(),
    "work_income": MONEY,
    **{
        name: pa.bool_()
        for name in (
            "relocated",
            "water_safe",
            "leisure_car",
            "truck_or_excavator",
            "commercial_property",
            "business",
            "registered",
            "living_in",
            "medical_insurance",
            "pension_insurance",
            "dibao",
            "tekun",
            "public_payroll",
        )
    },
}


class ProvinceError(ValueError):
    """The run cannot start; the message is Chinese and says why."""


@dataclass(frozen=True)
class CountyTask:
    plan: CountyPlan
    persons: int
    seed: int
    as_of: dt.date
    out: str
    chunk_households: int


def write_province(
    province: str,
    persons: int,
    out: Path | str,
    seed: int = 1,
    *,
    as_of: dt.date | None = None,
    workers: int | None = None,
    chunk_households: int = 200_000,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write ``persons`` people of ``province`` (2-digit code) to Parquet files under ``out``."""
    started = time.perf_counter()
    divisions = shipped_divisions(province)
    if not divisions.villages:
        raise ProvinceError(f"省级代码 {province!r} 不存在或没有村级区划")
    out = Path(out)
    _prepare(out, replace)
    plans = [plan_county(c, divisions, seed) for c in sorted(divisions.villages)]
    quotas = allocate(persons, [p.weight for p in plans])
    tasks = [
        CountyTask(plan, n, seed, as_of or today(), str(out), chunk_households)
        for plan, n in sorted(zip(plans, quotas, strict=True), key=lambda pq_: -pq_[1])
        if n > 0
    ]
    summary = Summary(area=f"{divisions.names.get(province, '')}（{province}）")
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    if workers == 1:
        for task in tasks:
            summary.merge(write_county_parts(task))
            if progress:
                progress(summary.persons)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for future in as_completed([pool.submit(write_county_parts, t) for t in tasks]):
                summary.merge(future.result())
                if progress:
                    progress(summary.persons)
    summary.files.sort()
    summary.seconds = time.perf_counter() - started
    return summary


def _prepare(out: Path, replace: bool) -> None:
    existing = [f for t in TABLES for f in (out / t).glob("*.parquet")]
    if existing and not replace:
        raise ProvinceError(f"目录 {out} 中已有 {len(existing)} 个 Parquet 文件；如需覆盖请使用 --replace")
    for f in existing:
        f.unlink()
    for t in TABLES:
        (out / t).mkdir(parents=True, exist_ok=True)


def write_county_parts(task: CountyTask) -> Summary:
    """One county: generate until its persons quota is met, flushing a part file per chunk of households."""
    gen = CountyGenerator(task.plan, seed=task.seed, as_of=task.as_of, names=name_pools(task.seed), with_ids=False)
    months = pa.array(gen.window.months, pa.date32())
    summary = Summary(area=task.plan.county)
    chunk = Chunk()
    part = done = 0
    while done < task.persons:
        record = gen.household(max_size=min(8, task.persons - done))
        done += len(record.persons)
        summary.add(record)
        chunk.add(record)
        if len(chunk.households) >= task.chunk_households or done >= task.persons:
            for path in chunk.write(Path(task.out), f"part-{task.plan.county}-{part:03d}", months):
                summary.files.append(str(path))
                summary.bytes_written += path.stat().st_size
            chunk = Chunk()
            part += 1
    return summary


class Chunk:
    """Column buffers of one part: tuples for households and persons, typed arrays for income rows."""

    def __init__(self) -> None:
        self.households: list[tuple] = []
        self.persons: list[tuple] = []
        self.person_household: list[str] = []
        self.f_household = array("i")
        self.f_month = array("b")
        self.f_item = array("b")
        self.f_amount = array("q")

    def add(self, record: HouseholdRecord) -> None:
        household, persons, finance = record
        index = len(self.households)
        self.households.append(household)
        self.persons.extend(persons)
        self.person_household.extend([household[1]] * len(persons))
        for item, amounts in finance.items():
            months = [m for m in range(12) if amounts[m]]
            n = len(months)
            self.f_household.extend([index] * n)
            self.f_month.extend(months)
            self.f_item.extend([ITEM_INDEX[item]] * n)
            self.f_amount.extend([amounts[m] for m in months])

    def write(self, out: Path, stem: str, months: pa.Array) -> list[Path]:
        numbers = pa.array([h[1] for h in self.households], pa.string())
        tables = {
            "households": _table(HOUSEHOLD_COLUMNS, self.households, skip=("id",)),
            "persons": _table(
                PERSON_COLUMNS,
                self.persons,
                skip=("id", "household_id"),
                first={"household_number": pa.array(self.person_household, pa.string())},
            ),
            "income": self._income(numbers, months),
        }
        paths = []
        for name, table in tables.items():
            path = out / name / f"{stem}.parquet"
            pq.write_table(table, path, compression="zstd")
            paths.append(path)
        return paths

    def _income(self, numbers: pa.Array, months: pa.Array) -> pa.Table:
        item = _ints(pa.int8(), self.f_item)
        return pa.table(
            {
                "household_number": numbers.take(_ints(pa.int32(), self.f_household)),
                "month": months.take(_ints(pa.int8(), self.f_month)),
                "item": pa.array(ITEMS, pa.string()).take(item),
                "flow": pa.array([str(ITEM_KIND[i][0]) for i in ITEMS], pa.string()).take(item),
                "kind": pa.array([str(ITEM_KIND[i][1]) for i in ITEMS], pa.string()).take(item),
                "amount": _money(_ints(pa.int64(), self.f_amount), MONEY),
            }
        )


def _ints(kind: pa.DataType, values: array) -> pa.Array:
    """Zero-copy view of a stdlib ``array`` as an Arrow integer array."""
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def _money(fen: pa.Array, kind: pa.Decimal128Type) -> pa.Array:
    """Integer hundredths → decimal with 2 places: the unscaled value of a decimal *is* the integer."""
    wide = pc.cast(fen, pa.decimal128(19, 0))
    return pa.Array.from_buffers(kind, len(wide), wide.buffers(), null_count=wide.null_count, offset=wide.offset)


def _table(
    columns: tuple[str, ...], rows: list[tuple], *, skip: tuple[str, ...], first: dict[str, pa.Array] | None = None
) -> pa.Table:
    """Columns of generator tuples as typed Arrow arrays, renamed for files that have no foreign keys."""
    data: dict[str, pa.Array] = dict(first or {})
    for name, values in zip(columns, zip(*rows, strict=True), strict=True):
        if name in skip:
            continue
        kind = TYPES.get(name, pa.string())
        if isinstance(kind, pa.Decimal128Type):
            data[RENAME.get(name, name)] = _money(pa.array(values, pa.int64()), kind)
        else:
            data[RENAME.get(name, name)] = pa.array(values, kind)
    return pa.table(data)
