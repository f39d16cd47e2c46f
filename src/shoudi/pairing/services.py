"""Writes of 结对帮扶: pair a helper cadre with households, end pairings. Each checks the actor's capability and
area, runs in one transaction and writes the audit entry; a cadre must be a helper cadre whose area contains
the household's village."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.core.access import Capability, code_in_user_area, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.pairing.models import Pairing
from shoudi.registry.models import Household

AUDIT_FIELDS = ["cadre", "since", "until", "end_reason"]


@dataclass(frozen=True)
class Assigned:
    created: int
    already: int  # households already paired with this cadre (left as they are)


def check_cadre(cadre: Any, village_code: str, field: str = "cadre") -> None:
    """The cadre is an active helper cadre whose area contains the village."""
    if cadre is None or getattr(cadre, "role", "") != Role.HELPER_CADRE or not cadre.is_active:
        raise ValidationError({field: "请选择一位帮扶责任人"})
    if not code_in_user_area(cadre, village_code):
        raise ValidationError({field: f"帮扶责任人“{cadre.display_name}”的负责区域不包含该户所在村"})


def check_since(since: dt.date | None, field: str = "since") -> dt.date:
    if since is None:
        raise ValidationError({field: "请填写结对开始日期"})
    if since > timezone.localdate():
        raise ValidationError({field: "结对开始日期不能晚于今天"})
    if since.year < 2000:
        raise ValidationError({field: "结对开始日期不能早于2000年"})
    return since


def pairing_create(*, by: Any, household: Household, cadre: Any, since: dt.date | None) -> Pairing:
    """Pair ``cadre`` with ``household`` from ``since``. A household may have several cadres, not the same twice."""
    require(by, Capability.ASSIGN_HELPERS, household.village_id)
    check_cadre(cadre, household.village_id)
    since = check_since(since)
    with transaction.atomic():
        if Pairing.objects.select_for_update().filter(household=household, cadre=cadre, until__isnull=True).exists():
            raise ValidationError({"household": f"户 {household.number} 已与{cadre.display_name}结对"})
        pairing = Pairing(
            household=household, village_id=household.village_id, cadre=cadre, since=since, assigned_by=by
        )
        return audited_create(
            pairing, by=by, fields=AUDIT_FIELDS, household_id=household.pk, area_code=household.village_id
        )


def pairings_assign(*, by: Any, households: Sequence[Household], cadre: Any, since: dt.date | None) -> Assigned:
    """Pair ``cadre`` with each of ``households`` (one village's page, ticked): all or nothing. Households
    already paired with this cadre are counted and left as they are."""
    if not households:
        raise ValidationError({"households": "请至少勾选一户"})
    created = already = 0
    with transaction.atomic():
        for household in households:
            require(by, Capability.ASSIGN_HELPERS, household.village_id)
            if Pairing.objects.filter(household=household, cadre=cadre, until__isnull=True).exists():
                already += 1
                continue
            pairing_create(by=by, household=household, cadre=cadre, since=since)
            created += 1
    return Assigned(created=created, already=already)


def pairing_end(*, by: Any, pairing: Pairing, until: dt.date | None, reason: str = "") -> Pairing:
    """End a pairing on ``until``; it stays in the household's history."""
    require(by, Capability.ASSIGN_HELPERS, pairing.village_id)
    if until is None:
        raise ValidationError({"until": "请填写结对结束日期"})
    if until < pairing.since:
        raise ValidationError({"until": f"结对结束日期不能早于开始日期 {pairing.since:%Y-%m-%d}"})
    if until > timezone.localdate():
        raise ValidationError({"until": "结对结束日期不能晚于今天"})
    if len(reason) > 200:
        raise ValidationError({"reason": "解除原因不能超过200个字"})
    with transaction.atomic():
        current = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if current.until is not None:
            raise ConflictError("该结对已解除，请刷新后查看", code="conflict")
        ended, _diff = audited_update(
            current,
            by=by,
            changes={"until": until, "end_reason": reason.strip()},
            fields=AUDIT_FIELDS,
            lock=False,
            household_id=current.household_id,
            area_code=current.village_id,
        )
    return ended


def pairings_end(*, by: Any, households: Sequence[Household], cadre: Any, until: dt.date | None) -> int:
    """End the current pairings of ``cadre`` with each of ``households`` (ticked on the village page)."""
    if not households:
        raise ValidationError({"households": "请至少勾选一户"})
    if cadre is None:
        raise ValidationError({"cadre": "请选择一位帮扶责任人"})
    ended = 0
    with transaction.atomic():
        for household in households:
            require(by, Capability.ASSIGN_HELPERS, household.village_id)
            found = Pairing.objects.filter(household=household, cadre=cadre, until__isnull=True).first()
            if found is not None:
                pairing_end(by=by, pairing=found, until=until, reason="")
                ended += 1
        if not ended:
            raise ValidationError({"households": f"勾选的农户都未与{cadre.display_name}结对"})
    return ended
