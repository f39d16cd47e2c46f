"""Builders of screening objects for tests and the browser form sweep, in any state of their life.

- ``finished_run(area, as_of)``: a real screening run (DuckDB, in this process) through ``services.run_create``.
- ``run_record(area)``: a finished run row without running anything (a page that only needs a run to exist).
- ``candidate(person)``: a pending fuzzy match of an unmatched 医保结算 row (a mistyped ID) to ``person``, as the
  run's Splink step leaves it.
- ``register_update(person, status=...)``: a register update (户籍变动待办) for the death of ``person``, as a run
  leaves it, then closed through the workflow when ``status`` asks for it; ``birth_update`` for a newborn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.feeds import testing as ft
from shoudi.registry.models import Household, Person
from shoudi.screening import register_updates, services
from shoudi.screening.models import LinkCandidate, RegisterUpdate, ScreeningRun

AS_OF = dt.date(2021, 6, 30)


def finished_run(area: str, as_of: dt.date = AS_OF, *, by: Any = None, engine: str = "duckdb") -> ScreeningRun:
    """A screening of ``area`` run to the end in this process, as the command runs it (``by`` None: the system)."""
    return services.run_create(by=by, area_code=area, as_of=as_of, engine=engine, run_now=True)


def run_record(area: str, as_of: dt.date = AS_OF) -> ScreeningRun:
    """A run of ``area`` that is already done (the first one there, or a new row): for pages that show runs."""
    found = ScreeningRun.objects.filter(area_id=area).first()
    return found or ScreeningRun.objects.create(area_id=area, as_of=as_of, status=ScreeningRun.Status.DONE)


def mistyped(id_number: str) -> str:
    """The same person with one digit of the sequence mistyped: what Splink proposes as a candidate."""
    digit = "9" if id_number[14] != "9" else "8"
    return id_number[:14] + digit + id_number[15:]


def candidate(person: Person, *, score: float = 0.97) -> LinkCandidate:
    """A pending fuzzy match of an unmatched 医保结算 row (mistyped ID) to ``person``, as the screening run's
    Splink step leaves it (written directly: Splink is not run here). Asked again, the same one."""
    found = LinkCandidate.objects.filter(person=person).first()
    if found is not None:
        return found
    batch = ft.feed(
        "medical_claims",
        ft.medical_claim(ft.unknown(mistyped(person.id_number), person.name), "2021-03-01", oop="9000"),
        area=person.household.village_id[:6],
    )
    return LinkCandidate.objects.create(
        record=batch.records.get(), person=person, area_code=person.household.village_id, score=score
    )


def _open(household: Household, record_id: int, kind: str, on: str, text: str, **fields: Any) -> RegisterUpdate:
    return RegisterUpdate.objects.create(
        household=household,
        village_id=household.village_id,
        record_id=record_id,
        kind=kind,
        on=dt.date.fromisoformat(on),
        text=text,
        **fields,
    )


def _close(update: RegisterUpdate, status: str, by: Any, note: str) -> RegisterUpdate:
    if status == RegisterUpdate.Status.DONE:
        return register_updates.register_update_complete(by=by, update=update, note=note)
    if status == RegisterUpdate.Status.NOT_APPLICABLE:
        return register_updates.register_update_dismiss(by=by, update=update, reason=note or "经核实无需更新")
    return update


def register_update(
    person: Person,
    on: str = "2021-05-05",
    *,
    status: str = RegisterUpdate.Status.OPEN,
    by: Any = None,
    note: str = "",
    **fields: Any,
) -> RegisterUpdate:
    """The death of ``person`` in a 公安户籍 batch as a screening run leaves it (open), then closed by ``by``
    (who may work it) when ``status`` is done or not applicable."""
    batch = ft.feed("household_register", ft.register(person, "死亡", on), area=person.household.village_id[:6])
    update = _open(
        person.household,
        batch.records.get().pk,
        RegisterUpdate.Kind.DEATH,
        on,
        f"{person.name} {on}死亡（公安户籍），请更新农户信息",
        person=person,
        **fields,
    )
    return _close(update, status, by, note)


def birth_update(household: Household, id_number: str, name: str, on: str = "2021-03-01") -> RegisterUpdate:
    """An open register update for a newborn of ``household`` not yet in the base database."""
    batch = ft.feed("household_register", ft.register(ft.unknown(id_number, name), "出生", on))
    return _open(household, batch.records.get().pk, RegisterUpdate.Kind.BIRTH, on, f"{name} {on}出生（公安户籍）")
