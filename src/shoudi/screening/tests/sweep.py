"""Records of village A for the area sweep (core/tests/test_area_sweep.py): a screening run, a fuzzy-match
candidate and a register update (户籍变动待办). Each call returns the same record, so the sweep may ask again."""

from __future__ import annotations

from shoudi.registry.models import Person
from shoudi.screening import testing
from shoudi.screening.models import LinkCandidate, RegisterUpdate, ScreeningRun
from shoudi.testing.factories import VILLAGE_A


def run() -> ScreeningRun:
    return testing.run_record(VILLAGE_A)


def candidate(person: Person) -> LinkCandidate:
    return testing.candidate(person)


def register_update(person: Person) -> RegisterUpdate:
    """An open register update of village A: the death of ``person`` in a 公安户籍 batch."""
    found = RegisterUpdate.objects.filter(person=person).first()
    return found if found is not None else testing.register_update(person, run=run())
