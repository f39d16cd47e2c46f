"""Real records of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py): a project, an asset
owned by its collective, a distribution plan, a disposal and a write-off. Built straight with the ORM (the sweep
is about reads), fetched again by their fixed codes so every call returns the same objects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shoudi.assets.models import Asset, AssetOwner, Disposal, IncomePlan, WriteOff
from shoudi.projects.models import Project
from shoudi.regions.models import Region
from shoudi.testing.factories import VILLAGE_A

PROJECT_CODE = "XM-SWEEP-A"
ASSET_CODE = "ZC-SWEEP-A"


def project() -> Project:
    found, _ = Project.objects.get_or_create(
        code=PROJECT_CODE,
        defaults={
            "name": "当造村区域检查项目",
            "year": 2024,
            "level": "village",
            "area_id": VILLAGE_A,
            "kind": "industry",
            "implementing_unit": "当造村股份经济合作社",
        },
    )
    return found


def asset() -> Asset:
    found, made = Asset.objects.get_or_create(
        code=ASSET_CODE,
        defaults={
            "name": "当造村区域检查资产",
            "asset_class": "operating",
            "value": Decimal("50000.00"),
            "formed_on": dt.date(2020, 6, 1),
            "village_id": VILLAGE_A,
            "ledger_level": "village",
            "owner_type": "collective",
            "project": project(),
        },
    )
    if made:
        village = Region.objects.get(pk=VILLAGE_A)
        AssetOwner.objects.create(
            asset=found, kind="collective", name=f"{village.name}集体", collective_village=village, share=Decimal(100)
        )
    return found


def plan() -> IncomePlan:
    found, _ = IncomePlan.objects.get_or_create(
        asset=asset(), village_id=VILLAGE_A, year=2024, defaults={"amount": Decimal("1000.00"), "status": "proposed"}
    )
    return found


def disposal() -> Disposal:
    found, _ = Disposal.objects.get_or_create(
        asset=asset(),
        defaults={"reason": "end_of_life", "way": "scrap", "route": "standard", "basis_value": Decimal("50000.00")},
    )
    return found


def writeoff() -> WriteOff:
    found, _ = WriteOff.objects.get_or_create(
        asset=asset(), defaults={"cause": "flood", "occurred_on": dt.date(2024, 7, 1), "amount": Decimal("100.00")}
    )
    return found
