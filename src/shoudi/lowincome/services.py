"""Writes on the register of the rural low-income population: a layer that 民政 decides is recorded
(``membership_record``) or ended (``membership_end``) by the 民政 clerk; the 民政 feed and a decided referral
use the trusted forms (``membership_open``, ``membership_close``), which check no user.

Each write is one transaction with its audit entries (``core.audit``), and keeps in step what depends on it:

- a pending referral (转介) of the same household and layer is decided 已纳入 and linked to the membership; those
  of the layers it rules out (低保 or 特困 rule out 低保边缘 and 刚性支出困难; 低保边缘 rules out 刚性支出困难) are
  decided 不予纳入 with that reason;
- the registry's person flags ``dibao`` / ``tekun`` (read by the screening rules and the reports) follow the
  household's 低保 / 特困 membership: opening one flags every member, ending it clears the flag (a write on
  another layer leaves the flags as the registry has them);
- ``next_due``, the next verification (跟踪核查), is the start + the layer's cadence (``lowincome.cadence``).

The small checks (``clean_*``) are shared with the referrals: each refusal is a ``ValidationError`` on the
field, in Chinese, naming it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import clean_text as clean_text  # the referrals' checks take it from here too
from shoudi.lowincome import cadence, codes
from shoudi.lowincome.access import DECIDE, require_may
from shoudi.lowincome.models import Membership, Referral
from shoudi.policy.layers import LAYER_LABELS
from shoudi.registry.models import Household, Person

AUDIT_FIELDS = [
    "layer",
    "status",
    "started_on",
    "ended_on",
    "end_reason",
    "phase_out_until",
    "deciding_body",
    "document_no",
    "source",
    "batch_ref",
    "dibao_class",
    "monthly_amount",
    "income_pattern",
    "next_due",
]
# A layer held rules out the layers below it (policy.layers): their pending referrals are settled when it opens.
SUPERSEDES: dict[str, tuple[str, ...]] = {
    codes.StoredLayer.DIBAO: (codes.StoredLayer.DIBAO_EDGE, codes.StoredLayer.RIGID_HARDSHIP),
    codes.StoredLayer.TEKUN: (codes.StoredLayer.DIBAO_EDGE, codes.StoredLayer.RIGID_HARDSHIP),
    codes.StoredLayer.DIBAO_EDGE: (codes.StoredLayer.RIGID_HARDSHIP,),
}
PERSON_FLAGS: dict[str, str] = {codes.StoredLayer.DIBAO: "dibao", codes.StoredLayer.TEKUN: "tekun"}
MAX_AMOUNT = Decimal("9999999999.99")  # the column's 12 digits
EARLIEST = dt.date(2000, 1, 1)
ACCEPTED_NOTES: dict[str, str] = {  # a pending referral decided by the membership's opening, by its source
    codes.Source.FEED: "民政数据：新增",
    codes.Source.PAGE: "民政部门已录入台账",
    codes.Source.REFERRAL: "民政部门审核认定，予以纳入",
}


# ---- checks ------------------------------------------------------------------------------------------------


def clean_date(
    value: dt.date | None,
    *,
    field: str,
    label: str,
    not_before: dt.date | None = None,
    before_label: str = "",
    future: bool = False,
) -> dt.date:
    """The date, today when not given: not in the future (unless ``future``), not before ``not_before``."""
    today = timezone.localdate()
    day = value or today
    if not future and day > today:
        raise ValidationError({field: f"{label}（{day.isoformat()}）不能晚于今天"})
    if day < EARLIEST:
        raise ValidationError({field: f"{label}不能早于2000年"})
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: f"{label}（{day.isoformat()}）不能早于{before_label}（{not_before.isoformat()}）"}
        )
    return day


def shown(value: Any, limit: int = 20) -> str:
    """A value as a message may quote it: printable characters only, at most ``limit``."""
    return "".join(ch for ch in str(value) if ch.isprintable())[:limit]


def clean_layer(layer: Any, *, field: str = "layer") -> str:
    if layer not in codes.StoredLayer.values:
        known = "、".join(f"{c.value}（{c.label}）" for c in codes.StoredLayer)
        raise ValidationError({field: f"类别“{shown(layer)}”不在代码表中，可选：{known}"})
    return str(layer)


def clean_amount(value: Any, *, field: str = "monthly_amount", label: str = "月救助金额") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}应为数字"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"{label}应为数字"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: f"{label}过大（最多 {MAX_AMOUNT} 元）"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label}最多保留两位小数"})
    return amount.quantize(Decimal("0.01"))


def _choice(value: Any, choices: Any, *, field: str, label: str, blank: bool = False) -> str:
    text = str(value or "")
    if blank and not text:
        return ""
    if text not in choices.values:
        known = "、".join(f"{c.value}（{c.label}）" for c in choices)
        raise ValidationError({field: f"{label}“{shown(text)}”不在代码表中，可选：{known}"})
    return text


def layer_label(layer: str) -> str:
    return LAYER_LABELS.get(layer, layer)


# ---- recording a layer ---------------------------------------------------------------------------------------


def membership_record(
    *,
    by: Any,
    household: Household,
    layer: str,
    started_on: dt.date | None,
    deciding_body: str = "县民政局",
    document_no: str = "",
    dibao_class: str = "",
    monthly_amount: Any = None,
    income_pattern: str = codes.IncomePattern.STABLE,
    source: str = codes.Source.PAGE,
    batch_ref: str = "",
) -> Membership:
    """The 民政 clerk records that ``household`` holds ``layer`` from ``started_on`` (not in the future)."""
    require_may(by, DECIDE, household.village_id)
    started = clean_date(started_on, field="started_on", label="纳入日期")
    return membership_open(
        by=by,
        household=household,
        layer=layer,
        started_on=started,
        deciding_body=deciding_body,
        document_no=document_no,
        dibao_class=dibao_class,
        monthly_amount=monthly_amount,
        income_pattern=income_pattern,
        source=source,
        batch_ref=batch_ref,
    )


def membership_open(
    *,
    by: Any,
    household: Household,
    layer: str,
    started_on: dt.date,
    deciding_body: str = "县民政局",
    document_no: str = "",
    dibao_class: str = "",
    monthly_amount: Any = None,
    income_pattern: str = codes.IncomePattern.STABLE,
    source: str = codes.Source.PAGE,
    batch_ref: str = "",
    status: str = codes.MembershipStatus.ACTIVE,
    phase_out_until: dt.date | None = None,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Open a membership. Trusted caller (the 民政 feed, a referral being decided): no user check here.
    Refused when the household already holds the layer; a pending referral of the layer is decided 已纳入
    (on ``decided_on``, default the start, with ``note``)."""
    layer = clean_layer(layer)
    membership = Membership(
        household=household,
        village_id=household.village_id,
        layer=layer,
        status=status,
        started_on=started_on,
        phase_out_until=phase_out_until,
        deciding_body=clean_text(deciding_body, field="deciding_body", label="认定机关", max_length=50, required=True),
        document_no=clean_text(document_no, field="document_no", label="认定文号", max_length=50),
        source=_choice(source, codes.Source, field="source", label="来源"),
        batch_ref=clean_text(batch_ref, field="batch_ref", label="来源批次", max_length=100),
        dibao_class=_dibao_class(layer, dibao_class),
        monthly_amount=clean_amount(monthly_amount),
        income_pattern=_choice(income_pattern, codes.IncomePattern, field="income_pattern", label="收入状况"),
    )
    membership.next_due = cadence.next_due(membership, started_on)
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).first()  # one writer per household
        _refuse_second(household, layer)
        try:
            with transaction.atomic():
                membership = audited_create(
                    membership,
                    by=by,
                    fields=AUDIT_FIELDS,
                    clean_exclude=["household", "village"],  # the open-layer constraint: checked above, in Chinese
                    household_id=household.pk,
                    area_code=household.village_id,
                )
        except IntegrityError:
            raise ValidationError({"layer": _held_message(household, layer)}) from None
        _accept_pending(membership, by=by, on=decided_on, note=note)
        _decline_superseded(membership, by=by, on=decided_on or started_on)
        sync_person_flags(household, by=by, layers=[layer])
    return membership


def _dibao_class(layer: str, value: Any) -> str:
    text = _choice(value, codes.DibaoClass, field="dibao_class", label="低保类别", blank=True)
    if text and layer != codes.StoredLayer.DIBAO:
        raise ValidationError({"dibao_class": "只有最低生活保障对象填写低保类别"})
    return text


def _held_message(household: Household, layer: str) -> str:
    return f"户 {household.number} 已是{layer_label(layer)}（台账中尚未退出），不能重复纳入"


def _refuse_second(household: Household, layer: str) -> None:
    found = Membership.objects.filter(household=household, layer=layer, ended_on__isnull=True).first()
    if found is not None:
        raise ValidationError(
            {"layer": f"户 {household.number} 已是{layer_label(layer)}（{found.started_on:%Y-%m-%d} 起），不能重复纳入"}
        )


def _accept_pending(membership: Membership, *, by: Any, on: dt.date | None, note: str) -> None:
    pending = (
        Referral.objects.select_for_update()
        .filter(household_id=membership.household_id, layer=membership.layer, status=codes.ReferralStatus.PENDING)
        .first()
    )
    if pending is None:
        return
    decided = on or max(membership.started_on, pending.referred_on)
    default = ACCEPTED_NOTES.get(membership.source, "")
    audited_update(
        pending,
        by=by,
        changes={
            "status": codes.ReferralStatus.ACCEPTED,
            "decided_on": decided,
            "decision_note": (note or default)[:300],
            "decided_by": by if getattr(by, "pk", None) else None,
            "membership": membership,
        },
        fields=["status", "decided_on", "decision_note"],
        lock=False,
        household_id=membership.household_id,
        area_code=membership.village_id,
    )


def _decline_superseded(membership: Membership, *, by: Any, on: dt.date) -> None:
    lower = SUPERSEDES.get(membership.layer, ())
    pending = Referral.objects.select_for_update().filter(
        household_id=membership.household_id, layer__in=lower, status=codes.ReferralStatus.PENDING
    )
    for referral in pending:
        note = f"已纳入{layer_label(membership.layer)}，不再按{referral.get_layer_display()}认定"
        audited_update(
            referral,
            by=by,
            changes={
                "status": codes.ReferralStatus.DECLINED,
                "decided_on": max(on, referral.referred_on),
                "decision_note": note,
                "decided_by": by if getattr(by, "pk", None) else None,
            },
            fields=["status", "decided_on", "decision_note"],
            lock=False,
            household_id=membership.household_id,
            area_code=membership.village_id,
            reason=note,
        )


# ---- ending a layer ----------------------------------------------------------------------------------------------


def membership_end(*, by: Any, membership: Membership, ended_on: dt.date | None, reason: str) -> Membership:
    """The 民政 clerk records that the household left ``membership``'s layer on ``ended_on`` (not in the future)."""
    require_may(by, DECIDE, membership.village_id)
    ended = clean_date(
        ended_on, field="ended_on", label="退出日期", not_before=membership.started_on, before_label="纳入日期"
    )
    return membership_close(by=by, membership=membership, ended_on=ended, reason=reason)


def membership_close(*, by: Any, membership: Membership, ended_on: dt.date, reason: str) -> Membership:
    """End an open membership. Trusted caller (the 民政 feed's 停止, a follow-up's 停止): no user check here."""
    reason = clean_text(reason, field="end_reason", label="退出原因", max_length=200, required=True)
    if ended_on < membership.started_on:
        raise ValidationError(
            {"ended_on": f"退出日期（{ended_on.isoformat()}）不能早于纳入日期（{membership.started_on.isoformat()}）"}
        )
    with transaction.atomic():
        current = Membership.objects.select_for_update().select_related("household").get(pk=membership.pk)
        if not current.is_open:
            raise ConflictError(f"该{current.get_layer_display()}已于 {current.ended_on} 退出，请刷新后重试")
        current, _ = audited_update(
            current,
            by=by,
            changes={
                "status": codes.MembershipStatus.ENDED,
                "ended_on": ended_on,
                "end_reason": reason,
                "next_due": None,
            },
            fields=["status", "ended_on", "end_reason"],
            lock=False,
            household_id=current.household_id,
            area_code=current.village_id,
            reason=reason,
        )
        sync_person_flags(current.household, by=by, layers=[current.layer])
    return current


# ---- the registry's person flags -----------------------------------------------------------------------------


def sync_person_flags(household: Household, *, by: Any, layers: Iterable[str] | None = None) -> int:
    """Every member's ``dibao`` / ``tekun`` flag as the household's open memberships say, for ``layers`` (those
    a write changed; default both), inside the caller's transaction; one audit entry per member changed. A flag
    of a layer the write did not touch is left as the registry has it. Returns the number of members changed."""
    touched = [layer for layer in (PERSON_FLAGS if layers is None else layers) if layer in PERSON_FLAGS]
    if not touched:
        return 0
    held = set(
        Membership.objects.filter(household=household, ended_on__isnull=True, layer__in=touched).values_list(
            "layer", flat=True
        )
    )
    wanted = {PERSON_FLAGS[layer]: layer in held for layer in touched}
    changed = 0
    others = [f.name for f in Person._meta.concrete_fields if f.name not in PERSON_FLAGS.values()]
    for person in Person.objects.select_for_update().filter(household=household).order_by("pk"):
        changes = {flag: value for flag, value in wanted.items() if getattr(person, flag) != value}
        if not changes:
            continue
        audited_update(
            person,
            by=by,
            changes=changes,
            lock=False,
            clean_exclude=others,  # only the flags change: the member's other data are not re-judged here
            household_id=household.pk,
            area_code=household.village_id,
            reason="与低收入人口台账同步",
        )
        changed += 1
    return changed
