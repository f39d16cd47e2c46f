"""Resolving parameters, as plain data (no Django). The records and resolved values live in ``policy.records``
and the load format in ``policy.document``; this module resolves them and re-exports both (the names other
apps and the commands import).

Resolution picks, for a key, a region code and a date, the most specific record that covers the date —
county, then province, then the national default ('00'); at the same level an override given for one call
wins over a stored record. A formula is evaluated with simpleeval over other keys resolved for the same
region and date; a cycle is an error, not a hang.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from simpleeval import SimpleEval

from shoudi.policy.document import (
    ParameterDocument,
    ParameterEntry,
    ParameterLoadError,
    entry_label,
    parse_entries,
    parse_entry,
    parse_numbered,
)
from shoudi.policy.keys import DECIMAL, FORMULA, INTEGER, TEXT, key_label, lookup_chain
from shoudi.policy.records import (
    MissingParameter,
    ParameterError,
    ParamRecord,
    Resolved,
    Value,
    formula_names,
    typed_value,
)


class _DecimalEval(SimpleEval):
    """simpleeval with numbers read as Decimal, so 1.5 × a standard stays exact."""

    def __init__(self, names: Any) -> None:
        super().__init__(functions={"min": min, "max": max, "abs": abs}, names=names)

    def _eval_constant(self, node: Any) -> Any:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError("公式中只能使用数字和其他参数名")
        return Decimal(str(value))


class ParameterTable:
    """An in-memory set of records that resolves keys; build once, resolve many times (batch use)."""

    def __init__(self, records: Iterable[ParamRecord]) -> None:
        self._by_key: dict[str, list[ParamRecord]] = {}
        for rec in records:
            self._by_key.setdefault(rec.key, []).append(rec)
        self._cache: dict[tuple[str, tuple[str, ...], dt.date], Resolved] = {}

    def with_records(self, extra: Iterable[ParamRecord]) -> ParameterTable:
        return ParameterTable([*self.records(), *extra])

    def records(self) -> list[ParamRecord]:
        return [r for recs in self._by_key.values() for r in recs]

    def keys(self) -> list[str]:
        return sorted(self._by_key)

    def pick(self, key: str, region_code: str, on: dt.date) -> ParamRecord | None:
        candidates = [r for r in self._by_key.get(key, ()) if r.covers(on)]
        for code in lookup_chain(region_code):
            here = [r for r in candidates if r.region_code == code]
            if here:
                return max(here, key=lambda r: (r.override, r.valid_from))
        return None

    def resolve(self, key: str, region_code: str, on: dt.date) -> Resolved:
        return self._resolve(key, region_code, on, ())

    def get(self, key: str, region_code: str, on: dt.date) -> Resolved | None:
        try:
            return self.resolve(key, region_code, on)
        except MissingParameter as exc:
            if exc.key == key:
                return None
            raise

    def _resolve(self, key: str, region_code: str, on: dt.date, stack: tuple[str, ...]) -> Resolved:
        if key in stack:
            path = " → ".join([*stack[stack.index(key) :], key])
            raise ParameterError(f"参数公式循环引用：{path}")
        cache_key = (key, tuple(lookup_chain(region_code)), on)
        if cache_key in self._cache:
            return self._cache[cache_key]
        rec = self.pick(key, region_code, on)
        if rec is None:
            raise MissingParameter(key, region_code, on)
        if rec.value_type == FORMULA:
            result = self._evaluate(rec, region_code, on, (*stack, key))
        else:
            result = Resolved(key, typed_value(rec), rec)
        self._cache[cache_key] = result
        return result

    def _evaluate(self, rec: ParamRecord, region_code: str, on: dt.date, stack: tuple[str, ...]) -> Resolved:
        inputs: list[Resolved] = []

        def name(node: ast.Name) -> Decimal:
            found = self._resolve(node.id, region_code, on, stack)
            inputs.append(found)
            return found.decimal

        formula_names(rec.formula)
        try:
            value = _DecimalEval(names=name).eval(rec.formula)
        except ParameterError:
            raise
        except Exception as exc:  # simpleeval raises many kinds for a bad expression
            raise ParameterError(
                f"参数“{key_label(rec.key)}”（{rec.key}，区划 {rec.region_code}）的公式“{rec.formula}”无法计算：{exc}"
            ) from None
        if not isinstance(value, Decimal):
            raise ParameterError(f"参数“{key_label(rec.key)}”的公式“{rec.formula}”没有得到数值")
        return Resolved(rec.key, value, rec, tuple(dict.fromkeys(inputs)))


def check_formulas(table: ParameterTable, records: Sequence[ParamRecord]) -> list[str]:
    """Evaluate each formula record at its own region and start date; the errors, if any."""
    errors = []
    for rec in records:
        if rec.value_type != FORMULA:
            continue
        try:
            table.resolve(rec.key, rec.region_code, rec.valid_from)
        except ParameterError as exc:
            errors.append(f"{rec.key}（区划 {rec.region_code}，{rec.period}）：{exc}")
    return errors


__all__ = [
    "DECIMAL",
    "FORMULA",
    "INTEGER",
    "TEXT",
    "MissingParameter",
    "ParamRecord",
    "ParameterDocument",
    "ParameterEntry",
    "ParameterError",
    "ParameterLoadError",
    "ParameterTable",
    "Resolved",
    "Value",
    "check_formulas",
    "entry_label",
    "formula_names",
    "parse_entries",
    "parse_entry",
    "parse_numbered",
    "typed_value",
]
