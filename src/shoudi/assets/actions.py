"""The actions on an asset's page: for each, who sees it, its forms (built empty with the asset's current values,
or bound to what was posted) and the service call its valid input makes. ``views.asset_act`` runs them and
``pages.asset_page`` shows them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.assets import codes, services, workflow
from shoudi.assets.forms_detail import (
    CareForm,
    ConfirmForm,
    DisposalForm,
    DocumentForm,
    IncomeForm,
    OperationForm,
    OwnerFormSet,
    PostForm,
    StatusForm,
    TransferForm,
    WriteOffForm,
    owners_of,
)
from shoudi.assets.models import Asset
from shoudi.core.access import Capability, can
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area

Forms = list[Any]  # a form, or a form and its formset
Data = Any  # request.POST / request.FILES, or None for an empty form


def villages(user: Any) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in regions_in_user_area(user, level=Level.VILLAGE).order_by("code")]


def _route(asset: Asset) -> str | None:
    try:
        return services.disposal_route(asset)[0]
    except ValidationError:
        return None


def may_propose_disposal(user: Any, asset: Asset) -> bool:
    route = _route(asset) if asset.owner_type else None
    if route is None or not can(user, Capability.PROPOSE_DISPOSALS):
        return False
    return len(getattr(user, "area_id", "") or "") == workflow.PROPOSE_LEVEL[route]


def _simplified_open(asset: Asset) -> bool:
    return _route(asset) == codes.DisposalRoute.SIMPLIFIED


@dataclass(frozen=True)
class Action:
    name: str
    summary: str
    button: str
    success: str
    allowed: Callable[[Any, Asset], bool]
    build: Callable[[Any, Asset, Data, Data], Forms]
    call: Callable[[Any, Asset, Forms], Any]
    multipart: bool = False


def _today() -> Any:
    return timezone.localdate()


def _confirm_forms(user: Any, asset: Asset, data: Data, files: Data) -> Forms:
    initial = {
        "owner_type": asset.owner_type,
        "confirmed_on": _today(),
        **{
            k: getattr(asset, k) for k in ("operation_holder", "income_holder", "disposal_holder", "supervision_holder")
        },
    }
    return [
        ConfirmForm(data, prefix="confirm", initial=initial),
        OwnerFormSet(data, prefix="owners", form_kwargs={"villages": villages(user)}),
    ]


def _confirm(user: Any, asset: Asset, parts: Forms) -> Any:
    form, rows = parts
    return services.asset_confirm_ownership(
        by=user,
        asset=asset,
        owner_type=form.cleaned_data["owner_type"],
        owners=owners_of(rows),
        confirmed_on=form.cleaned_data["confirmed_on"],
        rights=form.rights(),
    )


def _values(asset: Asset, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(asset, name) for name in names}


def _one(form_class: type[forms.Form], prefix: str, initial: Callable[[Asset], dict[str, Any]]) -> Any:
    def build(user: Any, asset: Asset, data: Data, files: Data) -> Forms:
        return [form_class(data, files, prefix=prefix, initial=initial(asset))]

    return build


def _kw(parts: Forms) -> dict[str, Any]:
    return dict(parts[0].cleaned_data)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "confirm",
            "确权",
            "确权",
            "已确权",
            lambda u, a: can(u, Capability.MANAGE_ASSETS),
            _confirm_forms,
            _confirm,
        ),
        Action(
            "transfer",
            "资产移交",
            "登记移交",
            "已登记移交",
            lambda u, a: can(u, Capability.MANAGE_ASSETS) and bool(a.owner_type),
            _one(TransferForm, "transfer", lambda a: {"transferred_on": _today()}),
            lambda u, a, p: services.asset_transfer(
                by=u,
                asset=a,
                transferred_on=p[0].cleaned_data["transferred_on"],
                document=p[0].document(),
                file=p[0].cleaned_data.get("file"),
            ),
            multipart=True,
        ),
        Action(
            "care",
            "落实管护",
            "保存",
            "已保存管护情况",
            lambda u, a: can(u, Capability.CARE_ASSETS),
            _one(CareForm, "care", lambda a: _values(a, list(CareForm.base_fields))),
            lambda u, a, p: services.asset_set_care(by=u, asset=a, **_kw(p)),
        ),
        Action(
            "operation",
            "落实运营",
            "保存",
            "已保存运营情况",
            lambda u, a: can(u, Capability.CARE_ASSETS) and a.asset_class == codes.AssetClass.OPERATING,
            _one(OperationForm, "operation", lambda a: _values(a, list(OperationForm.base_fields))),
            lambda u, a, p: services.asset_set_operation(by=u, asset=a, **_kw(p)),
        ),
        Action(
            "post",
            "管护岗位",
            "登记",
            "已登记管护岗位",
            lambda u, a: can(u, Capability.CARE_ASSETS),
            _one(PostForm, "post", lambda a: {"started_on": _today()}),
            lambda u, a, p: services.post_add(by=u, asset=a, **_kw(p)),
        ),
        Action(
            "income",
            "登记收益",
            "登记收益",
            "已登记收益",
            lambda u, a: can(u, Capability.CARE_ASSETS),
            _one(IncomeForm, "income", lambda a: {"received_on": _today()}),
            lambda u, a, p: services.income_add(by=u, asset=a, **_kw(p)),
        ),
        Action(
            "status",
            "资产状态（闲置/在用）",
            "保存",
            "已变更资产状态",
            lambda u, a: can(u, Capability.CARE_ASSETS),
            _one(StatusForm, "status", lambda a: {"status": a.status}),
            lambda u, a, p: services.asset_set_status(by=u, asset=a, **_kw(p)),
        ),
        Action(
            "document",
            "上传材料",
            "上传",
            "已登记材料",
            lambda u, a: can(u, Capability.CARE_ASSETS),
            _one(DocumentForm, "document", lambda a: {}),
            lambda u, a, p: services.document_add(
                by=u, asset=a, document=p[0].document(), file=p[0].cleaned_data.get("file")
            ),
            multipart=True,
        ),
        Action(
            "disposal",
            "申请处置",
            "提交处置申请",
            "已提交处置申请",
            may_propose_disposal,
            lambda u, a, d, f: [
                DisposalForm(
                    d, prefix="disposal", initial={"decided_on": _today()}, asset=a, simplified_open=_simplified_open(a)
                )
            ],
            lambda u, a, p: services.disposal_propose(
                by=u,
                asset=a,
                reason=p[0].cleaned_data["reason"],
                way=p[0].cleaned_data["way"],
                decision=p[0].decision(),
                note=p[0].cleaned_data["note"],
                simplified=not p[0].cleaned_data.get("standard_route"),
            ),
        ),
        Action(
            "writeoff",
            "申请核销（不可抗力损毁）",
            "提交核销申请",
            "已提交核销申请",
            lambda u, a: can(u, Capability.PROPOSE_WRITEOFFS),
            lambda u, a, d, f: [WriteOffForm(d, f, prefix="writeoff", initial={"amount": a.value}, asset=a)],
            lambda u, a, p: services.writeoff_propose(
                by=u,
                asset=a,
                cause=p[0].cleaned_data["cause"],
                occurred_on=p[0].cleaned_data["occurred_on"],
                amount=p[0].cleaned_data["amount"],
                document=p[0].chosen(),
                new_document=p[0].new_document(),
                file=p[0].cleaned_data.get("doc_file"),
                note=p[0].cleaned_data["note"],
            ),
            multipart=True,
        ),
    ]
}
