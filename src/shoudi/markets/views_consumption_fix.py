"""Pages of 消费帮扶, part three: the purchases list (filters, an import batch, 非认定期内 marks, a 撤销 form per row
and per recent import batch), correcting a purchase, and deleting a supplier, product or buyer registered by
mistake. Only the county's ledger keepers (``MANAGE_CONSUMPTION``) see the forms; a posted form with errors is
shown again in place (status 400), its input kept."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.markets import codes, consumption_removal
from shoudi.markets import consumption_purchases as purchases
from shoudi.markets import forms_consumption as forms
from shoudi.markets import selectors_consumption as selectors
from shoudi.markets import views_consumption as supplier_views
from shoudi.markets import views_consumption_trade as trade
from shoudi.markets.access import VIEW, require_may
from shoudi.markets.consumption_pages import LIST_LIMIT, can_manage
from shoudi.markets.consumption_products import UNRECOGNISED_LABEL

BATCH = re.compile(r"^[\w-]{1,40}$")


def _batch_of(request: HttpRequest) -> str:
    value = request.GET.get("batch", "")
    return value if BATCH.match(value) else ""


def purchase_page(
    request: HttpRequest, *, withdrawn: tuple[Any, Any] | None = None, batch: tuple[str, Any] | None = None
) -> HttpResponse:
    """The list; ``withdrawn`` — (purchase pk, its 撤销 form posted with errors), ``batch`` — (batch, its form)."""
    user = actor(request)
    require_may(user, VIEW)
    form = forms.FilterForm(request.GET or None, kinds=codes.Channel.choices, kind_label="销售渠道")
    year, channel, text = form.values()
    only = _batch_of(request)
    qs = selectors.purchase_list(user, year=None if only else year, channel=channel, text=text, batch=only)
    manage = can_manage(user)
    rows: list[Any] = list(qs[:LIST_LIMIT])
    if withdrawn is not None and all(p.pk != withdrawn[0] for p in rows):  # the row posted: shown first, in place
        rows.insert(0, selectors.access_purchase_by_id(user, withdrawn[0]))
    for p in rows:
        bound = withdrawn is not None and withdrawn[0] == p.pk
        p.withdraw_form = withdrawn[1] if bound and withdrawn else forms.withdraw_form(p)
        p.withdraw_open = bound
    recent = selectors.batches(user, batch=batch[0] if batch else only) if manage else []
    for b in recent:
        bound = batch is not None and batch[0] == b["batch"]
        b["form"] = batch[1] if bound and batch else forms.batch_form(b["batch"])
        b["open"] = bound
    context = {
        "form": form,
        "year": year,
        "batch": only,
        "rows": rows,
        "sum": selectors.purchase_sum(qs),
        "batches": recent,
        "can_manage": manage,
        "outside_label": UNRECOGNISED_LABEL,
    }
    status = 400 if withdrawn is not None or batch is not None else 200
    return render(request, "markets/consumption/purchase_list.html", context, status=status)


@login_required
@require_GET
def purchase_list(request: HttpRequest) -> HttpResponse:
    return purchase_page(request)


def _managed_purchase(request: HttpRequest, purchase_id: Any) -> tuple[Any, Any]:
    user = actor(request)
    purchase = selectors.access_purchase_by_id(user, purchase_id)
    if not can_manage(user, purchase.county_id):
        raise NotVisible()
    return user, purchase


def _chosen(user: Any, data: dict[str, Any]) -> tuple[Any, Any]:
    try:
        buyer = selectors.access_buyer_by_id(user, data["buyer"])
    except NotVisible:
        raise ValidationError({"buyer": "请从列表中选择采购方"}) from None
    try:
        product = selectors.access_product_by_id(user, data["product"])
    except NotVisible:
        raise ValidationError({"product": "请从列表中选择产品"}) from None
    return buyer, product


def purchase_entry(data: dict[str, Any]) -> purchases.PurchaseInput:
    return purchases.PurchaseInput(
        channel=data["channel"],
        date=data["date"],
        quantity=data["quantity"],
        amount=data["amount"],
        platform=data.get("platform", ""),
        order_number=data.get("order_number", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def purchase_edit(request: HttpRequest, purchase_id: Any) -> HttpResponse:
    """Correct a purchase: the entry form, filled, with the version the user saw."""
    user, purchase = _managed_purchase(request, purchase_id)
    names = ("channel", "platform", "order_number", "date", "quantity", "amount", "version")
    initial = {name: getattr(purchase, name) for name in names}
    initial |= {"buyer": str(purchase.buyer_id), "product": str(purchase.product_id)}
    form = forms.PurchaseForm(
        posted(request),
        buyers=selectors.buyer_choices(user, keep=purchase.buyer_id),
        products=selectors.product_choices(user, keep=purchase.product_id),
        initial=initial,
        edit=True,
    )

    def call() -> Any:
        data = form.cleaned_data
        buyer, product = _chosen(user, data)
        entry = purchase_entry(data)
        return purchases.purchase_update(
            by=user, purchase=purchase, buyer=buyer, product=product, entry=entry, version=data.get("version")
        )

    done = submit(request, form, call, success=lambda p: f"已保存采购记录（{p.amount}元）")
    if done is not None:
        return redirect(reverse("markets:purchase_list") + f"?year={done.date.year}")
    context = {"form": form, "purchase": purchase}
    status = 400 if request.method == "POST" else 200
    return render(request, "markets/consumption/purchase_form.html", context, status=status)


@login_required
@require_POST
def purchase_withdraw(request: HttpRequest, purchase_id: Any) -> HttpResponse:
    user, purchase = _managed_purchase(request, purchase_id)
    form = forms.withdraw_form(purchase, posted(request))

    def call() -> Any:
        data = form.cleaned_data
        purchases.purchase_withdraw(by=user, purchase=purchase, reason=data["reason"], version=data.get("version"))
        return purchase

    done = submit(request, form, call, success=lambda p: f"已撤销采购记录（{p.date:%Y-%m-%d}，{p.amount}元）")
    if done is not None:
        return redirect(reverse("markets:purchase_list") + f"?year={purchase.date.year}")
    return purchase_page(request, withdrawn=(purchase.pk, form))


@login_required
@require_POST
def batch_withdraw(request: HttpRequest, purchase_batch: str) -> HttpResponse:
    """撤销 every purchase of one import batch of the user's county (a file imported by mistake)."""
    user = actor(request)
    found = selectors.purchase_list(user, batch=purchase_batch).values_list("county_id", flat=True).first()
    if found is None or not can_manage(user, found):
        raise NotVisible()
    form = forms.batch_form(purchase_batch, posted(request))

    def call() -> Any:
        reason = form.cleaned_data["reason"]
        return purchases.batch_withdraw(by=user, county=found, batch=purchase_batch, reason=reason)

    done = submit(
        request, form, call, success=lambda b: f"已撤销导入批次 {b.batch}：{b.count} 条采购记录，{b.amount} 元"
    )
    if done is not None:
        return redirect("markets:purchase_list")
    return purchase_page(request, batch=(purchase_batch, form))


# ---- deleting a row registered by mistake -------------------------------------------------------------------------


def _deleted(request: HttpRequest, form: Any, remove: Any, text: str) -> bool:
    def call() -> bool:
        remove(reason=form.cleaned_data["reason"])
        return True

    return submit(request, form, call, success=text) is not None


@login_required
@require_POST
def supplier_delete(request: HttpRequest, supplier_id: Any) -> HttpResponse:
    user = actor(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    if not can_manage(user, supplier.county_id):
        raise NotVisible()
    form = forms.delete_form("这个供应商", posted(request))
    remove = partial(consumption_removal.supplier_delete, by=user, supplier=supplier)
    if _deleted(request, form, remove, f"已删除供应商“{supplier.name}”"):
        return redirect("markets:supplier_list")
    return supplier_views.supplier_edit_page(request, user, supplier, delete=form)


@login_required
@require_POST
def product_delete(request: HttpRequest, product_id: Any) -> HttpResponse:
    user = actor(request)
    product = selectors.access_product_by_id(user, product_id)
    if not can_manage(user, product.supplier.county_id):
        raise NotVisible()
    form = forms.delete_form("这个产品", posted(request))
    remove = partial(consumption_removal.product_delete, by=user, product=product)
    if _deleted(request, form, remove, f"已删除产品“{product}”"):
        return redirect("markets:product_list")
    return supplier_views.product_edit_page(request, user, product, delete=form)


@login_required
@require_POST
def buyer_delete(request: HttpRequest, buyer_id: Any) -> HttpResponse:
    user = actor(request)
    buyer = selectors.access_buyer_by_id(user, buyer_id)
    if not can_manage(user, buyer.county_id):
        raise NotVisible()
    form = forms.delete_form("这个采购方", posted(request))
    remove = partial(consumption_removal.buyer_delete, by=user, buyer=buyer)
    if _deleted(request, form, remove, f"已删除采购方“{buyer.name}”"):
        return redirect("markets:buyer_list")
    return trade.buyer_edit_page(request, user, buyer, delete=form)
