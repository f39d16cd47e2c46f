"""Rows for the pages and the API (labels in Chinese): runs, and register updates (户籍变动待办) with what to do
and where to do it, so the page and the API say the same thing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shoudi.regions.models import Region
from shoudi.registry.codes import Relationship
from shoudi.registry.idnumber import mask
from shoudi.screening.models import RegisterUpdate, ScreeningRun
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
        "job_id": str(run.job_id) if run.job_id else None,
        "rule_versions": run.rule_versions,
        "parameters": run.parameters,
        "inputs": run.inputs,
        "counts_by_rule": run.counts_by_rule,
        "counts_by_township": run.counts_by_township,
        "diff": run.diff,
        "leads_created": run.leads_created,
        "leads_updated": run.leads_updated,
        "register_updates_created": run.register_updates_created,
        "seconds": run.seconds,
        "error": run.error,
    }


# ---- register updates (户籍变动待办) ------------------------------------------------------------------------

WHAT_TO_DO = {
    RegisterUpdate.Kind.DEATH: "核实后在基础数据库中将该成员标注为死亡并更新家庭人口",
    RegisterUpdate.Kind.BIRTH: "核实后为该户新增家庭成员",
}


def what_to_do(update: RegisterUpdate) -> str:
    return WHAT_TO_DO.get(RegisterUpdate.Kind(update.kind), "核实后更新农户信息")


def update_url(update: RegisterUpdate) -> str:
    """The registry page where the change is made: removing the member (a death; the head is changed on the
    household page first), adding one (a birth)."""
    if update.kind == RegisterUpdate.Kind.BIRTH:
        return reverse("registry:member_add", kwargs={"household_id": update.household_id})
    person = update.person
    if person is not None and person.household_id == update.household_id and person.relationship != Relationship.HEAD:
        return reverse("registry:member_remove", kwargs={"person_id": person.pk})
    return reverse("registry:detail", kwargs={"household_id": update.household_id})


def register_update_row(update: RegisterUpdate, record: Any) -> dict[str, Any]:
    """One register update as the page and the API show it; ``record`` is its 公安户籍 FeedRecord (with batch)
    or None. The ID number is always masked here: a full number is revealed (and logged) by the registry's own
    route."""
    person = update.person
    name = person.name if person is not None else getattr(record, "name", "")
    id_number = person.id_number if person is not None else getattr(record, "id_number", "")
    batch = getattr(record, "batch", None)
    return {
        "update": update,
        "id": str(update.pk),
        "household_id": str(update.household_id),
        "household_number": update.household.number,
        "village_code": update.village_id,
        "village_name": update.village.name,
        "person_id": str(person.pk) if person is not None else None,
        "name": name,
        "id_number": mask(id_number),
        "kind": update.kind,
        "kind_label": update.get_kind_display(),
        "on": update.on,
        "status": update.status,
        "status_label": update.get_status_display(),
        "what_to_do": what_to_do(update),
        "update_url": update_url(update),
        "batch_id": str(batch.pk) if batch is not None else None,
        "batch_label": _batch_label(batch),
        "note": update.note,
        "closed_at": update.closed_at,
        "closed_by": (update.closed_by.display_name or update.closed_by.username) if update.closed_by else "",
    }


def _batch_label(batch: Any) -> str:
    if batch is None:
        return ""
    when = batch.applied_at or batch.created_at
    day = timezone.localtime(when).date().isoformat() if when else ""
    return f"{batch.file_name}（{day} 导入）" if day else str(batch.file_name)
