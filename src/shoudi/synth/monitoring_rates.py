"""The rates and shapes of the synthetic monitoring records (made-up but plausible, like ``synth/params.py`` —
not policy), and the small random and Arrow helpers ``synth.monitoring`` builds them with."""

from __future__ import annotations

import random
from typing import Any

import pyarrow as pa

from shoudi.monitoring import codes as mc
from shoudi.synth.bulk import TimeOrderedIds

MONTHS_BACK = 18
DAYS_BACK = 548
CHANNEL = {"cadre_visit": 40, "department": 27, "application": 20, "big_data": 8, "petition": 3, "media": 2}
ONLINE_APPLICATION = 0.35
IDENTIFICATION_DAYS = (5, 15)  # most identifications end within the 15-day limit …
SLOW_IDENTIFICATION = (0.08, (16, 30))  # … a few take longer
NOT_INCLUDED = 0.05
SUDDEN = 0.05  # 突发严重困难户 besides those whose rigid spending makes them so
FAST_TRACK = 0.35  # of sudden cases after a disaster or accident
MIN_MONITORING_DAYS = 183
ELIMINATION_EXTRA_DAYS = 120  # mean of the exponential wait after the six months (≈ a third end eliminated)
ELIMINATION_STEPS_DAYS = 20
ASSISTED = 0.75  # 帮扶消除; the rest 自然消除
RISK_MATCHED = 0.93  # each risk gets a measure of a kind that answers it
DEVELOPMENT = 0.6  # households with labour get industry or employment help
MICROCREDIT = 0.15  # 脱贫人口小额信贷 for former-poor households with labour
EXTRA_LEADS = 0.5  # leads per case besides the one that opened it
EXTRA_LEAD_STATUS = {"closed": 0.80, "joined": 0.08, "open": 0.12}
DEFECTS = {"no_measure": 0.02, "below_line": 0.003, "assisted_without_measure": 0.003}
ID_STEPS = [s for s in mc.Status if s in mc.IDENTIFICATION_STATUSES]
EL_STEPS = [s for s in mc.Status if s in mc.ELIMINATION_STATUSES]
CONTINUING = {mc.MeasureKind.FINANCE, mc.MeasureKind.WELFARE_POST, mc.MeasureKind.OTHER_EDUCATION}


def stochastic_round(rng: random.Random, x: float) -> int:
    """``x`` rounded down or up at random, so that small parts add up to the right total on average."""
    return int(x) + (rng.random() < x - int(x))


def choose(rng: random.Random, weights: dict[str, float] | dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


TYPES: dict[str, pa.DataType] = {
    "opened_on": pa.date32(),
    "deadline": pa.date32(),
    "status_on": pa.date32(),
    "period_start": pa.date32(),
    "period_end": pa.date32(),
    "assessed_on": pa.date32(),
    "made_on": pa.date32(),
    "start": pa.date32(),
    "end": pa.date32(),
    "reported_on": pa.date32(),
    "due_on": pa.date32(),
    "checked_on": pa.date32(),
    "is_open": pa.bool_(),
    "fast_track": pa.bool_(),
    "online": pa.bool_(),
    "before_identification": pa.bool_(),
}


def arrow_columns(table: dict[str, list[Any]], ids: TimeOrderedIds | None = None) -> dict[str, pa.Array]:
    """The column lists as Arrow arrays; ``ids`` gives rows that have no ``id`` yet their keys."""
    columns = {name: pa.array(values, TYPES.get(name, pa.string())) for name, values in table.items()}
    if ids is not None and columns and "id" not in columns:
        columns["id"] = ids.take(len(next(iter(columns.values()))))
    return columns
