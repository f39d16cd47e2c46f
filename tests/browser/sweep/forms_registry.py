"""The registry's forms: create and edit a household, add, edit and remove members, reveal an ID number or a phone, the
household list's filters, the import/export page and the confirmation of an import on its job page; and the
regions' classes and flags."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.regions.models import Region
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import COUNTY, VILLAGE_A, next_id
from shoudi.testing.registry import household, import_file, import_job

from .spec import Upload, form


def _import_bytes() -> bytes:
    """A real XLSX of two new households of 当造村, as a county would upload it."""
    with tempfile.TemporaryDirectory() as tmp:
        return import_file(Path(tmp) / "农户导入.xlsx", VILLAGE_A, households=2, first=8001).read_bytes()


def _a_household(w: Any) -> Household:
    return household(w.user("village_a"), VILLAGE_A, size=3)


def _child(w: Any) -> Person:
    return _a_household(w).members.get(relationship="son")


# ---- households ------------------------------------------------------------------------------------------

form(
    name="registry.household_create",
    form="registry.household",
    url_name="registry:create",
    persona="village_a",
    page=lambda w, ctx: "/households/new/",
    valid={
        "village": VILLAGE_A,
        "status": "ordinary",
        "address": "盘石镇当造村三组",
        "land_mu": "3.5",
        "debt": "0",
        "head-id_number": next_id(),
        "head-name": "吴老三",
        "head-work_months": "6",
        "head-work_income": "12000",
    },
    changed=lambda w, ctx: Household.objects.filter(members__name="吴老三").exists(),
    success="已新增农户",
)

form(
    name="registry.household_edit",
    form="registry.household",
    url_name="registry:edit",
    persona="village_a",
    setup=_a_household,
    page=lambda w, ctx: f"/households/{ctx.pk}/edit/",
    valid={"address": "当造村五组12号", "land_mu": "4.25", "debt": "1500", "housing_grade": "B"},
    changed=lambda w, ctx: Household.objects.filter(pk=ctx.pk, address="当造村五组12号", debt=1500, version=2).exists(),
    success="已保存农户",
)

form(
    name="registry.household_edit_car",
    form="registry.household",
    url_name="registry:edit",
    persona="village_a",
    setup=_a_household,
    page=lambda w, ctx: f"/households/{ctx.pk}/edit/",
    # issue 14: a car judged a production vehicle (not a 享受型轿车) with the reason the judgement needs
    valid={"other_car": "production", "car_reason": "用于运输自家种植的蔬菜"},
    invalid={"too_long": "car_reason", "choice": "other_car"},
    changed=lambda w, ctx: Household.objects.filter(
        pk=ctx.pk, other_car="production", car_reason="用于运输自家种植的蔬菜", leisure_car=False
    ).exists(),
    success="已保存农户",
)

form(
    name="registry.member_add",
    form="registry.member",
    url_name="registry:member_add",
    persona="village_a",
    setup=_a_household,
    page=lambda w, ctx: f"/households/{ctx.pk}/members/new/",
    valid={
        "id_number": next_id(female=True),
        "name": "吴小妹",
        "relationship": "daughter",
        "school_stage": "junior",
        "work_months": "0",
    },
    changed=lambda w, ctx: Person.objects.filter(household=ctx, name="吴小妹", sex="F").exists(),
    success="已添加家庭成员",
)

form(
    name="registry.member_edit",
    form="registry.member",
    url_name="registry:member_edit",
    persona="village_a",
    setup=_child,
    page=lambda w, ctx: f"/households/person/{ctx.pk}/edit/",
    valid={"name": "吴大毛", "labor": "skilled", "work_place": "out_province", "work_months": "10"},
    changed=lambda w, ctx: Person.objects.filter(pk=ctx.pk, name="吴大毛", labor="skilled", work_months=10).exists(),
    success="已保存",
)

form(
    name="registry.member_remove",
    form="registry.member_remove",
    url_name="registry:member_remove",
    persona="village_a",
    setup=_child,
    page=lambda w, ctx: f"/households/person/{ctx.pk}/remove/",
    valid={"reason": "户籍迁出（外省就业落户）"},
    changed=lambda w, ctx: (
        not Person.objects.filter(pk=ctx.pk).exists()
        and AuditEntry.objects.filter(action="delete", reason="户籍迁出（外省就业落户）").exists()
    ),
    success="已移除家庭成员",
)


def _revealed(page: Any, w: Any, ctx: Household) -> None:
    """The htmx answer put the full number of the first member (the head) in place, and the look is logged."""
    page.wait_for_selector("[data-testid=full-id]")
    head = ctx.members.get(relationship="head")
    assert page.locator("[data-testid=full-id]").first.inner_text() == head.id_number
    assert AuditEntry.objects.filter(action="reveal", object_id=str(head.pk), actor=w.user("village_a")).exists()


form(
    name="registry.reveal_id",
    form="registry.reveal_id",
    url_name="registry:reveal_id",
    persona="village_a",
    setup=_a_household,
    page=lambda w, ctx: f"/households/{ctx.pk}/",
    valid={},
    success=None,  # no message: the number itself is the answer
    expect_redirect=False,  # an htmx POST swaps the number into the row
    after_valid=_revealed,
)


def _a_household_with_phone(w: Any) -> Household:
    h = _a_household(w)
    Household.objects.filter(pk=h.pk).update(phone="13987654321")
    h.refresh_from_db()
    return h


def _phone_revealed(page: Any, w: Any, ctx: Household) -> None:
    """The htmx answer put the household's full phone in place, and the look is logged."""
    page.wait_for_selector("[data-testid=full-phone]")
    assert page.locator("[data-testid=full-phone]").first.inner_text() == "13987654321"
    assert AuditEntry.objects.filter(action="reveal", object_id=str(ctx.pk), actor=w.user("village_a")).exists()


form(
    name="registry.reveal_phone",
    form="registry.reveal_phone",
    url_name="registry:reveal_phone",
    persona="village_a",
    setup=_a_household_with_phone,
    page=lambda w, ctx: f"/households/{ctx.pk}/",
    valid={},
    success=None,  # no message: the phone itself is the answer
    expect_redirect=False,  # an htmx POST swaps the phone into its cell
    after_valid=_phone_revealed,
)

form(
    name="registry.household_filters",
    form="registry.household_filters",
    url_name="registry:list",
    persona="county",
    method="get",
    setup=_a_household,
    page=lambda w, ctx: "/households/",
    valid={"q": "成员", "township": "520628101", "status": "ordinary"},
    expect_redirect=False,  # htmx swaps the results and pushes the address
    after_valid=lambda page, w, ctx: page.wait_for_function(
        f"document.getElementById('results').textContent.includes('{ctx.number}')"
    ),
)

# ---- import and export (/data/) and the import's job page ------------------------------------------------

form(
    name="registry.import",
    form="registry.import",
    url_name="registry_io:import",
    persona="county",
    page=lambda w, ctx: "/data/",
    valid={"file": Upload("农户导入.xlsx", _import_bytes()), "mode": "all"},
    changed=lambda w, ctx: Job.objects.filter(
        kind=Job.Kind.IMPORT_HOUSEHOLDS, stage=Job.Stage.VALIDATE, status=Job.Status.DONE, result__can_apply=True
    ).exists(),
    success="文件已上传",
    after_valid=lambda page, w, ctx: page.wait_for_selector("form[data-form='registry.import_apply']"),
)

form(
    name="registry.export",
    form="registry.export",
    url_name="registry_io:export",
    persona="county",
    setup=_a_household,
    page=lambda w, ctx: "/data/",
    valid={"area": COUNTY, "format": "csv"},
    changed=lambda w, ctx: Job.objects.filter(
        kind=Job.Kind.EXPORT_HOUSEHOLDS, status=Job.Status.DONE, result__households=1
    ).exists(),
    success="已开始导出",
)

form(
    name="registry.import_apply",
    form="registry.import_apply",
    url_name="jobs:apply",
    persona="county",
    setup=lambda w: import_job(w.user("county"), households=2),
    page=lambda w, ctx: f"/jobs/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: (
        Job.objects.filter(pk=ctx.pk, stage=Job.Stage.APPLY, status=Job.Status.DONE).exists()
        and Household.objects.count() == 2
    ),
    success="已确认导入",
)

# ---- regions: a county's classes, a village's flags ------------------------------------------------------

form(
    name="regions.classify_county",
    form="regions.classify",
    url_name="regions:edit",
    persona="county",
    page=lambda w, ctx: f"/regions/{COUNTY}/edit/",
    valid={"key_county": "national", "local_class": "leading"},
    changed=lambda w, ctx: Region.objects.filter(code=COUNTY, key_county="national", local_class="leading").exists(),
    success="已保存",
)

form(
    name="regions.classify_village",
    form="regions.classify",
    url_name="regions:edit",
    persona="county",
    page=lambda w, ctx: f"/regions/{VILLAGE_A}/edit/",
    valid={"poverty_exit_village": True, "relocation_site": True},
    changed=lambda w, ctx: Region.objects.filter(
        code=VILLAGE_A, poverty_exit_village=True, relocation_site=True
    ).exists(),
    success="已保存",
)
