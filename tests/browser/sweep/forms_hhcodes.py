"""一户一码: the household's report on the public page a QR code opens (no account), and the staff's forms — issue
the missing codes of a village, issue one household's code, revoke it, reissue it. Each setup writes what the
form needs straight with the ORM or the service (a household of village A, with or without its code); and the
「查看完整电话」 button of a scan report, on the village page and on the household page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from shoudi.core.models import AuditEntry
from shoudi.hhcodes import services
from shoudi.hhcodes.models import CodeReport, HouseholdCode
from shoudi.monitoring.models import Lead
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import form

V = f"/household-codes/village/{VILLAGE_A}"


def _household(w: Any) -> Any:
    return household_with_members(VILLAGE_A, size=2)


def _with_code(w: Any) -> SimpleNamespace:
    household = _household(w)
    return SimpleNamespace(household=household, code=services.code_issue(by=None, household=household))


def _active(household: Any) -> HouseholdCode | None:
    return HouseholdCode.objects.filter(household=household, revoked_at__isnull=True).first()


form(
    name="hhcodes.report",
    form="hhcodes.report",
    url_name="hhcodes_public:report",
    persona="",
    phone=True,
    setup=_with_code,
    page=lambda w, ctx: f"/c/{ctx.code.token}/",
    valid={"trouble": "illness", "text": "父亲干活摔伤住院，家里没有收入", "phone": "13912345678"},
    changed=lambda w, ctx: (
        Lead.objects.filter(household=ctx.household, channel="application").count() == 1
        and CodeReport.objects.filter(household=ctx.household, phone="13912345678").exists()
    ),
    success=None,  # the answer is the page saying what happens next, not a message
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=hhcode-done]"),
)
form(
    name="hhcodes.village_issue",
    form="hhcodes.village_issue",
    url_name="hhcodes:village_issue",
    persona="village_a",
    setup=_household,
    page=lambda w, ctx: f"{V}/",
    valid={},
    changed=lambda w, ctx: _active(ctx) is not None,
    success="生成二维码",
)
form(
    name="hhcodes.household_issue",
    form="hhcodes.household_issue",
    url_name="hhcodes:household_issue",
    persona="township",
    setup=_household,
    page=lambda w, ctx: f"/household-codes/households/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: _active(ctx) is not None,
    success="已生成二维码",
)
form(
    name="hhcodes.household_revoke",
    form="hhcodes.household_revoke",
    url_name="hhcodes:household_revoke",
    persona="village_a",
    setup=_with_code,
    page=lambda w, ctx: f"/household-codes/households/{ctx.household.pk}/",
    valid={"revoke-reason": "农户已迁出本村"},
    changed=lambda w, ctx: _active(ctx.household) is None,
    success="已作废",
)
form(
    name="hhcodes.household_reissue",
    form="hhcodes.household_reissue",
    url_name="hhcodes:household_reissue",
    persona="county",
    setup=_with_code,
    page=lambda w, ctx: f"/household-codes/households/{ctx.household.pk}/",
    valid={"reissue-reason": "卡片遗失"},
    changed=lambda w, ctx: (_active(ctx.household) or ctx.code).pk != ctx.code.pk,
    success="已重新生成",
)


# 查看完整电话: a scan report with a phone; the answer page shows the full number once and the look is logged.
PHONE = "13912345678"


def _reported(w: Any) -> SimpleNamespace:
    from shoudi.hhcodes import reports

    ctx = _with_code(w)
    ctx.report = reports.report_submit(code=ctx.code, trouble="illness", text="父亲住院做手术", phone=PHONE)
    return ctx


def _revealed_by(persona: str) -> Any:
    def check(page: Any, w: Any, ctx: SimpleNamespace) -> None:
        page.wait_for_selector("[data-testid=full-phone]")
        assert page.locator("[data-testid=full-phone]").inner_text() == PHONE
        assert AuditEntry.objects.filter(action="reveal", object_id=str(ctx.report.pk), actor=w.user(persona)).exists()

    return check


form(
    name="hhcodes.report_reveal.village",
    form="hhcodes.report_reveal",
    url_name="hhcodes:report_reveal",
    persona="village_a",
    setup=_reported,
    page=lambda w, ctx: f"{V}/",
    valid={},
    success=None,  # no message: the number itself is the answer
    after_valid=_revealed_by("village_a"),
)
form(
    name="hhcodes.report_reveal.household",
    form="hhcodes.report_reveal",
    url_name="hhcodes:report_reveal",
    persona="county",
    setup=_reported,
    page=lambda w, ctx: f"/household-codes/households/{ctx.household.pk}/",
    valid={},
    success=None,
    after_valid=_revealed_by("county"),
)
