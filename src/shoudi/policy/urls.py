from django.urls import path

from shoudi.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("history/", views.history, name="history"),
    path("simulate/", views.simulation, name="simulate"),
]
