"""Real records of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py): a lead, a case under
monitoring with its plan, a measure, a visit, an attachment, and a notice with an objection. Built straight with
the ORM (the sweep is about reads); each function returns the same object on every call."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from shoudi.assistance.models import Measure, Plan, Visit
from shoudi.monitoring import codes
from shoudi.monitoring.models import Attachment, Case, Lead, Notice, NoticeEntry, Objection
from shoudi.monitoring.models_apply import Application
from shoudi.monitoring.models_checks import Announcement, AnnouncementEntry
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A

DAY = dt.date(2026, 1, 5)


def _household() -> Household:
    household = Household.objects.filter(village_id=VILLAGE_A).order_by("number").first()
    assert household is not None, "the sweep needs a household of village A (fixture household_a)"
    return household


def case() -> Case:
    household = _household()
    found = Case.objects.filter(household=household).first()
    if found is None:
        found = Case.objects.create(
            household=household,
            village_id=VILLAGE_A,
            status=codes.Status.MONITORED,
            is_open=True,
            status_on=DAY,
            category=codes.Category.MARGINAL,
            channel=codes.Channel.CADRE_VISIT,
            opened_on=DAY,
            deadline=DAY + dt.timedelta(days=15),
            period_start=DAY,
        )
        Plan.objects.create(case=found, made_on=DAY, summary="区域检查")
    return found


def lead() -> Lead:
    household = _household()
    found = Lead.objects.filter(household=household).first()
    return found or Lead.objects.create(
        household=household,
        village_id=VILLAGE_A,
        channel=codes.Channel.CADRE_VISIT,
        summary="区域检查线索",
        reported_on=DAY,
        due_on=DAY + dt.timedelta(days=3),
    )


def measure() -> Measure:
    found = Measure.objects.filter(case=case()).first()
    return found or Measure.objects.create(
        case=case(),
        kind="employment",
        content="区域检查措施",
        start=DAY,
        responsible_unit="盘石镇",
        responsible_person="检查员",
    )


def visit() -> Visit:
    found = Visit.objects.filter(case=case()).first()
    if found is None:
        found = Visit(case=case(), visited_on=DAY, visitor_name="检查员", findings="区域检查走访")
        found.photo.save("visit.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return found


def attachment() -> Attachment:
    found = Attachment.objects.filter(case=case()).first()
    if found is None:
        found = Attachment(
            case=case(), kind=codes.AttachmentKind.PHOTO, original_name="sweep.jpg", content_type="image/jpeg", size=4
        )
        found.file.save("sweep.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return found


def notice() -> Notice:
    found = Notice.objects.filter(village_id=VILLAGE_A).first()
    if found is None:
        found = Notice.objects.create(
            village_id=VILLAGE_A,
            kind=codes.NoticeKind.INCLUSION,
            posted_on=DAY,
            ends_on=DAY + dt.timedelta(days=5),
            objection_channel="村委会",
        )
        NoticeEntry.objects.create(notice=found, case=case(), head_name="户主", size=3)
    return found


def objection() -> Objection:
    found = Objection.objects.filter(notice=notice()).first()
    return found or Objection.objects.create(notice=notice(), case=case(), received_on=DAY, content="区域检查异议")


def announcement() -> Announcement:
    """A 结果公告 of village A listing the case."""
    found = Announcement.objects.filter(village_id=VILLAGE_A).first()
    if found is None:
        found = Announcement.objects.create(
            village_id=VILLAGE_A, kind=codes.NoticeKind.INCLUSION, posted_on=DAY, issuer="区域检查镇人民政府"
        )
        AnnouncementEntry.objects.create(
            announcement=found, case=case(), head_name="区域检查", size=3, decided_on=DAY, decided_by="县人民政府"
        )
    return found


def application() -> Application:
    """An unregistered applicant's online application in village A (only the township reviewer opens it)."""
    found = Application.objects.filter(village_id=VILLAGE_A).first()
    return found or Application.objects.create(
        submitted_at=timezone.now(),
        name="区域检查申请人",
        id_number="520628195001011017",
        phone="13900000000",
        village_id=VILLAGE_A,
        description="区域检查",
        status="unregistered",
        accept_due=DAY + dt.timedelta(days=2),
    )
