"""Dynamic monitoring: every step form of a case (one template form, ``monitoring.case_act``, one spec per kind
of step), leads, notices and objections, the assignment, the quality checks, the case and lead filters, and the
public online application. Each setup walks its objects to the state the form needs through the services
(``shoudi.testing.monitoring``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.monitoring import codes
from shoudi.monitoring.models import Case, Lead, Notice, Objection, QualityRun
from shoudi.testing.factories import VILLAGE_A, household_with_members, next_id
from shoudi.testing.monitoring import Team, case_at, lead, notice_of, objection

from .spec import Upload, form

S = codes.Status
TODAY = timezone.localdate().isoformat()
NUMBER = "5206281012039001"  # the household the lead and fast-track forms name (made by their setups)
APPLICANT_ID = next_id()  # the ID number of the online applicant (a member of that household)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 400


def at(status: str, **options: Any) -> Any:
    return lambda w: case_at(status, team=Team.of(w), **options)


def moved(to: str) -> Any:
    """The case of the setup moved on to ``to``."""
    return lambda w, ctx: Case.objects.get(pk=ctx.pk).status == to


def act(action: str) -> Any:
    return lambda w, ctx: f"/monitoring/{ctx.pk}/act/{action}/"


def step(name: str, action: str, persona: str, status: str, valid: dict[str, Any], to: str, **more: Any) -> None:
    setup = more.pop("setup", None) or at(status)
    form(
        name=f"monitoring.step.{name}",
        form="monitoring.case_act",
        url_name="monitoring:act",
        persona=persona,
        setup=setup,
        page=act(action),
        valid={"on": TODAY, **valid},
        changed=more.pop("changed", None) or moved(to),
        success="已办理",
        **more,
    )


# ---- identification ---------------------------------------------------------------------------------------

step(
    "id_home_check",
    "id_home_check",
    "village_a",
    S.ID_HOME_CHECK,
    {
        "findings": "户主住院，家庭收入骤减，已签字承诺授权",
        "risks": ["illness"],
        "promise": Upload("承诺授权书.jpg", JPEG, "image/jpeg"),
    },
    S.ID_DATA_CHECK,
)
step("id_data_check", "id_data_check", "county", S.ID_DATA_CHECK, {"result": "车辆、房产比对均无异常"}, S.ID_REVIEW)
step(
    "id_review.passed",
    "id_review",
    "committee_a",
    S.ID_REVIEW,
    {"attendance": "15", "attendees": "村两委、驻村工作队、村民代表", "votes_for": "14", "passed": "1"},
    S.ID_NOTICE,
)
step(
    "id_review.failed",
    "id_review",
    "committee_a",
    S.ID_REVIEW,
    {"attendance": "15", "attendees": "村两委、村民代表", "passed": "0", "minutes": "多数代表认为收入稳定"},
    S.NOT_INCLUDED,
)
step("id_notice_end", "id_notice_end", "committee_a", S.ID_NOTICE, {}, S.ID_TOWNSHIP)
step(
    "id_township",
    "id_township",
    "township",
    S.ID_TOWNSHIP,
    {"opinion": "材料齐全，同意上报县级审定", "category": "sudden"},
    S.ID_DECISION,
    changed=lambda w, ctx: Case.objects.filter(pk=ctx.pk, status=S.ID_DECISION, category="sudden").exists(),
)
step(
    "id_decision",
    "id_decision",
    "county",
    S.ID_DECISION,
    {"opinion": "同意纳入防止返贫监测对象", "category": "marginal"},
    S.ID_ENTRY,
)
step("id_entry", "id_entry", "village_a", S.ID_ENTRY, {"note": "已告知农户"}, S.MONITORED)
step("return", "return", "township", S.ID_TOWNSHIP, {"reason": "公示材料不全，请补充"}, S.ID_NOTICE)
step("reject", "reject", "county", S.ID_DECISION, {"reason": "经审定不符合条件"}, S.NOT_INCLUDED)

# ---- elimination and rollback -------------------------------------------------------------------------------

step(
    "el_home_check",
    "el_home_check",
    "village_a",
    S.MONITORED,
    {"kind": "assisted", "findings": "务工收入稳定，风险已消除"},
    S.EL_REVIEW,
    setup=at(S.MONITORED, eligible=True),
)
step("el_township", "el_township", "township", S.EL_TOWNSHIP, {"opinion": "同意消除"}, S.EL_DECISION)
step("rb_home_check", "rb_home_check", "village_a", S.ELIMINATED, {"reason": "消除后再次大额医疗支出"}, S.RB_REVIEW)
step("rb_decision", "rb_decision", "county", S.RB_DECISION, {"opinion": "同意回退，继续监测帮扶"}, S.MONITORED)

# ---- leads -------------------------------------------------------------------------------------------------


def _household(w: Any) -> Any:
    household = household_with_members(VILLAGE_A, size=3, number=NUMBER, status="former_poor", exit_year=2019)
    spouse = household.members.get(relationship="spouse")
    spouse.id_number = APPLICANT_ID
    spouse.save(update_fields=["id_number"])
    return spouse


form(
    name="monitoring.lead_create",
    form="monitoring.lead_create",
    url_name="monitoring:lead_create",
    persona="village_a",
    setup=_household,
    page=lambda w, ctx: "/monitoring/leads/new/",
    valid={"household": NUMBER, "channel": "cadre_visit", "reported_on": TODAY, "summary": "走访发现户主患病住院"},
    changed=lambda w, ctx: Lead.objects.filter(household__number=NUMBER, status=codes.LeadStatus.OPEN).exists(),
    success="线索已登记",
)
form(
    name="monitoring.lead_accept",
    form="monitoring.lead_accept",
    url_name="monitoring:lead_act",
    persona="township",
    setup=lambda w: lead(Team.of(w), online=True),
    page=lambda w, ctx: f"/monitoring/leads/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: Lead.objects.get(pk=ctx.pk).status == codes.LeadStatus.OPEN,
    success="已受理",
)
form(
    name="monitoring.lead_close",
    form="monitoring.lead_close",
    url_name="monitoring:lead_act",
    persona="village_a",
    setup=lambda w: lead(Team.of(w)),
    page=lambda w, ctx: f"/monitoring/leads/{ctx.pk}/",
    valid={"on": TODAY, "reason": "经核实务工收入稳定，无返贫风险"},
    changed=lambda w, ctx: Lead.objects.get(pk=ctx.pk).status == codes.LeadStatus.CLOSED,
    success="线索已排除",
)
form(
    name="monitoring.lead_convert",
    form="monitoring.lead_convert",
    url_name="monitoring:lead_act",
    persona="village_a",
    setup=lambda w: lead(Team.of(w)),
    page=lambda w, ctx: f"/monitoring/leads/{ctx.pk}/",
    valid={"on": TODAY, "findings": "属实，户主住院", "risks": ["illness"]},
    changed=lambda w, ctx: Lead.objects.get(pk=ctx.pk).status == codes.LeadStatus.CONVERTED,
    success="已转为监测对象",
)

# ---- notices and objections ---------------------------------------------------------------------------------

form(
    name="monitoring.notice_create",
    form="monitoring.notice_create",
    url_name="monitoring:notice_create",
    persona="committee_a",
    setup=at(S.ID_NOTICE, notice_posted=False),
    page=lambda w, ctx: f"/monitoring/notices/new/?village={VILLAGE_A}&kind=inclusion",
    valid={"village": VILLAGE_A, "kind": "inclusion", "posted_on": TODAY},
    changed=lambda w, ctx: Notice.objects.filter(entries__case=ctx).exists(),
    success="公示已发布",
)
form(
    name="monitoring.objection_add",
    form="monitoring.objection_add",
    url_name="monitoring:objection_add",
    persona="committee_a",
    setup=at(S.ID_NOTICE),
    page=lambda w, ctx: f"/monitoring/notices/{notice_of(ctx).pk}/",
    valid={"received_on": TODAY, "content": "该户儿子在县城有商品房"},  # the case: the notice's only one
    changed=lambda w, ctx: Objection.objects.filter(case=ctx).exists(),
    success="异议已登记",
)


def _with_objection(w: Any) -> Objection:
    team = Team.of(w)
    return objection(case_at(S.ID_NOTICE, team=team), team)


form(
    name="monitoring.objection_resolve",
    form="monitoring.objection_resolve",
    url_name="monitoring:objection_resolve",
    persona="committee_a",
    setup=_with_objection,
    page=lambda w, ctx: f"/monitoring/notices/{ctx.notice_id}/",
    valid={"upheld": "0", "on": TODAY, "note": "经核实，商品房登记在已分户的儿子名下"},
    changed=lambda w, ctx: Objection.objects.get(pk=ctx.pk).resolution == codes.Resolution.DISMISSED,
    success="已记录核实结论",
)

# ---- the case: assignment; the quality checks -----------------------------------------------------------------

form(
    name="monitoring.assign",
    form="monitoring.assign",
    url_name="monitoring:assign",
    persona="township",
    setup=at(S.MONITORED),
    page=lambda w, ctx: f"/monitoring/{ctx.pk}/assign/",
    valid={"contact": "village_a", "helper": "helper_a"},
    changed=lambda w, ctx: Case.objects.get(pk=ctx.pk).helper == w.user("helper_a"),
    success="已保存",
)
form(
    name="monitoring.check_run",
    form="monitoring.check_run",
    url_name="monitoring:check_run",
    persona="county",
    page=lambda w, ctx: "/monitoring/checks/",
    valid={},
    changed=lambda w, ctx: QualityRun.objects.filter(area_id=w.county).exists(),
    success="已提交数据质量检查",
)

# ---- filters (GET) ----------------------------------------------------------------------------------------------

form(
    name="monitoring.case_filter",
    form="monitoring.case_filter",
    url_name="monitoring:cases",
    persona="county",
    method="get",
    setup=at(S.ID_TOWNSHIP),
    page=lambda w, ctx: "/monitoring/",
    valid={"q": "户", "group": "identification", "risk": "illness"},
    expect_redirect=False,  # htmx swaps the results in place
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=result-count]"),
)
form(
    name="monitoring.lead_filter",
    form="monitoring.lead_filter",
    url_name="monitoring:leads",
    persona="township",
    method="get",
    page=lambda w, ctx: "/monitoring/leads/",
    valid={"status": "open"},
)

# ---- the household's own application (public, no account) ----------------------------------------------------

form(
    name="monitoring.apply",
    form="monitoring.apply",
    url_name="apply:form",
    persona="",
    setup=_household,
    page=lambda w, ctx: "/apply/",
    valid={
        "name": "户9001成员2",  # the spouse as household_with_members names them
        "id_number": APPLICANT_ID,
        "phone": "13800001234",
        "risk_hint": "illness",
        "description": "丈夫今年住院两次，自付医疗费四万多元",
        "promise": True,
    },
    changed=lambda w, ctx: Lead.objects.filter(household__number=NUMBER, online=True).exists(),
    success=None,  # the page answers the same whether or not the applicant was found: no message
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=apply-done]"),
)

# ---- applications (网上申报: receipts, the status page, the township's queue of unregistered applicants) ----------

from shoudi.monitoring import applications  # noqa: E402
from shoudi.monitoring.models_apply import Application  # noqa: E402

from .spec import SPECS  # noqa: E402

SPECS["monitoring.apply"].valid["village"] = VILLAGE_A  # the form now asks for the village (选乡镇 → 选村)
STRANGER_ID = next_id()  # an applicant the registry does not know
RECEIPT = "SWEEP2345ABC"  # the status spec's application, under a receipt the spec can type


def _stranger(w: Any, *, registered_as: str = "") -> Application:
    """An unregistered applicant of village A; ``registered_as``: the township has since registered the household
    (the applicant its spouse)."""
    application = applications.application_submit(
        name="吴小红",
        id_number=STRANGER_ID,
        phone="13900002222",
        village=VILLAGE_A,
        description="丈夫外出务工受伤，家里没有收入",
    )
    if registered_as:
        household = household_with_members(VILLAGE_A, size=2, number=registered_as)
        household.members.filter(relationship="spouse").update(id_number=STRANGER_ID, name="吴小红")
    return application


def _with_receipt(w: Any) -> Application:
    application = _stranger(w)
    Application.objects.filter(pk=application.pk).update(receipt=RECEIPT)
    return application


form(
    name="monitoring.apply_status",
    form="monitoring.apply_status",
    url_name="apply:status",
    persona="",
    setup=_with_receipt,
    page=lambda w, ctx: "/apply/status/",
    valid={"receipt": "sweep 2345 abc", "id_last4": STRANGER_ID[-4:]},
    success=None,  # the answer is the status itself, not a message
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=apply-status-answer] >> text=受理中"),
)
form(
    name="monitoring.application_register",
    form="monitoring.application_register",
    url_name="monitoring:application_act",
    persona="township",
    setup=lambda w: _stranger(w, registered_as="5206281012039002"),
    page=lambda w, ctx: f"/monitoring/applications/{ctx.pk}/",
    valid={"household": "5206281012039002"},
    changed=lambda w, ctx: Application.objects.get(pk=ctx.pk).status == "registered",
    success="已登记并受理",
)
form(
    name="monitoring.application_reject",
    form="monitoring.application_reject",
    url_name="monitoring:application_act",
    persona="township",
    setup=_stranger,
    page=lambda w, ctx: f"/monitoring/applications/{ctx.pk}/",
    valid={"reason": "经核实，申请人户籍在外县，已告知到户籍地申请"},
    changed=lambda w, ctx: Application.objects.get(pk=ctx.pk).status == "rejected",
    success="已不予受理",
)

# ---- notices and deadlines (帮扶计划公示; the "仅看超期" filter: a step past its own deadline) ----------------------

from shoudi.monitoring.testing.builders import days_ago as _days_ago  # noqa: E402
from shoudi.testing import assistance as _assistance  # noqa: E402


def _monitored_with_plan(w: Any) -> Case:
    """A household under monitoring with two measures planned (the plan a 帮扶计划公示 announces)."""
    team = Team.of(w)
    case = case_at(S.MONITORED, team=team)
    _assistance.measure(case, team.township, codes.MeasureKind.HEALTH, start=_days_ago(6))
    _assistance.measure(case, team.township, codes.MeasureKind.EMPLOYMENT, start=_days_ago(3))
    return case


form(
    name="monitoring.notice_create.assistance_plan",
    form="monitoring.notice_create",
    url_name="monitoring:notice_create",
    persona="committee_a",
    setup=_monitored_with_plan,
    page=lambda w, ctx: f"/monitoring/notices/new/?village={VILLAGE_A}&kind=assistance_plan",
    valid={"village": VILLAGE_A, "kind": "assistance_plan", "posted_on": TODAY},
    changed=lambda w, ctx: Notice.objects.filter(kind="assistance_plan", entries__case=ctx).exists(),
    success="公示已发布",
)
form(
    name="monitoring.case_filter.overdue",
    form="monitoring.case_filter",
    url_name="monitoring:cases",
    persona="village_a",
    method="get",
    setup=lambda w: Team.of(w).driver.lead(household_with_members(VILLAGE_A), _days_ago(5)),  # 入户核实 overdue
    page=lambda w, ctx: "/monitoring/",
    valid={"overdue": True},
    expect_redirect=False,  # htmx swaps the results in place
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=step-overdue]"),
)
