"""转介 (referrals) to 民政: a household that qualifies for a layer 民政 decides (低保, 特困, 低保边缘, 刚性支出困难)
and does not hold it is sent to 民政 — by township or county staff (``referral_create``, capability REFER) or by
the classification run (``referral_save``, trusted) — and 民政's decision is recorded back: by the 民政 clerk
(``referral_decide``) or by the 民政 feed (a 新增 opens the membership, which decides the referral).

One pending referral per household and layer (a database constraint; a second is refused in Chinese), none for
a layer the household already holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.lowincome import codes
from shoudi.lowincome.access import DECIDE, REFER, require_may
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.services import (
    clean_date,
    clean_layer,
    clean_text,
    layer_label,
    membership_open,
    shown,
)
from shoudi.registry.models import Household

MAX_REASONS = 30
MAX_REASON = 500
AUDIT_FIELDS = ["layer", "source", "referred_on", "status", "per_capita_income", "as_of"]


def clean_reasons(reasons: Iterable[Any] | str, *, field: str = "reasons") -> list[str]:
    """Reasons as a list of sentences: a text is split into its lines; blank ones dropped; at least one."""
    items = str(reasons).splitlines() if isinstance(reasons, str) else list(reasons)
    cleaned = []
    for n, item in enumerate(items, start=1):
        text = clean_text(item, field=field, label=f"转介依据第{n}条", max_length=MAX_REASON)
        if text:
            cleaned.append(text)
    if not cleaned:
        raise ValidationError({field: "请填写转介依据（如人均纯收入与低保标准的比较、家庭困难情况）"})
    if len(cleaned) > MAX_REASONS:
        raise ValidationError({field: f"转介依据最多 {MAX_REASONS} 条，当前 {len(cleaned)} 条"})
    return cleaned


def _pending_message(household: Household, layer: str) -> str:
    return f"户 {household.number} 已有待民政认定的{layer_label(layer)}转介，不能重复转介"


def referral_create(
    *,
    by: Any,
    household: Household,
    layer: str,
    reasons: Iterable[Any] | str,
    source: str = codes.ReferralSource.STAFF,
    referred_on: dt.date | None = None,
) -> Referral:
    """Township or county staff refer ``household`` to 民政 for ``layer``, saying why."""
    require_may(by, REFER, household.village_id)
    if source not in codes.ReferralSource.values:
        raise ValidationError({"source": f"转介来源“{shown(source)}”不在代码表中"})
    return referral_save(
        by=by,
        household=household,
        layer=layer,
        reasons=clean_reasons(reasons),
        source=source,
        referred_on=clean_date(referred_on, field="referred_on", label="转介日期"),
    )


def referral_save(
    *,
    by: Any,
    household: Household,
    layer: str,
    reasons: list[str],
    source: str,
    referred_on: dt.date,
    per_capita_income: Decimal | None = None,
    as_of: dt.date | None = None,
) -> Referral:
    """Write a referral. Trusted caller (the classification run, a follow-up): no user check here."""
    layer = clean_layer(layer)
    referral = Referral(
        household=household,
        village_id=household.village_id,
        layer=layer,
        source=source,
        referred_on=referred_on,
        reasons=list(reasons),
        per_capita_income=per_capita_income.quantize(Decimal("0.01")) if per_capita_income is not None else None,
        as_of=as_of,
        created_by=by if getattr(by, "pk", None) else None,
    )
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).first()  # one writer per household
        held = Membership.objects.filter(household=household, layer=layer, ended_on__isnull=True).first()
        if held is not None:
            raise ValidationError(
                {"layer": f"户 {household.number} 已是{layer_label(layer)}（{held.started_on:%Y-%m-%d} 起），无需转介"}
            )
        if Referral.objects.filter(household=household, layer=layer, status=codes.ReferralStatus.PENDING).exists():
            raise ValidationError({"layer": _pending_message(household, layer)})
        try:
            with transaction.atomic():
                return audited_create(
                    referral,
                    by=by,
                    fields=AUDIT_FIELDS,
                    clean_exclude=["household", "village"],  # the one-pending constraint: checked above, in Chinese
                    household_id=household.pk,
                    area_code=household.village_id,
                    reason="；".join(reasons)[:1000],
                )
        except IntegrityError:  # another referral of the same household and layer was written meanwhile
            raise ValidationError({"layer": _pending_message(household, layer)}) from None


def _locked_pending(referral: Referral) -> Referral:
    current = Referral.objects.select_for_update().select_related("household").get(pk=referral.pk)
    if current.status != codes.ReferralStatus.PENDING:
        raise ConflictError(f"该转介当前为“{current.get_status_display()}”，请刷新后重试", code="conflict")
    return current


def referral_decide(
    *,
    by: Any,
    referral: Referral,
    accepted: bool,
    decided_on: dt.date | None = None,
    note: str = "",
    started_on: dt.date | None = None,
    deciding_body: str = "县民政局",
    document_no: str = "",
    dibao_class: str = "",
    monthly_amount: Any = None,
    income_pattern: str = codes.IncomePattern.STABLE,
) -> Referral:
    """The 民政 clerk decides a pending referral: 已纳入 opens the membership (from ``started_on``, default the
    decision's date) with its fields; 不予纳入 needs the reason (``note``)."""
    require_may(by, DECIDE, referral.village_id)
    decided = clean_date(
        decided_on, field="decided_on", label="认定日期", not_before=referral.referred_on, before_label="转介日期"
    )
    note = clean_text(note, field="decision_note", label="认定意见", max_length=300)
    if not accepted and not note:
        raise ValidationError({"decision_note": "不予纳入时请填写认定意见（不予纳入的理由）"})
    start = clean_date(started_on or decided, field="started_on", label="纳入日期") if accepted else None
    with transaction.atomic():
        current = _locked_pending(referral)
        if accepted:
            assert start is not None
            membership_open(
                by=by,
                household=current.household,
                layer=current.layer,
                started_on=start,
                deciding_body=deciding_body,
                document_no=document_no,
                dibao_class=dibao_class,
                monthly_amount=monthly_amount,
                income_pattern=income_pattern,
                source=codes.Source.REFERRAL,
                decided_on=decided,
                note=note,
            )
        else:
            _settle(current, by=by, status=codes.ReferralStatus.DECLINED, on=decided, note=note)
    return Referral.objects.select_related("household", "membership").get(pk=referral.pk)


def referral_withdraw(*, by: Any, referral: Referral, reason: str, on: dt.date | None = None) -> Referral:
    """Township or county staff withdraw a pending referral (the situation changed, referred by mistake)."""
    require_may(by, REFER, referral.village_id)
    day = clean_date(on, field="on", label="撤回日期", not_before=referral.referred_on, before_label="转介日期")
    reason = clean_text(reason, field="reason", label="撤回理由", max_length=300, required=True)
    with transaction.atomic():
        current = _locked_pending(referral)
        return _settle(current, by=by, status=codes.ReferralStatus.WITHDRAWN, on=day, note=reason)


def _settle(referral: Referral, *, by: Any, status: str, on: dt.date, note: str) -> Referral:
    saved, _ = audited_update(
        referral,
        by=by,
        changes={
            "status": status,
            "decided_on": on,
            "decision_note": note,
            "decided_by": by if getattr(by, "pk", None) else None,
        },
        fields=["status", "decided_on", "decision_note"],
        lock=False,
        household_id=referral.household_id,
        area_code=referral.village_id,
        reason=note,
    )
    return saved
