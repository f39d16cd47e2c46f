"""Bulk writing of a synthetic county into the registry tables (SQLite executemany, PostgreSQL COPY).

One transaction; rows built in memory per chunk; never one ORM save per row. Synthetic households are
recognised by their 17-digit number (village code + 5-digit sequence): the registry's own services number
households with 16 digits, so ``--replace`` removes only what the generator wrote.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Level, Region
from shoudi.registry.codes import ITEM_KIND
from shoudi.registry.models import FinanceRecord, Household, Person
from shoudi.registry.signals import villages_changed
from shoudi.synth.county import (
    CENTI_COLUMNS,
    FEN_COLUMNS,
    HOUSEHOLD_COLUMNS,
    PERSON_COLUMNS,
    CountyGenerator,
    Divisions,
    HouseholdRecord,
    demo_village,
    plan_county,
    today,
)
from shoudi.synth.names import name_pools
from shoudi.synth.summary import Summary

SYNTHETIC_NUMBER = r"^\d{17}$"
CHUNK = 2000  # households per batch of inserts
SQLITE_CACHE_KIB = 256_000


class SynthError(ValueError):
    """The run cannot start; the message is Chinese and says why."""


def write_county(
    county_code: str,
    households: int,
    seed: int,
    as_of: dt.date | None = None,
    replace: bool = False,
    *,
    progress: Callable[[int], None] | None = None,
    focus_households: int = 0,
) -> Summary:
    """Generate ``households`` households on the real villages of ``county_code`` and write them;
    ``focus_households`` of them in the demo village (``county.demo_village``), whatever the county's size."""
    started = time.perf_counter()
    county = ensure_county(county_code)
    as_of = as_of or today()
    divisions = db_divisions(county.code)
    plan = plan_county(county.code, divisions, seed)
    summary = Summary(area=f"{county.name}（{county.code}）")
    with transaction.atomic():
        existing = Household.objects.filter(in_area("village_id", county.code))
        if replace:
            delete_synthetic(existing.filter(number__regex=SYNTHETIC_NUMBER))
        elif (n := existing.count()) > 0:
            raise SynthError(f"{county.name}已有 {n:,} 户数据，未生成；如需替换模拟数据请使用 --replace")
        Region.objects.filter(code__in=[s.code for s in plan.sites]).update(relocation_site=True)
        taken = set(Person.objects.filter(id_number__startswith=county.code).values_list("id_number", flat=True))
        focus = (demo_village(plan), min(focus_households, households)) if focus_households > 0 else None
        gen = CountyGenerator(plan, seed=seed, as_of=as_of, names=name_pools(seed), taken=taken, focus=focus)
        writer = TableWriter()
        with writer.bulk():
            batch: list[HouseholdRecord] = []
            for i in range(households):
                record = gen.household()
                summary.add(record)
                batch.append(record)
                if len(batch) >= CHUNK or i == households - 1:
                    writer.write(batch, gen.window.months)
                    batch.clear()
                    if progress:
                        progress(i + 1)
        audit_entry(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            obj=county,
            area_code=county.code,
            changes={"模拟户数": households, "随机种子": seed, "参考日期": as_of.isoformat(), "替换": replace},
            reason="生成模拟数据（shoudi synth county）",
        )
        villages = {code for code, _name in divisions.villages.get(county.code, [])}  # their income summary
        transaction.on_commit(lambda: villages_changed.send(sender=Household, villages=villages))
    summary.seconds = time.perf_counter() - started
    return summary


def delete_synthetic(households: models.QuerySet[Household]) -> None:
    """Children first with one set-based DELETE each, so the ORM does not load every row to cascade."""
    FinanceRecord.objects.filter(household__in=households).delete()
    Person.objects.filter(household__in=households).delete()
    households.delete()


def ensure_county(code: str) -> Region:
    """The county's Region; loads its province from the shipped division files if its villages are missing."""
    if not (len(code) == 6 and code.isdigit()):
        raise SynthError(f"县级代码应为6位数字：{code!r}")
    if not Region.objects.filter(in_area("code", code), level=Level.VILLAGE).exists():
        from shoudi.regions import loader

        loader.load([code[:2]])
    county = Region.objects.filter(code=code, level=Level.COUNTY).first()
    if county is None or not Region.objects.filter(in_area("code", code), level=Level.VILLAGE).exists():
        raise SynthError(f"县级代码 {code} 不存在或没有村级区划")
    return county


def db_divisions(county: str) -> Divisions:
    result = Divisions()
    rows = Region.objects.filter(in_area("code", county), level__in=[Level.TOWNSHIP, Level.VILLAGE])
    for code, name, level in rows.values_list("code", "name", "level"):
        if level == Level.TOWNSHIP:
            result.townships[code] = name
        else:
            result.villages.setdefault(county, []).append((code, name))
    return result


class TableWriter:
    """Turns generator tuples into rows of the registry tables and inserts them in bulk."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.now: Any = timezone.now() if self.postgres else connection.ops.adapt_datetimefield_value(timezone.now())
        self.households = self._plan(Household, HOUSEHOLD_COLUMNS)
        self.persons = self._plan(Person, PERSON_COLUMNS)

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """SQLite: a page cache big enough for the random-UUID indexes while loading, else inserts thrash."""
        if self.postgres:
            yield
            return
        with connection.cursor() as cur:
            cur.execute("PRAGMA cache_size")
            previous = int(cur.fetchone()[0])
            cur.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA cache_size = {previous}")

    def _plan(self, model: type[models.Model], columns: Sequence[str]) -> tuple[str, list[str], Callable]:
        """The table, its column names and a function from a generator tuple to a database row."""
        index = {name: i for i, name in enumerate(columns)}
        getters: list[Callable[[tuple], Any]] = []
        names: list[str] = []
        for f in model._meta.concrete_fields:
            names.append(f.column)
            if f.attname in index:
                getters.append(self._getter(f, index[f.attname]))
            elif f.attname in ("created_at", "updated_at"):
                getters.append(_constant(self.now))
            else:
                getters.append(_constant(f.get_db_prep_save(f.get_default(), connection)))

        def row(rec: tuple) -> tuple:
            return tuple(g(rec) for g in getters)

        return model._meta.db_table, names, row

    def _getter(self, f: models.Field, i: int) -> Callable[[tuple], Any]:
        name = f.attname
        if name in FEN_COLUMNS or name in CENTI_COLUMNS:
            return lambda r: _money(r[i])
        if isinstance(f, models.UUIDField) or (f.is_relation and name == "household_id"):
            return (lambda r: r[i]) if self.postgres else (lambda r: r[i].hex)
        if isinstance(f, models.DateField) and not self.postgres:
            return lambda r: r[i].isoformat()
        return lambda r: r[i]

    def write(self, records: Iterable[HouseholdRecord], months: Sequence[dt.date]) -> None:
        h_table, h_cols, h_row = self.households
        p_table, p_cols, p_row = self.persons
        month_values = [m if self.postgres else m.isoformat() for m in months]
        households: list[tuple] = []
        persons: list[tuple] = []
        finance: list[tuple] = []
        for household, members, money in records:
            households.append(h_row(household))
            persons.extend(p_row(p) for p in members)
            hid = household[0] if self.postgres else household[0].hex
            for item, amounts in money.items():
                flow, kind = ITEM_KIND[item]
                flow, kind = str(flow), str(kind)
                finance.extend((hid, month_values[j], flow, kind, item, _money(v)) for j, v in enumerate(amounts) if v)
        f_cols = ["household_id", "month", "flow", "kind", "item", "amount"]
        self._insert(h_table, h_cols, households)
        self._insert(p_table, p_cols, persons)
        self._insert(FinanceRecord._meta.db_table, f_cols, finance)

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cur:
            if self.postgres:
                with cur.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)  # noqa: S608


def _constant(value: Any) -> Callable[[tuple], Any]:
    return lambda _row: value


def _money(value: int) -> str:
    """Fen (or hundredths) as a decimal string with 2 places; exact, unlike a float."""
    return f"{value // 100}.{value % 100:02d}"
