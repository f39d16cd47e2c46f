"""Test-data builders for department data, for this app's tests and for the screening app's.

Build rows with the per-source helpers (canonical values, as the intake stores them), then write them as
one applied batch with ``feed``::

    from shoudi.feeds import testing as ft

    batch = ft.feed("medical_claims", ft.medical_claim(person, "2024-03-01", oop="6000"), area="520628")
    ft.feed("water", ft.water("2024-05-01", safe=False, village="520628101203"))
    ft.feed("household_register", ft.register(ft.unknown("520628199001011234", "张三"), "死亡", "2024-01-02"))

A row given a registry ``Person`` is matched exactly (person, household, ``match="exact"``); a row given
``unknown(id_number, name)`` is unmatched (``match="none"``), like a row the registry does not know.
No file parsing happens here: the batch's file is a small placeholder CSV. For the real intake (upload,
validation job, apply) ``claims_csv`` builds a small 医保结算 file and ``staged_batch`` stages it through the
services, validated by its job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from shoudi.core.exports import Column, export_bytes
from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.feeds.sources import get_source
from shoudi.registry.models import Person

COUNTY = "520628"
_seq = itertools.count(1)


@dataclass(frozen=True)
class Unknown:
    """Someone the registry does not know: an unmatched row."""

    id_number: str
    name: str = ""


def unknown(id_number: str, name: str = "") -> Unknown:
    return Unknown(id_number, name)


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _money(value: Decimal | str | int | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def row(who: Person | Unknown | None = None, **values: Any) -> dict[str, Any]:
    """A canonical row (FeedRecord field values) for ``who``; dates may be ISO strings, money strings."""
    data: dict[str, Any] = dict(values)
    if isinstance(who, Person):
        data.update(
            id_number=who.id_number,
            name=who.name,
            person_id=who.pk,
            household_id=who.household_id,
            match=FeedRecord.Match.EXACT,
        )
    elif isinstance(who, Unknown):
        data.update(id_number=who.id_number, name=who.name, match=FeedRecord.Match.NONE)
    if "on" in data:
        data["on"] = _date(data["on"])
    for key in ("amount", "amount_oop", "amount_aid"):
        if key in data:
            data[key] = _money(data[key])
    return data


# -- one helper per source (values are the canonical ones of feeds.sources) -----------------------------------
def medical_claim(
    who: Any, on: Any, *, oop: Any, total: Any = None, category: str = "住院", aid: Any = None
) -> dict[str, Any]:
    values = {"amount_aid": aid} if aid is not None else {}
    return row(who, on=on, category=category, amount=total if total is not None else oop, amount_oop=oop, **values)


def enrolment(who: Any, year: int, *, insured: bool = True, subsidy: str = "", amount: Any = None) -> dict[str, Any]:
    """``subsidy``: 全额资助, 定额资助 or 未资助 (the optional 资助类别), with its ``amount``."""
    values: dict[str, Any] = {"detail": subsidy} if subsidy else {}
    if amount is not None:
        values["amount"] = amount
    return row(who, year=year, status="已参保" if insured else "未参保", **values)


def civil_assistance(who: Any, category: str, change: str, on: Any, *, amount: Any = None) -> dict[str, Any]:
    return row(who, category=category, status=change, on=on, amount=amount)


def school(who: Any, status: str, on: Any, *, stage: str = "初中", school_name: str = "") -> dict[str, Any]:
    return row(who, category=stage, detail=school_name, status=status, on=on)


def housing(head: Any, grade: str, on: Any) -> dict[str, Any]:
    return row(head, status=grade, on=on)


def disability(who: Any, grade: int | str, on: Any, *, category: str = "肢体") -> dict[str, Any]:
    return row(who, category=category, status=str(grade), on=on)


def disaster(head: Any, on: Any, *, collapsed: bool = False, loss: Any = None, kind: str = "洪涝") -> dict[str, Any]:
    return row(head, category=kind, amount=loss, status="是" if collapsed else "否", on=on)


def register(who: Any, change: str, on: Any) -> dict[str, Any]:
    return row(who, category=change, on=on)


def employment(who: Any, item: str, on: Any) -> dict[str, Any]:
    return row(who, category=item, on=on)


def vehicle(who: Any, kind: str, on: Any) -> dict[str, Any]:
    return row(who, category=kind, on=on)


def market(who: Any, kind: str, on: Any) -> dict[str, Any]:
    return row(who, category=kind, on=on)


def real_estate(who: Any, use: str, on: Any) -> dict[str, Any]:
    return row(who, category=use, on=on)


def payroll(who: Any, unit: str, on: Any) -> dict[str, Any]:
    return row(who, detail=unit, on=on)


def water(on: Any, *, safe: bool = False, head: Any = None, village: str = "") -> dict[str, Any]:
    """By household (``head``, a Person) or by village (``village``, a 12-digit code)."""
    data = row(head, status="是" if safe else "否", on=on)
    if village:
        data["village_code"] = village
        data.setdefault("match", FeedRecord.Match.EXACT)
    return data


# -- batches -----------------------------------------------------------------------------------------------
def make_batch(
    source: str,
    *,
    area: str = COUNTY,
    uploaded_by: Any = None,
    status: str = FeedBatch.Status.APPLIED,
    period: tuple[Any, Any] = (None, None),
    file_name: str = "",
) -> FeedBatch:
    """An empty batch of ``source`` (id or label) in county ``area``; the file is a placeholder CSV."""
    spec = get_source(source)
    n = next(_seq)
    content = (",".join(spec.headers) + f"\n# test batch {n}\n").encode("utf-8")
    batch = FeedBatch(
        source=spec.id,
        uploaded_by=uploaded_by,
        area_id=area,
        status=status,
        period_from=_date(period[0]),
        period_to=_date(period[1]),
        file_name=file_name or f"{spec.label}-测试{n}.csv",
        file_hash=hashlib.sha256(content).hexdigest(),
        created_by=uploaded_by,
        applied_at=timezone.now() if status == FeedBatch.Status.APPLIED else None,
    )
    batch.file.save(batch.file_name, ContentFile(content), save=False)
    batch.save()
    return batch


def add_records(batch: FeedBatch, rows: list[dict[str, Any]]) -> list[FeedRecord]:
    """Write ``rows`` (from the helpers above) into ``batch`` and update its counts."""
    start = batch.records.count()
    records = [
        FeedRecord(batch=batch, source=batch.source, row=start + i + 2, **{"match": FeedRecord.Match.NONE, **r})
        for i, r in enumerate(rows)
    ]
    FeedRecord.objects.bulk_create(records)
    matched = sum(1 for r in records if r.match != FeedRecord.Match.NONE)
    batch.rows_total += len(records)
    batch.rows_matched += matched
    batch.rows_unmatched += len(records) - matched
    dates = [r.on for r in records if r.on]
    if dates and batch.period_from is None:
        batch.period_from, batch.period_to = min(dates), max(dates)
    batch.save()
    return list(batch.records.order_by("row"))


def feed(source: str, *rows: dict[str, Any], area: str = COUNTY, uploaded_by: Any = None) -> FeedBatch:
    """One applied batch of ``source`` holding ``rows``."""
    batch = make_batch(source, area=area, uploaded_by=uploaded_by)
    add_records(batch, list(rows))
    return batch


def sample_rows(source: str, people: list[Person], on: Any = "2024-03-01") -> list[dict[str, Any]]:
    """One plausible row per person for any source (the values the screening rules look at)."""
    spec = get_source(source)
    makers: dict[str, Any] = {
        "medical_claims": lambda p: medical_claim(p, on, oop="8000", total="20000"),
        "medical_enrolment": lambda p: enrolment(p, int(str(on)[:4]), insured=False),
        "civil_assistance": lambda p: civil_assistance(p, "低保", "新增", on, amount="300"),
        "school": lambda p: school(p, "辍学", on),
        "housing": lambda p: housing(p, "C", on),
        "disability": lambda p: disability(p, 1, on),
        "disaster": lambda p: disaster(p, on, collapsed=True, loss="30000"),
        "household_register": lambda p: register(p, "死亡", on),
        "employment": lambda p: employment(p, "失业登记", on),
        "vehicles": lambda p: vehicle(p, "小型轿车", on),
        "market": lambda p: market(p, "个体工商户", on),
        "real_estate": lambda p: real_estate(p, "商业", on),
        "payroll": lambda p: payroll(p, "县教育局", on),
        "water": lambda p: water(on, safe=False, head=p),
    }
    return [makers[spec.id](p) for p in people]


SWEEP_FILE = "区域检查-医保结算.csv"


def sweep_batch(person: Person) -> FeedBatch:
    """For the area sweep: an applied batch of village A's county with one record of ``person`` and both
    downloads (rejected and unmatched rows), fetched again by its file name so every call returns it."""
    found = FeedBatch.objects.filter(file_name=SWEEP_FILE).first()
    if found is not None:
        return found
    from shoudi.feeds.writers import write_rows

    batch = make_batch("medical_claims", area=person.household.village_id[:6], file_name=SWEEP_FILE)
    add_records(batch, [medical_claim(person, "2024-03-01", oop="100")])
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        for field_name, reason in (("rejected_file", "身份证号：不能为空"), ("unmatched_file", "未找到")):
            path = write_rows(Path(tmp) / f"{field_name}.xlsx", ["说明", "原行号"], [[reason, 3]])
            getattr(batch, field_name).save(f"{field_name}.xlsx", ContentFile(path.read_bytes()), save=False)
    batch.save()
    return batch


# -- real files through the intake ----------------------------------------------------------------------------
CLAIM_HEADERS = ("身份证号", "姓名", "结算日期", "就诊类型", "总费用", "合规自付费用")


def claims_csv(people: list[Person], on: str = "2024-03-01", *, oop: str = "8000", total: str = "20000") -> bytes:
    """A 医保结算 CSV (the template's headers, UTF-8 with a BOM, written by the one exporter) with one hospital stay per
    person."""
    columns = [Column(header, "text") for header in CLAIM_HEADERS]
    rows = [[p.id_number, p.name, on, "住院", total, oop] for p in people]
    return export_bytes(lambda book: book.sheet("医保结算", columns).write_rows(rows), fmt="csv")


def staged_batch(by: Any, people: list[Person], *, name: str = "医保结算.csv", on: str = "2024-03-01") -> FeedBatch:
    """A 医保结算 upload of ``people`` staged by the clerk ``by`` through ``services.stage_upload``; its validation
    job runs when the caller's transaction commits (at once outside one)."""
    from shoudi.feeds.services import stage_upload

    return stage_upload(by=by, source="medical_claims", upload=ContentFile(claims_csv(people, on), name=name))
