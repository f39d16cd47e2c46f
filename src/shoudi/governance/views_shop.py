"""The 积分超市 page of a village: its items and the redemptions recorded; the council puts items on the shelf,
changes their cost and stock, and records a household's redemption (never beyond its balance or the stock)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.governance import balances, shop
from shoudi.governance import forms as gforms
from shoudi.governance import selectors as sel
from shoudi.governance.access import NOT_A_CONDITION, require_council
from shoudi.governance.models import HouseholdFile, Redemption, ShopItem
from shoudi.regions.models import Region

RECENT = 100


def file_choices(village_code: str) -> list[tuple[str, str]]:
    files = list(HouseholdFile.objects.filter(village_id=village_code).order_by("number")[:1000])
    points = balances.balances([f.pk for f in files])
    names = balances.heads([f.household_id for f in files])
    return [
        (
            str(f.pk),
            f"{f.number} {names.get(f.household_id, '')}（余额 {points.get(f.pk, balances.Balance()).balance} 分）",
        )
        for f in files
    ]


def item_choices(village_code: str) -> list[tuple[str, str]]:
    items = sel.shop_items(village_code).filter(active=True, stock__gt=0)
    return [(str(i.pk), f"{i.name}（{i.cost}分，库存{i.stock}）") for i in items]


def _page(request: HttpRequest, place: Region, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    user = actor(request)
    bound = bound or {}
    council = sel.can_manage(user, place.code)
    items = list(sel.shop_items(place.code))
    for item in items:
        item.edit_form = None  # type: ignore[attr-defined]
        if council:
            key = f"item-{item.pk}"
            initial = {"name": item.name, "cost": item.cost, "stock": item.stock}
            item.edit_form = bound.get(key) or gforms.ShopItemForm(initial=initial, auto_id=f"id_i{item.pk.hex[:8]}_%s")  # type: ignore[attr-defined]
            item.edit_open = key in bound  # type: ignore[attr-defined]
    recent = list(
        Redemption.objects.filter(village_id=place.code)
        .select_related("item", "file")
        .order_by("-redeemed_on", "-created_at")[:RECENT]
    )
    names = balances.heads([r.file.household_id for r in recent])
    context = {
        "village": place,
        "council": council,
        "items": items,
        "redemptions": [{"r": r, "head": names.get(r.file.household_id, "")} for r in recent],
        "item_form": bound.get("item") or (gforms.ShopItemForm() if council else None),
        "redeem_form": bound.get("redeem")
        or (gforms.RedeemForm(files=file_choices(place.code), items=item_choices(place.code)) if council else None),
        "open": next(iter(bound), ""),
        "notice": NOT_A_CONDITION,
    }
    return render(request, "governance/shop.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def shop_page(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    if request.method != "POST":
        return _page(request, place)
    require_council(user, place.code)
    form = gforms.ShopItemForm(posted(request))

    def call() -> ShopItem:
        d = form.cleaned_data
        return shop.item_create(by=user, village_code=place.code, name=d["name"], cost=d["cost"], stock=d["stock"])

    if submit(request, form, call, success=lambda i: f"“{i.name}”已上架") is not None:
        return redirect("governance:shop", code=place.code)
    return _page(request, place, {"item": form}, status=400)


@login_required
@require_POST
def item_edit(request: HttpRequest, shop_item_id: Any) -> HttpResponse:
    user = actor(request)
    item = sel.access_item(user, shop_item_id)
    require_council(user, item.village_id)
    form = gforms.ShopItemForm(posted(request), auto_id=f"id_i{item.pk.hex[:8]}_%s")

    def call() -> ShopItem:
        d = form.cleaned_data
        return shop.item_update(by=user, item=item, name=d["name"], cost=d["cost"], stock=d["stock"])

    if submit(request, form, call, success="已保存物品") is not None:
        return redirect("governance:shop", code=item.village_id)
    return _page(request, sel.access_village(user, item.village_id), {f"item-{item.pk}": form}, status=400)


@login_required
@require_POST
def redeem(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    form = gforms.RedeemForm(posted(request), files=file_choices(place.code), items=item_choices(place.code))

    def call() -> Redemption:
        d = form.cleaned_data
        file = HouseholdFile.objects.get(pk=d["file"], village_id=place.code)
        item = ShopItem.objects.get(pk=d["item"], village_id=place.code)
        return shop.redeem(by=user, file=file, item=item, quantity=d["quantity"], redeemed_on=d["redeemed_on"])

    done = submit(request, form, call, success=lambda r: f"已兑换{r.item.name}×{r.quantity}，使用 {r.points} 分")
    if done is not None:
        return redirect("governance:shop", code=place.code)
    return _page(request, place, {"redeem": form}, status=400)
