"""/api/v1/governance/: 积分制和家庭文明档案 — rulebooks and rules, household files and entries (propose,
correct), quarterly reviews (open, decide, close), balances and ranking, the 积分超市. The same selectors and
services as the pages: anyone without ``VIEW_GOVERNANCE`` and anything outside the caller's area is a 404;
yellow and black records reach only the council of their village (others get counts). Points are never a
condition for any assistance."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from shoudi.core.api import ERRORS
from shoudi.core.api import actor as _user
from shoudi.core.errors import ConflictError
from shoudi.governance import api_schemas as s
from shoudi.governance import balances, entries, reviews, rulebooks, shop
from shoudi.governance import selectors as sel
from shoudi.governance.access import require_council, require_view
from shoudi.governance.models import Entry, HouseholdFile, QuarterlyReview, Rule, RuleBook, ShopItem

router = Router()
T = TypeVar("T")
CODE = r"^\d{12}$"


def refused(exc: ValidationError) -> Status:
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
    field = next((k for k in errors if k != NON_FIELD_ERRORS), None)
    return Status(422, {"detail": errors[field or next(iter(errors))][0], "field": field, "errors": errors})


def call(fn: Callable[[], T]) -> T | Status:
    try:
        return fn()
    except ConflictError:
        raise
    except ValidationError as exc:
        return refused(exc)


def _rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "item": r.item,
        "points": r.points,
        "clearing": r.clearing,
        "active": r.active,
    }


def _book(b: RuleBook) -> dict[str, Any]:
    fields = (
        "id",
        "edition",
        "title",
        "status",
        "adopted_on",
        "resolution_no",
        "present",
        "total",
        "votes_for",
        "superseded_on",
    )
    return {
        **{f: getattr(b, f) for f in fields},
        "village_code": b.village_id,
        "rules": [_rule(r) for r in b.rules.order_by("kind", "created_at")],
    }


def _points(p: balances.Balance, council: bool) -> dict[str, Any]:
    hidden = {"yellow": p.yellow, "black": p.black} if council else {}
    return {"red": p.red, "redeemed": p.redeemed, "balance": p.balance, **hidden}


def _entry(e: Entry) -> dict[str, Any]:
    fields = (
        "id",
        "rule_id",
        "kind",
        "points",
        "deed_on",
        "description",
        "evidence",
        "status",
        "review_id",
        "decision",
        "decision_reason",
        "correction",
        "corrected_on",
        "clear_review_id",
    )
    return {
        **{f: getattr(e, f) for f in fields},
        "household_id": e.file.household_id,
        "file_number": e.file.number,
        "item": e.rule.item,
    }


def _review(r: QuarterlyReview) -> dict[str, Any]:
    fields = ("id", "year", "quarter", "held_on", "chair", "representatives", "present", "status", "closed_on")
    return {**{f: getattr(r, f) for f in fields}, "village_code": r.village_id}


@router.get(
    "/villages", response={200: list[s.GovVillageOut], **ERRORS}, summary="辖区各村档案情况（黄榜、黑榜只给数量）"
)
def villages(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    require_view(user)
    return [{**r, "code": r["village"].code, "name": r["village"].name} for r in sel.village_summary(user)]


@router.get(
    "/villages/{code}/rulebooks", response={200: list[s.GovRulebookOut], **ERRORS}, summary="村的积分制细则各版本"
)
def list_rulebooks(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    place = sel.access_village(_user(request), code)
    return [_book(b) for b in sel.rulebooks_of(place)]


@router.post("/villages/{code}/rulebooks", response={201: s.GovRulebookOut, **ERRORS}, summary="起草新版本细则")
def draft(request: HttpRequest, code: str, payload: s.GovDraftIn) -> Status:
    user = _user(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    done = call(lambda: rulebooks.rulebook_draft(by=user, village_code=place.code, title=payload.title))
    return done if isinstance(done, Status) else Status(201, _book(done))


@router.get("/rulebooks/{rulebook_id}", response={200: s.GovRulebookOut, **ERRORS}, summary="一个版本的细则及其事项")
def get_rulebook(request: HttpRequest, rulebook_id: uuid.UUID) -> dict[str, Any]:
    return _book(sel.access_rulebook(_user(request), rulebook_id))


@router.post("/rulebooks/{rulebook_id}/rules", response={201: s.GovRuleOut, **ERRORS}, summary="细则草案增加事项")
def add_rule(request: HttpRequest, rulebook_id: uuid.UUID, payload: s.GovRuleIn) -> Status:
    user = _user(request)
    book = sel.access_rulebook(user, rulebook_id)
    require_council(user, book.village_id)
    done = call(lambda: rulebooks.rule_add(by=user, rulebook=book, **payload.dict()))
    return done if isinstance(done, Status) else Status(201, _rule(done))


@router.put("/rules/{rule_id}", response={200: s.GovRuleOut, **ERRORS}, summary="修改细则草案的事项")
def update_rule(request: HttpRequest, rule_id: uuid.UUID, payload: s.GovRuleUpdateIn) -> Any:
    user = _user(request)
    rule = sel.access_rule(user, rule_id)
    require_council(user, rule.rulebook.village_id)
    done = call(lambda: rulebooks.rule_update(by=user, rule=rule, **payload.dict()))
    return done if isinstance(done, Status) else _rule(done)


@router.delete("/rules/{rule_id}", response={204: None, **ERRORS}, summary="删除细则草案的事项")
def delete_rule(request: HttpRequest, rule_id: uuid.UUID) -> Status:
    user = _user(request)
    rule = sel.access_rule(user, rule_id)
    require_council(user, rule.rulebook.village_id)
    done = call(lambda: rulebooks.rule_delete(by=user, rule=rule))
    return done if isinstance(done, Status) else Status(204, None)


@router.post(
    "/rulebooks/{rulebook_id}/adopt", response={200: s.GovRulebookOut, **ERRORS}, summary="村民代表大会表决通过"
)
def adopt(request: HttpRequest, rulebook_id: uuid.UUID, payload: s.GovAdoptIn) -> Any:
    user = _user(request)
    book = sel.access_rulebook(user, rulebook_id)
    require_council(user, book.village_id)
    done = call(lambda: rulebooks.rulebook_adopt(by=user, rulebook=book, **payload.dict()))
    return done if isinstance(done, Status) else _book(done)


@router.get("/villages/{code}/files", response={200: list[s.GovFileRowOut], **ERRORS}, summary="村的农户档案和积分余额")
def files(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    user = _user(request)
    place = sel.access_village(user, code)
    council = sel.can_manage(user, place.code)
    return [
        {
            "household_id": r["household"].pk,
            "head": r["head"],
            "file_number": r["file"].number if r["file"] else None,
            "points": _points(r["points"], council),
        }
        for r in sel.households_with_points(place.code)
    ]


def _file(user: Any, household_id: Any) -> dict[str, Any]:
    household = sel.access_household(user, household_id)
    council = sel.can_manage(user, household.village_id)
    file = HouseholdFile.objects.filter(household=household).first()
    rows = sel.file_entries(user, file)
    return {
        "household_id": household.pk,
        "village_code": household.village_id,
        "head": balances.heads([household.pk]).get(household.pk, ""),
        "file_number": file.number if file else None,
        "points": _points(balances.balance_of(file), council),
        "hidden_counts": None if council or file is None else sel.hidden_counts(user, file=file),
        "entries": [_entry(e) for e in rows],
    }


@router.get("/households/{household_id}/file", response={200: s.GovFileOut, **ERRORS}, summary="一户的家庭文明档案")
def get_file(request: HttpRequest, household_id: uuid.UUID) -> dict[str, Any]:
    return _file(_user(request), household_id)


@router.post(
    "/households/{household_id}/entries",
    response={201: s.GovEntryOut, **ERRORS},
    summary="理事会成员记录红榜、黄榜、黑榜",
)
def propose(request: HttpRequest, household_id: uuid.UUID, payload: s.GovEntryIn) -> Status:
    user = _user(request)
    household = sel.access_household(user, household_id)
    require_council(user, household.village_id)
    entry = entries.EntryInput(**payload.dict())
    done = call(lambda: entries.entry_propose(by=user, household=household, entry=entry))
    return done if isinstance(done, Status) else Status(201, _entry(done))


@router.post("/entries/{gov_entry_id}/correction", response={200: s.GovEntryOut, **ERRORS}, summary="登记黄榜整改")
def correct(request: HttpRequest, gov_entry_id: uuid.UUID, payload: s.GovCorrectionIn) -> Any:
    user = _user(request)
    entry = sel.access_entry(user, gov_entry_id)
    require_council(user, entry.village_id)
    done = call(lambda: entries.entry_correct(by=user, entry=entry, **payload.dict()))
    return done if isinstance(done, Status) else _entry(sel.access_entry(user, entry.pk))


@router.get("/villages/{code}/reviews", response={200: list[s.GovReviewOut], **ERRORS}, summary="村的季度评议")
def list_reviews(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    place = sel.access_village(_user(request), code)
    return [_review(r) for r in sel.reviews_of(place)]


@router.post("/villages/{code}/reviews", response={201: s.GovReviewOut, **ERRORS}, summary="开始季度评议")
def open_review(request: HttpRequest, code: str, payload: s.GovReviewIn) -> Status:
    user = _user(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    done = call(lambda: reviews.review_open(by=user, village_code=place.code, **payload.dict()))
    return done if isinstance(done, Status) else Status(201, _review(done))


def _review_detail(user: Any, review: QuarterlyReview) -> dict[str, Any]:
    council = sel.can_manage(user, review.village_id)
    if review.closed:
        rows = list(Entry.objects.filter(review=review) | Entry.objects.filter(clear_review=review))
    else:
        rows = list(reviews.pending(review))
    rows = [e for e in Entry.objects.filter(pk__in=[e.pk for e in rows]).select_related("file", "rule")]
    shown = rows if council else [e for e in rows if e.kind == "red"]
    return {**_review(review), "entries": [_entry(e) for e in shown], "hidden_count": len(rows) - len(shown)}


@router.get("/reviews/{review_id}", response={200: s.GovReviewDetailOut, **ERRORS}, summary="一次季度评议及其记录")
def get_review(request: HttpRequest, review_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    return _review_detail(user, sel.access_review(user, review_id))


@router.post(
    "/reviews/{review_id}/decisions", response={200: s.GovReviewDetailOut, **ERRORS}, summary="记录村民代表的评议结果"
)
def decide(request: HttpRequest, review_id: uuid.UUID, payload: s.GovDecisionsIn) -> Any:
    user = _user(request)
    review = sel.access_review(user, review_id)
    require_council(user, review.village_id)
    rows = [reviews.DecisionInput(entry_id=d.entry_id, decision=d.decision, reason=d.reason) for d in payload.decisions]
    done = call(lambda: reviews.review_decide(by=user, review=review, decisions=rows))
    return done if isinstance(done, Status) else _review_detail(user, sel.access_review(user, review_id))


@router.post(
    "/reviews/{review_id}/close", response={200: s.GovReviewDetailOut, **ERRORS}, summary="结束评议（结果生效）"
)
def close(request: HttpRequest, review_id: uuid.UUID, payload: s.GovCloseIn) -> Any:
    user = _user(request)
    review = sel.access_review(user, review_id)
    require_council(user, review.village_id)
    done = call(lambda: reviews.review_close(by=user, review=review, closed_on=payload.closed_on))
    return done if isinstance(done, Status) else _review_detail(user, done)


@router.get("/villages/{code}/ranking", response={200: list[s.GovRankOut], **ERRORS}, summary="村的年度积分排行")
def ranking(
    request: HttpRequest, code: str, year: int | None = Query(None, title="年度（默认今年）", ge=2019, le=2100)
) -> list[dict[str, Any]]:
    place = sel.access_village(_user(request), code)
    rows = balances.ranking(place.code, year or timezone.localdate().year)
    return [
        {
            "rank": r.rank,
            "household_id": r.file.household_id,
            "head": r.head,
            "file_number": r.file.number,
            "red": r.red,
            "points": r.points,
        }
        for r in rows
    ]


def _item(i: ShopItem) -> dict[str, Any]:
    return {"id": i.pk, "name": i.name, "cost": i.cost, "stock": i.stock, "active": i.active}


@router.get("/villages/{code}/shop", response={200: s.GovShopOut, **ERRORS}, summary="村的积分超市和兑换记录")
def get_shop(request: HttpRequest, code: str) -> dict[str, Any]:
    place = sel.access_village(_user(request), code)
    recent = list(
        shop.Redemption.objects.filter(village_id=place.code)
        .select_related("file", "item")
        .order_by("-redeemed_on")[:100]
    )
    return {
        "items": [_item(i) for i in sel.shop_items(place.code)],
        "redemptions": [
            {
                "id": r.pk,
                "household_id": r.file.household_id,
                "item_id": r.item_id,
                "item_name": r.item.name,
                "quantity": r.quantity,
                "points": r.points,
                "redeemed_on": r.redeemed_on,
            }
            for r in recent
        ],
    }


@router.post("/villages/{code}/shop/items", response={201: s.GovItemOut, **ERRORS}, summary="积分超市上架物品")
def add_item(request: HttpRequest, code: str, payload: s.GovItemIn) -> Status:
    user = _user(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    done = call(lambda: shop.item_create(by=user, village_code=place.code, **payload.dict()))
    return done if isinstance(done, Status) else Status(201, _item(done))


@router.put("/shop-items/{shop_item_id}", response={200: s.GovItemOut, **ERRORS}, summary="修改积分超市物品")
def update_item(request: HttpRequest, shop_item_id: uuid.UUID, payload: s.GovItemUpdateIn) -> Any:
    user = _user(request)
    item = sel.access_item(user, shop_item_id)
    require_council(user, item.village_id)
    done = call(lambda: shop.item_update(by=user, item=item, **payload.dict()))
    return done if isinstance(done, Status) else _item(done)


@router.post("/villages/{code}/redemptions", response={201: s.GovRedemptionOut, **ERRORS}, summary="积分兑换")
def redeem(request: HttpRequest, code: str, payload: s.GovRedemptionIn) -> Status:
    user = _user(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    file = HouseholdFile.objects.filter(village_id=place.code, household_id=payload.household_id).first()
    item = ShopItem.objects.filter(village_id=place.code, pk=payload.item_id).first()
    if file is None:
        return refused(ValidationError({"household_id": "该户没有本村的家庭文明档案"}))
    if item is None:
        return refused(ValidationError({"item_id": "本村积分超市没有该物品"}))
    done = call(
        lambda: shop.redeem(by=user, file=file, item=item, quantity=payload.quantity, redeemed_on=payload.redeemed_on)
    )
    if isinstance(done, Status):
        return done
    out = {
        "id": done.pk,
        "household_id": file.household_id,
        "item_id": item.pk,
        "item_name": done.item.name,
        "quantity": done.quantity,
        "points": done.points,
        "redeemed_on": done.redeemed_on,
        "balance": balances.balance_of(file).balance,
    }
    return Status(201, out)
