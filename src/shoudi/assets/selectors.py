"""Reads of the asset ledger, scoped to the user's area; outside the area (or missing) is a 404.

A village collective sees the assets lying in its village and those it owns a share of elsewhere."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from shoudi.assets import codes
from shoudi.assets.models import (
    Asset,
    AssetDocument,
    AssetOwner,
    Disposal,
    DisposalStatus,
    ImportBatch,
    IncomePlan,
    PlanStatus,
    WriteOff,
    WriteOffStatus,
)
from shoudi.assets.workflow import PLAN
from shoudi.core.access import Capability, can, get_visible_or_404, in_area, user_area_q
from shoudi.core.models import AuditEntry
from shoudi.core.workflow import statuses_waiting_for


def _can_view(user: Any) -> bool:
    return can(user, Capability.VIEW_ASSETS)


def assets_visible(user: Any) -> QuerySet[Asset]:
    if not _can_view(user):
        return Asset.objects.none()
    owned_here = AssetOwner.objects.filter(user_area_q(user, "collective_village_id"), asset=OuterRef("pk"))
    return Asset.objects.filter(user_area_q(user, "village_id") | Q(Exists(owned_here)))


def asset_list(
    user: Any,
    *,
    asset_class: str = "",
    level: str = "",
    status: str = "",
    area: str = "",
    q: str = "",
    confirmed: str = "",
) -> QuerySet[Asset]:
    qs = assets_visible(user)
    if asset_class:
        qs = qs.filter(asset_class=asset_class)
    if level:
        qs = qs.filter(ledger_level=level)
    if status:
        qs = qs.filter(status=status)
    if area and area.isdigit() and len(area) <= 12:
        qs = qs.filter(in_area("village_id", area))
    if confirmed == "yes":
        qs = qs.exclude(owner_type="")
    elif confirmed == "no":
        qs = qs.filter(owner_type="")
    text = q.strip()
    if text:
        qs = qs.filter(Q(name__contains=text) | Q(code__startswith=text) | Q(project_name__contains=text))
    return qs.select_related("village", "project").order_by("village_id", "code")


def access_asset_by_id(user: Any, asset_id: Any) -> Asset:
    return get_visible_or_404(assets_visible(user).select_related("village", "project"), asset_id)


def plans_visible(user: Any) -> QuerySet[IncomePlan]:
    if not _can_view(user):
        return IncomePlan.objects.none()
    return IncomePlan.objects.filter(user_area_q(user, "village_id") | user_area_q(user, "asset__village_id"))


def access_plan_by_id(user: Any, plan_id: Any) -> IncomePlan:
    return get_visible_or_404(plans_visible(user).select_related("asset", "village"), plan_id)


def disposals_visible(user: Any) -> QuerySet[Disposal]:
    return Disposal.objects.filter(asset__in=assets_visible(user))


def access_disposal_by_id(user: Any, disposal_id: Any) -> Disposal:
    return get_visible_or_404(disposals_visible(user).select_related("asset", "asset__village"), disposal_id)


def writeoffs_visible(user: Any) -> QuerySet[WriteOff]:
    """Asset officers see their area; department clerks see their department's write-offs in their area."""
    if _can_view(user):
        return WriteOff.objects.filter(asset__in=assets_visible(user))
    if can(user, Capability.VIEW_WRITEOFF_LEDGER) and user.department:
        return WriteOff.objects.filter(user_area_q(user, "asset__village_id"), asset__department=user.department)
    return WriteOff.objects.none()


def access_writeoff_by_id(user: Any, writeoff_id: Any) -> WriteOff:
    return get_visible_or_404(writeoffs_visible(user).select_related("asset", "document"), writeoff_id)


def access_document_by_id(user: Any, document_id: Any) -> AssetDocument:
    return get_visible_or_404(AssetDocument.objects.filter(asset__in=assets_visible(user)), document_id)


def import_batches_visible(user: Any) -> QuerySet[ImportBatch]:
    """A ledger import is its uploader's: checked, confirmed and read by them alone."""
    if not can(user, Capability.IMPORT_ASSETS):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(created_by=user)


def access_import_batch_by_id(user: Any, batch_id: Any) -> ImportBatch:
    return get_visible_or_404(import_batches_visible(user).select_related("job"), batch_id)


def writeoff_ledger(user: Any, *, level: str = "", area: str = "", department: str = "") -> QuerySet[WriteOff]:
    """The write-off ledger: the county master ledger (all), a township's or village's (by area), a
    department's (by competent department). All are views of the same approved rows."""
    qs = writeoffs_visible(user).filter(status=WriteOffStatus.APPROVED)
    if level:
        qs = qs.filter(asset__ledger_level=level)
    if area and area.isdigit() and len(area) <= 12:
        qs = qs.filter(in_area("asset__village_id", area))
    if department:
        qs = qs.filter(asset__department=department)
    return qs.select_related("asset", "asset__village", "document").order_by("-approved_on", "-created_at")


def asset_history(asset: Asset, *, limit: int = 300) -> QuerySet[AuditEntry]:
    related = [
        str(asset.pk),
        *(str(pk) for pk in asset.documents.values_list("pk", flat=True)),
        *(str(pk) for pk in asset.posts.values_list("pk", flat=True)),
        *(str(pk) for pk in asset.plans.values_list("pk", flat=True)),
        *(str(pk) for pk in asset.disposals.values_list("pk", flat=True)),
        *(str(pk) for pk in asset.writeoffs.values_list("pk", flat=True)),
    ]
    return AuditEntry.objects.filter(object_id__in=related).select_related("actor").order_by("-at", "-id")[:limit]


def asset_income_by_year(asset: Asset) -> list[dict[str, Any]]:
    rows = asset.incomes.values("received_on__year").annotate(total=Sum("amount")).order_by("-received_on__year")
    return [{"year": r["received_on__year"], "total": r["total"]} for r in rows]


def notice_plans(user: Any, *, limit: int = 200) -> QuerySet[IncomePlan]:
    """Filed distribution plans: the public notice page (no personal data on it)."""
    return (
        plans_visible(user)
        .filter(status=PlanStatus.FILED)
        .select_related("asset", "village")
        .prefetch_related("items")
        .order_by("-notice_from", "-updated_at")[:limit]
    )


def notice_disposals(user: Any, *, limit: int = 200) -> QuerySet[Disposal]:
    """Disposals whose notice or published result is public, and completed ones."""
    return (
        disposals_visible(user)
        .filter(status__in=(DisposalStatus.NOTICE, DisposalStatus.PUBLISHED, DisposalStatus.COMPLETED))
        .select_related("asset", "asset__village")
        .order_by("-notice_from", "-updated_at")[:limit]
    )


def pending_plans(user: Any) -> QuerySet[IncomePlan]:
    """Plans waiting for this user's step (township approval or county filing)."""
    held = [c for c in Capability if can(user, c)]
    return plans_visible(user).filter(status__in=statuses_waiting_for([PLAN], held))


def ledger_counts(user: Any) -> dict[str, dict[str, Any]]:
    """Count and value of active assets by class (the ledger page's head)."""
    result = {}
    qs = assets_visible(user).filter(status__in=(codes.AssetStatus.IN_USE, codes.AssetStatus.IDLE))
    for row in qs.values("asset_class").annotate(n=models.Count("id"), value=Sum("value")):
        result[row["asset_class"]] = {"n": row["n"], "value": row["value"]}
    return result
