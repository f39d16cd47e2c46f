"""投诉举报: the list's filter, recording a complaint, each handling step on the complaint's page (take up,
close, feedback, turn into a risk lead), and the public page's report and status look-up. Each setup records
its complaint through the service, as the township would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.complaints import handling
from shoudi.complaints.models import Complaint
from shoudi.complaints.services import complaint_record
from shoudi.monitoring.models import Lead
from shoudi.regions.models import Region
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, household_with_members

from .spec import form

TODAY = timezone.localdate().isoformat()
NUMBER = "5206281012039101"  # the household the record and lead forms name
RECEIPT = "K7QM2XRD9HTF"  # the status look-up's complaint (receipts are random: this one is set by its setup)


def _complaint(w: Any, *, taken_up: bool = False, receipt: str = "") -> Complaint:
    complaint = complaint_record(
        by=w.user("township"),
        source="hotline",
        kind="difficulty",
        received_on=timezone.localdate() - dt.timedelta(days=2),
        township=Region.objects.get(code=TOWNSHIP_A),
        village=Region.objects.get(code=VILLAGE_A),
        content="张大爷家今年因病住院，家里没有收入了",
        reporter_name="王五",
        reporter_phone="13812345678",
    )
    if taken_up:
        complaint = handling.complaint_take_up(by=w.user("township"), complaint=complaint)
    if receipt:
        Complaint.objects.filter(pk=complaint.pk).update(receipt=receipt)
    return complaint


def _status(to: str) -> Any:
    return lambda w, ctx: Complaint.objects.get(pk=ctx.pk).status == to


def _page(w: Any, ctx: Any) -> str:
    return f"/complaints/{ctx.pk}/"


form(
    name="complaints.filter",
    form="complaints.filter",
    url_name="complaints:list",
    persona="township",
    method="get",
    setup=_complaint,
    page=lambda w, ctx: "/complaints/",
    valid={"status": "pending", "source": "hotline", "township": TOWNSHIP_A, "overdue": False},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=complaint-link]"),
)
form(
    name="complaints.record",
    form="complaints.record",
    url_name="complaints:create",
    persona="township",
    setup=lambda w: household_with_members(VILLAGE_A, size=2, number=NUMBER),
    page=lambda w, ctx: "/complaints/new/",
    valid={
        "source": "letter",
        "received_on": TODAY,
        "kind": "misconduct",
        "township": TOWNSHIP_A,
        "village": VILLAGE_A,
        "household": NUMBER,
        "content": "村干部把亲戚纳入监测对象",
        "reporter_name": "",
        "reporter_phone": "",
    },
    changed=lambda w, ctx: Complaint.objects.filter(household__number=NUMBER, source="letter").exists(),
    success="已登记，回执编号",
)
form(
    name="complaints.take_up",
    form="complaints.take_up",
    url_name="complaints:act",
    persona="township",
    setup=_complaint,
    page=_page,
    valid={"on": TODAY},
    changed=_status("in_progress"),
    success="已开始办理",
)
form(
    name="complaints.close",
    form="complaints.close",
    url_name="complaints:act",
    persona="county",
    setup=lambda w: _complaint(w, taken_up=True),
    page=_page,
    valid={
        "outcome": "true",
        "handling": "经核查属实，已将该户纳入监测",
        "on": TODAY,
        "feedback": "您反映的情况属实，已处理",
        "feedback_on": TODAY,
    },
    changed=_status("closed"),
    success="已办结",
)
form(
    name="complaints.feedback",
    form="complaints.feedback",
    url_name="complaints:act",
    persona="township",
    setup=lambda w: _complaint(w, taken_up=True),
    page=_page,
    valid={"feedback": "已转村里入户核实，请保持电话畅通", "on": TODAY},
    changed=lambda w, ctx: Complaint.objects.get(pk=ctx.pk).feedback.startswith("已转村里"),
    success="已记录反馈",
)
form(
    name="complaints.lead",
    form="complaints.lead",
    url_name="complaints:act",
    persona="township",
    setup=lambda w: (household_with_members(VILLAGE_A, size=2, number=NUMBER), _complaint(w))[1],
    page=_page,
    valid={"household": NUMBER, "channel": "application", "summary": "户主住院，家庭收入骤减"},
    changed=lambda w, ctx: Lead.objects.filter(household__number=NUMBER, channel="application").exists(),
    success="已转为风险线索",
)

# ---- the public page (no account) ---------------------------------------------------------------------------

form(
    name="complaints.report",
    form="complaints.report",
    url_name="report:form",
    persona="",
    setup=lambda w: household_with_members(VILLAGE_A, size=2),  # the deployment: a county with households
    page=lambda w, ctx: "/report/",
    valid={
        "township": TOWNSHIP_A,
        "village": VILLAGE_A,
        "kind": "misconduct",
        "content": "村里有人家里开着小轿车还领帮扶补贴",
        "reporter_name": "",
        "reporter_phone": "",
    },
    changed=lambda w, ctx: Complaint.objects.filter(source="online", village_id=VILLAGE_A).exists(),
    success=None,  # the answer is the receipt page, not a message
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=report-done]"),
)
form(
    name="complaints.report_status",
    form="complaints.report_status",
    url_name="report:status",
    persona="",
    setup=lambda w: _complaint(w, receipt=RECEIPT),
    page=lambda w, ctx: "/report/status",
    valid={"receipt": "k7qm-2xrd-9htf"},
    success=None,
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=status-answer]"),
)
form(
    name="complaints.reveal_phone",
    form="complaints.reveal_phone",
    url_name="complaints:reveal_phone",
    persona="township",
    setup=_complaint,
    page=_page,
    valid={},
    success=None,  # the phone itself is the answer
    expect_redirect=False,  # an htmx POST swaps the full phone in
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=full-phone] >> text=13812345678"),
)
