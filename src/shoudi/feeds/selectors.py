"""Scoped reads of department data.

- A department clerk sees only the batches they uploaded themselves (their department's sources).
- A county officer (``view_feeds``) sees every batch of their area.
- Anyone else sees none; a batch outside what one sees is a 404, as for households.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shoudi.core.access import Capability, NotVisible, get_visible_or_404, in_area
from shoudi.feeds.models import FeedBatch, FeedRecord

# Who may use the department-data pages and API at all (each page then asks for its own).
FEED_CAPABILITIES = (Capability.UPLOAD_FEEDS, Capability.VIEW_FEEDS, Capability.MAP_FEEDS)


def require_feeds(user: Any) -> None:
    """``NotVisible`` (404) unless the user works with department data in some way."""
    if not getattr(user, "is_authenticated", False) or not any(user.can(c) for c in FEED_CAPABILITIES):
        raise NotVisible()


def batches_visible(user: Any) -> QuerySet[FeedBatch]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "area_id", None):
        return FeedBatch.objects.none()
    scope = in_area("area_id", user.area_id)
    if user.can(Capability.VIEW_FEEDS):
        return FeedBatch.objects.filter(scope)
    if user.can(Capability.UPLOAD_FEEDS):
        return FeedBatch.objects.filter(scope, uploaded_by=user)
    return FeedBatch.objects.none()


def batch_list(user: Any, *, source: str = "", status: str = "") -> QuerySet[FeedBatch]:
    qs = batches_visible(user).select_related("uploaded_by", "area", "job")
    if source:
        qs = qs.filter(source=source)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def access_batch_by_id(user: Any, batch_id: Any) -> FeedBatch:
    return get_visible_or_404(batch_list(user), batch_id)


def records_for_area(area_code: str, *, unmatched: bool = False) -> QuerySet[FeedRecord]:
    """FeedRecords whose matched household lies in ``area_code`` or whose village code does (water by
    village), from applied batches. With ``unmatched=True`` also the unmatched rows (no household, no
    village) of batches whose county lies in the area — the input of probabilistic linkage.

    Not scoped to a user: callers (the screening engine) check the user's right to the area first."""
    q = in_area("household__village_id", area_code) | (~Q(village_code="") & in_area("village_code", area_code))
    if unmatched:
        q |= Q(match=FeedRecord.Match.NONE, household__isnull=True, village_code="") & in_area(
            "batch__area_id", area_code
        )
    return FeedRecord.objects.filter(q, batch__status=FeedBatch.Status.APPLIED)
