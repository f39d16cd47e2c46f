"""公益性岗位: the list's filter, setting a post (按需设岗) and editing it, hiring to a vacant post (以岗聘任), the
holder's exit (有序退岗), abolishing a post, and the monthly pay sheet (在岗领补) with its month picker. Each setup
writes the post (and its holder) of village A straight with the ORM, as the pages would have left it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from shoudi.employment import codes
from shoudi.employment.models import PostHolding, PostPay, WelfarePost
from shoudi.employment.testing import holding, post
from shoudi.employment.tests.sweep_posts import labourer
from shoudi.testing.factories import VILLAGE_A

from .spec import form

TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
EARLIER = LAST_MONTH - dt.timedelta(days=30)


def _post(w: Any, title: str = "当造村保洁员（表单检查）") -> WelfarePost:
    return post(VILLAGE_A, title=title, created_on=EARLIER)


def _vacant_with_labourer(w: Any) -> Any:
    return SimpleNamespace(post=_post(w, "当造村护路员（聘用检查）"), person=labourer())


def _held(w: Any) -> PostHolding:
    return holding(_post(w, "当造村管水员（发放检查）"), labourer(), started_on=EARLIER)


form(
    name="employment.post_filter",
    form="employment.post_filter",
    url_name="employment:posts",
    persona="township",
    method="get",
    setup=_post,
    page=lambda w, ctx: "/employment/posts/",
    valid={"area": VILLAGE_A, "kind": "cleaning", "status": "vacant"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=post-row]"),
)
form(
    name="employment.post_create",
    form="employment.post_create",
    url_name="employment:post_create",
    persona="township",
    page=lambda w, ctx: "/employment/posts/new/",
    valid={
        "area": VILLAGE_A,
        "kind": "cleaning",
        "title": "当造村河道保洁员",
        "need": "村内河道垃圾无人清理",
        "duty": "每周清理河道两次",
        "monthly_subsidy": "500",
        "funding": "linkage",
        "created_on": TODAY.isoformat(),
        "term_months": "12",
        "asset": "",
    },
    changed=lambda w, ctx: WelfarePost.objects.filter(title="当造村河道保洁员").exists(),
    success="已设岗",
)
form(
    name="employment.post_edit",
    form="employment.post_edit",
    url_name="employment:post_edit",
    persona="township",
    setup=_post,
    page=lambda w, ctx: f"/employment/posts/{ctx.pk}/edit/",
    valid={"title": "当造村保洁员（改）", "need": "村内公共区域保洁无人负责", "monthly_subsidy": "550"},
    changed=lambda w, ctx: WelfarePost.objects.get(pk=ctx.pk).title == "当造村保洁员（改）",
    success="已保存岗位信息",
)
form(
    name="employment.post_hire",
    form="employment.post_hire",
    url_name="employment:post_hire",
    persona="township",
    setup=_vacant_with_labourer,
    page=lambda w, ctx: f"/employment/posts/{ctx.post.pk}/",
    # the person: the top-ranked candidate the form offers first (the setup's labourer, or another of village A)
    valid={"started_on": THIS_MONTH.isoformat(), "agreement_no": "松公岗〔2026〕1号"},
    changed=lambda w, ctx: PostHolding.objects.filter(post=ctx.post, ended_on__isnull=True).exists(),
    success="已聘用",
)
form(
    name="employment.post_exit",
    form="employment.post_exit",
    url_name="employment:post_exit",
    persona="township",
    setup=_held,
    page=lambda w, ctx: f"/employment/posts/{ctx.post_id}/",
    valid={"ended_on": TODAY.isoformat(), "exit_reason": "resigned", "exit_note": "本人申请"},
    changed=lambda w, ctx: PostHolding.objects.get(pk=ctx.pk).ended_on == TODAY,
    success="退岗",
)
form(
    name="employment.post_abolish",
    form="employment.post_abolish",
    url_name="employment:post_abolish",
    persona="township",
    setup=lambda w: _post(w, "当造村养老护理员（撤岗检查）"),
    page=lambda w, ctx: f"/employment/posts/{ctx.pk}/",
    valid={"abolished_on": TODAY.isoformat(), "note": "该村已有养老服务站"},
    changed=lambda w, ctx: WelfarePost.objects.get(pk=ctx.pk).status == codes.PostStatus.ABOLISHED,
    success="已撤销",
)
form(
    name="employment.post_pay_month",
    form="employment.post_pay_month",
    url_name="employment:post_pay",
    persona="committee_a",
    method="get",
    setup=_held,
    page=lambda w, ctx: f"/employment/posts/pay/{VILLAGE_A}/",
    valid={"month": f"{LAST_MONTH:%Y-%m}"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=pay-row]"),
)
form(
    name="employment.post_pay",
    form="employment.post_pay",
    url_name="employment:post_pay",
    persona="committee_a",
    setup=_held,
    page=lambda w, ctx: f"/employment/posts/pay/{VILLAGE_A}/?month={LAST_MONTH:%Y-%m}",
    valid={"rows-0-days_required": "20", "rows-0-days_worked": "18", "rows-0-amount_due": "450.00"},
    changed=lambda w, ctx: PostPay.objects.filter(holding=ctx, month=LAST_MONTH).exists(),
    success="已保存",
)
