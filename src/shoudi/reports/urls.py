from django.urls import path

from shoudi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/<str:code>/", views.dashboard_view, name="dashboard"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("list/", views.report_list, name="list"),
    path("list/<uuid:report_id>/", views.report_detail, name="detail"),
    path("list/<uuid:report_id>/print/", views.report_print, name="print"),
    path("list/<uuid:report_id>/xlsx/", views.report_xlsx, name="xlsx"),
    path("assessment/<str:code>/", views.assessment_view, name="assessment"),
    path("assessment/<str:code>/xlsx/", views.assessment_xlsx, name="assessment_xlsx"),
    path("scheme/<int:year>/", views.scheme_edit, name="scheme"),
]
