"""一户一码 staff pages, mounted at /household-codes/."""

from django.urls import URLPattern, path

from shoudi.hhcodes import views

app_name = "hhcodes"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("village/<str:code>/", views.village, name="village"),
    path("village/<str:code>/issue/", views.village_issue, name="village_issue"),
    path("village/<str:code>/print/", views.print_sheet, name="print"),
    path("households/<uuid:household_id>/", views.household, name="household"),
    path("households/<uuid:household_id>/issue/", views.household_issue, name="household_issue"),
    path("households/<uuid:household_id>/revoke/", views.household_revoke, name="household_revoke"),
    path("households/<uuid:household_id>/reissue/", views.household_reissue, name="household_reissue"),
    path("codes/<uuid:hhcode_id>/qr.png", views.code_png, name="code_png"),
    path("reports/<uuid:code_report_id>/reveal/", views.report_reveal, name="report_reveal"),
]
