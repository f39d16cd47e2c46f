"""The project library: the project form (create, edit), the list's filter, and every step form on a project's
page, each tried as the role that uses it on a project put in the right status through the services
(``shoudi.testing.projects``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.assets.models import Asset
from shoudi.projects.codes import BarredKind
from shoudi.projects.models import Project, ProjectPayment
from shoudi.testing.projects import project_at, project_draft

from .spec import form

# Dates the steps may take whenever the sweep runs (a step's date is never in the future).
RECENT = (dt.date.today() - dt.timedelta(days=2)).isoformat()
NOTICE = {"notice_from": "2025-03-01", "notice_to": "2025-03-07"}
ALL_CLEAR = list(BarredKind.values)


def _at(status: str, *, proposer: str = "committee_a") -> Any:
    def setup(w: Any) -> Project:
        return project_at(status, proposer=w.user(proposer), township=w.user("township"), county=w.user("county"))

    return setup


def _page(w: Any, ctx: Project) -> str:
    return f"/projects/{ctx.pk}/"


def _status(status: str) -> Any:
    return lambda w, ctx: Project.objects.get(pk=ctx.pk).status == status


# ---- the project form ----------------------------------------------------------------------------------------

form(
    name="projects.project_create",
    form="projects.project",
    url_name="projects:create",
    persona="committee_a",
    page=lambda w, ctx: "/projects/new/",
    valid={
        "name": "当造村食用菌大棚",
        "year": "2026",
        "kind": "industry",
        "implementing_unit": "当造村股份经济合作社",
        "benefit_households": "40",
        "benefit_people": "150",
        "benefit_poor_households": "20",
        "benefit_mechanism": "务工+分红，脱贫户优先务工",
        "fund_central": "500000",
        "targets-0-indicator": "大棚数量",
        "targets-0-target_value": "20",
        "targets-0-unit": "个",
    },
    changed=lambda w, ctx: Project.objects.filter(name="当造村食用菌大棚", targets__indicator="大棚数量").exists(),
    success="已保存项目",
)

form(
    name="projects.project_edit",
    form="projects.project",
    url_name="projects:edit",
    persona="committee_a",
    setup=lambda w: project_draft(w.user("committee_a")),
    page=lambda w, ctx: f"/projects/{ctx.pk}/edit/",
    valid={"name": "当造村黄桃种植基地", "fund_central": "320000", "targets-1-target_value": "1200"},
    changed=lambda w, ctx: Project.objects.filter(
        pk=ctx.pk, name="当造村黄桃种植基地", fundings__amount=320000, targets__target_value=1200
    ).exists(),
    success="已保存修改",
)

form(
    name="projects.filter",
    form="projects.filter",
    url_name="projects:list",
    persona="county",
    method="get",
    setup=_at("in_library"),
    page=lambda w, ctx: "/projects/",
    valid={"year": "2024", "status": "in_library", "q": "水果"},
    after_valid=lambda page, w, ctx: page.wait_for_selector(f"text={ctx.code}"),
)

# ---- the steps before entry ----------------------------------------------------------------------------------

form(
    name="projects.submit",
    form="projects.submit",
    url_name="projects:act",
    persona="committee_a",
    setup=_at("draft"),
    page=_page,
    valid={**NOTICE, "reason": "经村民代表会议讨论通过"},
    changed=_status("submitted"),
)

form(
    name="projects.submit_township",
    form="projects.submit",
    url_name="projects:act",
    persona="township",
    setup=_at("draft", proposer="township"),
    page=_page,
    valid=NOTICE,
    changed=_status("reviewed"),  # a township project goes straight to the county
)

form(
    name="projects.review",
    form="projects.review",
    url_name="projects:act",
    persona="township",
    setup=_at("submitted"),
    page=_page,
    valid={"checklist": ALL_CLEAR, **NOTICE, "reason": "同意"},
    changed=_status("reviewed"),
)

form(
    name="projects.decide",
    form="projects.decide",
    url_name="projects:act",
    persona="county",
    setup=_at("reviewed"),
    page=_page,
    valid={"checklist": ALL_CLEAR, **NOTICE, "reason": "同意入库"},
    changed=_status("in_library"),
)

form(
    name="projects.return_to_village",
    form="projects.return",
    url_name="projects:act",
    persona="township",
    setup=_at("submitted"),
    page=_page,
    valid={"reason": "请补充联农带农机制的具体方式"},
    changed=_status("draft"),
    success="已退回",
)

form(
    name="projects.return_from_county",
    form="projects.return",
    url_name="projects:act",
    persona="county",
    setup=_at("reviewed"),
    page=_page,
    valid={"reason": "建设规模超出标准，请调整"},
    changed=_status("draft"),
    success="已退回",
)

# ---- the library, the plan and the work ------------------------------------------------------------------------

form(
    name="projects.plan",
    form="projects.plan",
    url_name="projects:act",
    persona="county",
    setup=_at("in_library"),
    page=_page,
    valid=NOTICE,
    changed=_status("planned"),
)

form(
    name="projects.unplan",
    form="projects.unplan",
    url_name="projects:act",
    persona="county",
    setup=_at("planned"),
    page=_page,
    valid={"reason": "用地未落实，调出本年度计划"},
    changed=_status("in_library"),
)

form(
    name="projects.exit",
    form="projects.exit",
    url_name="projects:act",
    persona="county",
    setup=_at("in_library"),
    page=_page,
    valid={"exit_reason": "duplicate", "exit_note": "与2023年项目重复", **NOTICE},
    changed=lambda w, ctx: Project.objects.filter(pk=ctx.pk, status="exited", exit_reason="duplicate").exists(),
)

form(
    name="projects.start",
    form="projects.start",
    url_name="projects:act",
    persona="county",
    setup=_at("planned"),
    page=_page,
    valid={"on": RECENT},
    changed=lambda w, ctx: Project.objects.filter(pk=ctx.pk, status="implementing", actual_start=RECENT).exists(),
)

form(
    name="projects.payment",
    form="projects.payment",
    url_name="projects:act",
    persona="county",
    setup=_at("implementing"),
    page=_page,
    valid={"source": "central", "amount": "12000.50", "paid_on": RECENT, "note": "第一期工程款"},
    changed=lambda w, ctx: ProjectPayment.objects.filter(project=ctx.pk, note="第一期工程款").exists(),
    success="已登记支付",
)

form(
    name="projects.progress",
    form="projects.progress",
    url_name="projects:act",
    persona="county",
    setup=_at("implementing"),
    page=_page,
    valid={"progress": "60", "note": "大棚主体完工"},
    changed=lambda w, ctx: Project.objects.get(pk=ctx.pk).progress == 60,
    success="已保存进度",
)

form(
    name="projects.complete",
    form="projects.complete",
    url_name="projects:act",
    persona="county",
    setup=_at("implementing"),
    page=_page,
    valid={"on": RECENT},
    changed=lambda w, ctx: Project.objects.filter(pk=ctx.pk, status="completed", actual_end=RECENT).exists(),
)

# ---- acceptance, evaluation ----------------------------------------------------------------------------------

form(
    name="projects.accept",
    form="projects.accept",
    url_name="projects:act",
    persona="county",
    setup=_at("completed"),
    page=_page,
    valid={
        "on": RECENT,
        **NOTICE,
        "reason": "验收合格",
        "assets-0-name": "当造村黄桃园",
        "assets-0-asset_class": "operating",
    },
    changed=lambda w, ctx: (
        Asset.objects.filter(project=ctx.pk, name="当造村黄桃园").exists()
        and Project.objects.get(pk=ctx.pk).status == "accepted"
    ),
)

form(
    name="projects.reject_acceptance",
    form="projects.reject_acceptance",
    url_name="projects:act",
    persona="county",
    setup=_at("completed"),
    page=_page,
    valid={"reason": "灌溉管网未按设计完工，限期整改"},
    changed=_status("implementing"),
)

form(
    name="projects.evaluate",
    form="projects.evaluate",
    url_name="projects:act",
    persona="county",
    setup=_at("accepted"),
    page=_page,
    valid={"result_0": "210", "result_1": "800", "conclusion": "种植面积达标，增收未达标", **NOTICE},
    changed=lambda w, ctx: Project.objects.filter(pk=ctx.pk, status="evaluated", targets__actual_value=800).exists(),
)
