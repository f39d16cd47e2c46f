"""跟踪核查 of the low-income register: the list's filter, and the verification form as the village contact
(继续保留 only) and as the 民政 clerk (停止, with the 民主评议 and the written notice). Each setup puts a 低保
household of village A on the register, overdue for its verification."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.lowincome.codes import IncomePattern, StoredLayer
from shoudi.lowincome.models import Membership
from shoudi.lowincome.testing import membership
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import form

TODAY = timezone.localdate()


def _dibao(w: Any) -> Membership:
    return membership(
        household_with_members(VILLAGE_A, size=2),
        StoredLayer.DIBAO,
        started_on=TODAY - dt.timedelta(days=400),
        next_due=TODAY - dt.timedelta(days=3),
        income_pattern=IncomePattern.IRREGULAR,
    )


def _page(w: Any, ctx: Any) -> str:
    return f"/low-income/memberships/{ctx.pk}/follow-up/"


form(
    name="lowincome.followup_filter",
    form="lowincome.followup_filter",
    url_name="lowincome:followups_overdue",
    persona="township",
    method="get",
    setup=_dibao,
    page=lambda w, ctx: "/low-income/follow-ups/overdue/",
    valid={"layer": "dibao", "village": VILLAGE_A},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=followup-row]"),
)
form(
    name="lowincome.followup.keep",
    form="lowincome.followup",
    url_name="lowincome:followup_record",
    persona="village_a",
    setup=_dibao,
    page=_page,
    valid={
        "visited_on": TODAY.isoformat(),
        "findings": "家庭人口和收入无明显变化",
        "outcome": "keep",
        "review_note": "",
    },
    changed=lambda w, ctx: (
        Membership.objects.get(pk=ctx.pk).next_due is not None and Membership.objects.get(pk=ctx.pk).next_due > TODAY
    ),
    success="已记录核查：继续保留",
)
form(
    name="lowincome.followup.stop",
    form="lowincome.followup",
    url_name="lowincome:followup_record",
    persona="civil_clerk",
    setup=_dibao,
    page=_page,
    valid={
        "visited_on": TODAY.isoformat(),
        "findings": "户主在县城稳定务工，家庭人均收入超过低保标准",
        "outcome": "stop",
        "new_amount": "",
        "review_note": "村民主评议一致同意停止",
        "notice_no": "松民告〔2026〕15号",
        "notified_on": TODAY.isoformat(),
    },
    changed=lambda w, ctx: Membership.objects.get(pk=ctx.pk).ended_on == TODAY,
    success="已停止保障",
)
