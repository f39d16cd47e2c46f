"""The screening pages: start a run (a real screening of a tiny county, DuckDB), confirm or reject a fuzzy match,
close a register update (户籍变动待办) as done or not applicable, reveal an ID from it, filter the list."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from shoudi.core.models import AuditEntry
from shoudi.feeds import testing as ft
from shoudi.monitoring.models import Lead
from shoudi.registry.models import Person
from shoudi.screening import testing
from shoudi.screening.models import LinkCandidate, RegisterUpdate, ScreeningRun
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, household_with_members

from .spec import form


def _spouse(village: str = VILLAGE_A) -> Person:
    return household_with_members(village, size=3, status="former_poor").members.get(relationship="spouse")


def _county_with_a_claim(w: Any) -> None:
    """The county holds one former-poor household whose member paid 15,000 yuan for a hospital stay: over half
    the 2023 rural income (the medical rule's threshold, 10,845.50), so the run finds a lead."""
    person = _spouse()
    ft.feed("medical_claims", ft.medical_claim(person, "2024-03-01", oop="15000"), area=w.county)


form(
    name="screening.run",
    form="screening.run",
    url_name="screening:runs",
    persona="county",
    setup=_county_with_a_claim,
    page=lambda w, ctx: "/screening/",
    valid={"area": "520628", "as_of": "2024-06-30", "engine": "duckdb"},
    changed=lambda w, ctx: (
        ScreeningRun.objects.filter(status="done").exists() and Lead.objects.filter(rule="medical_oop").exists()
    ),
    success="已提交筛查",
    after_valid=lambda page, w, ctx: page.wait_for_selector("text=大额医疗自付"),
)

form(
    name="screening.candidate_confirm",
    form="screening.candidate_confirm",
    url_name="screening:candidate_decide",
    persona="clerk",  # the 医保 clerk: the candidate's record is 医保结算
    setup=lambda w: testing.candidate(_spouse()),
    page=lambda w, ctx: "/screening/matches/",
    valid={},
    changed=lambda w, ctx: LinkCandidate.objects.get(pk=ctx.pk).status == "confirmed",
    success="已确认匹配",
)

form(
    name="screening.candidate_reject",
    form="screening.candidate_reject",
    url_name="screening:candidate_decide",
    persona="county",
    setup=lambda w: testing.candidate(_spouse()),
    page=lambda w, ctx: "/screening/matches/",
    valid={},
    changed=lambda w, ctx: LinkCandidate.objects.get(pk=ctx.pk).status == "rejected",
    success="已否决",
)


def _update_page(w: Any, ctx: RegisterUpdate) -> str:
    return f"/screening/register-updates/{ctx.pk}/"


form(
    name="screening.register_update_done",
    form="screening.register_update_done",
    url_name="screening:register_update_done",
    persona="village_a",
    setup=lambda w: testing.register_update(_spouse()),
    page=_update_page,
    valid={"note": "已在基础数据库中移除该成员"},
    changed=lambda w, ctx: RegisterUpdate.objects.get(pk=ctx.pk).status == "done",
    success="已更新",
)

form(
    name="screening.register_update_not_applicable",
    form="screening.register_update_not_applicable",
    url_name="screening:register_update_not_applicable",
    persona="village_a",
    setup=lambda w: testing.register_update(_spouse()),
    page=_update_page,
    valid={"reason": "经核实本人健在，公安记录有误"},
    changed=lambda w, ctx: RegisterUpdate.objects.get(pk=ctx.pk).status == "not_applicable",
    success="不适用",
)


def _eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    """``check`` once it holds: the reveal answers by htmx, with no page load for the sweep to wait for."""
    until = time.monotonic() + seconds
    while not check() and time.monotonic() < until:
        time.sleep(0.05)
    return check()


def _revealed(page: Any, w: Any, ctx: RegisterUpdate) -> None:
    assert ctx.person is not None
    page.wait_for_selector(f".id-cell >> text={ctx.person.id_number}")


form(
    name="screening.reveal_id",
    form="screening.reveal_id",
    url_name="registry:reveal_id",
    persona="village_a",
    setup=lambda w: testing.register_update(_spouse()),
    page=_update_page,
    valid={},
    changed=lambda w, ctx: _eventually(
        lambda: AuditEntry.objects.filter(action="reveal", object_id=str(ctx.person_id)).exists()
    ),
    success=None,  # the full number takes the masked one's place (htmx), no message
    expect_redirect=False,
    after_valid=_revealed,
)


def _updates_in_two_villages(w: Any) -> None:
    testing.register_update(_spouse(VILLAGE_A))
    testing.register_update(_spouse(VILLAGE_B), status="done", by=w.user("village_b"))


form(
    name="screening.register_update_filter",
    form="screening.register_update_filter",
    url_name="screening:register_updates",
    persona="township",
    method="get",
    setup=_updates_in_two_villages,
    page=lambda w, ctx: "/screening/register-updates/",
    valid={"village": VILLAGE_B, "status": "all"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=register-update-row]"),
)
