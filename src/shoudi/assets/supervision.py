"""Online supervision of assets ("数据铁笼", seed 001): warnings computed from the ledger, each naming the asset
and who must act. Nothing is stored; every page and the workbench compute the same list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.assets import codes
from shoudi.assets.models import Asset, Disposal, DisposalStatus, WriteOff, WriteOffStatus
from shoudi.assets.selectors import assets_visible
from shoudi.assets.services.common import ACTING_ROLE
from shoudi.core.access import Capability
from shoudi.regions.models import Region


class Kind:
    NO_OWNER = "no_owner"
    NO_MAINTENANCE = "no_maintenance"
    NO_INCOME = "no_income"
    INCOME_HALVED = "income_halved"
    UNDOCUMENTED = "undocumented"
    IDLE = "idle"


LABELS = {
    Kind.NO_OWNER: "未确权",
    Kind.NO_MAINTENANCE: "公益性资产未落实管护",
    Kind.NO_INCOME: "经营性资产12个月无收益",
    Kind.INCOME_HALVED: "收益同比下降超过一半",
    Kind.UNDOCUMENTED: "处置或核销无审批或证明文件",
    Kind.IDLE: "资产闲置",
}


@dataclass(frozen=True)
class AssetWarning:
    kind: str
    asset_id: Any
    asset_code: str
    asset_name: str
    village_code: str
    detail: str
    actor_role: str
    actor_area: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def actor_role_label(self) -> str:
        return str(Role(self.actor_role).label)

    @property
    def url(self) -> str:
        return reverse("assets:detail", args=[self.asset_id])

    @property
    def actor_url(self) -> str:
        return reverse("assets:warnings") + f"?actor_area={self.actor_area}&actor_role={self.actor_role}"


def year_back(day: dt.date, years: int = 1) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ledger_actor(asset: Asset) -> tuple[str, str]:
    length = codes.LEDGER_CODE_LENGTH[codes.LedgerLevel(asset.ledger_level)]
    return str(ACTING_ROLE[length]), asset.village_id[:length]


def _county_actor(asset: Asset) -> tuple[str, str]:
    return str(Role.COUNTY_OFFICER), asset.village_id[:6]


def _warning(kind: str, asset: Asset, detail: str, actor: tuple[str, str]) -> AssetWarning:
    return AssetWarning(
        kind=kind,
        asset_id=asset.pk,
        asset_code=asset.code,
        asset_name=asset.name,
        village_code=asset.village_id,
        detail=detail,
        actor_role=actor[0],
        actor_area=actor[1],
    )


def asset_warnings(user: Any, *, as_of: dt.date | None = None) -> list[AssetWarning]:
    """Every warning on the assets the user may see, in ledger order."""
    today = as_of or timezone.localdate()
    year_ago, two_years_ago = year_back(today), year_back(today, 2)
    visible = assets_visible(user)
    active = visible.filter(status__in=(codes.AssetStatus.IN_USE, codes.AssetStatus.IDLE)).annotate(
        income_recent=Sum(
            "incomes__amount", filter=Q(incomes__received_on__gt=year_ago, incomes__received_on__lte=today)
        ),
        income_before=Sum(
            "incomes__amount", filter=Q(incomes__received_on__gt=two_years_ago, incomes__received_on__lte=year_ago)
        ),
    )
    result: list[AssetWarning] = []
    for asset in active.order_by("village_id", "code"):
        result.extend(_active_warnings(asset, today=today, year_ago=year_ago))
    closed = visible.filter(status__in=(codes.AssetStatus.DISPOSED, codes.AssetStatus.WRITTEN_OFF)).annotate(
        disposal_done=Exists(Disposal.objects.filter(asset=OuterRef("pk"), status=DisposalStatus.COMPLETED)),
        writeoff_done=Exists(
            WriteOff.objects.filter(asset=OuterRef("pk"), status=WriteOffStatus.APPROVED, document__isnull=False)
        ),
    )
    for gone in closed.order_by("village_id", "code"):
        if gone.status == codes.AssetStatus.DISPOSED and not gone.disposal_done:
            detail = "台账记为已处置，但无经审批的处置记录"
            result.append(_warning(Kind.UNDOCUMENTED, gone, detail, _county_actor(gone)))
        if gone.status == codes.AssetStatus.WRITTEN_OFF and not gone.writeoff_done:
            detail = "台账记为已核销，但无经审批且附评估证明文件的核销记录"
            result.append(_warning(Kind.UNDOCUMENTED, gone, detail, _county_actor(gone)))
    return result


def _active_warnings(asset: Asset, *, today: dt.date, year_ago: dt.date) -> list[AssetWarning]:
    found: list[AssetWarning] = []
    if not asset.owner_type:
        found.append(_warning(Kind.NO_OWNER, asset, "尚未明确所有权人", _county_actor(asset)))
    if asset.asset_class == codes.AssetClass.PUBLIC:
        missing = [
            label
            for value, label in (
                (asset.maintenance_owner, "管护主体"),
                (asset.maintenance_person, "管护责任人"),
            )
            if not value
        ]
        if missing:
            found.append(_warning(Kind.NO_MAINTENANCE, asset, "未落实" + "、".join(missing), _ledger_actor(asset)))
    recent: Decimal = asset.income_recent or Decimal(0)  # type: ignore[attr-defined]
    before: Decimal = asset.income_before or Decimal(0)  # type: ignore[attr-defined]
    if asset.asset_class == codes.AssetClass.OPERATING and asset.formed_on <= year_ago and recent == 0:
        found.append(_warning(Kind.NO_INCOME, asset, "近12个月未登记收益", _ledger_actor(asset)))
    elif asset.asset_class == codes.AssetClass.OPERATING and before > 0 and recent * 2 < before:
        detail = f"近12个月收益{recent:.2f}元，上年同期{before:.2f}元"
        found.append(_warning(Kind.INCOME_HALVED, asset, detail, _ledger_actor(asset)))
    if asset.status == codes.AssetStatus.IDLE:
        found.append(_warning(Kind.IDLE, asset, "资产处于闲置状态", _ledger_actor(asset)))
    return found


def warnings_for_actor(user: Any, *, as_of: dt.date | None = None) -> list[AssetWarning]:
    """The warnings this user must act on (their role, their own area): the workbench panel."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_ASSETS):
        return []
    return [w for w in asset_warnings(user, as_of=as_of) if w.actor_role == user.role and w.actor_area == user.area_id]


def area_names(warnings: list[AssetWarning]) -> dict[str, str]:
    codes_needed = {w.actor_area for w in warnings} | {w.village_code for w in warnings}
    return dict(Region.objects.filter(code__in=codes_needed).values_list("code", "name"))
