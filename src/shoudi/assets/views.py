"""Asset ledger pages: ledgers by class and level, the asset page with its history, and the actions on an
asset. Reads go through assets.selectors (404 outside the area), writes through assets.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from shoudi.accounts.roles import Department
from shoudi.assets import codes, params, selectors, services
from shoudi.assets.forms import SECTIONS, AssetForm
from shoudi.assets.models import Asset, AssetDocument
from shoudi.core.access import Capability, require
from shoudi.core.errors import error_text
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind ``login_required``)."""
    return request.user


OWNER_ROWS = 4


def _choice(value: str, choices: type[Any]) -> str:
    return value if value in choices.values else ""


@login_required
def asset_list(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.VIEW_ASSETS)
    get = request.GET
    filters = {
        "asset_class": _choice(get.get("asset_class", ""), codes.AssetClass),
        "level": _choice(get.get("level", ""), codes.LedgerLevel),
        "status": _choice(get.get("status", ""), codes.AssetStatus),
        "area": get.get("area", "").strip()[:12],
        "q": get.get("q", "").strip()[:50],
        "confirmed": get.get("confirmed", "") if get.get("confirmed", "") in ("yes", "no") else "",
    }
    qs = selectors.asset_list(_me(request), **filters)
    page = Paginator(qs, 50).get_page(get.get("page"))
    counts = selectors.ledger_counts(_me(request))
    return render(
        request,
        "assets/asset_list.html",
        {
            "page": page,
            "filters": filters,
            "classes": codes.AssetClass.choices,
            "levels": codes.LedgerLevel.choices,
            "statuses": codes.AssetStatus.choices,
            "areas": regions_in_user_area(_me(request))
            .filter(level__in=(Level.TOWNSHIP, Level.VILLAGE))
            .order_by("code"),
            "counts": [(value, label, counts.get(value, {})) for value, label in codes.AssetClass.choices],
            "query": get.urlencode(),
        },
    )


def _villages(user: Any) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in regions_in_user_area(user, level=Level.VILLAGE).order_by("code")]


@login_required
@require_http_methods(["GET", "POST"])
def asset_create(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.MANAGE_ASSETS)
    form = AssetForm(request.POST or None, villages=_villages(_me(request)))
    if request.method == "POST" and form.is_valid():
        data, fundings = form.service_args()
        try:
            asset = services.asset_create(by=_me(request), data=data, fundings=fundings)
        except ValidationError as exc:
            from shoudi.core.forms import apply_service_errors

            apply_service_errors(exc, form)
        else:
            messages.success(request, f"已登记资产“{asset.name}”")
            return redirect("assets:detail", asset.pk)
    return render(request, "assets/asset_form.html", {"form": form, "sections": form.sections(SECTIONS)})


@login_required
def asset_detail(request: HttpRequest, asset_id: Any) -> HttpResponse:
    asset = selectors.access_asset_by_id(_me(request), asset_id)
    user = _me(request)
    today = timezone.localdate()
    limit = params.lookup(params.SIMPLIFIED_DISPOSAL_LIMIT, region_code=asset.village_id, on=today)
    try:
        route = services.disposal_route(asset, on=today)[0]
    except ValidationError as exc:
        route = error_text(exc)
    return render(
        request,
        "assets/asset_detail.html",
        {
            "asset": asset,
            "owners": asset.owners.select_related("household", "collective_village"),
            "fundings": asset.fundings.all(),
            "posts": asset.posts.all(),
            "incomes": asset.incomes.all()[:50],
            "income_years": selectors.asset_income_by_year(asset),
            "plans": asset.plans.select_related("village"),
            "disposals": asset.disposals.all(),
            "writeoffs": asset.writeoffs.select_related("document"),
            "documents": asset.documents.all(),
            "steps": asset.steps.all(),
            "history": selectors.asset_history(asset),
            "warnings": [w for w in _warnings(user) if w.asset_id == asset.pk],
            "today": today,
            "limit": limit,
            "route": route,
            "villages": _villages(user),
            "owner_rows": range(OWNER_ROWS),
            "c": codes,
            "departments": Department.choices,
            "appraisals": asset.documents.filter(kind__in=codes.APPRAISAL_KINDS),
        },
    )


def _warnings(user: Any) -> list[Any]:
    from shoudi.assets.supervision import asset_warnings

    return asset_warnings(user)


def _owners(post: Any) -> list[dict[str, Any]]:
    rows = []
    for n in range(OWNER_ROWS):
        row = {
            "village_code": post.get(f"o{n}_village", ""),
            "household_number": post.get(f"o{n}_household", "").strip(),
            "name": post.get(f"o{n}_name", "").strip(),
            "share": post.get(f"o{n}_share", "").strip(),
        }
        if row["share"] or row["household_number"] or row["name"] or (n == 0 and row["village_code"]):
            rows.append(row)
    return rows


def _rights(post: Any) -> dict[str, str]:
    keys = ("operation_holder", "income_holder", "disposal_holder", "supervision_holder")
    return {k: post.get(k, "") for k in keys}


def _writeoff(by: Any, asset: Asset, post: Any, files: Any) -> Any:
    with transaction.atomic():
        document = None
        if post.get("document_id"):
            document = asset.documents.filter(pk=post["document_id"]).first()
        elif post.get("doc_title") or files.get("doc_file"):
            document = services.document_add(
                by=by,
                asset=asset,
                data={
                    "kind": post.get("doc_kind", ""),
                    "title": post.get("doc_title", ""),
                    "number": post.get("doc_number", ""),
                    "issuer": post.get("doc_issuer", ""),
                    "issued_on": post.get("doc_issued_on", ""),
                },
                file=files.get("doc_file"),
            )
        return services.writeoff_propose(by=by, asset=asset, data=post, document=document)


ACTIONS: dict[str, Callable[[Any, Asset, Any, Any], Any]] = {
    "confirm": lambda by, a, post, files: services.asset_confirm_ownership(
        by=by,
        asset=a,
        owner_type=post.get("owner_type", ""),
        owners=_owners(post),
        confirmed_on=post.get("confirmed_on"),
        rights=_rights(post),
    ),
    "transfer": lambda by, a, post, files: services.asset_transfer(
        by=by, asset=a, transferred_on=post.get("transferred_on"), document=post, file=files.get("file")
    ),
    "care": lambda by, a, post, files: services.asset_set_care(by=by, asset=a, data=post),
    "operation": lambda by, a, post, files: services.asset_set_operation(by=by, asset=a, data=post),
    "status": lambda by, a, post, files: services.asset_set_status(
        by=by, asset=a, status=post.get("status", ""), reason=post.get("reason", "")
    ),
    "post": lambda by, a, post, files: services.post_add(by=by, asset=a, data=post),
    "income": lambda by, a, post, files: services.income_add(by=by, asset=a, data=post),
    "document": lambda by, a, post, files: services.document_add(by=by, asset=a, data=post, file=files.get("file")),
    "disposal": lambda by, a, post, files: services.disposal_propose(
        by=by, asset=a, data=post, simplified=post.get("standard_route") != "1"
    ),
    "writeoff": _writeoff,
}


@login_required
@require_POST
def asset_act(request: HttpRequest, asset_id: Any, action: str) -> HttpResponse:
    asset = selectors.access_asset_by_id(_me(request), asset_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("无此操作")
    try:
        result = handler(_me(request), asset, request.POST, request.FILES)
    except ValidationError as exc:
        messages.error(request, f"未能办理：{error_text(exc)}")
        return redirect("assets:detail", asset.pk)
    messages.success(request, "已办理")
    if action == "disposal":
        return redirect("assets:disposal", result.pk)
    return redirect("assets:detail", asset.pk)


@login_required
def document_download(request: HttpRequest, document_id: Any) -> FileResponse:
    document: AssetDocument = selectors.access_document_by_id(_me(request), document_id)
    if not document.file:
        raise Http404("该材料没有附件")
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
