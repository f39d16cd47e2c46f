"""Hand-built ledger data for the tests of ``assets`` and ``projects`` (no services, so each test sets exactly
the facts it is about)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.assets.models import Asset, AssetIncome, AssetOwner
from shoudi.regions.models import Region
from shoudi.testing.factories import make_user

_seq = itertools.count(1)


def committee(village: str, name: str | None = None) -> User:
    return make_user(
        name or f"committee_{village[-3:]}", Role.VILLAGE_COMMITTEE, village, full_name=f"村两委{village[-3:]}"
    )


def make_asset(
    village: str,
    *,
    value: str = "50000.00",
    asset_class: str = "operating",
    owner: str = "collective",
    ledger_level: str = "village",
    formed_on: dt.date = dt.date(2020, 6, 1),
    **fields: Any,
) -> Asset:
    """An asset in ``village``; ``owner``: "collective" (the village's own), "state", "household" or "" (none)."""
    n = next(_seq)
    asset = Asset.objects.create(
        code=fields.pop("code", f"T{village}{n:04d}"),
        name=fields.pop("name", f"测试资产{n}"),
        asset_class=asset_class,
        value=Decimal(value),
        formed_on=formed_on,
        village_id=village,
        ledger_level=ledger_level,
        owner_type=owner,
        **fields,
    )
    if owner == "collective":
        region = Region.objects.get(pk=village)
        AssetOwner.objects.create(
            asset=asset, kind=owner, name=f"{region.name}集体", collective_village=region, share=Decimal(100)
        )
    elif owner == "state":
        AssetOwner.objects.create(asset=asset, kind=owner, name="县水务局", share=Decimal(100))
    return asset


def add_income(asset: Asset, day: dt.date, amount: str) -> AssetIncome:
    return AssetIncome.objects.create(asset=asset, received_on=day, amount=Decimal(amount))
