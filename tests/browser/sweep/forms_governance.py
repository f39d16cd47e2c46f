"""积分制 / 家庭文明档案: the village's public-board link (issue, revoke), the ranking's year, the rules (a draft,
its items added, edited and deleted, its adoption by the 村民代表大会), an entry proposed on a household's file,
the correction of a yellow record, the quarterly review (open, decide, close) and the 积分超市 (an item put on
the shelf and edited, a redemption). All as committee_a (村两委 of village A); each setup writes what the form
needs straight with the ORM (fixed ids where a form offers a choice of records)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from shoudi.governance import testing as gt
from shoudi.governance.models import Entry, QuarterlyReview, Rule, RuleBook, ShopItem, VillageBoard
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import Upload, form

TODAY = timezone.localdate()
RULE = uuid.UUID("6a0f7d2e-0000-4000-8000-00000000a001")
FILE = uuid.UUID("6a0f7d2e-0000-4000-8000-00000000a002")
ITEM = uuid.UUID("6a0f7d2e-0000-4000-8000-00000000a003")
V = f"/governance/village/{VILLAGE_A}"
PNG = Upload("证明.png", b"\x89PNG\r\n\x1a\n0000", "image/png")


def _draft(w: Any) -> RuleBook:
    return gt.rulebook(VILLAGE_A, status="draft", rules=[("red", "主动清扫公共区域一天", 1, "")])


def _adopted(w: Any) -> SimpleNamespace:
    book = gt.rulebook(VILLAGE_A, rules=[])
    Rule.objects.create(id=RULE, rulebook=book, kind="red", item="拾金不昧", points=2)
    household = household_with_members(VILLAGE_A, size=2)
    return SimpleNamespace(book=book, household=household)


def _yellow(w: Any) -> Entry:
    book = gt.rulebook(VILLAGE_A)
    return gt.entry(household_with_members(VILLAGE_A, size=1), gt.rule_of(book, "yellow"), status="confirmed")


def _review_with_entry(w: Any) -> SimpleNamespace:
    book = gt.rulebook(VILLAGE_A)
    entry = gt.entry(household_with_members(VILLAGE_A, size=1), gt.rule_of(book, "red"))
    return SimpleNamespace(review=gt.review(VILLAGE_A), entry=entry)


def _shop(w: Any) -> SimpleNamespace:
    from shoudi.governance.models import HouseholdFile

    household = household_with_members(VILLAGE_A, size=1)
    file = HouseholdFile.objects.create(
        id=FILE, household=household, village_id=VILLAGE_A, number="SWEEP-0001", opened_on=TODAY
    )
    book = gt.rulebook(VILLAGE_A)
    for _ in range(3):
        gt.entry(household, gt.rule_of(book, "red"), status="confirmed")
    item = ShopItem.objects.create(id=ITEM, village_id=VILLAGE_A, name="洗衣粉一袋", cost=2, stock=5)
    return SimpleNamespace(file=file, item=item)


form(
    name="governance.board_issue",
    form="governance.board_issue",
    url_name="governance:board_issue",
    persona="committee_a",
    page=lambda w, ctx: f"{V}/",
    valid={},
    changed=lambda w, ctx: VillageBoard.objects.filter(village_id=VILLAGE_A, active=True).exists(),
    success="公开榜链接",
)
form(
    name="governance.board_revoke",
    form="governance.board_revoke",
    url_name="governance:board_revoke",
    persona="committee_a",
    setup=lambda w: gt.board(VILLAGE_A),
    page=lambda w, ctx: f"{V}/",
    valid={},
    changed=lambda w, ctx: not VillageBoard.objects.get(pk=ctx.pk).active,
    success="已停用",
)
form(
    name="governance.ranking_year",
    form="governance.ranking_year",
    url_name="governance:ranking",
    persona="township",
    method="get",
    page=lambda w, ctx: f"{V}/ranking/",
    valid={"year": str(TODAY.year)},
    after_valid=lambda page, w, ctx: page.wait_for_selector("table"),
)
form(
    name="governance.rulebook_draft",
    form="governance.rulebook_draft",
    url_name="governance:rulebooks",
    persona="committee_a",
    setup=lambda w: gt.rulebook(VILLAGE_A),
    page=lambda w, ctx: f"{V}/rulebooks/",
    valid={"title": "当造村家庭文明档案积分细则（修订）"},
    changed=lambda w, ctx: RuleBook.objects.filter(status="draft", title__endswith="（修订）").exists(),
    success="已起草",
)
form(
    name="governance.rule_add",
    form="governance.rule_add",
    url_name="governance:rule_add",
    persona="committee_a",
    setup=_draft,
    page=lambda w, ctx: f"/governance/rulebooks/{ctx.pk}/",
    valid={"kind": "yellow", "item": "乱堆乱放柴草", "points": "-1", "clearing": "清理到位并经季度评议确认"},
    changed=lambda w, ctx: ctx.rules.filter(item="乱堆乱放柴草").exists(),
    success="已增加",
)
form(
    name="governance.rule_edit",
    form="governance.rule_edit",
    url_name="governance:rule_edit",
    persona="committee_a",
    setup=_draft,
    page=lambda w, ctx: f"/governance/rulebooks/{ctx.pk}/",
    valid={"kind": "red", "item": "主动清扫公共区域两天", "points": "2", "clearing": ""},
    changed=lambda w, ctx: ctx.rules.filter(item="主动清扫公共区域两天", points=2).exists(),
    success="已保存",
)
form(
    name="governance.rule_delete",
    form="governance.rule_delete",
    url_name="governance:rule_delete",
    persona="committee_a",
    setup=_draft,
    page=lambda w, ctx: f"/governance/rulebooks/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: not ctx.rules.exists(),
    success="已删除",
)
form(
    name="governance.adopt",
    form="governance.adopt",
    url_name="governance:adopt",
    persona="committee_a",
    setup=_draft,
    page=lambda w, ctx: f"/governance/rulebooks/{ctx.pk}/",
    valid={
        "adopted_on": TODAY.isoformat(),
        "resolution_no": "村代会〔2026〕2号",
        "total": "30",
        "present": "25",
        "votes_for": "21",
    },
    changed=lambda w, ctx: RuleBook.objects.get(pk=ctx.pk).status == "adopted",
    success="已通过",
)
form(
    name="governance.entry_propose",
    form="governance.entry_propose",
    url_name="governance:entry_propose",
    persona="committee_a",
    setup=_adopted,
    page=lambda w, ctx: f"/governance/households/{ctx.household.pk}/",
    valid={
        "rule": str(RULE),
        "deed_on": TODAY.isoformat(),
        "description": "在村道上拾到手机一部，主动归还失主",
        "evidence": "失主书面证明",
        "photo": PNG,
    },
    changed=lambda w, ctx: Entry.objects.filter(file__household=ctx.household, status="proposed").exists(),
    success="待季度评议",
)
form(
    name="governance.entry_correct",
    form="governance.entry_correct",
    url_name="governance:entry_correct",
    persona="committee_a",
    setup=_yellow,
    page=lambda w, ctx: f"/governance/households/{ctx.file.household_id}/",
    valid={"correction": "柴草已清理，签订门前三包", "corrected_on": TODAY.isoformat()},
    changed=lambda w, ctx: Entry.objects.get(pk=ctx.pk).status == "clearing",
    success="已登记整改",
)
form(
    name="governance.review_open",
    form="governance.review_open",
    url_name="governance:reviews",
    persona="committee_a",
    page=lambda w, ctx: f"{V}/reviews/",
    valid={
        "year": str(TODAY.year),
        "quarter": str((TODAY.month - 1) // 3 + 1),
        "held_on": TODAY.isoformat(),
        "chair": "村党支部书记",
        "representatives": "张三、李四、王五",
        "present": "21",
    },
    changed=lambda w, ctx: QuarterlyReview.objects.filter(village_id=VILLAGE_A, status="open").exists(),
    success="已开始",
)
form(
    name="governance.review_decide",
    form="governance.review_decide",
    url_name="governance:review_decide",
    persona="committee_a",
    setup=_review_with_entry,
    page=lambda w, ctx: f"/governance/reviews/{ctx.review.pk}/",
    valid={"rows-0-decision": "confirm", "rows-0-reason": "村民代表一致认可"},
    changed=lambda w, ctx: Entry.objects.get(pk=ctx.entry.pk).decision == "confirm",
    success="评议结果",
)
form(
    name="governance.review_close",
    form="governance.review_close",
    url_name="governance:review_close",
    persona="committee_a",
    setup=lambda w: gt.review(VILLAGE_A),
    page=lambda w, ctx: f"/governance/reviews/{ctx.pk}/",
    valid={"closed_on": TODAY.isoformat()},
    changed=lambda w, ctx: QuarterlyReview.objects.get(pk=ctx.pk).status == "closed",
    success="已结束",
)
form(
    name="governance.item_create",
    form="governance.item_create",
    url_name="governance:shop",
    persona="committee_a",
    page=lambda w, ctx: f"{V}/shop/",
    valid={"name": "食用油一桶", "cost": "10", "stock": "20"},
    changed=lambda w, ctx: ShopItem.objects.filter(name="食用油一桶").exists(),
    success="已上架",
)
form(
    name="governance.item_edit",
    form="governance.item_edit",
    url_name="governance:item_edit",
    persona="committee_a",
    setup=lambda w: gt.item(VILLAGE_A),
    page=lambda w, ctx: f"{V}/shop/",
    valid={"name": "洗衣粉一袋", "cost": "3", "stock": "8"},
    changed=lambda w, ctx: ShopItem.objects.get(pk=ctx.pk).stock == 8,
    success="已保存",
)
form(
    name="governance.redeem",
    form="governance.redeem",
    url_name="governance:redeem",
    persona="committee_a",
    setup=_shop,
    page=lambda w, ctx: f"{V}/shop/",
    valid={"file": str(FILE), "item": str(ITEM), "quantity": "1", "redeemed_on": TODAY.isoformat()},
    changed=lambda w, ctx: ctx.item.redemptions.exists(),
    success="已兑换",
)
