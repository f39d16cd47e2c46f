"""Writes of 一户一码: issue a household's code (one, or every household of an area that has none — idempotent),
revoke it with a reason, reissue (revoke and issue in one step), and the audit entries of printing.

Every write checks its actor (``MANAGE_HOUSEHOLD_CODES`` over the household's village), runs in one transaction
and leaves an audit entry; the token itself is never written to the audit log. ``by=None`` is the system (the
``household_codes`` command), the only caller without a user."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import clean_text
from shoudi.core.models import AuditEntry
from shoudi.core.reveal import revealed
from shoudi.hhcodes.models import CodeReport, HouseholdCode
from shoudi.hhcodes.selectors import missing_in
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

MANAGE = Capability.MANAGE_HOUSEHOLD_CODES
REVEAL = Capability.REVEAL_PHONE
NO_PHONE = "这条扫码申报没有留联系电话"
REVEAL_REFUSED = "当前账号不能查看完整电话：只有监测联系人、帮扶责任人、乡镇审核员和县乡村振兴局可以查看"
CODE_FIELDS = ["household", "issued_at", "revoked_at", "revoke_reason"]
BATCH = 500


def new_token() -> str:
    """128 random bits, URL-safe: nothing in it is the ID, the household number or anything guessable."""
    return secrets.token_urlsafe(16)


def _check(by: Any, area_code: str) -> None:
    if by is not None:
        require(by, MANAGE, area_code)


def code_issue(*, by: Any, household: Household) -> HouseholdCode:
    """The household's code: a new one, or the active one it already has (issuing twice changes nothing)."""
    _check(by, household.village_id)
    found = HouseholdCode.objects.filter(household=household, revoked_at__isnull=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return _create(by, household)
    except IntegrityError:  # issued a moment ago by someone else
        found = HouseholdCode.objects.filter(household=household, revoked_at__isnull=True).first()
        if found is None:
            raise
        return found


def _create(by: Any, household: Household, reason: str = "生成一户一码") -> HouseholdCode:
    code = HouseholdCode(
        household=household,
        token=new_token(),
        issued_at=timezone.now(),
        issued_by=by if getattr(by, "pk", None) else None,
    )
    return audited_create(
        code,
        by=by,
        fields=["household", "issued_at"],
        household_id=household.pk,
        area_code=household.village_id,
        reason=reason,
    )


@dataclass(frozen=True)
class Issued:
    villages: int
    issued: int


def codes_issue_missing(*, by: Any, area_code: str) -> Issued:
    """A code for every household of the area (a village, a township, a county…) that has no active one; run
    again, it issues nothing. One audit entry per village says how many were issued and by whom."""
    region = Region.objects.filter(code=str(area_code or "")).first()
    if region is None:
        raise ValidationError({"area": f"区划代码“{area_code}”不存在"})
    _check(by, region.code)
    now = timezone.now()
    actor = by if getattr(by, "pk", None) else None
    villages: dict[str, int] = {}
    with transaction.atomic():
        pending = list(missing_in(region.code).order_by("village_id", "number").values_list("pk", "village_id"))
        for start in range(0, len(pending), BATCH):
            rows = [
                HouseholdCode(household_id=pk, token=new_token(), issued_at=now, issued_by=actor, created_by=actor)
                for pk, _ in pending[start : start + BATCH]
            ]
            HouseholdCode.objects.bulk_create(rows, ignore_conflicts=True)  # a household issued meanwhile: skipped
        for _, village in pending:
            villages[village] = villages.get(village, 0) + 1
        places = Region.objects.in_bulk(list(villages), field_name="code")
        for village, count in villages.items():
            audit_entry(
                actor=by,
                action=AuditEntry.Action.CREATE,
                obj=places[village],
                changes={"一户一码": [None, f"生成 {count} 户"]},
                area_code=village,
                reason="为尚无二维码的农户生成一户一码",
            )
    return Issued(villages=len(villages), issued=len(pending))


def _reason(reason: str) -> str:
    return clean_text(reason, field="reason", label="作废原因", max_length=200, required=True)


def code_revoke(*, by: Any, household: Household, reason: str) -> HouseholdCode:
    """The household's active code stops working at once (its QR code opens the 已失效 page); the row stays."""
    _check(by, household.village_id)
    reason = _reason(reason)
    with transaction.atomic():
        current = HouseholdCode.objects.select_for_update().filter(household=household, revoked_at__isnull=True).first()
        if current is None:
            raise ConflictError("该户没有有效的二维码（可能刚被他人作废），请刷新后重试", code="conflict")
        revoked, _ = audited_update(
            current,
            by=by,
            changes={
                "revoked_at": timezone.now(),
                "revoked_by": by if getattr(by, "pk", None) else None,
                "revoke_reason": reason,
            },
            fields=["revoked_at", "revoke_reason"],
            lock=False,
            household_id=household.pk,
            area_code=household.village_id,
            reason=reason,
        )
    return revoked


def code_reissue(*, by: Any, household: Household, reason: str) -> HouseholdCode:
    """Revoke the active code (if any) and issue a new one, in one transaction: a lost or photographed card."""
    _check(by, household.village_id)
    reason = _reason(reason)
    with transaction.atomic():
        if HouseholdCode.objects.filter(household=household, revoked_at__isnull=True).exists():
            code_revoke(by=by, household=household, reason=reason)
        return _create(by, household, reason=f"重新生成一户一码：{reason}")


def sheet_printed(*, by: Any, village: Region, count: int) -> None:
    """打印 the village's A4 sheet of household cards: who printed how many cards, when."""
    require(by, MANAGE, village.code)
    if village.level != Level.VILLAGE:
        raise ValidationError({"village": "只能按村打印一户一码"})
    audit_entry(
        actor=by,
        action=AuditEntry.Action.EXPORT,
        obj=village,
        changes={"一户一码卡片": [None, f"打印 {count} 张"]},
        area_code=village.code,
        reason="打印一户一码卡片",
    )


def png_exported(*, by: Any, code: HouseholdCode) -> None:
    """One household's QR code downloaded as a picture (to print or send): logged as printing is."""
    require(by, MANAGE, code.household.village_id)
    audit_entry(
        actor=by,
        action=AuditEntry.Action.EXPORT,
        obj=code,
        changes={"一户一码": [None, "下载二维码图片"]},
        household_id=code.household_id,
        area_code=code.household.village_id,
        reason="下载一户一码图片",
    )


def report_phone_reveal(*, by: Any, report: CodeReport, where: str) -> str:
    """The full phone a household left on its scan report, for a role that calls households (``REVEAL_PHONE``
    over the household's village: the village contact, the 帮扶责任人, township and county — not the 村两委);
    every look is logged (who, which report, from where) in the household's history (``core.reveal``)."""
    require(by, REVEAL, report.household.village_id)  # before saying whether there is a phone at all
    if not report.phone:
        raise ValidationError({"phone": NO_PHONE})
    village = report.household.village_id
    return revealed(
        report.phone,
        by=by,
        capability=REVEAL,
        obj=report,
        area_code=village,
        reason=where,
        household_id=report.household_id,
    )
