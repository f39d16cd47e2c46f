from django.urls import path

from shoudi.complaints import views_public

app_name = "report"
urlpatterns = [
    path("", views_public.report, name="form"),
    path("status", views_public.report_status, name="status"),
]
