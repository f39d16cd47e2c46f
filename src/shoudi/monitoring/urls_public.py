from django.urls import path

from shoudi.monitoring import views_public

app_name = "apply"
urlpatterns = [
    path("", views_public.apply, name="form"),
    path("status/", views_public.status, name="status"),
]
