"""Pages of 待落实待遇 (entitlements a layer brings), the register's report and its export to 民政's columns."""

from django.urls import path

from shoudi.lowincome import views_entitlements as views

urlpatterns = [
    path("entitlements/", views.entitlement_list, name="entitlements"),
    path("entitlements/check/", views.entitlement_check, name="entitlement_check"),
    path("entitlements/<uuid:entitlement_id>/", views.entitlement_detail, name="entitlement"),
    path("entitlements/<uuid:entitlement_id>/settle/", views.entitlement_settle_view, name="entitlement_settle"),
    path("report/", views.report, name="report"),
    path("export/", views.export, name="export"),
]
