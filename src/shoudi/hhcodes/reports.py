"""The household's own report by its code (扫码申报): the public page's one write.

A report becomes exactly one lead with channel 农户自主申报 for the household the code belongs to, through
``monitoring.leads.lead_from_system`` — open at once for the village contact's home check within
``lead_check_days``. ``lead_online`` would wait first for the township to accept it: that step exists for the
online application, where the township must find out who is applying (ID and name typed by a stranger); here
the household is known from the code on its own door, so the lead goes straight to the village.

The phone stays on the ``CodeReport`` (staff see it masked); the lead's summary and evidence never hold it.
Limits: ``PER_CODE`` reports per code in any 24 hours (counted from the reports themselves, under the code's row
lock, so two at once cannot both take the last one) and ``PER_CLIENT`` per client address and hour
(``core.ratelimit``). The same form sent twice (a double tap, a reload) is one report."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.core.access import NotVisible
from shoudi.core.audit import audited_create
from shoudi.core.inputs import clean_text
from shoudi.core.masking import mask_numbers, mask_phone
from shoudi.core.ratelimit import allow
from shoudi.hhcodes.codes import HOTLINE, MAX_TEXT, RISK_HINTS, Trouble
from shoudi.hhcodes.models import CodeReport, HouseholdCode
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring import leads, policy_bridge

PER_CODE = 3  # reports per code in 24 hours: a family's urgent news, never a flood into the village's queue
PER_CLIENT = 10  # reports per client address and hour: a village office helping several families still fits
MOBILE = re.compile(r"1[3-9][0-9]{9}")
NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# A number typed into the sentence (a phone, an ID number) reaches the lead only masked (``core.masking``).
masked_numbers = mask_numbers


CODE_BUSY = (
    f"这户 24 小时内已经申报了 {PER_CODE} 次，村监测联系人会尽快与您联系；情况紧急请直接找村监测联系人或拨打 {HOTLINE}"
)
CLIENT_BUSY = f"提交过于频繁，请一小时后再试；情况紧急请直接找村监测联系人或拨打 {HOTLINE}"


def clean_mobile(value: str) -> str:
    """A mainland mobile number as typed (full-width digits, spaces, dashes, +86 allowed) → 11 digits; "" stays ""."""
    phone = unicodedata.normalize("NFKC", value or "").strip()
    phone = re.sub(r"[\s\-()（）]", "", phone)
    if not phone:
        return ""
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    if not MOBILE.fullmatch(phone):
        raise ValidationError({"phone": "请填写 11 位手机号，如 13800001234；不想留电话可以不填"})
    return phone


def check_days(village_code: str, on: dt.date) -> int:
    """The days within which the village contact checks a lead at home (policy parameter ``lead_check_days``)."""
    return policy_bridge.int_param("lead_check_days", village_code, on)


def report_submit(
    *, code: HouseholdCode, trouble: str, text: str, phone: str = "", nonce: str = "", client: str = ""
) -> CodeReport:
    """Record the household's report and its lead. Trusted caller (the public page has no user): holding the
    code is the household's say-so."""
    if trouble not in Trouble.values:
        raise ValidationError({"trouble": "请选择遇到的困难"})
    text = clean_text(text, field="text", label="困难情况", max_length=MAX_TEXT, required=True)
    phone = clean_mobile(phone)
    nonce = nonce if NONCE.fullmatch(nonce or "") else ""
    again = _same_form(code, nonce)
    if again is not None:
        return again
    if client and not allow(f"hhcode-client:{client}", limit=PER_CLIENT, seconds=3600):
        raise ValidationError(CLIENT_BUSY, code="busy")
    try:
        with transaction.atomic():
            return _record(code, trouble=trouble, text=text, phone=phone, nonce=nonce)
    except IntegrityError:  # the same form, sent twice at the same moment
        again = _same_form(code, nonce)
        if again is None:
            raise
        return again


def _same_form(code: HouseholdCode, nonce: str) -> CodeReport | None:
    if not nonce:
        return None
    return CodeReport.objects.filter(code=code, nonce=nonce).select_related("lead").first()


def _record(code: HouseholdCode, *, trouble: str, text: str, phone: str, nonce: str) -> CodeReport:
    current = HouseholdCode.objects.select_for_update().filter(pk=code.pk, revoked_at__isnull=True).first()
    if current is None:  # revoked while the form was open
        raise NotVisible()
    now = timezone.now()
    if CodeReport.objects.filter(code=current, submitted_at__gt=now - dt.timedelta(hours=24)).count() >= PER_CODE:
        raise ValidationError(CODE_BUSY, code="busy")
    household = code.household
    label = Trouble(trouble).label
    contact = "申报人留了联系电话（见一户一码申报记录）" if phone else "申报人没有留联系电话"
    lead = leads.lead_from_system(
        household=household,
        channel=mcodes.Channel.APPLICATION,
        summary=f"{label}：{masked_numbers(text)}",
        evidence=f"农户扫描一户一码申报（{timezone.localtime(now):%Y-%m-%d %H:%M}），{contact}。",
        risk_hint=RISK_HINTS[trouble],
        reported_on=timezone.localdate(now),
    )
    report = CodeReport(
        code=current,
        household=household,
        submitted_at=now,
        trouble=trouble,
        text=text,
        phone=phone,
        nonce=nonce,
        lead=lead,
    )
    return audited_create(
        report,
        by=None,
        fields=["trouble", "text", "phone"],
        clean_exclude=["nonce"],  # its uniqueness is the database's to enforce (a race ends in IntegrityError)
        mask={"联系电话": mask_phone},
        household_id=household.pk,
        area_code=household.village_id,
        reason="农户扫描一户一码申报",
    )
