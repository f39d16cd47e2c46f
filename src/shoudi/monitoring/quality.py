"""Reads of the data-quality checks: the newest run over the user's area, its counts and findings, limited to
the user's own area (a county run seen by a township shows the township's part)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from shoudi.core.access import Capability, NotVisible, covering_codes, in_area, require
from shoudi.monitoring.checks import CHECK_BY_NAME, Check
from shoudi.monitoring.models import QualityFinding, QualityRun


def latest_run(user: Any) -> QualityRun | None:
    """The newest run that covers the user's area (their own area or one above it)."""
    return QualityRun.objects.filter(area_id__in=covering_codes(user.area_id or "")).order_by("-started_at").first()


def check_counts(user: Any, run: QualityRun | None) -> dict[str, int]:
    """Findings per check of ``run`` within the user's area."""
    if run is None or not user.area_id:
        return {}
    findings = QualityFinding.objects.filter(run=run).filter(in_area("village_code", user.area_id))
    return dict(findings.values_list("check_name").annotate(n=Count("id")).values_list("check_name", "n"))


def access_check_by_name(user: Any, name: str) -> Check:
    """A registered check, for a user who may see cases; else ``NotVisible``."""
    require(user, Capability.VIEW_CASES)
    check = CHECK_BY_NAME.get(name)
    if check is None:
        raise NotVisible()
    return check


def findings(user: Any, run: QualityRun, check: Check) -> QuerySet[QualityFinding]:
    return (
        QualityFinding.objects.filter(run=run, check_name=check.name)
        .filter(in_area("village_code", user.area_id))
        .select_related("case", "household", "household__village")
        .order_by("village_code")
    )
