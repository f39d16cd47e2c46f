"""Pages of 消费帮扶 (thin: forms in, services, selectors out): the markets home page, suppliers (list, register,
detail with the households they drive and their products, edit, link and unlink a household) and products (list,
register, edit). Buyers, purchases, imports and exports are in ``views_consumption_trade``. Anyone who may not
read the markets ledgers — and any row outside the user's counties — is a 404; the forms are for those who keep
them (``MANAGE_CONSUMPTION``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.markets import codes
from shoudi.markets import consumption as services
from shoudi.markets import consumption_products as product_services
from shoudi.markets import forms_consumption as forms
from shoudi.markets import selectors_consumption as selectors
from shoudi.markets import selectors_consumption_figures as figures
from shoudi.markets.access import VIEW, require_may
from shoudi.markets.consumption_pages import LIST_LIMIT, can_manage, delete_context, manager, status_of


def produce_url() -> str:
    try:
        return reverse("markets:produce_home")
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    form = forms.FilterForm(request.GET or None)
    year = form.values()[0]
    months = figures.channel_months(user, year)
    chart = {
        "months": [f"{m}月" for m in range(1, 13)],
        "series": [{"name": str(label), "data": months[code]} for code, label in figures.CHANNELS if code in months],
    }
    context = {
        "form": form,
        "year": year,
        "chart": chart,
        "totals": figures.county_totals(user, year),
        "flagged": [b for b in figures.buyer_totals(user, year) if b.flagged][:20],
        "produce_url": produce_url(),
        "can_manage": can_manage(user),
    }
    return render(request, "markets/home.html", context)


# ---- suppliers -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def supplier_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    form = forms.FilterForm(request.GET or None, kinds=codes.SupplierKind.choices, kind_label="主体类型")
    year, kind, text = form.values()
    rows = figures.supplier_totals(user, year, kind=kind, text=text)
    context = {
        "form": form,
        "year": year,
        "rows": rows[:LIST_LIMIT],
        "total": len(rows),
        "can_manage": can_manage(user),
    }
    return render(request, "markets/consumption/supplier_list.html", context)


def _supplier_entry(data: dict[str, Any]) -> services.SupplierInput:
    return services.SupplierInput(
        name=data["name"],
        kind=data["kind"],
        village_code=data.get("village", ""),
        credit_code=data.get("credit_code", ""),
        contact=data.get("contact", ""),
        phone=data.get("phone", ""),
        note=data.get("note", ""),
        active=bool(data.get("active")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplier_create(request: HttpRequest) -> HttpResponse:
    user = manager(request)
    form = forms.SupplierForm(posted(request), villages=selectors.villages_of(user))
    done = submit(
        request,
        form,
        lambda: services.supplier_create(by=user, entry=_supplier_entry(form.cleaned_data)),
        success=lambda s: f"已登记供应商“{s.name}”",
    )
    if done is not None:
        return redirect("markets:supplier_detail", supplier_id=done.pk)
    return render(
        request, "markets/consumption/supplier_form.html", {"form": form, "supplier": None}, status=status_of(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplier_edit(request: HttpRequest, supplier_id: Any) -> HttpResponse:
    user = actor(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    if not can_manage(user, supplier.county_id):
        raise NotVisible()
    return supplier_edit_page(request, user, supplier)


def supplier_edit_page(request: HttpRequest, user: Any, supplier: Any, *, delete: Any = None) -> HttpResponse:
    """The edit form and the 删除 part; ``delete``: a delete form posted with errors (the edit form then blank)."""
    initial = {f: getattr(supplier, f) for f in ("name", "kind", "credit_code", "contact", "phone", "note", "active")}
    initial["village"] = supplier.village_id or ""
    data = posted(request) if delete is None else None
    form = forms.SupplierForm(data, villages=selectors.villages_of(user), initial=initial)
    done = (
        submit(
            request,
            form,
            lambda: services.supplier_update(by=user, supplier=supplier, entry=_supplier_entry(form.cleaned_data)),
            success="已保存供应商",
        )
        if delete is None
        else None
    )
    if done is not None:
        return redirect("markets:supplier_detail", supplier_id=supplier.pk)
    url = reverse("markets:supplier_delete", args=[supplier.pk])
    context = {"form": form, "supplier": supplier, **delete_context(supplier, "这个供应商", url, delete)}
    return render(request, "markets/consumption/supplier_form.html", context, status=status_of(request))


def supplier_context(user: Any, supplier: Any, link_form: Any = None) -> dict[str, Any]:
    manage = can_manage(user, supplier.county_id)
    return {
        "supplier": supplier,
        "phone": selectors.shown_phone(user, supplier.phone),
        "years": figures.supplier_years(supplier),
        "links": list(selectors.supplier_households(user, supplier)[:LIST_LIMIT]),
        "products": list(selectors.product_list(user, supplier=supplier.pk)[:LIST_LIMIT]),
        "can_manage": manage,
        "link_form": (link_form or forms.LinkForm()) if manage else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def supplier_detail(request: HttpRequest, supplier_id: Any) -> HttpResponse:
    """The supplier, its sales by year, the households it drives (户编号, village, kind, year) and its products;
    a manager links a household here (POST)."""
    user = actor(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    if request.method == "POST" and not can_manage(user, supplier.county_id):
        raise NotVisible()
    form = forms.LinkForm(posted(request))

    def call() -> Any:
        data = form.cleaned_data
        entry = services.LinkInput(
            household_number=data["household"],
            kind=data["kind"],
            year=data["year"],
            amount=data.get("amount"),
            note=data.get("note", ""),
        )
        return services.household_link(by=user, supplier=supplier, entry=entry)

    done = submit(request, form, call, success=lambda link: f"已登记带动农户（户编号 {link.household.number}）")
    if done is not None:
        return redirect(reverse("markets:supplier_detail", args=[supplier.pk]) + "#households")
    context = supplier_context(user, supplier, form)
    return render(request, "markets/consumption/supplier_detail.html", context, status=status_of(request))


@login_required
@require_POST
def supplier_unlink(request: HttpRequest, supplier_id: Any, link_id: Any) -> HttpResponse:
    user = manager(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    link = selectors.access_link_by_id(user, supplier, link_id)
    services.household_unlink(by=user, link=link)
    messages.success(request, f"已移除带动农户（户编号 {link.household.number}）")
    return redirect(reverse("markets:supplier_detail", args=[supplier.pk]) + "#households")


# ---- products --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    form = forms.FilterForm(request.GET or None, kinds=codes.ProductCategory.choices, kind_label="产品类别")
    _year, category, text = form.values()
    qs = selectors.product_list(user, text=text, category=category)
    rows = [(p, product_services.certificate_status(p)) for p in qs[:LIST_LIMIT]]
    context = {
        "form": form,
        "rows": rows,
        "total": qs.count(),
        "labels": product_services.CertificateStatus.LABELS,
        "can_manage": can_manage(user),
    }
    return render(request, "markets/consumption/product_list.html", context)


def _product_entry(data: dict[str, Any]) -> product_services.ProductInput:
    return product_services.ProductInput(
        name=data["name"],
        category=data["category"],
        spec=data.get("spec", ""),
        unit=data.get("unit", ""),
        price=data.get("price"),
        origin_county=data.get("origin_county", ""),
        certificate_number=data.get("certificate_number", ""),
        certifier=data.get("certifier", ""),
        certified_from=data.get("certified_from"),
        certified_to=data.get("certified_to"),
        active=bool(data.get("active")),
    )


def _supplier_of(user: Any, data: dict[str, Any]) -> Any:
    try:
        return selectors.access_supplier_by_id(user, data["supplier"])
    except NotVisible:
        raise ValidationError({"supplier": "请从列表中选择供应商"}) from None


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    user = manager(request)
    initial = {"supplier": request.GET.get("supplier", "")[:40], "unit": "公斤"}
    form = forms.ProductForm(posted(request), suppliers=selectors.supplier_choices(user), initial=initial)

    def call() -> Any:
        data = form.cleaned_data
        return product_services.product_create(by=user, supplier=_supplier_of(user, data), entry=_product_entry(data))

    done = submit(request, form, call, success=lambda p: f"已登记产品“{p}”")
    if done is not None:
        return redirect("markets:product_list")
    return render(
        request, "markets/consumption/product_form.html", {"form": form, "product": None}, status=status_of(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: Any) -> HttpResponse:
    user = actor(request)
    product = selectors.access_product_by_id(user, product_id)
    if not can_manage(user, product.supplier.county_id):
        raise NotVisible()
    return product_edit_page(request, user, product)


def product_edit_page(request: HttpRequest, user: Any, product: Any, *, delete: Any = None) -> HttpResponse:
    fields = ("name", "category", "spec", "unit", "price", "certificate_number", "certifier", "active")
    initial = {f: getattr(product, f) for f in fields}
    initial |= {
        "supplier": str(product.supplier_id),
        "origin_county": product.county_id,
        "certified_from": product.certified_from,
        "certified_to": product.certified_to,
    }
    data = posted(request) if delete is None else None
    form = forms.ProductForm(data, suppliers=selectors.supplier_choices(user, active_only=False), initial=initial)

    def call() -> Any:
        data = form.cleaned_data
        supplier = _supplier_of(user, data)
        return product_services.product_update(by=user, product=product, supplier=supplier, entry=_product_entry(data))

    done = submit(request, form, call, success="已保存产品") if delete is None else None
    if done is not None:
        return redirect("markets:product_list")
    url = reverse("markets:product_delete", args=[product.pk])
    context = {"form": form, "product": product, **delete_context(product, "这个产品", url, delete)}
    return render(request, "markets/consumption/product_form.html", context, status=status_of(request))
