"""Registry objects for tests and the form sweep, made through the services (typed input, audit entries, the
same checks as a page): a household with its members, one more member, an import file and an import job in
any of its states (validated and waiting for confirmation, or written)."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from shoudi.jobs.models import Job
from shoudi.jobs.services import job_request_apply
from shoudi.registry import codes, services
from shoudi.registry.inputs import HouseholdInput, PersonInput
from shoudi.registry.io.jobs import import_submit
from shoudi.registry.io.testing import household_rows, write_rows
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, next_id

_names = itertools.count(1)
RELATIONSHIPS = [
    codes.Relationship.HEAD,
    codes.Relationship.SPOUSE,
    codes.Relationship.SON,
    codes.Relationship.DAUGHTER,
]


def person_input(relationship: str = codes.Relationship.SON, **facts: Any) -> PersonInput:
    female = relationship in (codes.Relationship.SPOUSE, codes.Relationship.DAUGHTER)
    data: PersonInput = {
        "id_number": next_id(female=female),
        "name": f"成员{next(_names)}",
        "relationship": relationship,
    }
    data.update(facts)  # type: ignore[typeddict-item]
    return data


def household(by: Any, village: str = VILLAGE_A, *, size: int = 2, **facts: Any) -> Household:
    """A household of ``size`` members (a head, a spouse, children) created by ``by`` (who may edit in
    ``village``), with its audit entries."""
    data: HouseholdInput = {"village_code": village, "status": codes.HouseholdStatus.ORDINARY, "debt": Decimal(0)}
    data.update(facts)  # type: ignore[typeddict-item]
    members = [person_input(RELATIONSHIPS[min(i, 3)]) for i in range(size)]
    return services.household_create(by=by, data=data, members=members)


def member(by: Any, of: Household, relationship: str = codes.Relationship.SON, **facts: Any) -> Person:
    return services.person_add(by=by, household=of, data=person_input(relationship, **facts))


def import_file(path: Path, village: str = VILLAGE_A, *, households: int = 2, first: int = 9001) -> Path:
    """An import file (XLSX or CSV by ``path``'s suffix) of new households of ``village``, two members each."""
    people = [next_id() for _ in range(households * 2)]
    rows = [
        row
        for n in range(households)
        for row in household_rows(f"{village}{first + n:04d}", village, people[2 * n : 2 * n + 2])
    ]
    return write_rows(path, rows)


def import_upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def import_job(by: Any, *, state: str = "validated", village: str = VILLAGE_A, households: int = 2) -> Job:
    """An import of ``households`` new households by ``by``: ``validated`` (the report, waiting for the
    creator's confirmation) or ``applied`` (written). The queued work runs at once, committed or not."""
    with tempfile.TemporaryDirectory() as tmp:
        upload = import_upload(import_file(Path(tmp) / "农户导入.xlsx", village, households=households))
        with TestCase.captureOnCommitCallbacks(execute=True):
            job = import_submit(by=by, upload=upload, mode="all")
    job.refresh_from_db()
    if state == "applied":
        with TestCase.captureOnCommitCallbacks(execute=True):
            job_request_apply(by=by, job=job)
        job.refresh_from_db()
    return job


__all__: Sequence[str] = ["household", "import_file", "import_job", "import_upload", "member", "person_input"]
