from django.urls import path

from shoudi.core import views

app_name = "core"
urlpatterns = [
    path("", views.workbench, name="workbench"),
]
