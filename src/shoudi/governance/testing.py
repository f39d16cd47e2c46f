"""Builders of the 积分制 tests, the area sweep and the form sweep: records written straight with the ORM in the
state a test needs (the services are what the tests exercise)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.governance import codes
from shoudi.governance.entries import file_for
from shoudi.governance.models import Entry, QuarterlyReview, Rule, RuleBook, ShopItem, VillageBoard
from shoudi.registry.models import Household

RULES = [
    ("red", "主动参与清扫公共区域一天", 1, ""),
    ("red", "培养了研究生、博士生", 2, ""),
    ("red", "拾到贵重物品及时主动归还失主", 2, ""),
    ("yellow", "乱堆乱放、乱倒垃圾", -1, "清理到位并经季度评议确认"),
    ("yellow", "不赡养老人、家庭不和睦经调解仍不改正", -3, "改正并经季度评议确认"),
    ("black", "酒驾、醉驾", -5, ""),
    ("black", "赌博被公安机关处罚", -5, ""),
]


def rulebook(
    village: str, *, status: str = "adopted", rules: list[tuple[str, str, int, str]] | None = None
) -> RuleBook:
    last = RuleBook.objects.filter(village_id=village).order_by("-edition").first()
    book = RuleBook.objects.create(
        village_id=village,
        edition=(last.edition + 1) if last else 1,
        title="家庭文明档案积分细则",
        status=status,
        adopted_on=dt.date(2026, 1, 10) if status == "adopted" else None,
        resolution_no="村代会〔2026〕1号" if status == "adopted" else "",
        present=30 if status == "adopted" else None,
        total=35 if status == "adopted" else None,
        votes_for=28 if status == "adopted" else None,
    )
    for kind, item, points, clearing in RULES if rules is None else rules:
        Rule.objects.create(rulebook=book, kind=kind, item=item, points=points, clearing=clearing)
    return book


def rule_of(book: RuleBook, kind: str) -> Rule:
    found = book.rules.filter(kind=kind).order_by("created_at").first()
    assert found is not None
    return found


def entry(
    household: Household,
    rule: Rule,
    *,
    status: str = codes.EntryStatus.PROPOSED,
    deed_on: dt.date | None = None,
    review: QuarterlyReview | None = None,
    description: str = "测试事项",
    **more: Any,
) -> Entry:
    return Entry.objects.create(
        file=file_for(household),
        village_id=household.village_id,
        rule=rule,
        kind=rule.kind,
        points=rule.points,
        deed_on=deed_on or timezone.localdate() - dt.timedelta(days=1),
        description=description,
        evidence="村民小组长证明",
        status=status,
        review=review,
        decision="confirm" if status in codes.COUNTING else "",
        **more,
    )


def review(
    village: str, *, year: int | None = None, quarter: int | None = None, status: str = "open"
) -> QuarterlyReview:
    today = timezone.localdate()
    return QuarterlyReview.objects.create(
        village_id=village,
        year=year or today.year,
        quarter=quarter or (today.month - 1) // 3 + 1,
        held_on=today,
        chair="村党支部书记",
        representatives="张三、李四、王五",
        present=25,
        status=status,
        closed_on=today if status == "closed" else None,
    )


def item(village: str, *, name: str = "洗衣粉一袋", cost: int = 2, stock: int = 10) -> ShopItem:
    return ShopItem.objects.create(village_id=village, name=name, cost=cost, stock=stock)


def board(village: str, token: str = "board-token-for-tests-0123456789") -> VillageBoard:  # noqa: S107
    found, _ = VillageBoard.objects.get_or_create(village_id=village, defaults={"token": token})
    return found
