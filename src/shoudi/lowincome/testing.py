"""Builders for tests: rows of the low-income register written straight with the ORM, for tests whose subject
is what comes after (follow-ups, entitlements, reports). Tests of recording a layer go through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.lowincome import codes
from shoudi.lowincome.models import Membership
from shoudi.registry.models import Household


def membership(
    household: Household,
    layer: str = codes.StoredLayer.DIBAO,
    started_on: dt.date = dt.date(2025, 1, 1),
    **fields: Any,
) -> Membership:
    """An open membership of ``household`` in ``layer`` (民政's page as its source)."""
    fields.setdefault("monthly_amount", Decimal("400.00") if layer == codes.StoredLayer.DIBAO else None)
    return Membership.objects.create(
        household=household,
        village_id=household.village_id,
        layer=layer,
        started_on=started_on,
        **fields,
    )
