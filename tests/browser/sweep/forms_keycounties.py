"""乡村振兴重点帮扶县: the list's filter, designating a county and taking it off the list (the province's
administrator), a support measure added and edited, the year filters of the county page and of the indicators,
and a figure entered with its source (the county). Each setup writes its key county straight with the ORM
(``shoudi.keycounties.testing``); the province's administrator joins the world here."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.keycounties.models import IndicatorValue, KeyCounty, SupportMeasure
from shoudi.keycounties.testing import key_county, measure
from shoudi.testing.factories import COUNTY, make_persona

from .spec import form

TODAY = timezone.localdate()
LAST_YEAR = str(TODAY.year - 1)


def _with_admin(w: Any) -> None:
    if "province_admin" not in w.users:
        w.users["province_admin"] = make_persona("province_admin")


def _listed(w: Any) -> KeyCounty:
    _with_admin(w)
    return key_county(COUNTY)


form(
    name="keycounties.filter",
    form="keycounties.filter",
    url_name="keycounties:list",
    persona="county",
    method="get",
    setup=_listed,
    page=lambda w, ctx: "/key-counties/",
    valid={"level": "provincial", "active": "all", "year": LAST_YEAR},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=key-county-row]"),
)
form(
    name="keycounties.designate",
    form="keycounties.designate",
    url_name="keycounties:designate",
    persona="province_admin",
    setup=_with_admin,
    page=lambda w, ctx: "/key-counties/designate/",
    valid={
        "county": COUNTY,
        "level": "provincial",
        "designated_year": "2021",
        "document_no": "黔乡振领〔2021〕5号",
        "source": "贵州省乡村振兴领导小组",
        "active_until": "2025",
    },
    changed=lambda w, ctx: KeyCounty.objects.filter(county_id=COUNTY, removed_on__isnull=True).exists(),
    success="已将松桃苗族自治县列为省级乡村振兴重点帮扶县",
)
form(
    name="keycounties.remove",
    form="keycounties.remove",
    url_name="keycounties:remove",
    persona="province_admin",
    setup=_listed,
    page=lambda w, ctx: f"/key-counties/{ctx.pk}/remove/",
    valid={"removed_on": TODAY.isoformat(), "removed_reason": "过渡期结束，调整名单"},
    changed=lambda w, ctx: KeyCounty.objects.get(pk=ctx.pk).removed_on is not None,
    success="移出重点帮扶县名单",
)
form(
    name="keycounties.measure_create",
    form="keycounties.measure",
    url_name="keycounties:measure_create",
    persona="county",
    setup=_listed,
    page=lambda w, ctx: f"/key-counties/{ctx.pk}/measures/new/",
    valid={
        "year": LAST_YEAR,
        "category": "finance",
        "title": "脱贫人口小额信贷应贷尽贷",
        "responsible_unit": "人民银行县支行",
        "content": "对有贷款需求的脱贫户应贷尽贷",
        "status": "in_progress",
    },
    changed=lambda w, ctx: SupportMeasure.objects.filter(key_county=ctx, title="脱贫人口小额信贷应贷尽贷").exists(),
    success="已登记支持措施",
)
form(
    name="keycounties.measure_edit",
    form="keycounties.measure",
    url_name="keycounties:measure_edit",
    persona="county",
    setup=lambda w: measure(_listed(w)),
    page=lambda w, ctx: f"/key-counties/measures/{ctx.pk}/edit/",
    valid={"status": "done", "progress_note": "资金已全部下达"},
    changed=lambda w, ctx: SupportMeasure.objects.get(pk=ctx.pk).status == "done",
    success="已保存支持措施",
)
form(
    name="keycounties.measure_year",
    form="keycounties.measure_year",
    url_name="keycounties:detail",
    persona="county",
    method="get",
    setup=lambda w: measure(_listed(w), year=TODAY.year - 1).key_county,
    page=lambda w, ctx: f"/key-counties/{ctx.pk}/",
    valid={"year": LAST_YEAR},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=measure-row]"),
)
form(
    name="keycounties.indicator_year",
    form="keycounties.indicator_year",
    url_name="keycounties:indicators",
    persona="county",
    method="get",
    setup=_listed,
    page=lambda w, ctx: f"/key-counties/{ctx.pk}/indicators/",
    valid={"year": LAST_YEAR},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=figure]"),
)
form(
    name="keycounties.value",
    form="keycounties.value",
    url_name="keycounties:value_enter",
    persona="county",
    setup=_listed,
    page=lambda w, ctx: f"/key-counties/{ctx.pk}/values/?year={LAST_YEAR}",
    valid={"year": LAST_YEAR, "code": "east_west_funds", "value": "3200", "source": "县东西部协作资金到位台账"},
    changed=lambda w, ctx: IndicatorValue.objects.filter(key_county=ctx, code="east_west_funds").exists(),
    success="已填报",
)
