"""The step forms of a project's page, each tied to its service: which form, when it is offered, and the
service call built from the form's typed values. The views show the panels and post to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shoudi.core.access import Capability, can, code_in_user_area
from shoudi.projects import delivery, services, workflow
from shoudi.projects import forms_act as f
from shoudi.projects.models import Project, ProjectStatus

Call = Callable[[Any, Project, Any], object]


@dataclass(frozen=True)
class Panel:
    """``steps``: the workflow actions the panel takes (offered when the user may take one of them);
    ``statuses``: for the records kept while a project runs (payments, progress), the statuses they apply to."""

    slug: str
    title: str
    button: str
    form: type[f.ActForm]
    call: Call
    steps: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    open: bool = True
    secondary: bool = False
    success: str = "已办理"

    def offered(self, user: Any, project: Project, actions: list[str]) -> bool:
        if self.steps:
            return any(a in actions for a in self.steps)
        return (
            project.status in self.statuses
            and can(user, Capability.MANAGE_PROJECTS)
            and code_in_user_area(user, project.area_id)
        )


def _notice_step(service: Callable[..., Project]) -> Call:
    return lambda by, p, form: service(
        by=by, project=p, notice=form.notice(), reason=form.reason_text(), expected_version=form.seen_version()
    )


def _reason_step(service: Callable[..., Project]) -> Call:
    return lambda by, p, form: service(
        by=by, project=p, reason=form.reason_text(), expected_version=form.seen_version()
    )


def _checklist_step(service: Callable[..., Project]) -> Call:
    return lambda by, p, form: service(
        by=by,
        project=p,
        checklist=form.checked(),
        notice=form.notice(),
        reason=form.reason_text(),
        expected_version=form.seen_version(),
    )


def _exit(by: Any, p: Project, form: f.ExitForm) -> Project:
    data = form.cleaned_data
    return delivery.project_exit(
        by=by,
        project=p,
        exit_reason=data["exit_reason"],
        exit_note=data["exit_note"],
        notice=form.notice(),
        expected_version=form.seen_version(),
    )


def _accept(by: Any, p: Project, form: f.AcceptForm) -> object:
    return delivery.project_accept(
        by=by,
        project=p,
        accepted_on=form.cleaned_data["on"],
        assets=form.assets(),
        notice=form.notice(),
        reason=form.reason_text(),
        expected_version=form.seen_version(),
    )


def _evaluate(by: Any, p: Project, form: f.EvaluateForm) -> Project:
    return delivery.project_evaluate(
        by=by,
        project=p,
        results=form.results(),
        conclusion=form.cleaned_data["conclusion"],
        notice=form.notice(),
        expected_version=form.seen_version(),
    )


def _payment(by: Any, p: Project, form: f.PaymentForm) -> object:
    data = form.cleaned_data
    return delivery.payment_add(
        by=by, project=p, source=data["source"], amount=data["amount"], paid_on=data["paid_on"], note=data["note"]
    )


S = ProjectStatus
PANELS: dict[str, Panel] = {
    p.slug: p
    for p in [
        Panel(
            "submit",
            "申报",
            "申报",
            f.SubmitForm,
            _notice_step(services.project_submit),
            ("submit", "submit_to_county"),
        ),
        Panel("review", "乡镇审核", "审核通过", f.ReviewForm, _checklist_step(services.project_review), ("review",)),
        Panel("decide", "县级审定", "审定入库", f.DecideForm, _checklist_step(services.project_decide), ("decide",)),
        Panel(
            "return",
            "退回",
            "退回修改",
            f.ReturnForm,
            _reason_step(services.project_return),
            ("return_to_village", "return_from_county"),
            open=False,
            secondary=True,
            success="已退回",
        ),
        Panel("plan", "纳入年度计划", "纳入年度计划", f.PlanForm, _notice_step(delivery.project_plan), ("plan",)),
        Panel(
            "unplan",
            "调出年度计划",
            "调出",
            f.UnplanForm,
            _reason_step(delivery.project_unplan),
            ("unplan",),
            open=False,
            secondary=True,
        ),
        Panel("exit", "出库（有进有出）", "出库", f.ExitForm, _exit, ("exit",), open=False, secondary=True),
        Panel(
            "start",
            "开工",
            "开工实施",
            f.StartForm,
            lambda by, p, form: delivery.project_start(
                by=by, project=p, started_on=form.cleaned_data["on"], expected_version=form.seen_version()
            ),
            ("start",),
        ),
        Panel(
            "payment",
            "登记资金支付",
            "登记支付",
            f.PaymentForm,
            _payment,
            statuses=(S.IMPLEMENTING, S.COMPLETED),
            success="已登记支付",
        ),
        Panel(
            "progress",
            "登记进度",
            "保存进度",
            f.ProgressForm,
            lambda by, p, form: delivery.project_progress(
                by=by,
                project=p,
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                expected_version=form.seen_version(),
            ),
            statuses=(S.IMPLEMENTING,),
            open=False,
            success="已保存进度",
        ),
        Panel(
            "complete",
            "完工",
            "完工",
            f.CompleteForm,
            lambda by, p, form: delivery.project_complete(
                by=by, project=p, completed_on=form.cleaned_data["on"], expected_version=form.seen_version()
            ),
            ("complete",),
            open=False,
        ),
        Panel("accept", "竣工验收并形成资产", "验收通过", f.AcceptForm, _accept, ("accept",)),
        Panel(
            "reject_acceptance",
            "验收不通过",
            "退回整改",
            f.RejectForm,
            _reason_step(delivery.project_reject_acceptance),
            ("reject_acceptance",),
            open=False,
            secondary=True,
        ),
        Panel("evaluate", "绩效评价", "完成绩效评价", f.EvaluateForm, _evaluate, ("evaluate",)),
    ]
}


@dataclass
class Shown:
    """A panel on the page with its form (bound and opened when the person's submission came back)."""

    panel: Panel
    form: f.ActForm
    open: bool


def offered(user: Any, project: Project, bound: Shown | None = None) -> list[Shown]:
    """The panels ``user`` may use on ``project`` now, in order; ``bound`` replaces its panel's empty form."""
    actions = workflow.available(user, project)
    shown = []
    for panel in PANELS.values():
        if bound is not None and bound.panel.slug == panel.slug:
            shown.append(bound)
        elif panel.offered(user, project, actions):
            shown.append(Shown(panel, panel.form(project=project, user=user), panel.open))
    return shown
