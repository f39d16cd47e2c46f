"""What a part's registry rows say about each household, for drawing monitoring cases: income per member,
rigid spending, labour, and a selection weight; the members of the households drawn. numpy over Arrow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shoudi.registry import codes as rc

NO_LABOUR = ("lost", "none")


class PartFrames(NamedTuple):
    """One loaded part: its Parquet tables, the ids given to its rows, and each row's household index."""

    households: pa.Table
    household_ids: pa.Array
    persons: pa.Table
    person_ids: pa.Array
    person_household: np.ndarray
    income: pa.Table
    income_household: np.ndarray


class Facts(NamedTuple):
    """Per-household facts of a part, as numpy arrays indexed like the households table."""

    pc_net: np.ndarray
    income: np.ndarray
    rigid: np.ndarray
    weight: np.ndarray
    workers: np.ndarray


def household_facts(frames: PartFrames, line: float) -> Facts:
    h, p, f = frames.households, frames.persons, frames.income
    n = h.num_rows
    hp, hf = frames.person_household, frames.income_household

    def per_household(index: np.ndarray, values: Any) -> np.ndarray:
        return np.bincount(index, weights=np.asarray(values, dtype=np.float64), minlength=n)

    def flag(table: pa.Table, column: str, *values: str) -> np.ndarray:
        return pc.is_in(table[column], value_set=pa.array(values)).to_numpy(zero_copy_only=False)

    amount = pc.cast(f["amount"], pa.float64()).to_numpy(zero_copy_only=False)
    flow = {k: flag(f, "flow", k) for k in rc.Flow.values}
    income = per_household(hf, amount * flow["income"])
    net = income - per_household(hf, amount * flow["cost"])
    rigid = per_household(hf, amount * flow["rigid"]) - per_household(hf, amount * flow["payout"])
    size = np.maximum(per_household(hp, np.ones(p.num_rows)), 1)
    living = p["living_in"].to_numpy(zero_copy_only=False)
    workers = per_household(hp, living & ~flag(p, "labor", *NO_LABOUR))
    grade = pc.fill_null(p["disability_grade"], 9).to_numpy(zero_copy_only=False)
    pc_net = net / size
    w = np.where(pc_net < line, 10.0, np.where(pc_net < 1.5 * line, 3.0, 1.0))
    w *= np.where(flag(h, "status", "former_poor", "former_poor_no_policy"), 2.5, 1.0)
    w *= 1 + 2.0 * (per_household(hp, flag(p, "health", "major")) > 0)
    w *= 1 + 0.6 * (per_household(hp, flag(p, "health", "chronic")) > 0)
    w *= 1 + 1.5 * (per_household(hp, grade <= 2) > 0) + 0.5 * (per_household(hp, grade <= 4) > 0)
    w *= np.where(workers == 0, 2.0, 1.0)
    w *= np.where(flag(h, "housing_grade", "C", "D"), 4.0, 1.0)
    w *= np.where(h["water_safe"].to_numpy(zero_copy_only=False), 1.0, 2.0)
    w *= np.where(per_household(hp, flag(p, "school_stage", "dropout")) > 0, 6.0, 1.0)
    w *= np.where(rigid > 0.3 * np.maximum(income, 1), 2.5, 1.0)
    excluded = np.zeros(n, dtype=bool)
    for column in ("leisure_car", "truck_or_excavator", "commercial_property", "business"):
        excluded |= h[column].to_numpy(zero_copy_only=False)
    excluded |= per_household(hp, p["public_payroll"].to_numpy(zero_copy_only=False)) > 0
    w *= np.where(excluded, 0.03, 1.0)
    return Facts(pc_net, income, rigid, w, workers)


def weighted_order(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """All indices in a weighted random order without replacement (Efraimidis–Spirakis keys)."""
    keys = np.log(rng.random(len(weights))) / weights
    return np.argsort(-keys, kind="stable")


class Member(NamedTuple):
    id: str
    age: int
    health: str
    grade: int
    labor: str
    living_in: bool
    stage: str
    insured: bool
    work_place: str


def members_of(frames: PartFrames, wanted: np.ndarray, as_of: dt.date) -> dict[int, list[Member]]:
    p = frames.persons
    rows = np.flatnonzero(np.isin(frames.person_household, wanted))
    if len(rows) == 0:
        return {}
    sub = p.take(pa.array(rows))
    epoch = (as_of - dt.date(1970, 1, 1)).days
    born = pc.cast(sub["birth_date"], pa.int32()).to_numpy(zero_copy_only=False)
    ages = ((epoch - born) / 365.2425).astype(int)
    grade = pc.fill_null(sub["disability_grade"], 9).to_pylist()
    out: dict[int, list[Member]] = {}
    columns = zip(
        frames.person_household[rows].tolist(),
        frames.person_ids.take(pa.array(rows)).to_pylist(),
        ages.tolist(),
        sub["health"].to_pylist(),
        grade,
        sub["labor"].to_pylist(),
        sub["living_in"].to_pylist(),
        sub["school_stage"].to_pylist(),
        sub["medical_insurance"].to_pylist(),
        sub["work_place"].to_pylist(),
        strict=True,
    )
    for hh, *values in columns:
        out.setdefault(hh, []).append(Member(*values))
    return out


BENEFICIARY: dict[str, Callable[[Member], bool]] = {  # who a measure of this kind goes to
    "employment": lambda m: 16 <= m.age < 60 and m.labor not in NO_LABOUR,
    "welfare_post": lambda m: 18 <= m.age < 65 and m.labor not in NO_LABOUR,
    "health": lambda m: m.health != "healthy" or m.grade <= 4,
    "compulsory_education": lambda m: m.stage in ("primary", "junior", "dropout"),
    "other_education": lambda m: m.stage in ("secondary_vocational", "higher_vocational"),
}
