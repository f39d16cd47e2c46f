"""就业帮扶车间 and 以工代赈: the workshop list's filter, recognising a workshop and editing it, the review page's
year, a subsidy and the yearly review (by the county), marking a library project as 以工代赈 (county), and the
township's month sheet of a 以工代赈 project. Each setup writes its workshop or project of village A straight with
the ORM (``shoudi.employment.tests.sweep_projects``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.employment import codes
from shoudi.employment.models import ReliefWork, Workshop, WorkshopReview, WorkshopSubsidy
from shoudi.employment.tests.sweep_projects import relief_project, workshop
from shoudi.projects.models import Project
from shoudi.registry.idnumber import make as make_id
from shoudi.testing.factories import VILLAGE_A, PersonFactory, household_with_members

from .spec import form

TODAY = timezone.localdate()
MARK_CODE = "XM2026520628101203901"
LABOURER_ID = make_id("520628", dt.date(1990, 3, 15), 211)
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _workshop(w: Any) -> Workshop:
    return workshop(VILLAGE_A, "当造村苗绣车间（表单检查）", at_relocation_site=True, relocation_site="当造安置点")


def _detail(w: Any, ctx: Workshop) -> str:
    return f"/employment/workshops/{ctx.pk}/"


def _project(w: Any) -> Project:
    return relief_project(VILLAGE_A, "当造村通组路（表单检查）")


def _sheet_world(w: Any) -> Project:
    household = household_with_members(VILLAGE_A, size=0)
    PersonFactory(household=household, id_number=LABOURER_ID, birth_date=dt.date(1990, 3, 15))
    return _project(w)


form(
    name="employment.workshop_filter",
    form="employment.workshop_filter",
    url_name="employment:workshops",
    persona="county",
    method="get",
    setup=_workshop,
    page=lambda w, ctx: "/employment/workshops/",
    valid={"site": "yes", "status": "active"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=workshop-row]"),
)
form(
    name="employment.workshop_create",
    form="employment.workshop",
    url_name="employment:workshop_create",
    persona="county",
    page=lambda w, ctx: "/employment/workshops/new/",
    valid={
        "employer_name": "松桃苗绣坊（表单检查）",
        "name": "当造村苗绣帮扶车间（新认定）",
        "village": VILLAGE_A,
        "at_relocation_site": True,
        "relocation_site": "当造安置点",
        "industry": "苗绣加工",
        "jobs": "40",
        "recognised_on": "2025-03-01",
        "recognised_by": "县人力资源和社会保障局",
    },
    changed=lambda w, ctx: Workshop.objects.filter(name="当造村苗绣帮扶车间（新认定）").exists(),
    success="已认定就业帮扶车间",
)
form(
    name="employment.workshop_edit",
    form="employment.workshop",
    url_name="employment:workshop_edit",
    persona="county",
    setup=_workshop,
    page=lambda w, ctx: f"/employment/workshops/{ctx.pk}/edit/",
    valid={"jobs": "55", "industry": "苗绣与蜡染加工"},
    changed=lambda w, ctx: Workshop.objects.get(pk=ctx.pk).jobs == 55,
    success="已保存修改",
)
form(
    name="employment.workshop_year",
    form="employment.workshop_year",
    url_name="employment:workshop_detail",
    persona="county",
    method="get",
    setup=_workshop,
    page=_detail,
    valid={"year": str(TODAY.year - 1)},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=review-proposal]"),
)
form(
    name="employment.workshop_subsidy",
    form="employment.workshop_subsidy",
    url_name="employment:workshop_subsidy",
    persona="county",
    setup=_workshop,
    page=_detail,
    valid={"kind": "rent", "amount": "12000", "received_on": "2026-05-01", "document_no": "松人社〔2026〕8号"},
    changed=lambda w, ctx: WorkshopSubsidy.objects.filter(workshop=ctx).exists(),
    success="已登记补贴",
)
form(
    name="employment.workshop_review",
    form="employment.workshop_review",
    url_name="employment:workshop_review",
    persona="county",
    setup=_workshop,
    page=_detail,
    valid={"year": str(TODAY.year), "qualifies": "no", "note": ""},
    changed=lambda w, ctx: (
        WorkshopReview.objects.filter(workshop=ctx).exists()
        and Workshop.objects.get(pk=ctx.pk).status == codes.WorkshopStatus.WITHDRAWN
    ),
    success="年度复核",
)
form(
    name="employment.relief_mark",
    form="employment.relief_mark",
    url_name="employment:relief_mark",
    persona="county",
    setup=lambda w: relief_project(VILLAGE_A, "当造村水渠（标记检查）", relief_work=False, code=MARK_CODE),
    page=lambda w, ctx: "/employment/relief/",
    valid={"code": MARK_CODE},
    changed=lambda w, ctx: Project.objects.get(pk=ctx.pk).relief_work,
    success="标记为以工代赈项目",
    skip={"choice": "只有项目编号一个文本框"},
)
form(
    name="employment.relief_sheet",
    form="employment.relief_sheet",
    url_name="employment:relief_sheet",
    persona="township",
    setup=_sheet_world,
    page=lambda w, ctx: f"/employment/relief/{ctx.pk}/sheet/?month={LAST_MONTH:%Y-%m}",
    valid={
        "month": f"{LAST_MONTH:%Y-%m}",
        "rows-0-id_number": LABOURER_ID,
        "rows-0-days": "20",
        "rows-0-pay_due": "2400",
        "rows-0-pay_paid": "2400",
        "rows-0-paid_on": TODAY.isoformat(),
    },
    changed=lambda w, ctx: ReliefWork.objects.filter(project=ctx, month=LAST_MONTH).exists(),
    success="名务工群众的务工记录",
    skip={"date": "月份为“年-月”输入框；各行日期不必填，错误日期在整表检查中按行指出（见 test_relief）"},
)
