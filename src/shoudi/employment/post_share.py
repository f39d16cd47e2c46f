"""每年公益性岗位安排不低于20%用于解决搬迁群众就业 (seed 001; ``welfare_post_relocated_share``): of the posts
arranged in a year — every hiring to a post that year, to a new post or to one that fell vacant — the share that
went to labourers of relocated households (易地扶贫搬迁户, recorded on the holding at hiring), against the target.
Also the posts created that year and how many of them went to relocated labourers, and the area's occupancy.

``relocated_share(area_code, year)`` is what the reports call; its dict:

| key | meaning |
| --- | --- |
| ``area_code``, ``year`` | as asked |
| ``hires`` / ``hires_relocated`` | holdings started in the year in the area's posts / of relocated labourers |
| ``posts_created`` / ``posts_created_relocated`` | posts created in the year / of those, hired in the year to a relocated labourer |
| ``share`` | ``hires_relocated / hires`` as a Decimal of 4 places, None without hires |
| ``share_text`` | the share as a percentage with one decimal ("20.0%"), "—" without hires |
| ``target`` / ``target_text`` / ``target_source`` | the parameter on 31 December of the year (or today), and where it comes from |
| ``met`` | True / False, None without hires |
| ``status`` | "达标" / "未达标" / "本年无新聘" |
| ``posts`` / ``filled`` / ``vacant`` / ``abolished`` | posts of the area now: not abolished / 在岗 / 待聘 / 已撤岗 |
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.employment import codes, params
from shoudi.employment.models import PostHolding, WelfarePost

KEY = "welfare_post_relocated_share"
MET, NOT_MET, NO_HIRES = "达标", "未达标", "本年无新聘"


def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def target(area_code: str, year: int) -> tuple[Decimal, str]:
    """The target share for ``area_code`` in ``year`` and its source."""
    on = min(dt.date(year, 12, 31), max(timezone.localdate(), dt.date(year, 1, 1)))
    found = params.resolved(KEY, area_code, on)
    return found.decimal, found.record.source


def occupancy(area_code: str) -> dict[str, int]:
    counts = WelfarePost.objects.filter(in_area("village_id", area_code)).aggregate(
        posts=Count("id", filter=~Q(status=codes.PostStatus.ABOLISHED)),
        filled=Count("id", filter=Q(status=codes.PostStatus.FILLED)),
        vacant=Count("id", filter=Q(status=codes.PostStatus.VACANT)),
        abolished=Count("id", filter=Q(status=codes.PostStatus.ABOLISHED)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def relocated_share(area_code: str, year: int) -> dict[str, Any]:
    """The relocated share of ``area_code``'s posts arranged in ``year`` (see the module's table)."""
    hires = PostHolding.objects.filter(in_area("post__village_id", area_code), started_on__year=year).aggregate(
        hires=Count("id"), hires_relocated=Count("id", filter=Q(relocated=True))
    )
    relocated_hire = PostHolding.objects.filter(post_id=OuterRef("pk"), relocated=True, started_on__year=year)
    created = (
        WelfarePost.objects.filter(in_area("village_id", area_code), created_on__year=year)
        .annotate(to_relocated=Exists(relocated_hire))
        .aggregate(posts_created=Count("id"), posts_created_relocated=Count("id", filter=Q(to_relocated=True)))
    )
    total, relocated = int(hires["hires"] or 0), int(hires["hires_relocated"] or 0)
    goal, source = target(area_code, year)
    share = (Decimal(relocated) / Decimal(total)).quantize(Decimal("0.0001")) if total else None
    met = None if share is None else share >= goal
    return {
        "area_code": area_code,
        "year": year,
        "hires": total,
        "hires_relocated": relocated,
        "posts_created": int(created["posts_created"] or 0),
        "posts_created_relocated": int(created["posts_created_relocated"] or 0),
        "share": share,
        "share_text": percent(share),
        "target": goal,
        "target_text": percent(goal),
        "target_source": source,
        "met": met,
        "status": NO_HIRES if met is None else (MET if met else NOT_MET),
        **occupancy(area_code),
    }


def below_target(area_code: str, on: dt.date) -> bool:
    """Relocated labourers go first while the county's share of the year is below its target (no hire yet
    counts as below)."""
    found = relocated_share(area_code[:6], on.year)
    return found["met"] is not True
