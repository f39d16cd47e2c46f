"""One audited look at a full value (a phone, an ID number) that pages and the API otherwise show masked.

``revealed`` is the one way a service hands a masked value out in full: it checks the actor's capability over
the object's area (``require``: a 404 outside it, as everywhere), writes the ``REVEAL`` audit entry (who,
what, from where — never the value itself) and returns the value. The registry's household phone, the
complaints' reporter phone, the monitoring application's ID number and phone and the 一户一码 scan report's
phone all go through it."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db.models import Model

from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry

T = TypeVar("T")


def revealed(
    value: T,
    *,
    by: Any,
    capability: Capability,
    obj: Model,
    area_code: str,
    reason: str,
    household_id: uuid.UUID | None = None,
) -> T:
    """``value`` for ``by`` when their role holds ``capability`` over ``area_code`` (else ``NotVisible``), after
    logging the look against ``obj`` (and the household's history when ``household_id`` is given)."""
    require(by, capability, area_code)
    audit_entry(
        actor=by,
        action=AuditEntry.Action.REVEAL,
        obj=obj,
        household_id=household_id,
        area_code=area_code,
        reason=reason,
    )
    return value
