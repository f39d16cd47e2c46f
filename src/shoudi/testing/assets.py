"""Factories of the asset ledger, shared by the tests and the form sweep: an asset, a distribution plan, a
disposal or a write-off in any state of its workflow — reached through the services, by the roles that act
(the village committee of the asset's village, its township, the county), so each object is what the pages
would have made. Actors are found by role and area (the sweep's personas, a test's fixtures) or made.

    asset = asset_made(VILLAGE_A, value="250000.00")          # registered and confirmed to village A's collective
    disposal = disposal_at("reviewed", asset=asset)            # village decision → township review
    plan = plan_at("approved")                                 # an earning asset, proposed, approved
    writeoff = writeoff_at("proposed")                         # with its appraisal document
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.assets import services
from shoudi.assets.models import Asset, AssetIncome, Disposal, IncomePlan, WriteOff
from shoudi.assets.services import AssetInput, Decision, DocumentInput, OwnerInput, PlanItemInput
from shoudi.testing.factories import COUNTY, VILLAGE_A, make_user

_seq = itertools.count(1)
DEPTH = {"village": 12, "township": 9, "county": 6}


def actor(role: str, area: str) -> User:
    """The first active user of ``role`` at ``area`` (a persona or a fixture), or a new one."""
    found = User.objects.filter(role=role, area_id=area, is_active=True).order_by("date_joined", "pk").first()
    if found is not None:
        return found
    name = {"village_committee": "committee", "township_reviewer": "township", "county_officer": "county"}
    return make_user(f"{name.get(str(role), 'user')}_{area}", role, area, full_name=f"{Role(role).label}{area[-3:]}")


def committee_of(asset: Asset) -> User:
    return actor(Role.VILLAGE_COMMITTEE, asset.village_id)


def township_of(asset: Asset) -> User:
    return actor(Role.TOWNSHIP_REVIEWER, asset.village_id[:9])


def county_of(asset: Asset) -> User:
    return actor(Role.COUNTY_OFFICER, asset.village_id[:6] if asset.village_id else COUNTY)


def today() -> dt.date:
    return timezone.localdate()


def asset_made(
    village: str = VILLAGE_A,
    *,
    value: str = "50000.00",
    asset_class: str = "operating",
    owner: str = "collective",
    name: str = "",
    **fields: Any,
) -> Asset:
    """An asset the county registered (``services.asset_create``) and, unless ``owner`` is "", confirmed:
    "collective" (the village's own), "state" (a county bureau) or "household" (needs ``household_number``)."""
    county = actor(Role.COUNTY_OFFICER, village[:6])
    household_number = fields.pop("household_number", "")
    asset = services.asset_create(
        by=county,
        asset=AssetInput(
            name=name or f"资产{next(_seq)}",
            asset_class=asset_class,
            village_code=village,
            value=Decimal(value),
            formed_on=fields.pop("formed_on", dt.date(2020, 6, 1)),
            **fields,
        ),
    )
    if owner:
        owners = {
            "collective": [OwnerInput(village_code=village)],
            "state": [OwnerInput(name="县水务局")],
            "household": [OwnerInput(household_number=household_number)],
        }[owner]
        asset = services.asset_confirm_ownership(
            by=county, asset=asset, owner_type=owner, owners=owners, confirmed_on=dt.date(2021, 1, 1)
        )
    return asset


def income_of(asset: Asset, day: dt.date, amount: str) -> AssetIncome:
    return services.income_add(by=committee_of(asset), asset=asset, received_on=day, amount=Decimal(amount))


def decision(days_ago: int = 3) -> Decision:
    return Decision(
        body="representatives_assembly", decided_on=today() - dt.timedelta(days=days_ago), attendees=30, votes_for=25
    )


def plan_at(status: str = "proposed", *, asset: Asset | None = None, amount: str = "3000.00") -> IncomePlan:
    """A distribution plan of the asset's village collective for last year, in ``status`` (draft, proposed,
    approved, filed, rejected). Without ``asset``: a new earning asset of village A."""
    year = today().year - 1
    if asset is None:
        asset = asset_made(VILLAGE_A, name=f"收益资产{next(_seq)}")
        income_of(asset, dt.date(year, 6, 30), "20000.00")
    committee = committee_of(asset)
    item = PlanItemInput(use="no_labor", amount=Decimal(amount), beneficiaries=6, description="无劳动能力脱贫人口")
    plan = services.income_plan_create(by=committee, asset=asset, year=year, items=[item])
    if status == "draft":
        return plan
    plan = services.income_plan_propose(
        by=committee,
        plan=plan,
        decision=decision(),
        notice_from=today() - dt.timedelta(days=2),
        notice_to=today() + dt.timedelta(days=5),
    )
    if status == "proposed":
        return plan
    if status == "rejected":
        return services.income_plan_reject(by=township_of(asset), plan=plan, reason="用途不符合规定")
    plan = services.income_plan_approve(by=township_of(asset), plan=plan, reason="同意")
    if status == "approved":
        return plan
    return services.income_plan_file(by=county_of(asset), plan=plan, reason="已备案")


ROUTE_STATES = {
    "standard": ["proposed", "reviewed", "approved", "published", "completed"],
    "simplified": ["proposed", "notice", "published", "completed"],
    "state": ["proposed", "approved", "published", "completed"],
}


def disposal_at(status: str = "proposed", *, route: str = "standard", asset: Asset | None = None) -> Disposal:
    """A disposal by ``route`` (standard, simplified, state) in ``status`` — any state of its pipeline, or
    "rejected" (refused at the first step that may refuse). Without ``asset``: a new one of village A whose
    value fits the route (the simplified route needs the built-in 100,000 元 limit)."""
    if asset is None:
        value = "80000.00" if route == "simplified" else "250000.00"
        asset = asset_made(VILLAGE_A, value=value, owner="state" if route == "state" else "collective")
    committee, township, county = committee_of(asset), township_of(asset), county_of(asset)
    proposer = county if route == "state" else committee
    disposal = services.disposal_propose(
        by=proposer,
        asset=asset,
        reason="end_of_life",
        way="scrap",
        decision=None if route == "state" else decision(),
        simplified=route == "simplified",
    )
    if status == "rejected":
        first = {"standard": township, "state": county}.get(route)
        if first is None:  # the simplified route refuses once an objection comes in during the notice
            disposal = _notice(disposal, committee)
            first = committee
        return services.disposal_act(by=first, disposal=disposal, action="reject", reason="不符合处置条件")
    for reached in ROUTE_STATES[route][1:]:
        if disposal.status == status:
            break
        disposal = _next(disposal, reached, committee=committee, township=township, county=county)
    assert disposal.status == status, f"{route} disposals have no state {status!r}"
    return disposal


def _notice(disposal: Disposal, by: User) -> Disposal:
    past = today() - dt.timedelta(days=10)
    return services.disposal_act(
        by=by, disposal=disposal, action="notice", notice_from=past, notice_to=today() - dt.timedelta(days=1)
    )


def _next(disposal: Disposal, target: str, *, committee: User, township: User, county: User) -> Disposal:
    route = disposal.route
    if target == "reviewed":
        return services.disposal_act(by=township, disposal=disposal, action="review", reason="同意")
    if target == "approved":
        approval = DocumentInput(title="关于同意处置的批复", number=f"松乡振〔2026〕{next(_seq)}号")
        return services.disposal_act(by=county, disposal=disposal, action="approve", approval=approval)
    if target == "notice":
        return _notice(disposal, committee)
    if target == "published" and route == "simplified":
        return services.disposal_act(by=committee, disposal=disposal, action="no_objection")
    if target == "published":
        return services.disposal_act(
            by=county, disposal=disposal, action="publish", notice_from=today(), notice_to=today()
        )
    completer = county if route == "state" else committee
    return services.disposal_complete(
        by=completer, disposal=disposal, completed_on=today(), proceeds=Decimal("3000.00"), proceeds_use="industry"
    )


def appraisal(asset: Asset) -> Any:
    return services.document_add(
        by=committee_of(asset),
        asset=asset,
        document=DocumentInput(title="灾损鉴定意见", kind="technical_appraisal", number=f"JD-{next(_seq)}"),
    )


def writeoff_at(status: str = "proposed", *, asset: Asset | None = None) -> WriteOff:
    """A write-off with its appraisal, in ``status`` (proposed, approved, rejected)."""
    if asset is None:
        asset = asset_made(VILLAGE_A, name=f"损毁资产{next(_seq)}")
    writeoff = services.writeoff_propose(
        by=committee_of(asset),
        asset=asset,
        cause="flood",
        occurred_on=today() - dt.timedelta(days=30),
        document=appraisal(asset),
    )
    if status == "proposed":
        return writeoff
    reason = "" if status == "approved" else "鉴定不足以证明不可抗力"
    action = "approve" if status == "approved" else "reject"
    return services.writeoff_act(by=county_of(asset), writeoff=writeoff, action=action, reason=reason)


def ledger_xlsx() -> bytes:
    """A one-row ledger to import: village A's cold store, owned by its collective."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["资产名称", "资产类别", "所在村代码", "资产原值（元）", "形成日期", "所有权类型"])
    sheet.append(["当造村冷库", "经营性资产", VILLAGE_A, "80000", "2019-05-01", "村集体经济组织"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_staged(by: User) -> Any:
    """An import batch of ``ledger_xlsx`` checked by its job and waiting for the uploader to confirm."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shoudi.assets.imports import import_submit

    upload = SimpleUploadedFile("资产台账.xlsx", ledger_xlsx())
    batch = import_submit(by=by, upload=upload)
    batch.refresh_from_db()
    assert batch.status == "staged", batch.errors
    return batch
