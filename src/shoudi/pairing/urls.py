from django.urls import path

from shoudi.pairing import views

app_name = "pairing"
urlpatterns = [
    path("", views.assign, name="assign"),
    path("import/", views.import_view, name="import"),
]
