"""Rows for the pages and the API (labels in Chinese)."""

from __future__ import annotations

from typing import Any

from shoudi.regions.models import Region
from shoudi.screening.models import ScreeningRun
from shoudi.screening.rules import RULES


def source_label(source: str) -> str:
    from shoudi.feeds.sources import SOURCES

    spec = SOURCES.get(source)
    return spec.label if spec else source


def run_row(run: ScreeningRun) -> dict[str, Any]:
    return {
        "run": run,
        "total": sum(run.counts_by_rule.values()),
        "diff": run.diff,
    }


def run_detail(run: ScreeningRun) -> dict[str, Any]:
    townships = dict(Region.objects.filter(code__in=list(run.counts_by_township)).values_list("code", "name"))
    by_township = [
        {
            "code": code,
            "name": townships.get(code, code),
            "counts": [counts.get(rule.id, 0) for rule in RULES],
            "total": sum(counts.values()),
        }
        for code, counts in sorted(run.counts_by_township.items())
    ]
    rules = [
        {"rule": rule, "count": run.counts_by_rule.get(rule.id, 0), "version": run.rule_versions.get(rule.id, "")}
        for rule in RULES
    ]
    return {"run": run, "rules": rules, "by_township": by_township, "all_rules": RULES}


def run_out(run: ScreeningRun) -> dict[str, Any]:
    return {
        "id": str(run.pk),
        "area": run.area_id,
        "as_of": run.as_of.isoformat(),
        "engine": run.engine,
        "status": run.status,
        "status_label": run.get_status_display(),
        "rule_versions": run.rule_versions,
        "parameters": run.parameters,
        "inputs": run.inputs,
        "counts_by_rule": run.counts_by_rule,
        "counts_by_township": run.counts_by_township,
        "diff": run.diff,
        "leads_created": run.leads_created,
        "leads_updated": run.leads_updated,
        "tasks_created": run.tasks_created,
        "seconds": run.seconds,
        "error": run.error,
    }
