"""The demo county's 积分制 (``shoudi governance demo --area <county>``), built through the services as each
village's 村两委 would: in two villages a rulebook of ten red, ten yellow and ten black items adopted by the
村民代表大会, last quarter's entries proposed with evidence, the quarterly review that decided them and closed, a
yellow record corrected and awaiting the next review, a 积分超市 with a redemption, and the public-board link.
A village that already has rules in force is left as it is (a re-run adds nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import in_area
from shoudi.governance import balances, entries, reviews, rulebooks, shop
from shoudi.governance.models import Entry, HouseholdFile, RuleBook
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

RED = [
    ("主动参与清扫公共区域一天", 1),
    ("养殖鸡鸭100羽或肉猪5头以上", 1),
    ("家庭培养出研究生、博士生", 2),
    ("拾到贵重物品及时主动归还失主", 2),
    ("义务参与修路、修渠等公益劳动一天", 1),
    ("看望、帮扶困境儿童或孤寡老人", 2),
    ("评为县级以上“好婆婆、好媳妇”“孝善之星”", 3),
    ("主动调解邻里纠纷并调解成功", 1),
    ("移风易俗，红白喜事简办", 2),
    ("参加村里组织的技能培训并取得证书", 1),
]
YELLOW = [
    ("乱堆乱放柴草、杂物", -1),
    ("乱倒垃圾、污水", -1),
    ("散养家禽家畜影响环境", -1),
    ("大操大办红白喜事", -2),
    ("不赡养、不孝敬老人经调解仍不改正", -3),
    ("邻里纠纷中辱骂他人", -1),
    ("违规燃放烟花爆竹", -1),
    ("焚烧秸秆", -1),
    ("不参加村里组织的公益劳动且无正当理由", -1),
    ("不按规定办理建房手续", -2),
]
BLACK = [
    ("酒驾、醉驾", -5),
    ("参与赌博被公安机关处罚", -5),
    ("盗窃他人财物", -5),
    ("故意伤害他人", -5),
    ("虚报冒领帮扶资金", -5),
    ("家庭暴力被依法处理", -5),
    ("非法占用耕地建房", -5),
    ("传播封建迷信、非法宗教活动", -5),
    ("破坏公共设施", -5),
    ("组织或参与非法集资", -5),
]
CLEARING = "整改到位并经季度评议确认"
ITEMS = [("洗衣粉一袋", 2, 50), ("食用油一桶", 10, 20), ("大米五公斤", 8, 30), ("学生文具一套", 3, 40)]


def _previous_quarter(today: dt.date) -> tuple[int, int]:
    q = (today.month - 1) // 3 + 1
    return (today.year, q - 1) if q > 1 else (today.year - 1, 4)


def _actor(village: Region) -> Any:
    """The village's 村两委 account, or a stand-in (not saved) that the audit log names 村两委（演示）."""
    found = User.objects.filter(role=Role.VILLAGE_COMMITTEE, area_id=village.code, is_active=True).first()
    return found or User(
        username="governance-demo",
        full_name=f"村两委（{village.name}，演示）",
        role=Role.VILLAGE_COMMITTEE,
        area_id=village.code,
    )


def _villages(county: str) -> list[Region]:
    first = User.objects.filter(in_area("area_id", county), role=Role.VILLAGE_COMMITTEE).values_list(
        "area_id", flat=True
    )
    codes_ = [c for c in first if c and len(c) == 12][:1]
    busiest = (
        Household.objects.filter(in_area("village_id", county))
        .exclude(village_id__in=codes_)
        .values_list("village_id", flat=True)
        .order_by("village_id")
        .distinct()
    )
    for code in busiest:
        if len(codes_) == 2:
            break
        codes_.append(code)
    return list(Region.objects.filter(code__in=codes_, level=Level.VILLAGE).order_by("code"))


def build_village(village: Region, today: dt.date) -> str:
    if RuleBook.objects.filter(village=village, status="adopted").exists():
        return f"{village.name}：已有现行细则，未重复生成"
    by = _actor(village)
    year, quarter = _previous_quarter(today)
    first, last = reviews.quarter_bounds(year, quarter)
    book = rulebooks.rulebook_draft(by=by, village_code=village.code, title=f"{village.name}家庭文明档案积分细则")
    for kind, rows in (("red", RED), ("yellow", YELLOW), ("black", BLACK)):
        for item, points in rows:
            clearing = CLEARING if kind == "yellow" else ""
            rulebooks.rule_add(by=by, rulebook=book, kind=kind, item=item, points=points, clearing=clearing)
    rulebooks.rulebook_adopt(
        by=by,
        rulebook=book,
        adopted_on=first - dt.timedelta(days=10),
        resolution_no=f"村代会〔{first.year}〕1号",
        present=31,
        total=36,
        votes_for=29,
    )
    rules = {(r.kind, r.item): r for r in book.rules.all()}
    households = list(Household.objects.filter(village=village).order_by("number")[:12])
    plan = [("red", RED[i % len(RED)][0]) for i in range(len(households))]
    plan += [("red", RED[0][0])] * min(4, len(households)) + [("yellow", YELLOW[0][0]), ("yellow", YELLOW[1][0])]
    plan += [("black", BLACK[0][0])]
    made: list[Entry] = []
    for i, (kind, item) in enumerate(plan):
        if not households:
            break
        household = households[i % len(households)] if kind == "red" else households[-1 - (i % min(3, len(households)))]
        entry = entries.EntryInput(
            rule_id=rules[(kind, item)].pk,
            deed_on=first + dt.timedelta(days=(i * 7) % 85),
            description=f"{item}（演示记录）",
            evidence="村民小组长证明、现场照片",
        )
        made.append(entries.entry_propose(by=by, household=household, entry=entry))
    review = reviews.review_open(
        by=by,
        village_code=village.code,
        year=year,
        quarter=quarter,
        held_on=min(today, last + dt.timedelta(days=5)),
        chair="村党支部书记",
        representatives="村民代表十九人（名单见会议记录）",
        present=19,
    )
    decisions = [reviews.DecisionInput(e.pk, "confirm") for e in made[:-1]]
    if made:
        decisions.append(reviews.DecisionInput(made[-1].pk, "reject", "证据不足，待公安机关处理结果出来后再记"))
    reviews.review_decide(by=by, review=review, decisions=decisions)
    reviews.review_close(by=by, review=review, closed_on=review.held_on)
    yellow = Entry.objects.filter(village=village, kind="yellow", status="confirmed").first()
    if yellow is not None:
        entries.entry_correct(by=by, entry=yellow, correction="已清理门前杂物，签订门前三包责任书", corrected_on=today)
    for name, cost, stock in ITEMS:
        shop.item_create(by=by, village_code=village.code, name=name, cost=cost, stock=stock)
    cheapest = shop.ShopItem.objects.filter(village=village).order_by("cost").first()
    files = list(HouseholdFile.objects.filter(village=village))
    richest = max(files, key=lambda f: balances.balance_of(f).balance, default=None)
    if cheapest and richest and balances.balance_of(richest).balance >= cheapest.cost:
        shop.redeem(by=by, file=richest, item=cheapest, quantity=1, redeemed_on=today)
    shop.board_issue(by=by, village_code=village.code)
    return f"{village.name}：细则 {book.rules.count()} 项，记录 {len(made)} 条，{review}已结束"


def build(county_code: str) -> str:
    today = timezone.localdate()
    villages = _villages(county_code)
    if not villages:
        return "该县没有有农户的村，未生成积分制演示数据"
    return "\n".join(build_village(v, today) for v in villages)
