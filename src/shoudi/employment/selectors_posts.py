"""Reads of 公益性岗位: posts, holdings and pay rows of the user's area (``core.access.user_area_q`` on the post's
village or township), for whoever may view the jobs ledgers (``employment.access.may(VIEW)``: the village,
township and county roles, helper cadres and the 人社 clerk); anyone else sees nothing, and a row outside the
area is a 404. Also the filters' choices, the assets a 资产管护 post may maintain, and the workbench counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from shoudi.assets.codes import AssetClass, AssetStatus
from shoudi.assets.models import Asset
from shoudi.core.access import NotVisible, get_visible_or_404, in_area, user_area_q
from shoudi.employment import codes
from shoudi.employment.access import MANAGE_POSTS, RECORD_POST_PAY, VIEW, may
from shoudi.employment.models import PostHolding, PostPay, WelfarePost
from shoudi.employment.months import month_start
from shoudi.employment.post_pay import on_post_q
from shoudi.regions.models import Level, Region


def posts_visible(user: Any) -> QuerySet[WelfarePost]:
    if not may(user, VIEW):
        return WelfarePost.objects.none()
    return WelfarePost.objects.filter(user_area_q(user, "village_id"))


def access_post_by_id(user: Any, post_id: Any) -> WelfarePost:
    return get_visible_or_404(posts_visible(user).select_related("village", "asset"), post_id)


def holdings_visible(user: Any) -> QuerySet[PostHolding]:
    if not may(user, VIEW):
        return PostHolding.objects.none()
    return PostHolding.objects.filter(user_area_q(user, "post__village_id"))


def access_holding_by_id(user: Any, holding_id: Any) -> PostHolding:
    qs = holdings_visible(user).select_related("post", "post__village", "person", "person__household")
    return get_visible_or_404(qs, holding_id)


def access_area(user: Any, code: Any) -> Region:
    """A village or township of the user's area (a pay sheet's place), or 404."""
    text = str(code or "")
    if not may(user, VIEW) or len(text) not in (9, 12) or not text.isdigit():
        raise NotVisible()
    region = Region.objects.filter(user_area_q(user, "code"), code=text).first()
    if region is None:
        raise NotVisible()
    return region


def current_holding(post: WelfarePost) -> PostHolding | None:
    return post.holdings.filter(ended_on__isnull=True).select_related("person", "person__household").first()


def post_holdings(post: WelfarePost) -> QuerySet[PostHolding]:
    return post.holdings.select_related("person", "person__household").order_by("-started_on")


def post_list(
    user: Any,
    *,
    area: str = "",
    kind: str = "",
    status: str = "",
    funding: str = "",
    year: int | None = None,
) -> QuerySet[WelfarePost]:
    """The posts of the user's area, filtered; a value outside the code lists matches nothing."""
    qs = posts_visible(user)
    if area:
        qs = qs.filter(in_area("village_id", area))
    for field, value, allowed in (
        ("kind", kind, codes.PostKind.values),
        ("status", status, codes.PostStatus.values),
        ("funding", funding, codes.PostFunding.values),
    ):
        if value:
            qs = qs.filter(**{field: value}) if value in allowed else qs.none()
    if year:
        qs = qs.filter(created_on__year=year)
    holder = PostHolding.objects.filter(post_id=OuterRef("pk"), ended_on__isnull=True)
    return qs.annotate(has_holder=Exists(holder)).select_related("village", "asset").order_by("-created_on", "title")


def holders(posts: list[WelfarePost]) -> dict[Any, PostHolding]:
    """The current holding of each post (one query)."""
    found = PostHolding.objects.filter(post__in=posts, ended_on__isnull=True).select_related("person")
    return {h.post_id: h for h in found}


def areas_for(user: Any) -> list[tuple[str, str]]:
    """The townships and villages of the user's area (villages indented under their township)."""
    if not may(user, VIEW):
        return []
    found = Region.objects.filter(user_area_q(user, "code"), level__in=(Level.TOWNSHIP, Level.VILLAGE)).order_by("code")
    return [(r.code, ("　" if r.level == Level.VILLAGE else "") + r.name) for r in found]


def public_assets(area_code: str) -> QuerySet[Asset]:
    """The 公益性资产 in use or idle of a village or township: what a 资产管护 post may maintain."""
    return (
        Asset.objects.filter(in_area("village_id", area_code), asset_class=AssetClass.PUBLIC)
        .filter(status__in=(AssetStatus.IN_USE, AssetStatus.IDLE))
        .order_by("code")
    )


def asset_choices(user: Any, area_code: str = "") -> list[tuple[str, str]]:
    qs = public_assets(area_code or user.area_id) if getattr(user, "area_id", None) else Asset.objects.none()
    return [(str(a.pk), f"{a.code} {a.name}（{a.village.name}）") for a in qs.select_related("village")[:500]]


def pay_rows(user: Any, area_code: str, month: dt.date) -> QuerySet[PostPay]:
    return PostPay.objects.filter(user_area_q(user, "village_id"), village_id=area_code, month=month)


def last_month(today: dt.date) -> dt.date:
    return month_start(month_start(today) - dt.timedelta(days=1))


def unpaid_last_month(user: Any, today: dt.date) -> QuerySet[PostHolding]:
    """The holdings on post last month with no pay row for it."""
    month = last_month(today)
    paid = PostPay.objects.filter(holding_id=OuterRef("pk"), month=month)
    return (
        holdings_visible(user)
        .filter(on_post_q(month))
        .filter(~Exists(paid))
        .select_related("post", "post__village", "person")
        .order_by("post__village_id", "post__title")
    )


def vacant_count(user: Any, today: dt.date) -> int:
    if not may(user, MANAGE_POSTS):
        return 0
    return posts_visible(user).filter(status=codes.PostStatus.VACANT).count()


def unpaid_count(user: Any, today: dt.date) -> int:
    if not may(user, RECORD_POST_PAY):
        return 0
    return unpaid_last_month(user, today).count()


def asset_posts(user: Any, asset: Any) -> list[dict[str, Any]]:
    """The posts maintaining ``asset`` with their current holder (the asset page's panel)."""
    posts = list(posts_visible(user).filter(asset=asset).exclude(status=codes.PostStatus.ABOLISHED))
    found = holders(posts)
    return [{"post": p, "holding": found.get(p.pk)} for p in posts]
