from django.urls import path

from shoudi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/<str:code>/", views.dashboard_view, name="dashboard"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("list/", views.report_list, name="list"),
    path("list/<uuid:report_id>/", views.report_detail, name="detail"),
    path("list/<uuid:report_id>/status/", views.report_status, name="status"),
    path("list/<uuid:report_id>/print/", views.report_print, name="print"),
    path("list/<uuid:report_id>/xlsx/", views.report_xlsx, name="xlsx"),
    path("appraisal/scheme/<int:year>/", views.appraisal_scheme, name="appraisal_scheme"),
    path("appraisal/<str:code>/", views.appraisal_view, name="appraisal"),
    path("appraisal/<str:code>/xlsx/", views.appraisal_xlsx, name="appraisal_xlsx"),
]
