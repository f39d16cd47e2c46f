"""The register of the low-income population: its filter and the referral queue's, on a household's page the
民政 clerk's record and end forms and the township's referral, on a referral's page 民政's decision (accepted and
declined) and the township's withdrawal, and the classification run. Each setup writes what the form needs
through the models or services, as the pages would have left it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.lowincome import codes
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.referrals import referral_save
from shoudi.lowincome.testing import membership
from shoudi.lowincome.tests.sweep import household_at, standards
from shoudi.registry.models import Household
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, household_with_members

from .spec import form

TODAY = timezone.localdate().isoformat()


def _household(w: Any) -> Household:
    return household_with_members(VILLAGE_A, size=2)


def _held(w: Any) -> Membership:
    return membership(_household(w), codes.StoredLayer.DIBAO_EDGE, started_on=dt.date(2025, 3, 1))


def _referral(w: Any) -> Referral:
    return referral_save(
        by=w.user("township"),
        household=_household(w),
        layer=codes.StoredLayer.DIBAO_EDGE,
        reasons=["人均纯收入低于低保标准的1.5倍"],
        source=codes.ReferralSource.STAFF,
        referred_on=timezone.localdate() - dt.timedelta(days=3),
    )


def _household_page(w: Any, ctx: Any) -> str:
    return f"/low-income/households/{ctx.pk}/"


def _membership_page(w: Any, ctx: Any) -> str:
    return f"/low-income/households/{ctx.household_id}/"


def _referral_page(w: Any, ctx: Any) -> str:
    return f"/low-income/referrals/{ctx.pk}/"


def _referral_is(status: str) -> Any:
    return lambda w, ctx: Referral.objects.get(pk=ctx.pk).status == status


def _edge(w: Any) -> Household:
    standards()
    return household_at("8400")


MEMBERSHIP = {
    "started_on": TODAY,
    "deciding_body": "松桃县民政局",
    "document_no": "松民〔2026〕21号",
    "monthly_amount": "",
    "income_pattern": "stable",
}

form(
    name="lowincome.register_filter",
    form="lowincome.register_filter",
    url_name="lowincome:register",
    persona="county",
    method="get",
    setup=_held,
    page=lambda w, ctx: "/low-income/",
    valid={"layer": "dibao_edge", "status": "active", "township": TOWNSHIP_A, "village": VILLAGE_A, "q": ""},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=register-row]"),
)
form(
    name="lowincome.referral_filter",
    form="lowincome.referral_filter",
    url_name="lowincome:referrals",
    persona="civil_clerk",
    method="get",
    setup=_referral,
    page=lambda w, ctx: "/low-income/referrals/",
    valid={"status": "pending", "layer": "dibao_edge", "township": TOWNSHIP_A},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=referral-row]"),
)
form(
    name="lowincome.membership_record",
    form="lowincome.membership_record",
    url_name="lowincome:household_act",
    persona="civil_clerk",
    setup=_household,
    page=_household_page,
    valid={"layer": "dibao", "dibao_class": "2", **MEMBERSHIP, "monthly_amount": "450"},
    changed=lambda w, ctx: Membership.objects.filter(household=ctx, layer="dibao", monthly_amount=450).exists(),
    success="已纳入台账",
)
form(
    name="lowincome.membership_end",
    form="lowincome.membership_end",
    url_name="lowincome:household_act",
    persona="civil_clerk",
    setup=_held,
    page=_membership_page,
    valid={"ended_on": TODAY, "end_reason": "家庭人均收入已超过低保标准的1.5倍"},
    changed=lambda w, ctx: Membership.objects.get(pk=ctx.pk).status == "ended",
    success="已退出",
)
form(
    name="lowincome.refer",
    form="lowincome.refer",
    url_name="lowincome:household_act",
    persona="township",
    setup=_household,
    page=_household_page,
    valid={
        "layer": "rigid_hardship",
        "reasons": "户主住院，医疗支出超过家庭收入的一半\n人均纯收入低于上年农村居民人均可支配收入",
    },
    changed=lambda w, ctx: Referral.objects.filter(household=ctx, layer="rigid_hardship", status="pending").exists(),
    success="已转介民政部门认定",
)
form(
    name="lowincome.referral_decide.accept",
    form="lowincome.referral_decide",
    url_name="lowincome:referral_act",
    persona="civil_clerk",
    setup=_referral,
    page=_referral_page,
    valid={"decision": "accept", "decided_on": TODAY, "decision_note": "", "dibao_class": "", **MEMBERSHIP},
    changed=_referral_is("accepted"),
    success="已认定：已纳入",
)
form(
    name="lowincome.referral_decide.decline",
    form="lowincome.referral_decide",
    url_name="lowincome:referral_act",
    persona="civil_clerk",
    setup=_referral,
    page=_referral_page,
    valid={"decision": "decline", "decided_on": TODAY, "decision_note": "经入户核查，家庭有商品房", **MEMBERSHIP},
    changed=_referral_is("declined"),
    success="已认定：不予纳入",
)
form(
    name="lowincome.referral_withdraw",
    form="lowincome.referral_withdraw",
    url_name="lowincome:referral_act",
    persona="township",
    setup=_referral,
    page=_referral_page,
    valid={"reason": "该户已迁出本县", "on": TODAY},
    changed=_referral_is("withdrawn"),
    success="已撤回转介",
)
form(
    name="lowincome.classify",
    form="lowincome.classify",
    url_name="lowincome:classify",
    persona="county",
    setup=_edge,
    page=lambda w, ctx: "/low-income/classify/",
    valid={"as_of": TODAY},
    changed=lambda w, ctx: Referral.objects.filter(household=ctx, layer="dibao_edge", source="assessment").exists(),
    success="分层分类测算完成",
)
