"""Real records of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py), on a household of
their own (not the sweep's household A, whose head's name must not show on village B's pages — nor on the
public board, which the sweep opens as a page without an object). Written with the ORM, found again by their
fixed texts so every call returns the same objects.

PARAMS lines (core/tests/area_sweep_params.py):
    from shoudi.governance.tests import sweep as governance_sweep
    ("*", "rulebook_id"): Param(lambda o: governance_sweep.rulebook().pk),
    ("*", "rule_id"): Param(lambda o: governance_sweep.rule().pk),
    ("*", "gov_entry_id"): Param(lambda o: governance_sweep.entry().pk),
    ("*", "review_id"): Param(lambda o: governance_sweep.review().pk),
    ("*", "shop_item_id"): Param(lambda o: governance_sweep.item().pk),
    ("governance", "token"): Param(lambda o: governance_sweep.board().token, obj=False),
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from shoudi.governance import testing as gt
from shoudi.governance.models import Entry, QuarterlyReview, Rule, RuleBook, ShopItem, VillageBoard
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, household_with_members

NUMBER = f"{VILLAGE_A}9901"
PNG = b"\x89PNG\r\n\x1a\n0000"


def household() -> Household:
    return Household.objects.filter(number=NUMBER).first() or household_with_members(VILLAGE_A, size=1, number=NUMBER)


def rulebook() -> RuleBook:
    found = RuleBook.objects.filter(village_id=VILLAGE_A, status="adopted").first()
    if found is None:
        found = gt.rulebook(VILLAGE_A)
        found.minutes.save("minutes.png", ContentFile(PNG), save=False)
        found.minutes_type = "image/png"
        found.save()
    return found


def rule() -> Rule:
    return gt.rule_of(rulebook(), "red")


def review() -> QuarterlyReview:
    return QuarterlyReview.objects.filter(village_id=VILLAGE_A).first() or gt.review(VILLAGE_A, status="closed")


def entry() -> Entry:
    found = Entry.objects.filter(village_id=VILLAGE_A, description="区域检查红榜").first()
    if found is None:
        found = gt.entry(household(), rule(), status="confirmed", review=review(), description="区域检查红榜")
        found.photo.save("sweep.png", ContentFile(PNG), save=False)
        found.photo_type = "image/png"
        found.save()
    return found


def item() -> ShopItem:
    return ShopItem.objects.filter(village_id=VILLAGE_A, name="区域检查物品").first() or gt.item(
        VILLAGE_A, name="区域检查物品"
    )


def board() -> VillageBoard:
    entry()
    return gt.board(VILLAGE_A, token="area-sweep-board-token-0123456789")
