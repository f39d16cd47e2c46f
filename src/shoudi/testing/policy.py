"""The policy parameters the tests start from, in one insert.

``shoudi.policy.services.apply_builtin`` (what the data migration runs) reads the built-in document and makes
each of its ~30 values with ``get_or_create``: four queries a value, 40–65 ms a test (SQLite, PostgreSQL),
paid by every test of monitoring, employment, assistance, complaints… Here the document is read once a process
and the values written with one ``bulk_create(ignore_conflicts=True)``: the same rows (the table's unique
constraint is the ``get_or_create`` lookup, so a value already there is kept, as there).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

_rows: list[dict[str, Any]] = []


def load_builtin() -> None:
    """``apply_builtin(Parameter)`` in one query: the built-in values that are missing."""
    from shoudi.policy.models import Parameter

    if not _rows:
        from shoudi.policy.document import parse_entries
        from shoudi.policy.services import AUDIT_FIELDS, builtin_document

        # the key fields and the values apply_builtin copies
        _rows.extend({f: getattr(rec, f) for f in AUDIT_FIELDS} for rec in parse_entries(builtin_document()))
    Parameter.objects.bulk_create([Parameter(**row) for row in _rows], ignore_conflicts=True)


def setup_policy(line: Decimal | None = None) -> None:
    """``shoudi.monitoring.testing.builders.setup_policy``: the built-in values plus Guizhou's monitoring line."""
    import datetime as dt

    from shoudi.monitoring import policy_bridge
    from shoudi.monitoring.testing.builders import LINE

    load_builtin()
    policy_bridge.store_param(
        "monitoring_line", "52", LINE if line is None else line, valid_from=dt.date(2022, 1, 1), source="测试数据"
    )
