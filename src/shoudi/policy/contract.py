"""The JSON contract of ``shoudi assess`` and ``shoudi assess-elimination`` (documented in CLI.md).

Other county systems depend on it: field names, codes and formats here change only with a new version of
CLI.md. A household with bad data gets an ``error`` and the others are still assessed; a document that is
not valid, a bad ``parameters`` entry, or a missing line for a household's province and year stops the whole
call (ContractError → non-zero exit).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from shoudi.policy.assessment import (
    CATEGORY_LABELS,
    Assessment,
    EliminationCheck,
    HouseholdDataError,
    HouseholdFacts,
    assess,
    check_elimination,
    income_window,
    money,
)
from shoudi.policy.inputs import household_from_json
from shoudi.policy.layers import CONTRACT_LAYERS, LAYER_LABELS, SHORT_LABELS, LayerResult, layers_of
from shoudi.policy.params import ParameterSet
from shoudi.policy.records import Resolved
from shoudi.policy.values import ParameterError, ParameterLoadError, parse_entries

CONTRACT_VERSION = 2  # CLI.md: v2 adds ``holds``, ``property_ok`` and ``layers``; every v1 field is kept


class ContractError(Exception):
    """The whole call fails; the message (Chinese) says why."""


def read_document(raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContractError(f"输入不是 UTF-8 编码（第 {exc.start + 1} 个字节）") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContractError(f"输入不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None
    if not isinstance(data, dict):
        raise ContractError('输入应为一个 JSON 对象：{"as_of": …, "households": […]}')
    return data


def _as_of(data: dict[str, Any]) -> dt.date:
    value = data.get("as_of")
    if not isinstance(value, str):
        raise ContractError("缺少 as_of（测算日期，YYYY-MM-DD）")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ContractError(f"as_of“{value}”不是有效日期（应为 YYYY-MM-DD）") from None


def _error_result(ref: Any, window: list[str], message: str) -> dict[str, Any]:
    return {
        "ref": ref,
        "window": window,
        "members_counted": None,
        "net_income": None,
        "per_capita_net_income": None,
        "per_capita_after_rigid": None,
        "monitoring_line": None,
        "line_source": None,
        "within_range": None,
        "excluded": None,
        "exclusion_reasons": [],
        "category": None,
        "eligible": None,
        "failing": [],
        "reasons": [],
        "parameters": [],
        "layers": [],
        "error": message,
    }


def _result(
    ref: Any,
    window: list[str],
    a: Assessment,
    check: EliminationCheck | None,
    layers: tuple[LayerResult, ...],
    standards: tuple[Resolved, ...] = (),
) -> dict[str, Any]:
    m, v = a.measures, a.verdict
    used = {p.key for p in a.params}
    reasons = list(a.reasons) + (list(check.reasons) if check else [])
    return {
        "ref": ref,
        "window": window,
        "members_counted": m.members_counted,
        "net_income": money(m.net_income),
        "per_capita_net_income": str(a.per_capita_net_income),
        "per_capita_after_rigid": str(a.per_capita_after_rigid),
        "monitoring_line": a.line.display(),
        "line_source": a.line.describe(),
        "within_range": v.within_range,
        "excluded": v.excluded,
        "exclusion_reasons": list(m.exclusion_reasons),
        "category": CATEGORY_LABELS[v.category] if v.category else None,
        "eligible": check.eligible if check else None,
        "failing": list(check.failing) if check else [],
        "reasons": reasons,
        "parameters": [p.as_json() for p in (*a.params, *(s for s in standards if s.key not in used))],
        "layers": [layer.as_json() for layer in layers],
        "error": None,
    }


def _split_income(facts: HouseholdFacts, as_of: dt.date) -> HouseholdFacts:
    """Income dated in the 12 months before the window is the comparison of the income-drop test (CLI.md)."""
    start, _end = income_window(as_of)
    first = income_window(start)[0]
    earlier = tuple(e for e in facts.income if first <= e.month < start)
    if not earlier:
        return facts
    kept = tuple(e for e in facts.income if not first <= e.month < start)
    return replace(facts, income=kept, income_before=(*facts.income_before, *earlier))


HOLD_CODES: dict[str, str] = {
    **{code: code for code in CONTRACT_LAYERS},
    **{SHORT_LABELS[code]: code for code in CONTRACT_LAYERS},
    **{LAYER_LABELS[code]: code for code in CONTRACT_LAYERS},
}


def layer_inputs(item: Any) -> tuple[frozenset[str], bool]:
    """``holds`` and ``property_ok`` of one input household (contract v2); HouseholdDataError names the field."""
    if not isinstance(item, dict):
        return frozenset(), True
    holds = item.get("holds", [])
    if not isinstance(holds, list):
        raise HouseholdDataError('holds 应为数组，如 ["dibao"]')
    codes = set()
    for i, value in enumerate(holds):
        code = HOLD_CODES.get(value.strip()) if isinstance(value, str) else None
        if code is None:
            known = "、".join(f"{c}（{SHORT_LABELS[c]}）" for c in CONTRACT_LAYERS)
            raise HouseholdDataError(f"holds[{i}]“{value}”不是已知的层级代码，可选：{known}")
        codes.add(code)
    property_ok = item.get("property_ok", True)
    if not isinstance(property_ok, bool):
        raise HouseholdDataError("property_ok 应为 true 或 false")
    return frozenset(codes), property_ok


def run(data: dict[str, Any], *, elimination: bool) -> dict[str, Any]:
    """Assess every household of an input document; the output document."""
    as_of = _as_of(data)
    households = data.get("households")
    if not isinstance(households, list):
        raise ContractError("缺少 households（数组）")
    try:
        overrides = parse_entries({"parameters": data.get("parameters") or []}, require_source=False, override=True)
    except ParameterLoadError as exc:
        raise ContractError("parameters 有误：" + "；".join(exc.errors)) from None
    window = [d.strftime("%Y-%m") for d in income_window(as_of)]

    parsed: list[tuple[Any, HouseholdFacts | str, tuple[frozenset[str], bool]]] = []
    for item in households:
        ref = item.get("ref") if isinstance(item, dict) else None
        try:
            extra = layer_inputs(item)
            parsed.append((ref, _split_income(household_from_json(item), as_of), extra))
        except HouseholdDataError as exc:
            parsed.append((ref, str(exc), (frozenset(), True)))
    regions = {f.region for _, f, _ in parsed if isinstance(f, HouseholdFacts)}
    pset = ParameterSet.for_regions(regions, overrides=overrides)

    results = []
    for ref, facts, (holds, property_ok) in parsed:
        if isinstance(facts, str):
            results.append(_error_result(ref, window, facts))
            continue
        try:
            rules = pset.rules(facts.region, as_of, elimination=elimination)
            standards = pset.layer_standards(facts.region, as_of)
        except ParameterError as exc:
            raise ContractError(f"户 {ref}：{exc}。请先用 shoudi policy load 载入，或在 parameters 中给出") from None
        try:
            check = check_elimination(facts, as_of, rules) if elimination else None
            assessment = check.assessment if check else assess(facts, as_of, rules)
            layers = layers_of(facts, assessment, standards, holds=holds, property_ok=property_ok)
            results.append(_result(ref, window, assessment, check, layers, standards.used))
        except HouseholdDataError as exc:
            results.append(_error_result(ref, window, str(exc)))
    return {"contract": CONTRACT_VERSION, "as_of": as_of.isoformat(), "results": results}
