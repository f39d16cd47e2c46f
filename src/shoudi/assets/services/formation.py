"""Assets formed by a completed project (竣工验收形成资产), valued from the project's payments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.assets import codes
from shoudi.assets.codes import LEVEL_CODE_LENGTH, ProjectLevel
from shoudi.assets.models import Asset
from shoudi.assets.services.common import bounded, filled, in_list
from shoudi.assets.services.inputs import AssetSpec
from shoudi.assets.services.ledger import resolve_village, save_new, split_by_weights


def assets_create_from_project(*, by: Any, project: Any, specs: Sequence[AssetSpec], formed_on: dt.date) -> list[Asset]:
    """The assets a completed project forms, valued from its payments: each asset takes its value and each
    funding source its share of the payments (in cents, exact). Called inside ``project_accept``'s transaction."""
    paid: dict[str, Decimal] = {}
    for payment in project.payments.all():
        paid[payment.source] = paid.get(payment.source, Decimal(0)) + payment.amount
    total = sum(paid.values(), Decimal(0))
    if total <= 0:
        raise ValidationError({"assets": "项目尚无资金支付记录，无法形成资产"})
    if not specs:
        raise ValidationError({"assets": "请至少登记一项形成的资产"})
    values: list[Decimal] = []
    for n, spec in enumerate(specs, start=1):
        if spec.value is None and len(specs) == 1:
            values.append(total)
        elif spec.value is None or spec.value <= 0:
            raise ValidationError({"assets": f"第{n}项资产的价值必须大于0"})
        else:
            values.append(spec.value)
    if sum(values) != total:
        raise ValidationError({"assets": f"形成资产价值合计{sum(values):.2f}元应等于项目已支付资金{total:.2f}元"})
    ledger = {
        ProjectLevel.VILLAGE: codes.LedgerLevel.VILLAGE,
        ProjectLevel.TOWNSHIP: codes.LedgerLevel.TOWNSHIP,
        ProjectLevel.COUNTY: codes.LedgerLevel.COUNTY,
    }[ProjectLevel(project.level)]
    created: list[Asset] = []
    for n, (spec, value) in enumerate(zip(specs, values, strict=True), start=1):
        village_code = spec.village_code or (project.area_id if len(project.area_id) == 12 else "")
        village = resolve_village(village_code, by=by, field="assets")
        if not village.code.startswith(project.area_id[: LEVEL_CODE_LENGTH[ProjectLevel(project.level)]]):
            raise ValidationError({"assets": f"第{n}项资产所在村不在项目实施区域内"})
        asset = Asset(
            code=f"{project.code}-{n:02d}",
            name=filled(spec.name or project.name, "assets", f"第{n}项资产名称"),
            asset_class=in_list(spec.asset_class, codes.AssetClass, "assets", f"第{n}项资产类别"),
            project=project,
            project_name=project.name,
            project_year=project.year,
            value=value,
            formed_on=formed_on,
            village=village,
            location=bounded(spec.location, "assets", f"第{n}项资产的具体位置"),
            ledger_level=ledger,
            department=spec.department,
        )
        created.append(save_new(by, asset, split_by_weights(value, paid), []))
    return created
