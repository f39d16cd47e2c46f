"""The snapshot's tables (their Arrow schemas) and the money conversion both of its readers share
(``snapshot`` for SQLite and inside a transaction, ``snapshot_pg`` for PostgreSQL through ADBC)."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc

MONEY = pa.decimal128(14, 2)
CENT = Decimal("0.01")
SCHEMAS: dict[str, pa.Schema] = {
    "households": pa.schema(
        [
            ("household_id", pa.string()),
            ("number", pa.string()),
            ("village_code", pa.string()),
            ("status", pa.string()),
            ("leisure_car", pa.bool_()),
            ("other_car", pa.string()),
        ]
    ),
    "persons": pa.schema(
        [
            ("person_id", pa.string()),
            ("household_id", pa.string()),
            ("labor", pa.string()),
            ("work_income", MONEY),
            ("birth_date", pa.date32()),
            ("work_place", pa.string()),
        ]
    ),
    "feeds": pa.schema(
        [
            ("record_id", pa.int64()),
            ("source", pa.string()),
            ("person_id", pa.string()),
            ("household_id", pa.string()),
            ("village_code", pa.string()),
            ("on_date", pa.date32()),
            ("year", pa.int32()),
            ("category", pa.string()),
            ("status", pa.string()),
            ("amount", MONEY),
            ("amount_oop", MONEY),
        ]
    ),
    "cases": pa.schema([("household_id", pa.string())]),
}


def cents_to_money(cents: pa.Array | pa.ChunkedArray, kind: pa.DataType) -> pa.Array:
    """Integer cents → decimal with 2 places (the same 128-bit integers, read with scale 2)."""
    if isinstance(cents, pa.ChunkedArray):
        cents = cents.combine_chunks()
    wide = pc.cast(cents, pa.decimal128(19, 0))
    return pa.Array.from_buffers(kind, len(wide), wide.buffers(), null_count=wide.null_count, offset=wide.offset)
