"""Writes of 投诉举报, part one: a complaint comes in — recorded by township or county staff (a 12317 call, a
letter, a visit…) or submitted on the public page. Each gets a random receipt number and its deadline
(received + the policy parameter ``complaint_days`` of its area), in one transaction with its audit entry and
the first row of its history. The handling steps are in ``complaints.handling``.

The audit entries never carry the household's id (the household's history is read in its village) nor the
reporter's name or phone: a reporter is never made known to the village (举报人保密)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.complaints import checks, codes, selectors
from shoudi.complaints.access import require_work
from shoudi.complaints.models import Complaint
from shoudi.complaints.workflow import COMPLAINT_FLOW
from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audited_create
from shoudi.core.receipts import new_receipt
from shoudi.core.reveal import revealed
from shoudi.monitoring.policy_bridge import int_param
from shoudi.regions.models import Region
from shoudi.registry.models import Household

AUDIT_FIELDS = ["source", "kind", "received_on", "township", "village", "due_on", "status"]
REVEAL = Capability.REVEAL_PHONE  # the reporter's phone: whoever calls them back


def due_on(received_on: dt.date, area_code: str) -> dt.date:
    """The deadline: received + ``complaint_days`` of the area (village, else township) on that day."""
    return received_on + dt.timedelta(days=int_param("complaint_days", area_code, received_on))


def complaint_record(
    *,
    by: Any,
    source: str,
    kind: str,
    received_on: dt.date | None,
    township: Region | None,
    content: str,
    village: Region | None = None,
    household: Household | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
) -> Complaint:
    """Township or county staff record a complaint they received (12317 call, letter, visit, …). A household
    named must lie in the complaint's township (and village, when given); its village fills an empty one."""
    require_work(by)
    if source not in codes.Source.values:
        raise ValidationError({"source": f"来源“{source}”不在代码表中"})
    if township is not None and not code_in_user_area(by, township.code):
        raise ValidationError({"township": f"“{township.name}”不在您负责的区域内"})
    checks.area(township, village)
    assert township is not None
    if household is not None:
        if not household.village_id.startswith(township.code):
            raise ValidationError({"household": f"户 {household.number} 不在{township.name}"})
        if village is not None and household.village_id != village.code:
            raise ValidationError({"household": f"户 {household.number} 不在{village.name}"})
        village = village or Region.objects.get(code=household.village_id)
    return _create(
        by=by,
        source=source,
        kind=kind,
        received_on=checks.date(received_on, field="received_on", label="收到日期"),
        township=township,
        village=village,
        household=household,
        content=content,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
    )


def complaint_submit(
    *,
    township_code: str,
    village_code: str,
    kind: str,
    content: str,
    reporter_name: str = "",
    reporter_phone: str = "",
    on: dt.date | None = None,
) -> Complaint:
    """A complaint from the public page (no account): the area is one of the deployment's townships (and one
    of its villages, when given). The caller shows the receipt number, nothing else."""
    townships = {t.code: t for t in selectors.public_townships()}
    township = townships.get(str(township_code or ""))
    if township is None:
        raise ValidationError({"township": "请从列表中选择所属乡镇"})
    village = None
    if village_code:
        village = next((v for v in selectors.public_villages([township.code]) if v.code == village_code), None)
        if village is None:
            raise ValidationError({"village": f"请从{township.name}的村中选择，或不填"})
    return _create(
        by=None,
        source=codes.Source.ONLINE,
        kind=kind,
        received_on=on or timezone.localdate(),
        township=township,
        village=village,
        household=None,
        content=content,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
    )


def _create(
    *,
    by: Any,
    source: str,
    kind: str,
    received_on: dt.date,
    township: Region,
    village: Region | None,
    household: Household | None,
    content: str,
    reporter_name: str,
    reporter_phone: str,
) -> Complaint:
    if kind not in codes.Kind.values:
        raise ValidationError({"kind": f"类别“{kind}”不在代码表中，请从列表中选择"})
    complaint = Complaint(
        source=source,
        kind=kind,
        received_on=received_on,
        township=township,
        village=village,
        household=household,
        content=checks.text(content, field="content", label="反映内容", required=True),
        reporter_name=checks.text(reporter_name, field="reporter_name", label="反映人姓名", max_length=checks.MAX_NAME),
        reporter_phone=checks.phone(reporter_phone),
        due_on=due_on(received_on, village.code if village else township.code),
        status=codes.Status.PENDING,
        status_on=received_on,
    )
    with transaction.atomic():
        complaint.receipt = _unused_receipt()
        complaint = audited_create(complaint, by=by, fields=AUDIT_FIELDS, area_code=township.code)
        COMPLAINT_FLOW.record_start(
            complaint,
            by=by,
            action="receive",
            label="登记" if by is not None else "网上提交",
            on=received_on,
            payload={"来源": complaint.get_source_display(), "办理期限": complaint.due_on.isoformat()},
        )
    return complaint


def _unused_receipt() -> str:
    """A fresh receipt number (60 random bits: a clash is all but impossible, and would simply draw again)."""
    while True:
        receipt = new_receipt()
        if not Complaint.objects.filter(receipt=receipt).exists():
            return receipt


def complaint_phone_reveal(*, by: Any, complaint: Complaint) -> str:
    """The reporter's full phone, for a handler who calls them back (``REVEAL_PHONE`` over the complaint's
    township); every look is logged. Pages and the API show it masked."""
    where, phone = "在投诉举报页面查看反映人电话", complaint.reporter_phone
    return revealed(phone, by=by, capability=REVEAL, obj=complaint, area_code=complaint.township_id, reason=where)
