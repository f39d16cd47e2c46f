from django.urls import path

from shoudi.rounds import views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_open, name="open"),
    path("<uuid:round_id>/", views.round_detail, name="detail"),
    path("<uuid:round_id>/close/", views.round_close, name="close"),
    path("<uuid:round_id>/villages/<str:code>/", views.village, name="village"),
    path("<uuid:round_id>/visits/<int:entry_id>/", views.visit, name="visit"),
]
