"""Adopting the base database's work facts into the labour database, once, when a county starts using it.

Before the labour database existed, a person's work lived only in the registry's fields 务工地点 / 务工月数 /
工资性收入 (from the household import and the visits). A person with a 务工地点 and no work spell at all gets one
open spell: source ``registry`` (基础数据库原有务工信息), employer "原基础数据库登记" (not known), started on 1 January
of the adoption year (the real date is not known), monthly pay = 工资性收入 ÷ 务工月数 when both are given. The
registry's fields are left as they are (they already say what the spell says).

Idempotent: a person with any spell is skipped. Written in bulk with one audit entry per village (a county has
tens of thousands of workers). Trusted caller (a command, the demo)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef

from shoudi.core.access import in_area
from shoudi.core.audit import actor_name
from shoudi.core.models import AuditEntry
from shoudi.employment import codes
from shoudi.employment.matching_pool import bump
from shoudi.employment.models import Work
from shoudi.registry.models import Person

EMPLOYER = "原基础数据库登记"
CENT = Decimal("0.01")
CHUNK = 2_000


def _pay(person: Person) -> Decimal | None:
    if person.work_income and person.work_months:
        return (Decimal(person.work_income) / person.work_months).quantize(CENT)
    return None


def adopt_registry_work(area: str, *, on: dt.date) -> dict[str, int]:
    """Open a spell for each person of ``area`` with a 务工地点 and no spell; counts per place."""
    spells = Exists(Work.objects.filter(person=OuterRef("pk")))
    persons = (
        Person.objects.filter(in_area("household__village_id", area))
        .exclude(work_place="")
        .exclude(spells)
        .select_related("household")
        .order_by("household__village_id", "pk")
    )
    start = dt.date(on.year, 1, 1)
    counts: dict[str, int] = {}
    by_village: dict[str, int] = {}
    batch: list[Work] = []

    def flush() -> None:
        Work.objects.bulk_create(batch)
        batch.clear()

    with transaction.atomic():
        for person in persons.iterator(chunk_size=CHUNK):
            village = person.household.village_id
            batch.append(
                Work(
                    person=person,
                    village_id=village,
                    employer_name=EMPLOYER,
                    place=person.work_place,
                    started_on=start,
                    monthly_pay=_pay(person),
                    months_this_year=person.work_months,
                    source=codes.WorkSource.REGISTRY,
                )
            )
            counts[person.work_place] = counts.get(person.work_place, 0) + 1
            by_village[village] = by_village.get(village, 0) + 1
            if len(batch) >= CHUNK:
                flush()
        flush()
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor_name=actor_name(None),
                action=AuditEntry.Action.IMPORT,
                object_type="work",
                object_id=village,
                object_label=f"基础数据库务工信息转入劳动力数据库 {n} 人",
                area_code=village,
                changes={"count": n, "source": codes.WorkSource.REGISTRY.value},
            )
            for village, n in by_village.items()
        )
    for county in {village[:6] for village in by_village}:
        bump(county=county)  # the matching pools: a bulk write sends no signal
    return counts
