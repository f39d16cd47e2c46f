"""Pages of 消费帮扶, part two: buyers (list with the year's totals against the reserved share, register, detail
with its years and purchases, edit, set a year's canteen budget), purchases (list with filters, entry), the two
Excel imports (background jobs) with their templates, and the XLSX exports of the buyer and supplier tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import NotVisible
from shoudi.core.exports import XLSX_TYPE
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.markets import codes, consumption_exports, import_products, import_purchases
from shoudi.markets import consumption_products as services
from shoudi.markets import consumption_purchases as purchases
from shoudi.markets import forms_consumption as forms
from shoudi.markets import selectors_consumption as selectors
from shoudi.markets import selectors_consumption_figures as figures
from shoudi.markets.access import VIEW, require_may
from shoudi.markets.consumption_pages import LIST_LIMIT, can_manage, delete_context, manager, status_of
from shoudi.markets.jobs import submit_import

# ---- buyers ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def buyer_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    form = forms.FilterForm(request.GET or None, kinds=codes.BuyerKind.choices, kind_label="采购方类型")
    year, kind, text = form.values()
    rows = figures.buyer_totals(user, year, kind=kind, text=text)
    context = {
        "form": form,
        "year": year,
        "rows": rows[:LIST_LIMIT],
        "total": len(rows),
        "channels": figures.CHANNELS,
        "can_manage": can_manage(user),
    }
    return render(request, "markets/consumption/buyer_list.html", context)


def _buyer_entry(data: dict[str, Any]) -> services.BuyerInput:
    return services.BuyerInput(
        name=data["name"],
        kind=data["kind"],
        location=data.get("location", ""),
        credit_code=data.get("credit_code", ""),
        contact=data.get("contact", ""),
        phone=data.get("phone", ""),
        active=bool(data.get("active")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def buyer_create(request: HttpRequest) -> HttpResponse:
    user = manager(request)
    form = forms.BuyerForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.buyer_create(by=user, entry=_buyer_entry(form.cleaned_data)),
        success=lambda b: f"已登记采购方“{b.name}”",
    )
    if done is not None:
        return redirect("markets:buyer_detail", buyer_id=done.pk)
    return render(
        request, "markets/consumption/buyer_form.html", {"form": form, "buyer": None}, status=status_of(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def buyer_edit(request: HttpRequest, buyer_id: Any) -> HttpResponse:
    user = actor(request)
    buyer = selectors.access_buyer_by_id(user, buyer_id)
    if not can_manage(user, buyer.county_id):
        raise NotVisible()
    return buyer_edit_page(request, user, buyer)


def buyer_edit_page(request: HttpRequest, user: Any, buyer: Any, *, delete: Any = None) -> HttpResponse:
    initial = {f: getattr(buyer, f) for f in ("name", "kind", "location", "credit_code", "contact", "phone", "active")}
    form = forms.BuyerForm(posted(request) if delete is None else None, initial=initial)
    done = (
        submit(
            request,
            form,
            lambda: services.buyer_update(by=user, buyer=buyer, entry=_buyer_entry(form.cleaned_data)),
            success="已保存采购方",
        )
        if delete is None
        else None
    )
    if done is not None:
        return redirect("markets:buyer_detail", buyer_id=buyer.pk)
    url = reverse("markets:buyer_delete", args=[buyer.pk])
    context = {"form": form, "buyer": buyer, **delete_context(buyer, "这个采购方", url, delete)}
    return render(request, "markets/consumption/buyer_form.html", context, status=status_of(request))


@login_required
@require_http_methods(["GET", "POST"])
def buyer_detail(request: HttpRequest, buyer_id: Any) -> HttpResponse:
    """The buyer, its years (budget, share, reserved, bought, completion) and recent purchases; a manager sets a
    year's canteen budget here (POST)."""
    user = actor(request)
    buyer = selectors.access_buyer_by_id(user, buyer_id)
    manage = can_manage(user, buyer.county_id)
    if request.method == "POST" and not manage:
        raise NotVisible()
    form = forms.BuyerYearForm(posted(request))

    def call() -> Any:
        data = form.cleaned_data
        share = data.get("reserved_share")
        entry = services.YearInput(
            year=data["year"],
            canteen_budget=data["canteen_budget"],
            reserved_share=None if share is None else (share / Decimal(100)).quantize(Decimal("0.0001")),
        )
        return services.buyer_year_set(by=user, buyer=buyer, entry=entry)

    done = submit(request, form, call, success=lambda y: f"已保存{y.year}年度食堂食材采购总额")
    if done is not None:
        return redirect("markets:buyer_detail", buyer_id=buyer.pk)
    years = sorted({y.year for y in selectors.buyer_years(buyer)} | {timezone.localdate().year}, reverse=True)
    context = {
        "buyer": buyer,
        "phone": selectors.shown_phone(user, buyer.phone),
        "years": [(y, figures.buyer_totals(user, y, buyer=buyer.pk)[0]) for y in years],
        "purchases": list(selectors.purchase_list(user, buyer=buyer.pk)[:50]),
        "form": form if manage else None,
        "channels": figures.CHANNELS,
        "can_manage": manage,
    }
    return render(request, "markets/consumption/buyer_detail.html", context, status=status_of(request))


# ---- purchases -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def purchase_create(request: HttpRequest) -> HttpResponse:
    user = manager(request)
    initial = {"buyer": request.GET.get("buyer", "")[:40], "date": timezone.localdate()}
    form = forms.PurchaseForm(
        posted(request), buyers=selectors.buyer_choices(user), products=selectors.product_choices(user), initial=initial
    )

    def call() -> Any:
        data = form.cleaned_data
        try:
            buyer = selectors.access_buyer_by_id(user, data["buyer"])
        except NotVisible:
            raise ValidationError({"buyer": "请从列表中选择采购方"}) from None
        try:
            product = selectors.access_product_by_id(user, data["product"])
        except NotVisible:
            raise ValidationError({"product": "请从列表中选择产品"}) from None
        entry = purchases.PurchaseInput(
            channel=data["channel"],
            date=data["date"],
            quantity=data["quantity"],
            amount=data["amount"],
            platform=data.get("platform", ""),
            order_number=data.get("order_number", ""),
        )
        return purchases.purchase_create(by=user, buyer=buyer, product=product, entry=entry)

    done = submit(request, form, call, success=lambda p: f"已登记采购记录（{p.amount}元）")
    if done is not None:
        return redirect("markets:purchase_list")
    return render(request, "markets/consumption/purchase_form.html", {"form": form}, status=status_of(request))


# ---- imports and templates ---------------------------------------------------------------------------------------

IMPORT_PAGES = {
    "products": ("导入消费帮扶产品", import_products, "markets:product_import_template", "markets:product_list"),
    "purchases": ("导入采购记录", import_purchases, "markets:purchase_import_template", "markets:purchase_list"),
}


def _import(request: HttpRequest, what: str) -> HttpResponse:
    """The upload becomes a background job; its page shows the progress, then what was written or every bad row
    ("第N行 列名：问题", nothing written)."""
    user = manager(request)
    title, module, template_url, back = IMPORT_PAGES[what]
    form = forms.ImportForm(posted(request), request.FILES or None)
    done = submit(
        request,
        form,
        lambda: submit_import(by=user, what=what, upload=form.cleaned_data["file"]),
        success="已提交导入任务：检查无误后全部写入，结果见本页",
    )
    if done is not None:
        return redirect("jobs:detail", job_id=done.pk)
    context = {
        "form": form,
        "title": title,
        "template_url": template_url,
        "back": back,
        "what": what,
        "max_rows": module.SHEET.max_rows,
    }
    return render(request, "markets/consumption/import.html", context, status=status_of(request))


@login_required
@require_http_methods(["GET", "POST"])
def product_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "products")


@login_required
@require_http_methods(["GET", "POST"])
def purchase_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "purchases")


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@login_required
@require_GET
def product_import_template(request: HttpRequest) -> HttpResponse:
    manager(request)
    return _download(import_products.template(), "消费帮扶产品导入模板.xlsx")


@login_required
@require_GET
def purchase_import_template(request: HttpRequest) -> HttpResponse:
    manager(request)
    return _download(import_purchases.template(), "采购记录导入模板.xlsx")


# ---- exports -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def buyer_export(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    year = forms.FilterForm(request.GET or None).values()[0]
    return _download(consumption_exports.buyers_xlsx(user, year), f"消费帮扶采购方统计_{year}.xlsx")


@login_required
@require_GET
def supplier_export(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    year = forms.FilterForm(request.GET or None).values()[0]
    return _download(consumption_exports.suppliers_xlsx(user, year), f"消费帮扶供应商统计_{year}.xlsx")
