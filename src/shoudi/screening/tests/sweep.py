"""Records of village A for the area sweep (core/tests/test_area_sweep.py): a screening run, a fuzzy-match
candidate and a registry-update task. Each call returns the same record, so the sweep may ask again."""

from __future__ import annotations

import datetime as dt

from shoudi.testing.factories import VILLAGE_A
from shoudi.feeds import testing as ft
from shoudi.registry.models import Person
from shoudi.screening.models import LinkCandidate, RegistryTask, ScreeningRun


def run() -> ScreeningRun:
    found = ScreeningRun.objects.filter(area_id=VILLAGE_A).first()
    return found or ScreeningRun.objects.create(area_id=VILLAGE_A, as_of=dt.date(2021, 6, 30), status="done")


def _mistyped(id_number: str) -> str:
    """The same person with one digit of the sequence mistyped: what Splink proposes as a candidate."""
    digit = "9" if id_number[14] != "9" else "8"
    return id_number[:14] + digit + id_number[15:]


def candidate(person: Person) -> LinkCandidate:
    """A pending fuzzy match of an unmatched 医保结算 row (mistyped ID) to ``person`` of village A, as the
    screening run's Splink step leaves it (written directly: the sweep does not run Splink)."""
    found = LinkCandidate.objects.filter(person=person).first()
    if found is not None:
        return found
    batch = ft.feed(
        "medical_claims",
        ft.medical_claim(ft.unknown(_mistyped(person.id_number), person.name), "2021-03-01", oop="9000"),
        area=person.household.village_id[:6],
    )
    return LinkCandidate.objects.create(
        record=batch.records.get(), person=person, area_code=person.household.village_id, score=0.97
    )


def death_task(person: Person, on: str = "2021-05-05", **fields: object) -> RegistryTask:
    """An open task as a screening run leaves it: the death of ``person`` in a 公安户籍 batch."""
    batch = ft.feed("household_register", ft.register(person, "死亡", on), area=person.household.village_id[:6])
    household = person.household
    return RegistryTask.objects.create(
        household=household,
        village_id=household.village_id,
        person=person,
        record_id=batch.records.get().pk,
        kind=RegistryTask.Kind.DEATH,
        on=dt.date.fromisoformat(on),
        text=f"{person.name} {on}死亡（公安户籍），请更新农户信息",
        **fields,
    )


def registry_task(person: Person) -> RegistryTask:
    """An open registry-update task of village A: the death of ``person`` in a 公安户籍 batch."""
    found = RegistryTask.objects.filter(person=person).first()
    return found if found is not None else death_task(person, run=run())
