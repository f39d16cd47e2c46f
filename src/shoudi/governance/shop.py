"""The 积分超市 (seed 002「推广以劳动换积分、以积分换物资的“爱心公益超市”等自助式帮扶做法」) and the village's
public board link. Items of a village with their points cost and stock; a redemption spends a household's points
and takes the stock — never more than the balance or the stock, also when two are recorded at once (the file and
the item are locked). Only the council of the village writes."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.governance.access import require_council
from shoudi.governance.balances import balance_of
from shoudi.governance.models import MAX_POINTS, HouseholdFile, Redemption, ShopItem, VillageBoard

MAX_NAME, MAX_STOCK, MAX_QUANTITY = 100, 100000, 100
ITEM_FIELDS = ["name", "cost", "stock", "active"]
BOARD_FIELDS = ["token", "active"]
HIDE_TOKEN = {"公开榜链接令牌": lambda v: "（已隐藏）"}


def _item_values(name: str, cost: int | None, stock: int | None) -> dict[str, Any]:
    text = clean_text(name, field="name", label="物品名称", max_length=MAX_NAME, required=True)
    if cost is None or not 1 <= cost <= MAX_POINTS:
        raise ValidationError({"cost": f"兑换所需积分应为 1–{MAX_POINTS} 之间的整数"})
    if stock is None or not 0 <= stock <= MAX_STOCK:
        raise ValidationError({"stock": f"库存应为 0–{MAX_STOCK} 之间的整数"})
    return {"name": text, "cost": cost, "stock": stock}


def item_create(*, by: Any, village_code: str, name: str, cost: int | None, stock: int | None) -> ShopItem:
    require_council(by, village_code)
    values = _item_values(name, cost, stock)
    if ShopItem.objects.filter(village_id=village_code, name=values["name"]).exists():
        raise ValidationError({"name": f"本村积分超市已有“{values['name']}”，请修改其库存"})
    item = ShopItem(village_id=village_code, **values)
    return audited_create(item, by=by, fields=ITEM_FIELDS, area_code=village_code, reason="积分超市上架")


def item_update(
    *, by: Any, item: ShopItem, name: str, cost: int | None, stock: int | None, active: bool = True
) -> ShopItem:
    require_council(by, item.village_id)
    values = _item_values(name, cost, stock)
    clash = ShopItem.objects.filter(village_id=item.village_id, name=values["name"]).exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError({"name": f"本村积分超市已有“{values['name']}”"})
    item, _ = audited_update(
        item, by=by, changes={**values, "active": active}, fields=ITEM_FIELDS, area_code=item.village_id
    )
    return item


def redeem(
    *, by: Any, file: HouseholdFile, item: ShopItem, quantity: int | None, redeemed_on: dt.date | None
) -> Redemption:
    """Record a household taking ``quantity`` of ``item`` for its points."""
    require_council(by, file.village_id)
    if item.village_id != file.village_id:
        raise ValidationError({"item": "只能兑换本村积分超市的物品"})
    if quantity is None or not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": f"数量应为 1–{MAX_QUANTITY}"})
    if redeemed_on is None:
        raise ValidationError({"redeemed_on": "请填写兑换日期"})
    if redeemed_on > timezone.localdate():
        raise ValidationError({"redeemed_on": "兑换日期不能晚于今天"})
    with transaction.atomic():
        locked_file = HouseholdFile.objects.select_for_update().get(pk=file.pk)
        current = ShopItem.objects.select_for_update().get(pk=item.pk)
        if not current.active:
            raise ValidationError({"item": f"“{current.name}”已下架"})
        if quantity > current.stock:
            raise ValidationError({"quantity": f"“{current.name}”库存只有 {current.stock} 件"})
        cost = current.cost * quantity
        balance = balance_of(locked_file).balance
        if cost > balance:
            raise ValidationError({"quantity": f"需要 {cost} 分，该户积分余额只有 {balance} 分"})
        audited_update(
            current,
            by=by,
            changes={"stock": current.stock - quantity},
            fields=ITEM_FIELDS,
            lock=False,
            area_code=current.village_id,
            reason="积分兑换出库",
        )
        made = Redemption(
            file=locked_file,
            village_id=locked_file.village_id,
            item=current,
            quantity=quantity,
            points=cost,
            redeemed_on=redeemed_on,
        )
        return audited_create(
            made, by=by, household_id=locked_file.household_id, area_code=locked_file.village_id, reason="积分兑换"
        )


def board_issue(*, by: Any, village_code: str) -> VillageBoard:
    """A new random link for the village's public board (the old link stops working)."""
    require_council(by, village_code)
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        board = VillageBoard.objects.select_for_update().filter(village_id=village_code).first()
        if board is None:
            made = VillageBoard(village_id=village_code, token=token, active=True)
            return audited_create(
                made, by=by, fields=BOARD_FIELDS, mask=HIDE_TOKEN, area_code=village_code, reason="生成公开榜链接"
            )
        board, _ = audited_update(
            board,
            by=by,
            changes={"token": token, "active": True},
            fields=BOARD_FIELDS,
            mask=HIDE_TOKEN,
            lock=False,
            area_code=village_code,
            reason="更换公开榜链接（旧链接作废）",
        )
        return board


def board_revoke(*, by: Any, village_code: str) -> VillageBoard:
    require_council(by, village_code)
    with transaction.atomic():
        board = VillageBoard.objects.select_for_update().filter(village_id=village_code, active=True).first()
        if board is None:
            raise ValidationError("本村还没有公开榜链接")
        board, _ = audited_update(
            board,
            by=by,
            changes={"active": False, "token": secrets.token_urlsafe(24)},
            fields=BOARD_FIELDS,
            mask=HIDE_TOKEN,
            lock=False,
            area_code=village_code,
            reason="停用公开榜链接",
        )
        return board
