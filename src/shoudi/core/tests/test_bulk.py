"""The kit's set-based reads and writes (``core.bulk``): what goes in by COPY (PostgreSQL) or executemany
(SQLite) reads back through the ORM exactly — empty text stays empty, NULL stays NULL, JSON and dates keep their
values — and keys travel as 32 hex digits."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from shoudi.core.bulk import dashed, hex_id, insert_columns, insert_rows, new_ids, select_in
from shoudi.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_new_ids_are_distinct_version_4_uuids_in_hex():
    ids = new_ids(5000)
    assert len(set(ids)) == 5000
    for value in ids[:50]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and parsed.hex == value
    assert dashed(ids[:1]) == [str(uuid.UUID(ids[0]))]
    assert new_ids(0) == []


def test_columns_written_in_bulk_read_back_as_the_orm_writes_them():
    now = timezone.now()
    household = uuid.uuid4()
    n = insert_columns(
        AuditEntry,
        {
            "at": [now, now],
            "actor_name": ["系统", ""],
            "action": ["create", "update"],
            "object_type": ["lead", "lead"],
            "object_id": ["a", "b"],
            "object_label": ['线索 "引号", 逗号\n换行', ""],
            "household_id": [household.hex, None],
            "area_code": ["520628", ""],
            "changes": [{"线索内容": [None, "医疗费用"]}, {}],
        },
        2,
    )
    assert n == 2
    first, second = AuditEntry.objects.filter(object_type="lead").order_by("object_id")
    assert first.object_label == '线索 "引号", 逗号\n换行' and first.changes == {"线索内容": [None, "医疗费用"]}
    assert first.household_id == household and first.at == now and first.reason == ""
    assert second.household_id is None and second.object_label == "" and second.actor_name == ""
    rows = select_in(AuditEntry, ["household_id", "object_id"], "household_id", [str(household)])
    assert rows == [(household.hex, "a")]  # a dashed key finds the row; the UUID column comes back as hex
    assert select_in(AuditEntry, ["object_id"], "pk", [first.pk, second.pk]) != []


def test_rows_must_give_their_callable_defaults_and_columns_their_length():
    with pytest.raises(ValueError, match="changes"):  # a dict per row: the caller gives it, not one shared
        insert_columns(AuditEntry, {"object_id": ["a", "b"]}, 2)
    with pytest.raises(ValueError, match="3"):
        insert_columns(AuditEntry, {"object_id": ["a", "b"], "changes": [{}, {}]}, 3)
    assert insert_rows(AuditEntry, []) == 0 and not AuditEntry.objects.exists()
    assert hex_id(uuid.UUID(int=1)) == "0" * 31 + "1"
    assert hex_id("ABCDEF00-0000-0000-0000-000000000000") == "abcdef00" + "0" * 24
