"""Pages of 消费帮扶 under /markets/ (names in the ``markets`` namespace): the markets home page, suppliers and
the households they drive, products, buyers and their years, purchases (entry, correction, 撤销 of one or of an
import batch), deleting a row registered by mistake, the imports and the exports."""

from django.urls import URLPattern, path

from shoudi.markets import views_consumption as views
from shoudi.markets import views_consumption_fix as fix
from shoudi.markets import views_consumption_trade as trade

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/new/", views.supplier_create, name="supplier_create"),
    path("suppliers/export/", trade.supplier_export, name="supplier_export"),
    path("suppliers/<uuid:supplier_id>/", views.supplier_detail, name="supplier_detail"),
    path("suppliers/<uuid:supplier_id>/edit/", views.supplier_edit, name="supplier_edit"),
    path("suppliers/<uuid:supplier_id>/delete/", fix.supplier_delete, name="supplier_delete"),
    path(
        "suppliers/<uuid:supplier_id>/households/<int:link_id>/remove/",
        views.supplier_unlink,
        name="supplier_unlink",
    ),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/import/", trade.product_import, name="product_import"),
    path("products/import/template/", trade.product_import_template, name="product_import_template"),
    path("products/<uuid:product_id>/edit/", views.product_edit, name="product_edit"),
    path("products/<uuid:product_id>/delete/", fix.product_delete, name="product_delete"),
    path("buyers/", trade.buyer_list, name="buyer_list"),
    path("buyers/new/", trade.buyer_create, name="buyer_create"),
    path("buyers/export/", trade.buyer_export, name="buyer_export"),
    path("buyers/<uuid:buyer_id>/", trade.buyer_detail, name="buyer_detail"),
    path("buyers/<uuid:buyer_id>/edit/", trade.buyer_edit, name="buyer_edit"),
    path("buyers/<uuid:buyer_id>/delete/", fix.buyer_delete, name="buyer_delete"),
    path("purchases/", fix.purchase_list, name="purchase_list"),
    path("purchases/new/", trade.purchase_create, name="purchase_create"),
    path("purchases/import/", trade.purchase_import, name="purchase_import"),
    path("purchases/import/template/", trade.purchase_import_template, name="purchase_import_template"),
    path("purchases/<int:purchase_id>/edit/", fix.purchase_edit, name="purchase_edit"),
    path("purchases/<int:purchase_id>/withdraw/", fix.purchase_withdraw, name="purchase_withdraw"),
    path("purchases/batches/<slug:purchase_batch>/withdraw/", fix.batch_withdraw, name="batch_withdraw"),
]
