"""劳动力数据库: the list's filter, and on a person's labour page 登记务工, 结束务工, 记录事项 (a training) and the profile
(技能与就业意愿). Each setup writes a working-age member of village A (and, for 结束务工, an open spell) straight
with the ORM, as the pages would have left it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.employment.models import LabourEvent, LabourProfile, Work
from shoudi.employment.tests.sweep_labour import at_work, head, workers
from shoudi.registry.models import Person
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A

from .spec import form

TODAY = timezone.localdate()


def _person(w: Any) -> Person:
    return head(workers(VILLAGE_A))


def _working(w: Any) -> Person:
    person = _person(w)
    at_work(person, started_on=TODAY - dt.timedelta(days=60))
    return person


def _page(w: Any, ctx: Any) -> str:
    return f"/employment/labour/{ctx.pk}/"


form(
    name="employment.labour_filter",
    form="employment.labour_filter",
    url_name="employment:labour",
    persona="county",
    method="get",
    setup=_working,
    page=lambda w, ctx: "/employment/labour/",
    valid={
        "status": "working",
        "place": "out_province",
        "priority": "",
        "township": TOWNSHIP_A,
        "village": VILLAGE_A,
        "q": "",
    },
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=labour-row]"),
)
form(
    name="employment.labour_start",
    form="employment.labour_start",
    url_name="employment:person_act",
    persona="village_a",
    phone=True,
    setup=_person,
    page=_page,
    valid={
        "place": "partner_city",
        "employer_name": "东莞某电子厂",
        "job": "装配工",
        "place_detail": "广东省东莞市",
        "started_on": TODAY.isoformat(),
        "monthly_pay": "5200",
        "months_this_year": "",
    },
    changed=lambda w, ctx: Work.objects.filter(person=ctx, place="partner_city", ended_on__isnull=True).exists(),
    success="已登记务工",
)
form(
    name="employment.labour_end",
    form="employment.labour_end",
    url_name="employment:person_act",
    persona="village_a",
    setup=_working,
    page=_page,
    valid={"ended_on": TODAY.isoformat(), "end_reason": "合同到期"},
    changed=lambda w, ctx: Work.objects.filter(person=ctx, ended_on=TODAY).exists(),
    success="已结束务工",
)
form(
    name="employment.labour_event",
    form="employment.labour_event",
    url_name="employment:person_act",
    persona="village_a",
    setup=_person,
    page=_page,
    valid={
        "kind": "training",
        "on_date": TODAY.isoformat(),
        "detail": "电工培训（县职校）",
        "hours": "40",
        "certificate": "电工证",
    },
    changed=lambda w, ctx: LabourEvent.objects.filter(person=ctx, kind="training", hours=40).exists(),
    success="已记录",
)
form(
    name="employment.labour_profile",
    form="employment.labour_profile",
    url_name="employment:person_act",
    persona="village_a",
    setup=_person,
    page=_page,
    valid={
        "skills": "电焊、厨师",
        "certificates": "焊工证",
        "training_wish": "挖掘机驾驶",
        "wish_kind": "焊工",
        "wish_place": "in_county",
        "wish_pay": "4000",
        "available": True,
        "note": "",
    },
    changed=lambda w, ctx: LabourProfile.objects.filter(person=ctx, skills="电焊、厨师").exists(),
    success="劳动力信息已保存",
)
