from django.urls import path

from shoudi.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_index, name="index"),
    path("<str:code>/edit/", views.region_edit, name="edit"),
]
